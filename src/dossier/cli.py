"""The command line: `python -m dossier check|build`. Thin: parse, call `build`, print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dossier.errors import CaseInvalid, DossierError

DEFAULT_CORPUS = Path("corpus")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CaseInvalid as exc:
        print(exc, file=sys.stderr)
        return 1
    except DossierError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous output is unchanged", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dossier",
        description="Turn a folder of source documents about a human-rights event into a PDF dossier.")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="verify that every claim of a case is backed by its sources",
                                description="Verify every case (default: every case in corpus/).")
    check.add_argument("cases", nargs="*", type=Path, metavar="CASE_DIR",
                       help="case folders to check (default: every case in corpus/)")
    check.set_defaults(run=_check)
    return parser


def _case_dirs(given: list[Path]) -> list[Path]:
    from dossier.corpus import find_cases
    return given or find_cases(DEFAULT_CORPUS)


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
