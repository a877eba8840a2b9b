"""Ctrl-C and SIGTERM end a command at once, with one line and status 130 or 143, and the workers
of a batch never outlive it, however it ends (the out-of-memory killer's SIGKILL included).

These run the command in a process of its own: the process is what is under test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED

DEADLINE = 60.0


def _state(pid: int) -> tuple[int, str] | None:
    """(parent pid, state letter) of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            rest = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(rest[1]), rest[0]


def _children(pid: int) -> set[int]:
    out = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _state(int(name))
            if st is not None and st[0] == pid and st[1] != "Z":
                out.add(int(name))
    return out


def _living(pids: set[int]) -> set[int]:
    return {p for p in pids if (st := _state(p)) is not None and st[1] != "Z"}


def _until(cond, what: str, timeout: float = DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = cond()
        if got:
            return got
        time.sleep(0.02)
    raise AssertionError(f"never: {what}")


@pytest.fixture
def batch(tmp_path) -> list[str]:
    """Four briefings of some pages each: a batch that takes a few seconds with two workers."""
    names = []
    for n in "abcd":
        shutil.copytree(SEED, tmp_path / n)
        names.append(n)
    return names


def _start(args: list[str], cwd: Path, pipes: bool = True) -> subprocess.Popen:
    # a session of its own, as a terminal's foreground job: Ctrl-C reaches every process of it
    to = subprocess.PIPE if pipes else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, str(ROOT / "make_briefing.py"), *args], cwd=cwd,
                            stdout=to, stderr=to, start_new_session=True)


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads processes from /proc")


@needs_proc
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_stopped_batch_ends_at_once_with_one_line_and_no_worker_left(tmp_path, batch, how):
    p = _start(["build", *batch, "--jobs", "2"], tmp_path)
    try:
        workers = _until(lambda: _children(p.pid) if len(_children(p.pid)) >= 2 else None, "two workers")
        t0 = time.monotonic()
        if how == "ctrl-c":
            os.killpg(p.pid, signal.SIGINT)  # what a terminal does: every process of the job gets it
        else:
            p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=DEADLINE)
        took = time.monotonic() - t0
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == (130 if how == "ctrl-c" else 143), err
    assert err.decode().splitlines() == ["interrupted" if how == "ctrl-c" else "terminated"]
    assert took < 5, took  # within a second on an idle machine
    _until(lambda: not _living(workers), "the workers end")


@needs_proc
def test_workers_die_with_a_killed_parent(tmp_path, batch):
    p = _start(["build", *batch, "--jobs", "2"], tmp_path, pipes=False)  # no pipe a survivor would hold open
    workers: set[int] = set()
    try:
        workers = _until(lambda: _children(p.pid) if len(_children(p.pid)) >= 2 else None, "two workers")
        p.kill()  # as the out-of-memory killer does: no chance to clean up
        p.wait(timeout=DEADLINE)
        _until(lambda: not _living(workers), "the orphaned workers end", timeout=10)
    finally:
        for w in _living(workers):
            os.kill(w, signal.SIGKILL)
    for n in batch:  # nothing half-written: no PDF, or a whole one (the conftest checks each PDF)
        assert not list((tmp_path / "out").glob(f".briefing-*{n}*"))


def test_ctrl_c_in_watch_says_interrupted_not_aborted(tmp_path):
    src = tmp_path / "w.yaml"
    src.write_text("title: Watched\n", encoding="utf-8")
    p = _start(["watch", str(src), "-o", str(tmp_path / "w.pdf")], tmp_path)
    try:
        line = p.stderr.readline()
        assert line.startswith(b"watching "), line
        os.killpg(p.pid, signal.SIGINT)
        out, err = p.communicate(timeout=DEADLINE)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130, err
    assert err.decode().splitlines() == ["interrupted"]
