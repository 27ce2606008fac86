"""The manifest a dossier carries inside its PDF: what was built, from what, and where.

A finishing step embeds it in the PDF as a JSON file (and the build writes it beside the PDF);
`verify` reads it back from the PDF alone, so that any copy of a dossier can be checked without
its case folder or the build that made it: every source's hash and the place of every quoted
passage in it, the hashes of the case files and templates it was built from, and where its
headings landed. Both sides agree on it through this module only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from dossier.edition import Edition

ATTACHMENT = "dossier-manifest.json"  # the embedded file's name
FORMAT = 3  # raised when a field changes meaning, so that an old reader refuses a new manifest
TEXT_READER = "utf-8 text"  # how a source's text was read from its bytes, for offsets to mean anything


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A heading of the dossier, on its 1-based page, at its outline level (0 for a section)."""

    level: int
    title: str
    page: int


@dataclass(frozen=True, kw_only=True)
class SourceRecord:
    """A source as embedded: the attachment's name, the hash of its bytes, how its text was read."""

    id: str
    title: str
    file: str  # the name of the embedded file
    mime: str
    sha256: str
    reader: str  # TEXT_READER: the offsets of its passages count characters of that text


@dataclass(frozen=True, kw_only=True)
class PassageRecord:
    """A quoted passage: where it stands in its source's text (0-based, end exclusive)."""

    anchor: str  # "S2-14", as the appendix numbers it
    source: str
    line: int
    start: int
    end: int
    sha256: str  # of the passage's text, UTF-8


@dataclass(frozen=True, kw_only=True)
class InputRecord:
    """A file the dossier was built from (a case file, a template), by its path and hash."""

    path: str  # "case/events.yaml", "templates/en/summary.xml.j2"
    sha256: str


@dataclass(frozen=True, kw_only=True)
class Manifest:
    """What the build knew of the dossier when it wrote it."""

    tool: str  # "dossier 0.1.0"
    case: str  # the case's id
    edition: Edition
    pages: int
    headings: tuple[Heading, ...]
    sources: tuple[SourceRecord, ...] = ()
    passages: tuple[PassageRecord, ...] = ()
    inputs: tuple[InputRecord, ...] = ()
    page_digests: tuple[str, ...] = ()  # of each page's content, images and fonts (`page_digests`)

    def to_json(self) -> bytes:
        """Canonical JSON: the same manifest always gives the same bytes."""
        record = {"format": FORMAT, **asdict(self)}
        return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Read a manifest; raise ValueError saying what is wrong with it."""
        try:
            record = json.loads(data.decode("utf-8"))
            if record.get("format") != FORMAT:
                raise ValueError(f"manifest format {record.get('format')!r}, this dossier reads {FORMAT}")
            return cls(tool=str(record["tool"]), case=str(record["case"]),
                       edition=Edition(**record["edition"]), pages=int(record["pages"]),
                       headings=tuple(Heading(**h) for h in record["headings"]),
                       sources=tuple(SourceRecord(**s) for s in record["sources"]),
                       passages=tuple(PassageRecord(**p) for p in record["passages"]),
                       inputs=tuple(InputRecord(**i) for i in record["inputs"]),
                       page_digests=tuple(str(d) for d in record["page_digests"]))
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError,
                ValueError) as exc:
            raise ValueError(f"the manifest cannot be read ({exc})") from None


def page_digests(data: bytes) -> tuple[str, ...]:
    """A SHA-256 for each page of a PDF over what it shows: its content streams, and the images,
    forms and font programs they use, decoded (so that recompressing a stream, or rewriting the
    file as PDF/A does, changes nothing, while a changed word, image or glyph does)."""
    import hashlib
    import io

    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    def streams(resources: object, seen: set[int], out: list[bytes]) -> None:
        resources = getattr(resources, "get_object", lambda: resources)()
        if not isinstance(resources, dict):
            return
        for kind in ("/XObject", "/Font"):
            entries = resources.get(kind)
            entries = entries.get_object() if entries is not None else {}
            for name in sorted(entries):
                ref = entries[name]
                key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
                if key in seen:
                    continue
                seen.add(key)
                item = ref.get_object()
                if kind == "/XObject":
                    out.append(item.get_data())
                    streams(item.get("/Resources"), seen, out)
                else:
                    for font in [item, *(d.get_object() for d in item.get("/DescendantFonts", []))]:
                        descriptor = font.get("/FontDescriptor")
                        for file in ("/FontFile", "/FontFile2", "/FontFile3"):
                            if descriptor is not None and file in descriptor.get_object():
                                out.append(descriptor.get_object()[file].get_object().get_data())

    digests = []
    for page in PdfReader(io.BytesIO(data)).pages:
        contents = page.get_contents()
        parts = [contents.get_data() if contents is not None else b""]
        streams(page.get("/Resources"), set(), parts)
        digest = hashlib.sha256()
        for part in parts:
            digest.update(len(part).to_bytes(8, "big") + part)
        digests.append(digest.hexdigest())
    return tuple(digests)
