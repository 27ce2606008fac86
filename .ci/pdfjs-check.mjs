// What a browser-based filing portal sees of a dossier: pdf.js opens it, reads every page's
// text, its outline and its attachments. Usage: node pdfjs-check.mjs FILE.pdf EXPECTED_TEXT
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [file, expected] = process.argv.slice(2);
const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
let text = "";
for (let number = 1; number <= pdf.numPages; number++) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  text += content.items.map((item) => item.str).join(" ") + "\n";
}
const outline = (await pdf.getOutline()) || [];
const attachments = Object.keys((await pdf.getAttachments()) || {});
const problems = [];
if (!text.includes(expected)) problems.push(`no "${expected}" in the text`);
if (outline.length === 0) problems.push("no outline");
if (!attachments.includes("dossier-manifest.json")) problems.push("no dossier-manifest.json attached");
if (problems.length) {
  console.error(`pdf.js: ${file}: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(`pdf.js: ${pdf.numPages} pages, ${outline.length} top-level bookmarks, attachments: ${attachments.join(", ")}`);
