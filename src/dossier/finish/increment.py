"""Append objects to a PDF as an incremental update, leaving every byte before them as it was.

An incremental update (ISO 32000-1, 7.5.6) adds new objects, new versions of changed ones, a
cross-reference section for them and a trailer pointing back at the previous one. The laid-out
PDF stays a byte-for-byte prefix of the finished one, so its hash can be checked against the
layout's, and nothing already written is parsed or rewritten: appending costs a millisecond
where a library that rewrites the document costs a fifth of a second.

It reads the classic cross-reference tables that ReportLab writes and that it writes itself; a
PDF with cross-reference streams is refused (that is a bug in the finishing chain, not a user's
problem, so it raises RuntimeError).
"""

from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s*%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")


class IncrementalUpdate:
    """New objects and a new catalog for one PDF, written after its last byte."""

    def __init__(self, data: bytes):
        self.data = data
        found = _STARTXREF.search(data[-64:])
        if found is None:
            raise RuntimeError("no startxref at the end of the PDF")
        self.previous_xref = int(found.group(1))
        self.trailer = self._trailer_at(self.previous_xref)
        self.size = int(self._trailer_value(rb"/Size (\d+)"))
        self.root = int(self._trailer_value(rb"/Root (\d+) 0 R"))
        self._objects: dict[int, bytes] = {}
        self._catalog_entries: list[bytes] = []

    def add(self, body: bytes) -> int:
        """Add an object (its body, without `N 0 obj`); return its object number."""
        number = self.size + len(self._objects)
        self._objects[number] = body
        return number

    def add_to_catalog(self, key: bytes, value: bytes) -> None:
        """Give the document catalog a new entry, e.g. (b"/Names", b"12 0 R")."""
        self._catalog_entries.append(key + b" " + value)

    def to_bytes(self) -> bytes:
        out = bytearray(self.data if self.data.endswith(b"\n") else self.data + b"\n")
        offsets: dict[int, int] = {}
        if self._catalog_entries:
            offsets[self.root] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (self.root, self._catalog())
        for number, body in self._objects.items():
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n"
        for number in sorted(offsets):
            out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
        kept = b"".join(b" " + entry for entry in self._trailer_entries(rb"/Info|/ID"))
        out += b"trailer\n<< /Size %d /Root %d 0 R%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            self.size + len(self._objects), self.root, kept, self.previous_xref, xref)
        return bytes(out)

    def pages(self) -> list[int]:
        """The object number of every page, in order (the leaves of the page tree)."""
        catalog = self._object_body(self.root)
        found = re.search(rb"/Pages (\d+) 0 R", catalog)
        if found is None:
            raise RuntimeError("the catalog has no /Pages")
        return self._leaves(int(found.group(1)))

    def _leaves(self, node: int) -> list[int]:
        body = self._object_body(node)
        if not re.search(rb"/Type\s*/Pages\b", body):
            return [node]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None:
            raise RuntimeError(f"page tree node {node} has no /Kids")
        return [leaf for kid in re.findall(rb"(\d+) 0 R", kids.group(1)) for leaf in self._leaves(int(kid))]

    def _catalog(self) -> bytes:
        body = self._object_body(self.root)
        for entry in self._catalog_entries:
            key = entry.split(b" ", 1)[0]
            if re.search(re.escape(key) + rb"[\s/<\[(]", body):
                raise RuntimeError(f"the catalog already has {key.decode()}; merging is not supported")
        return body[:body.rindex(b">>")] + b"\n".join(self._catalog_entries) + b"\n>>"

    def _trailer_at(self, offset: int) -> bytes:
        if not self.data.startswith(b"xref", offset):
            raise RuntimeError("the PDF has a cross-reference stream, not a table")
        start = self.data.index(b"trailer", offset)
        return self.data[start:self.data.index(b"startxref", start)]

    def _trailer_value(self, pattern: bytes) -> bytes:
        found = re.search(pattern, self.trailer)
        if found is None:
            raise RuntimeError(f"the trailer has no {pattern.decode()}")
        return found.group(1)

    def _trailer_entries(self, keys: bytes) -> list[bytes]:
        """The trailer's entries for these keys, as written (an /ID array, an /Info reference)."""
        pattern = rb"(?:" + keys + rb")\s*(?:\[[^\]]*\]|\d+ \d+ R)"
        return re.findall(pattern, self.trailer)

    def _object_body(self, number: int) -> bytes:
        offset = self._offset_of(number)
        found = re.compile(rb"%d 0 obj\s*(<<.*?>>)\s*endobj" % number, re.S).match(self.data, offset)
        if found is None:
            raise RuntimeError(f"object {number} is not a dictionary at offset {offset}")
        return found.group(1)

    def _offset_of(self, number: int) -> int:
        """Where object `number` is, from the newest cross-reference section back."""
        xref: int | None = self.previous_xref
        while xref is not None:
            position = xref + len(b"xref")
            while True:
                while self.data[position:position + 1] in (b" ", b"\r", b"\n"):
                    position += 1
                section = _SUBSECTION.match(self.data, position)
                if section is None:
                    break
                first, count = int(section.group(1)), int(section.group(2))
                position = section.end()
                if first <= number < first + count:
                    entry = _ENTRY.match(self.data, position + 20 * (number - first))
                    if entry is None or entry.group(3) != b"n":
                        raise RuntimeError(f"object {number} is not in use")
                    return int(entry.group(1))
                position += 20 * count
            previous = re.search(rb"/Prev (\d+)", self._trailer_at(xref))
            xref = int(previous.group(1)) if previous else None
        raise RuntimeError(f"object {number} is in no cross-reference section")


def pdf_string(text: str) -> bytes:
    """A PDF literal string: ASCII as itself, anything else as UTF-16 with its byte order mark."""
    if text.isascii():
        return b"(" + re.sub(rb"([\\()])", rb"\\\1", text.encode("ascii")) + b")"
    return b"<feff" + text.encode("utf-16-be").hex().encode("ascii") + b">"
