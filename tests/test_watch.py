"""`watch` rebuilds on save, keeps the last good PDF on a broken save."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from conftest import ROOT


def _wait(pred, timeout=20.0):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


def test_watch_rebuilds_on_save_and_keeps_last_good_pdf(tmp_path):
    src = tmp_path / "w.yaml"
    out = tmp_path / "w.pdf"
    src.write_text("title: First version\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, str(ROOT / "make_briefing.py"), "watch", str(src), "-o", str(out)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait(out.exists)
        first = out.read_bytes()
        time.sleep(0.5)
        src.write_text("title: Second version\n", encoding="utf-8")
        assert _wait(lambda: out.read_bytes() != first)
        from pypdf import PdfReader

        assert "Second version" in PdfReader(str(out)).pages[0].extract_text()
        good = out.read_bytes()
        src.write_text("titel: broken\n", encoding="utf-8")
        time.sleep(2.0)
        assert out.read_bytes() == good
        assert p.poll() is None  # still watching
    finally:
        p.terminate()
        _, err = p.communicate(timeout=10)
    assert b"unknown key 'titel'" in err
    assert re.search(rb"rebuilt in \d+ ms, \d+ ms after the save", err), err
    assert b"Traceback" not in err
    assert os.path.exists(out)
