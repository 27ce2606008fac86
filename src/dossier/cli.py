"""The command line: `python -m dossier check|build|verify`. Thin: parse, call `build` (or the
verifier, for `verify`), print."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dossier.edition import PAPERS, EditionOverrides
from dossier.errors import CaseInvalid, DossierError

DEFAULT_CORPUS = Path("corpus")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # here, so that a reader gone away is met below, not at exit
        return code
    except DossierError as exc:  # CaseInvalid too: every problem, one line each
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `dossier check | head -1`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return 141  # as a program ended by SIGPIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier" if Path(sys.argv[0]).name == "dossier" else "python -m dossier",
        description="Turn a folder of source documents about a human-rights event into a PDF dossier.")
    from dossier import __version__
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="verify that every claim of a case is backed by its sources",
                                description="Check every case (default: every case in corpus/): every reference, date, "
                                            "status and quote against its sources.")
    check.add_argument("cases", nargs="*", type=Path, metavar="CASE_DIR",
                       help="case folders to check (default: every case in corpus/)")
    check.set_defaults(run=_check)

    build = commands.add_parser(
        "build", help="build the PDF dossier of each case",
        description="Build every edition each case in corpus/ declares (or one case, CASE_DIR) into "
                    "output/<case>/<case>-<language>-<paper>.pdf, with its charts in "
                    "figures/<case>/<language>-<paper>/. A case that does not pass check is not "
                    "built, unless --draft is given.")
    build.add_argument("case", nargs="?", type=Path, metavar="CASE_DIR",
                       help="the case folder to build (default: every case in corpus/)")
    build.add_argument("--out", type=Path, metavar="DIR",
                       help="write the PDFs to DIR and their charts under DIR/figures (default: "
                            "output/<case>/ and figures/<case>/, relative to the current folder)")
    build.add_argument("--draft", action="store_true",
                       help="build drafts even if check fails: every page is stamped 'DRAFT - not for "
                            "filing' and a warnings page lists what failed")
    build.add_argument("--paper", choices=PAPERS, type=str.lower,
                       help="paper size of every edition built (default: each edition's, a4 unless "
                            "case.yaml says otherwise)")
    build.add_argument("--profile", default="archive", metavar="NAME",
                       help="the filing profile: archive (default: PDF/A-3b with the sources inside), "
                            "cmecf, iachr or peru; any but archive makes a folder of the filing's "
                            "files with an index, checked against the recipient's rules")
    build.add_argument("--bates", metavar="PREFIX[:START]",
                       help="number every page of every file of the filing, gap-free: JUL-000001 "
                            "(from START, default 1), with a production log")
    build.add_argument("--size-limit", type=float, metavar="MB",
                       help="the recipient's limit on the main document, in MB, instead of the "
                            "profile's")
    build.set_defaults(run=_build)

    verify = commands.add_parser(
        "verify", help="check a dossier PDF offline, from the file alone",
        description="Check any copy of a dossier without its case folder: the sources inside it "
                    "against their hashes, every quoted passage in its source, PDF/A-3b, and the "
                    "file's structure. Exit 0 when every check passes, 1 when one fails, 2 when a "
                    "file is not a dossier.")
    verify.add_argument("pdfs", nargs="+", type=Path, metavar="PDF", help="the dossier PDFs to check")
    verify.set_defaults(run=_verify)
    return parser


def _case_dirs(given: list[Path]) -> list[Path]:
    """The case folders named, or every case folder (one with a case.yaml) in corpus/."""
    if given:
        return given
    if not DEFAULT_CORPUS.is_dir():
        raise DossierError(f"no corpus folder at {DEFAULT_CORPUS}; run from the project folder or "
                           "name a case folder")
    cases = sorted(p.parent for p in DEFAULT_CORPUS.glob("*/case.yaml"))
    if not cases:
        raise DossierError(f"no case in {DEFAULT_CORPUS}: a case is a folder with a case.yaml "
                           "(see docs/corpus-format.md)")
    return cases


def _check(args: argparse.Namespace) -> int:
    from dossier.build import check_case
    failed = 0
    for root in _case_dirs(args.cases):
        try:
            print(check_case(root).summary())
        except CaseInvalid as exc:
            print(exc, file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def _build(args: argparse.Namespace) -> int:
    from dossier.build import Progress, build_case, refuse_shared_ids

    progress = Progress()
    if args.out and args.out.exists() and not args.out.is_dir():
        raise DossierError(f"--out {args.out} is a file; give --out a folder (it is made if missing)")
    roots = _case_dirs([args.case] if args.case else [])
    if args.out and len(roots) > 1:  # their charts would overwrite each other in one folder
        raise DossierError(f"--out takes one case and {DEFAULT_CORPUS} has {len(roots)}; name the "
                           f"case folder, as in: build {roots[0]} --out {args.out}")
    if len(roots) > 1:
        refuse_shared_ids(roots)
    overrides = EditionOverrides(paper=args.paper, draft=True if args.draft else None)
    from dossier.profiles import Bates, load_profile
    profile = load_profile(args.profile).with_main_limit(args.size_limit)
    bates = Bates.parse(args.bates) if args.bates else None
    for root in roots:
        if progress.enabled:
            print(f"building {root}", file=sys.stderr)
        # Without --out, build_case puts the PDFs in output/<case id>, the charts in figures/<case id>.
        figures_dir = args.out / "figures" if args.out else None
        for result in build_case(root, overrides, out_dir=args.out, figures_dir=figures_dir,
                                 progress=progress, profile=profile, bates=bates):
            if result.problems:  # a draft of a case that fails check: say so, not only in the PDF
                print(f"{result.pdf}: a draft, not for filing: {result.problems} problem"
                      f"{'s' if result.problems != 1 else ''} of the case, listed on its last page",
                      file=sys.stderr)
            print(result.folder if result.folder else result.pdf)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from dossier.verify.dossier import NotADossier, verify_dossier

    code = 0
    for path in args.pdfs:
        try:
            verdict = verify_dossier(path.read_bytes())
        except OSError as exc:
            print(f"{path}: cannot be read: {exc.strerror}", file=sys.stderr)
            code = max(code, 2)
            continue
        except NotADossier as exc:
            print(f"{path}: not a dossier: {exc}; nothing was checked", file=sys.stderr)
            code = max(code, 2)
            continue
        print(f"{path}: {verdict.dossier or 'a dossier whose manifest cannot be read'}")
        for check in verdict.checks:
            print(f"  {'passed' if check.passed else 'FAILED'}  {check.what}")
            for failure in check.failures:
                print(f"          {failure}")
        print(f"  verdict: {'PASSED: every check passed' if verdict.passed else 'FAILED: see above'}")
        if not verdict.passed:
            code = max(code, 1)
    return code
