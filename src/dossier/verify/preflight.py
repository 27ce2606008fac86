"""Preflight: the finished files of a filing, checked against the recipient's rules.

Run on the bytes that would be put in place, before anything is: a file the recipient's system
would refuse (too large, attachments where none are accepted, the wrong paper, text that cannot
be searched, a type the portal does not take) is reported with what to do, and nothing is
written. The rules are the profile's (profiles.toml); this module only reads files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from dossier.profiles import MB, Profile

LETTER = (612, 792)  # points


@dataclass(frozen=True, kw_only=True)
class FiledFile:
    """One file of a filing, as it would be written."""

    name: str
    data: bytes
    role: str  # "dossier", "exhibit", "annexes": uploaded; "record": kept by the filer (an index, a log)


def preflight(files: list[FiledFile], profile: Profile) -> list[str]:
    """Every rule of the profile the files break, each with what to do; empty when none."""
    problems: list[str] = []
    uploaded = [f for f in files if f.role != "record"]
    if profile.max_files is not None and len(uploaded) > profile.max_files:
        problems.append(f"{len(uploaded)} files to upload, and {profile.name} takes at most "
                        f"{profile.max_files} in one submission: file the annexes in a second submission")
    for f in uploaded:
        suffix = f.name.rsplit(".", 1)[-1].lower()
        if suffix not in profile.file_types:
            problems.append(f"{f.name}: {profile.name} does not take .{suffix} files "
                            f"(only {', '.join(profile.file_types)})")
        limit = profile.main_limit if f.role == "dossier" else profile.file_limit
        if limit is not None and len(f.data) > limit:
            problems.append(f"{f.name} is {len(f.data) / MB:.1f} MB, over the {limit / MB:g} MB "
                            f"{profile.name} takes for it: {_smaller(f, profile)}")
        if suffix == "pdf":
            problems += [f"{f.name}: {p}" for p in _pdf_problems(f.data, profile)]
    return problems


def _smaller(f: FiledFile, profile: Profile) -> str:
    if f.role == "dossier" and profile.embedded_files:
        return ("file the sources as exhibits instead (a profile that does, such as peru or cmecf), "
                "or give --size-limit if the recipient takes more")
    if f.role == "dossier":
        return ("its charts are most of its size: draw fewer of them (charts.yaml), or give "
                "--size-limit if the recipient takes more")
    return "split the annexes into more parts (a smaller file limit), or file the largest source apart"


def _pdf_problems(data: bytes, profile: Profile) -> list[str]:
    from pypdf import PdfReader

    from dossier.verify.pdf import read_pdf
    problems = []
    facts = read_pdf(data)
    if facts.attachments and not profile.embedded_files:
        problems.append(f"it has {len(facts.attachments)} embedded files, which {profile.name} refuses; "
                        "build it with that profile, which files the sources as exhibits")
    unembedded = sorted(name for name, ok in facts.fonts.items() if not ok)
    if unembedded:
        problems.append(f"fonts not embedded: {', '.join(unembedded)}")
    reader = PdfReader(io.BytesIO(data))
    blank = [n for n, page in enumerate(reader.pages, 1) if not page.extract_text().strip()]
    if blank:
        problems.append(f"no searchable text on pages {', '.join(map(str, blank[:10]))}")
    if profile.paper == "letter":
        other = [n for n, page in enumerate(reader.pages, 1)
                 if (round(float(page.mediabox.width)), round(float(page.mediabox.height))) != LETTER]
        if other:
            problems.append(f"pages {', '.join(map(str, other[:10]))} are not US Letter; build with "
                            "--paper letter")
    if profile.pdfa:
        import pikepdf
        with pikepdf.open(io.BytesIO(data)) as pdf:
            meta = pdf.open_metadata()
            declared = (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"))
        if declared != (profile.pdfa[0], profile.pdfa[1].upper()):
            problems.append(f"it does not declare PDF/A-{profile.pdfa}")
    return problems
