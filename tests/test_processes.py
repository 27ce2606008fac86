"""The build's second process changes how fast a dossier is built, never what is built."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import JULIACA, PROJECT, build_pdf, edit

from dossier.build import check_case
from dossier.errors import CaseInvalid, Diagnostic, DossierError, OutputInvalid


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """The processes the build forks, counted as they are made."""
    made: list[int] = []
    real_fork = os.fork

    def counted_fork():
        pid = real_fork()
        if pid:
            made.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", counted_fork)
    return made


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux builds with a second process")
def test_a_build_forks_one_second_process_for_everything_but_the_layout(mini, tmp_path, forks):
    build_pdf(mini, tmp_path, tmp_path / "figures")  # charts drawn too: by the same process
    assert len(forks) == 1


def test_with_another_thread_running_the_build_stays_in_one_process_with_the_same_bytes(
        juliaca_pdf, tmp_path, forks):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()  # a caller with threads, as a server or a GUI: forking it would be unsafe
    try:
        again = build_pdf(JULIACA, tmp_path, tmp_path / "figures")  # charts drawn here, too
    finally:
        stop.set()
        other.join()
    assert forks == []
    assert again.read_bytes() == juliaca_pdf.read_bytes()


def test_a_fork_the_system_refuses_leaves_the_build_in_one_process_with_the_same_bytes(
        mini, tmp_path, monkeypatch):
    expected = build_pdf(mini, tmp_path / "forked", tmp_path / "figures").read_bytes()

    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", refused)
    again = build_pdf(mini, tmp_path / "alone", tmp_path / "figures-alone")
    assert again.read_bytes() == expected


def test_an_error_found_in_the_second_process_reaches_the_user_whole(mini, tmp_path):
    edit(mini / "figures.yaml", 'quote: "killing 4 people"', 'quote: "killing 5 people"')
    with pytest.raises(CaseInvalid) as raised:
        build_pdf(mini, tmp_path, tmp_path / "figures")
    with pytest.raises(CaseInvalid) as checked_here:
        check_case(mini)
    assert "figures.yaml:21: error: quote not found" in str(raised.value)
    assert str(raised.value) == str(checked_here.value)


def test_every_kind_of_user_error_crosses_between_processes_whole():
    samples = [DossierError("no case folder"), DossierError("bad key", Path("case.yaml"), 3, "case"),
               CaseInvalid(Path("case"), [Diagnostic(Path("case/figures.yaml"), 19, "quote not found")]),
               OutputInvalid("fonts not embedded", Path("case"), 0, "output")]
    kinds, pending = set(), [DossierError]
    while pending:
        kind = pending.pop()
        kinds.add(kind)
        pending += kind.__subclasses__()
    assert {type(error) for error in samples} == kinds, "a new kind of error needs a sample here"
    for error in samples:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert (str(copy), copy.args, copy.__dict__) == (str(error), error.args, error.__dict__)


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process table in /proc")
def test_the_second_process_ends_when_the_build_is_killed(tmp_path):
    build = subprocess.Popen([sys.executable, "-m", "dossier", "build", str(JULIACA), "--out", str(tmp_path)],
                             cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        helper = _wait_for(lambda: _children_of(build.pid), "the build to start its second process")[0]
    finally:
        build.kill()  # as the system does when out of memory: no handler runs
        build.wait()
    _wait_for(lambda: not Path(f"/proc/{helper}").exists() or _is_zombie(helper),
              "the second process to end")


def _children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _wait_for(condition, what: str, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail(f"waited {seconds:.0f} s for {what}")


MODULES_AFTER_BUILD = """
import sys, threading
from pathlib import Path
if sys.argv[3] == "one process":  # another thread keeps the build in this process
    threading.Thread(target=threading.Event().wait, daemon=True).start()
from dossier.build import build_case
build_case(Path(sys.argv[1]), out_dir=Path(sys.argv[2]), figures_dir=Path(sys.argv[2]) / "figures")
print(" ".join(sorted(sys.modules)))
"""


def modules_after_build(juliaca_pdf: Path, out: Path, mode: str) -> set[str]:
    import shutil
    shutil.copytree(juliaca_pdf.parent / "figures", out / "figures")  # the charts, cached
    done = subprocess.run([sys.executable, "-c", MODULES_AFTER_BUILD, str(JULIACA), str(out), mode],
                          cwd=PROJECT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_rebuild_with_unchanged_data_never_imports_matplotlib(juliaca_pdf, tmp_path):
    assert "matplotlib" not in modules_after_build(juliaca_pdf, tmp_path, "one process")


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux builds with a second process")
def test_the_process_that_lays_out_pages_loads_nothing_but_the_layout(juliaca_pdf, tmp_path):
    loaded = modules_after_build(juliaca_pdf, tmp_path, "two processes")
    assert "reportlab" in loaded
    for elsewhere in ("dossier.case.model", "dossier.case.loader", "yaml", "jinja2", "pypdf", "matplotlib",
                      "importlib.metadata"):
        assert elsewhere not in loaded, f"{elsewhere} was loaded by the process that lays out pages"
