"""Arabic-script text as the PDF draws it: faces, marks, order, logical text (read from content streams)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from conftest import run_cli
from pdfglyphs import glyphs


def arabic(g) -> bool:
    return any(unicodedata.bidirectional(c) in ("AL", "R", "NSM") and "ARABIC" in unicodedata.name(c, "")
               for c in unicodedata.normalize("NFKC", g.text)) or g.font.startswith("NotoSansArabic")


def build(tmp_path: Path, text: str, name: str = "b") -> Path:
    src = tmp_path / f"{name}.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return out


EN_WITH_NAME = """\
title: "Talks with طالبان in Doha"
sections:
  - title: "The role of احمد مسعود"
    body: "**Lead: جبهه مقاومت** then plain رهبر text."
"""


def test_arabic_glyphs_in_bold_text_come_from_the_bold_face(tmp_path):
    pdf = build(tmp_path, EN_WITH_NAME)
    gs = [g for g in glyphs(pdf) if arabic(g) and g.text.strip()]
    bold = {g.font for g in gs if g.size > 11}  # title and heading
    assert bold == {"NotoSansArabic-Bold"}
    body = {g.font for g in gs if g.size < 11}
    assert body == {"NotoSansArabic-Bold", "NotoSansArabic-Regular"}  # the bold lead's words, then a plain one


def test_harakat_are_drawn(tmp_path):
    pdf = build(tmp_path, 'title: T\nsections:\n  - title: S\n    body: "Name: مُحَمَّد and سلطهٔ."\n')
    drawn = "".join(unicodedata.normalize("NFKC", g.text) for g in glyphs(pdf))
    for mark in ("\u064f", "\u064e", "\u0651", "\u0654"):  # damma, fatha, shadda, hamza above
        assert mark in drawn, unicodedata.name(mark)
