"""Run the finishing chain: the ordered steps between the layout's bytes and verification.

Each step is a named, pure, deterministic function from PDF bytes to PDF bytes: no clock, no
randomness, no file touched, so that the same inputs always finish into the same bytes. The
chain is where what comes after the layout belongs (PDF/A preparation, embedded files, Bates
numbers; a signature always last). A step that fails raises; the build then writes nothing,
and the previous PDF stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FinishingStep:
    """One step of the chain. `run` must be picklable (a module-level function or a partial
    of one): the chain runs in the build's second process."""

    name: str
    run: Callable[[bytes], bytes]


def finish(data: bytes, steps: Sequence[FinishingStep]) -> bytes:
    """The PDF after every step, in order."""
    for step in steps:
        data = step.run(data)
        if not data.startswith(b"%PDF-"):
            raise RuntimeError(f"finishing step {step.name!r} returned something that is not a PDF")
    return data
