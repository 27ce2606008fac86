"""Files the build writes: whole or not at all, and caches named by what decides their content."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable


def write_atomically(path: Path, data: bytes) -> None:
    """Write next to path and rename: no reader ever sees half a file. Mode as umask allows."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a dossier is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cache_key(*, code: Iterable[str], libraries: Iterable[str], data: object = None) -> str:
    """The key of a cached file: a hash of everything that decides its bytes.

    That is the source of the modules that make it (by file, so that any change to the code is
    seen without a version to bump), the versions of the libraries they use, and the data it is
    made from. The build's caches (charts, compiled templates) all decide staleness this way.
    """
    digest = hashlib.sha256()
    for module_file in code:
        digest.update(_source_digest(module_file))
    for library in libraries:
        digest.update(f"{library} {_version(library)}".encode())
    digest.update(json.dumps(data, default=str, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


@functools.cache
def _source_digest(module_file: str) -> bytes:
    return hashlib.sha256(Path(module_file).read_bytes()).digest()


@functools.cache
def _version(library: str) -> str:
    from importlib.metadata import version
    return version(library)  # read from its metadata, without importing it
