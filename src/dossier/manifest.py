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
    file as PDF/A does, changes nothing, while a changed word, image or glyph does). A stream
    that several pages use (a font) is decoded and hashed once."""
    import hashlib
    import io

    import pikepdf

    hashed: dict[tuple[int, int], bytes] = {}

    def digest_of(stream: pikepdf.Object) -> bytes:
        key = stream.objgen
        if key == (0, 0) or key not in hashed:  # (0, 0): a direct object, not shared
            hashed[key] = hashlib.sha256(stream.read_bytes()).digest()
        return hashed[key]

    def streams(resources: pikepdf.Object | None, seen: set[tuple[int, int]], out: list[bytes]) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for kind in ("/XObject", "/Font"):
            entries = resources.get(kind, pikepdf.Dictionary())
            for name in sorted(entries.keys()):
                item = entries[name]
                if item.objgen in seen and item.objgen != (0, 0):
                    continue
                seen.add(item.objgen)
                if kind == "/XObject":
                    out.append(digest_of(item))
                    streams(item.get("/Resources"), seen, out)
                    continue
                for font in [item, *item.get("/DescendantFonts", [])]:
                    descriptor = font.get("/FontDescriptor", pikepdf.Dictionary())
                    out += [digest_of(descriptor[f]) for f in ("/FontFile", "/FontFile2", "/FontFile3")
                            if f in descriptor]

    digests = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            contents = page.obj.get("/Contents")
            parts = [c for c in (contents if isinstance(contents, pikepdf.Array) else [contents])
                     if c is not None]
            out = [hashlib.sha256(b"".join(c.read_bytes() for c in parts)).digest()]
            streams(page.obj.get("/Resources"), set(), out)
            digests.append(hashlib.sha256(b"".join(out)).hexdigest())
    return tuple(digests)
