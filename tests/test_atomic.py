"""The PDF at the output path is always a whole PDF: the earlier one or the new one.

A write that fails part-way leaves the earlier PDF as it was and no temporary
file; a build killed at any point, the write included, leaves the earlier PDF
or the complete new one.
"""

from __future__ import annotations

import errno
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEED, run_cli

from briefing.pdf.write import TMP_PREFIX
from briefing.pipeline import build


def temporaries(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith(TMP_PREFIX)]


class _HalfThenFail:
    """A file whose write() writes half the data, then fails as a full disk does."""

    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.fh, name)


def _fail(code: int):
    def fail(*a, **kw):
        raise OSError(code, os.strerror(code))
    return fail


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_write_failing_part_way_keeps_the_earlier_pdf(tmp_path, monkeypatch, where):
    src = tmp_path / "b.yaml"
    out = tmp_path / "b.pdf"
    src.write_text(yaml.safe_dump({"title": "Earlier version"}), encoding="utf-8")
    assert build(str(src), str(out)).ok
    before = out.read_bytes()
    src.write_text(yaml.safe_dump({"title": "Later version", "sections": [{"title": "S", "body": "x " * 2000}]}),
                   encoding="utf-8")
    if where == "write":
        fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **kw: _HalfThenFail(fdopen(*a, **kw)))
    else:
        monkeypatch.setattr(os, where, _fail(errno.ENOSPC if where == "fsync" else errno.EACCES))
    res = build(str(src), str(out))
    monkeypatch.undo()
    assert not res.ok
    assert [str(p) for p in res.problems] == [f"{out}:1:1: cannot write the PDF: "
                                              f"{os.strerror(errno.EACCES if where == 'replace' else errno.ENOSPC)}"]
    assert out.read_bytes() == before
    assert temporaries(tmp_path) == []


# -- killed builds ---------------------------------------------------------------------

# Runs the command line with a pause at one point of the write: it reports the point
# on the file descriptor in BRIEFING_TEST_FD, then waits to be killed.
DRIVER = r"""
import os, sys, tempfile
stage, fd = os.environ["BRIEFING_TEST_STAGE"], int(os.environ["BRIEFING_TEST_FD"])

def pause(name):
    if name == stage:
        os.write(fd, name.encode() + b"\n")
        while True:
            os.read(0, 1) or os.pause()

mkstemp, fdopen, replace = tempfile.mkstemp, os.fdopen, os.replace

def mkstemp_paused(*a, **kw):
    r = mkstemp(*a, **kw)
    pause("temporary created")
    return r

class Halves:
    def __init__(self, fh): self.fh = fh
    def __enter__(self): return self
    def __exit__(self, *exc): return self.fh.__exit__(*exc)
    def __getattr__(self, name): return getattr(self.fh, name)
    def write(self, data):
        n = self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        pause("half written")
        return n + self.fh.write(data[len(data) // 2:])

def replace_paused(a, b):
    pause("before rename")
    replace(a, b)
    pause("after rename")

tempfile.mkstemp = mkstemp_paused
os.fdopen = lambda *a, **kw: Halves(fdopen(*a, **kw))
os.replace = replace_paused
sys.argv = ["make_briefing.py", *sys.argv[1:]]
from briefing.cli import run
run()
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A one-page briefing: what is under test is the write, not the layout."""
    src = tmp_path_factory.mktemp("small") / "small.yaml"
    src.write_text(yaml.safe_dump({"title": "Small", "sections": [{"title": "S", "body": "Some text."}]}),
                   encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def versions(tmp_path_factory, small) -> tuple[bytes, bytes]:
    """The small briefing on A4 (the earlier PDF) and on letter paper (the new one), built whole."""
    d = tmp_path_factory.mktemp("versions")
    for paper in ("a4", "letter"):
        r = run_cli("build", str(small), "-o", str(d / f"{paper}.pdf"), "--paper", paper)
        assert r.returncode == 0, r.stderr.decode()
    old, new = (d / "a4.pdf").read_bytes(), (d / "letter.pdf").read_bytes()
    assert old != new
    return old, new


def _new_build_cmd(src: Path, out: Path) -> list[str]:
    return ["build", str(src), "-o", str(out), "--paper", "letter"]


STAGES = [("temporary created", "old"), ("half written", "old"), ("before rename", "old"), ("after rename", "new")]


@pytest.mark.parametrize(("stage", "left"), STAGES)
def test_build_killed_during_the_write(tmp_path, small, versions, stage, left):
    old, new = versions
    out = tmp_path / "small.pdf"
    out.write_bytes(old)
    rfd, wfd = os.pipe()
    env = {**os.environ, "BRIEFING_TEST_STAGE": stage, "BRIEFING_TEST_FD": str(wfd), "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-c", DRIVER, *_new_build_cmd(small, out)], cwd=ROOT, env=env,
                         pass_fds=(wfd,), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(wfd)
    try:
        ready, _, _ = select.select([rfd], [], [], 120)  # a generous deadline: the build reaches the point
        assert ready, "the build never reached the write"
        assert os.read(rfd, 100).decode().strip() == stage
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=60)
    finally:
        os.close(rfd)
        if p.poll() is None:
            p.kill()
            p.wait()
        p.stdin.close()
        p.stderr.close()
    assert out.read_bytes() == (old if left == "old" else new)
    # The next build clears what the killed one left and writes the new PDF whole.
    r = run_cli(*_new_build_cmd(small, out))
    assert r.returncode == 0, r.stderr.decode()
    assert out.read_bytes() == new
    assert temporaries(tmp_path) == []


def test_build_killed_at_random_points_leaves_the_earlier_or_the_new_pdf(tmp_path, versions):
    """Kill times spread over a whole build of the seed, from start-up to the rename, measured on this machine."""
    old = versions[0]  # an earlier PDF, of another briefing
    out = tmp_path / "seed.pdf"
    cmd = [sys.executable, str(ROOT / "make_briefing.py"), *_new_build_cmd(SEED, out)]
    t0 = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - t0
    new = out.read_bytes()
    assert new != old
    rng = random.Random(20240611)
    # One random point in each sixth of the build (and a little after): spread over it all, as twelve
    # uniform draws would be only on average, in half the builds.
    points = 6
    for i in range(points):
        out.write_bytes(old)
        delay = whole * 1.1 * (i + rng.random()) / points
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=60)
        data = out.read_bytes()
        assert data in (old, new), (i, delay, len(data))
    r = run_cli(*_new_build_cmd(SEED, out))
    assert r.returncode == 0, r.stderr.decode()
    assert out.read_bytes() == new
    assert temporaries(tmp_path) == []
