"""`watch` rebuilds on save, keeps the last good PDF on a broken save.

The test waits on what `watch` reports (its lines on standard error), never for
a fixed time; a save is repeated until it is seen, because the watcher may not
yet be listening when the first one lands.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT
from pypdf import PdfReader

DEADLINE = 120.0  # seconds: generous, for a loaded machine; a passing run takes about one


class Lines:
    """The lines a process writes to a pipe, collected by a thread; waits on them."""

    def __init__(self, pipe):
        self.lines: list[bytes] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe) -> None:
        for line in pipe:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def count(self, pattern: bytes) -> int:
        with self._changed:
            return sum(1 for x in self.lines if re.search(pattern, x))

    def wait_for(self, pattern: bytes, n: int = 1, timeout: float = 1.0) -> bool:
        """Whether `n` lines match `pattern` within `timeout` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: sum(1 for x in self.lines if re.search(pattern, x)) >= n, timeout)

    def text(self) -> bytes:
        """Everything written, once the process has closed the pipe."""
        self._thread.join(timeout=DEADLINE)
        return b"".join(self.lines)


def save_until(save: Callable[[], None], seen: Callable[[], bool]) -> None:
    """Save, and save again each second until `seen()`, up to the deadline."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        save()
        if seen():
            return
    raise AssertionError("watch never reacted to the save")


def test_watch_rebuilds_on_save_and_keeps_last_good_pdf(tmp_path: Path):
    src = tmp_path / "w.yaml"
    out = tmp_path / "w.pdf"
    src.write_text("title: First version\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, str(ROOT / "make_briefing.py"), "watch", str(src), "-o", str(out)],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = Lines(p.stderr)
    try:
        assert err.wait_for(rb"^watching ", timeout=DEADLINE), err.lines
        assert out.exists()
        first = out.read_bytes()

        rebuilt = rb"^rebuilt in \d+ ms, \d+ ms after the save"
        save_until(lambda: src.write_text("title: Second version\n", encoding="utf-8"),
                   lambda: err.wait_for(rebuilt))
        assert out.read_bytes() != first
        assert "Second version" in PdfReader(str(out)).pages[0].extract_text()
        good = out.read_bytes()

        save_until(lambda: src.write_text("titel: broken\n", encoding="utf-8"),
                   lambda: err.wait_for(rb"unknown key 'titel'"))
        assert out.read_bytes() == good
        assert p.poll() is None  # still watching
    finally:
        p.terminate()
        p.wait(timeout=DEADLINE)
        text = err.text()
        p.stderr.close()
    assert b"Traceback" not in text
    assert out.read_bytes() == good


def test_watch_follows_a_linked_source_and_a_deleted_component(tmp_path: Path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "r.yaml").write_text("title: Linked\n", encoding="utf-8")
    here = tmp_path / "here"
    here.mkdir()
    (here / "link.yaml").symlink_to(real / "r.yaml")
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "briefing.yaml").write_text("title: F\nsummary: ['A point [@s].']\n", encoding="utf-8")
    (folder / "sources.yaml").write_text("- {id: s, title: The only source}\n", encoding="utf-8")
    from briefing.watch import _wanted

    assert str(real / "r.yaml") in _wanted(str(here / "link.yaml"))  # the target's folder is watched too
    assert str(folder / "timeline.yaml") in _wanted(str(folder))  # a file the folder may come to have
    out = tmp_path / "f.pdf"
    p = subprocess.Popen([sys.executable, str(ROOT / "make_briefing.py"), "watch", str(folder), "-o", str(out)],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = Lines(p.stderr)
    try:
        assert err.wait_for(rb"^watching ", timeout=DEADLINE), err.lines
        save_until(lambda: (folder / "briefing.yaml").write_text("title: F\nsummary: ['A point [@s].']\n"),
                   lambda: err.wait_for(rb"^rebuilt in "))  # the watcher is listening
        (folder / "sources.yaml").unlink()  # the briefing changes: its citation now names nothing
        assert err.wait_for(rb"citation 's' names no source", timeout=DEADLINE), err.lines
    finally:
        p.terminate()
        p.wait(timeout=DEADLINE)
        err.text()
        p.stderr.close()


def test_watch_rebuilds_when_an_image_of_the_briefing_is_saved(tmp_path: Path):
    from PIL import Image

    from briefing.batch import Options, build_one
    from briefing.watch import watch_and_build

    (tmp_path / "images").mkdir()
    image = tmp_path / "images" / "map.png"
    Image.new("RGB", (60, 40), (40, 80, 120)).save(image)
    src = tmp_path / "b.yaml"
    src.write_text("title: Pictured\nsections:\n  - title: Map\n    body: A map.\n"
                   "    images:\n      - {file: images/map.png, alt: A map}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not part of the briefing")
    out = tmp_path / "b.pdf"
    builds: list[object] = []
    built = threading.Condition()
    stop = threading.Event()

    def build():
        res = build_one(str(src), Options(str(out)))
        with built:
            builds.append(res)
            built.notify_all()
        return res

    def seen(n: int) -> Callable[[], bool]:
        def check() -> bool:
            with built:
                return built.wait_for(lambda: len(builds) >= n, timeout=1.0)
        return check

    t = threading.Thread(target=watch_and_build, args=(str(src), build), kwargs={"stop": stop.is_set}, daemon=True)
    t.start()
    try:
        assert seen(1)(), "no first build"
        size = (60, 40)

        def save() -> None:
            nonlocal size
            size = (size[0] + 1, 40)
            Image.new("RGB", size, (200, 30, 30)).save(image)

        save_until(save, seen(2))
        assert all(getattr(r, "ok", False) for r in builds)
        n = len(builds)
        for _ in range(3):  # a file the briefing does not read changes nothing
            (tmp_path / "notes.txt").write_text(f"still not part of it {_}")
            time.sleep(0.3)
        assert len(builds) == n
    finally:
        stop.set()
        t.join(timeout=DEADLINE)
