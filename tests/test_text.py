"""What the PDF draws for hard text: right-to-left names, missing glyphs, citations."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from conftest import norm, pdf_text, run_cli
from pdfglyphs import glyphs


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "b.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def drawn_chars(pdf: Path) -> list[tuple[str, float]]:
    """Each glyph drawn on page 1 (read from the content stream: its ToUnicode text, NFKC), with its left x.

    (Not pdfium's characters: it gives a line's /ActualText, in logical order, in place of its glyphs.)
    """
    return [(unicodedata.normalize("NFKC", g.text), g.x) for g in glyphs(pdf) if g.page == 0 and g.text.strip()]


def test_rtl_run_in_a_ltr_line_is_drawn_in_reading_order(tmp_path):
    src = write(tmp_path, 'title: T\nsections:\n  - title: Names\n    body: "Leader: احمد مسعود (رهبر) of the NRF."\n')
    out = tmp_path / "o.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    chars = drawn_chars(out)
    arabic = [(c, x) for c, x in chars if unicodedata.bidirectional(c) in ("R", "AL") or c in "()"]
    # Read right to left, the letters and brackets give the logical text back.
    seq = "".join("|" if c in "()" else c for c, _ in sorted(arabic, key=lambda t: -t[1]))
    assert seq == "احمدمسعود|رهبر|"
    # The whole run sits between "Leader:" and "of", left to right.
    xs = [x for _, x in arabic]
    colon = next(x for c, x in chars if c == ":")
    of = next(x for (c, x), (d, _) in zip(chars, chars[1:], strict=False) if c == "o" and d == "f")
    assert colon < min(xs) and max(xs) < of


def test_uncovered_character_warns_and_prints_a_mark(tmp_path):
    src = write(tmp_path, "title: Launch \U0001F680 day\n")
    out = tmp_path / "o.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert f"{src}:1:8: warning: no font covers ROCKET (U+1F680); it prints as a replacement mark" in err
    assert "\ufffd" in pdf_text(out)[0]
    # --strict: the warning is an error, and no PDF is written.
    out.unlink()
    r = run_cli("build", "--strict", str(src), "-o", str(out))
    assert r.returncode == 1
    assert f"{src}:1:8: no font covers ROCKET (U+1F680)" in r.stderr.decode()
    assert not out.exists()
    r = run_cli("check", "--strict", str(src))
    assert r.returncode == 1


def test_latin_extended_cyrillic_and_arabic_are_covered(tmp_path):
    src = write(tmp_path, "title: Ахмад Масуд — Ţară, Ağa, Łódź — احمد\n")
    out = tmp_path / "o.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0 and "warning" not in r.stderr.decode()
    assert "Ахмад Масуд" in pdf_text(out)[0] and "Łódź" in pdf_text(out)[0]


def test_citations_are_superscript_links_to_the_sources_list(tmp_path):
    src = write(tmp_path, """\
title: T
summary: ["Point [@a; @b]"]
sources:
  - {id: a, title: First source, url: "https://example.org/a"}
  - {id: b, title: Second source}
""")
    out = tmp_path / "o.pdf"
    assert run_cli("build", str(src), "-o", str(out)).returncode == 0
    from pypdf import PdfReader

    r = PdfReader(str(out))
    dests = [a.get_object() for p in r.pages for a in (p.get("/Annots") or [])]
    internal = [a for a in dests if "/Dest" in a]
    uris = [a["/A"]["/URI"] for a in dests if "/A" in a and "/URI" in a["/A"]]
    assert len(internal) >= 2 and uris == ["https://example.org/a"]
    assert "1. First source." in norm(" ".join(pdf_text(out)))
