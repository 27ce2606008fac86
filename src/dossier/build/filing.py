"""The files of a filing: the dossier, its annexes as a recipient wants them, an index and a log.

A profile (profiles.toml) says where the sources go: inside the dossier (the archive), one
exhibit PDF per source (CM/ECF, Peruvian filing desks), or one annex bundle in parts that fit
the portal's limit (the IACHR). With `--bates`, every page of every file is numbered in its
page furniture, gap-free from the dossier's first page to the last annex, and a production log
records each file's range. The files are checked against the profile (preflight) and written
into their folder together, or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.errors import OutputInvalid

if TYPE_CHECKING:
    from dossier.build.manuscripts import ExhibitManuscript, Manuscript
    from dossier.profiles import Bates, Profile
    from dossier.render.markup import Rendered

LOG = "production-log.csv"
INDEX = "filing.txt"


@dataclass(frozen=True, kw_only=True)
class Output:
    """One file of a filing, finished and verified."""

    name: str
    data: bytes
    pages: int
    role: str  # dossier, exhibit, annexes; record (the index, the log: kept, not uploaded)
    contents: str  # what it holds, for the index
    first: int | None = None  # its first and last Bates numbers
    last: int | None = None
    sources: tuple[str, ...] = ()


def lay_out_annexes(manuscript: Manuscript, profile: Profile, bates: Bates | None, number: int,
                    date: str, helper: Any) -> list[Output]:
    """The sources as exhibits (one PDF each) or as one bundle (in parts under the file limit),
    numbered from `number`; each finished as the profile's PDF/A and verified."""
    exhibits = list(manuscript.exhibits)
    if not exhibits:
        return []
    stem = manuscript.edition.file_name(manuscript.meta.case_id).removesuffix(".pdf")
    if profile.annexes == "exhibits":
        outputs = []
        for x in exhibits:
            data, pages = _finished(x.rendered, x.meta, manuscript, profile, bates, number, date, helper)
            outputs.append(_output(f"{stem}-exhibit-{x.label}-{x.source}", data, pages, "exhibit",
                                   f"Exhibit {x.label}: source {x.source}", bates, number, (x.source,)))
            number += pages
        return outputs
    # Laid out whole first: it usually fits, and then each exhibit is laid out once only.
    data, pages = _finished(_joined([x.rendered for x in exhibits]), exhibits[0].meta, manuscript,
                            profile, bates, number, date, helper)
    if profile.file_limit is None or len(data) <= profile.file_limit:
        return [_output(f"{stem}-annexes", data, pages, "annexes",
                        f"Exhibits {', '.join(x.label for x in exhibits)}", bates, number,
                        tuple(x.source for x in exhibits))]
    parts = _parts(exhibits, manuscript, profile, date, helper)
    outputs = []
    for index, part in enumerate(parts, 1):
        rendered = _joined([x.rendered for x in part])
        name = f"{stem}-annexes" + (f"-part-{index}" if len(parts) > 1 else "")
        data, pages = _finished(rendered, part[0].meta, manuscript, profile, bates, number, date, helper)
        labels = ", ".join(x.label for x in part)
        outputs.append(_output(name, data, pages, "annexes", f"Exhibits {labels}", bates, number,
                               tuple(x.source for x in part)))
        number += pages
    return outputs


def _parts(exhibits: list[ExhibitManuscript], manuscript: Manuscript, profile: Profile, date: str,
           helper: Any) -> list[list[ExhibitManuscript]]:
    """The exhibits grouped, in order, into parts that each stay under the profile's file limit
    (with a tenth to spare: a part's whole is a little larger than its exhibits alone)."""
    assert profile.file_limit is not None  # only a bundle over the limit is split
    parts: list[list[ExhibitManuscript]] = [[]]
    size = 0
    for x in exhibits:
        alone = len(_finished(x.rendered, x.meta, manuscript, profile, None, 0, date, helper)[0])
        if parts[-1] and size + alone > profile.file_limit * 0.9:
            parts.append([])
            size = 0
        parts[-1].append(x)
        size += alone
    return parts


def _joined(rendered: list[Rendered]) -> Rendered:
    from dossier.render.markup import Rendered
    return Rendered(sections=[s for r in rendered for s in r.sections],
                    landings={k: v for r in rendered for k, v in r.landings.items()})


def _finished(rendered: Rendered, meta: Any, manuscript: Manuscript, profile: Profile,
              bates: Bates | None, number: int, date: str, helper: Any) -> tuple[bytes, int]:
    from dossier.build import _verify
    from dossier.finish.archive import archive_step
    from dossier.finish.chain import finish
    from dossier.pdf.writer import write_pdf
    data, page_map = write_pdf(rendered, {}, dict, meta, manuscript.terms, manuscript.edition,
                               (bates, number) if bates else None)
    data = helper.submit(finish, data, [archive_step((), date, profile.pdfa)]).result()
    problems = helper.submit(_verify, data, None, False).result()
    if problems:
        raise OutputInvalid(f"an annex of the {manuscript.edition.key} edition failed its own "
                            f"verification, so nothing was written: {'; '.join(problems)}", None, 0,
                            "output")
    return data, page_map.pages


def _output(stem: str, data: bytes, pages: int, role: str, contents: str, bates: Bates | None,
            first: int, sources: tuple[str, ...] = ()) -> Output:
    if bates is None:
        return Output(name=f"{stem}.pdf", data=data, pages=pages, role=role, contents=contents,
                      sources=sources)
    last = first + pages - 1
    return Output(name=f"{stem}_{bates.label(first)}-{bates.label(last)}.pdf", data=data, pages=pages,
                  role=role, contents=contents, first=first, last=last, sources=sources)


def dossier_output(manuscript: Manuscript, data: bytes, pages: int, bates: Bates | None,
                   first: int) -> Output:
    stem = manuscript.edition.file_name(manuscript.meta.case_id).removesuffix(".pdf")
    return _output(stem, data, pages, "dossier", f"the dossier, {manuscript.edition.key} edition",
                   bates, first, tuple(s.id for s in manuscript.sources))


def records(outputs: list[Output], profile: Profile, bates: Bates | None, index_text: str) -> list[Output]:
    """The index of the filing and, with Bates numbers, the production log: kept by the filer."""
    kept = [Output(name=INDEX, data=index_text.encode("utf-8"), pages=0, role="record",
                   contents="this index")]
    if bates is not None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["first", "last", "file", "pages", "sha256", "sources"])
        for o in outputs:
            writer.writerow([bates.label(o.first or 0), bates.label(o.last or 0), o.name, o.pages,
                             hashlib.sha256(o.data).hexdigest(), " ".join(o.sources)])
        kept.append(Output(name=LOG, data=out.getvalue().encode("utf-8"), pages=0, role="record",
                           contents="the production log"))
    return kept


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def place_folder(folder: Path, outputs: list[Output]) -> None:
    """Write the files into `folder` together: into a new folder beside it, then renamed into
    place, so that a reader never finds half a filing; the previous one is replaced whole."""
    import shutil
    import tempfile

    from dossier.errors import DossierError
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        staging.chmod(0o755)  # as any folder the user makes, not mkdtemp's private one
        for o in outputs:
            (staging / o.name).write_bytes(o.data)
        old = folder.with_name(f".{folder.name}-previous")
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise DossierError(f"cannot write {folder}: {exc.strerror}; check the folder and its "
                           "permissions", folder, 0, "output") from None
