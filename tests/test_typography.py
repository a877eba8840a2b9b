"""Typographic quotes and year-range dashes in the PDF; the source and URLs stay as written."""

from __future__ import annotations

from conftest import norm, pdf_text, run_cli
from pypdf import PdfReader

from briefing.richtext import smart

SRC = """\
title: 'The "last" holdouts'
subtitle: It's a fight from 1979-1989 and 2001-09-11
summary:
  - 'Point with **"bold quotes"** and a [link](https://example.org/it''s) don''t'
sections:
  - title: S
    body: 'Plain "quoted" text, 1989-1979 stays, the ''90s stay.'
"""


def test_quotes_and_dashes_are_typographic_in_the_pdf_only(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text(SRC, encoding="utf-8")
    out = tmp_path / "t.pdf"
    r = run_cli("build", str(p), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    for s in ("The “last” holdouts", "It’s a fight from 1979–1989 and 2001-09-11", "“bold quotes”", "don’t",
              "Plain “quoted” text, 1989-1979 stays"):
        assert s in text, s
    assert p.read_text(encoding="utf-8") == SRC
    uris = [a.get_object()["/A"]["/URI"] for pg in PdfReader(str(out)).pages for a in pg.get("/Annots") or []
            if "/URI" in a.get_object().get("/A", {})]
    assert uris == ["https://example.org/it's"]


def test_smart_leaves_text_without_quotes_alone():
    assert smart("No quotes, 3:1, a-b, 12-13") == "No quotes, 3:1, a-b, 12-13"
    assert smart("<b>&amp;</b> *x* \\\\") == "<b>&amp;</b> *x* \\\\"


def test_only_ranges_of_years_take_a_dash():
    """Years are 1000-2099, in Latin, Persian or Arabic digits; other four-digit numbers keep the hyphen."""
    assert smart("1979-1989, 2001-2021, ۱۳۵۸-۱۳۶۸, ١٩٧٩-١٩٨٩") == "1979–1989, 2001–2021, ۱۳۵۸–۱۳۶۸, ١٩٧٩–١٩٨٩"
    for kept in ("0979-1989", "1979-3000", "2100-2200", "1989-1979", "१९७९-१९८९", "x1979-1989", "1979-1989-2000"):
        assert smart(kept) == kept, kept


def test_fonts_cover_every_character_the_typographer_makes():
    from briefing.coverage import cmap
    from briefing.theme import load_theme

    for style in ("default", "print"):
        have = cmap(load_theme(style).families[0].regular)
        assert all(ord(c) in have for c in "“”‘’–—…"), style


def test_a_date_never_breaks_inside(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text("title: D\ntimeline:\n  - {date: 2024-02-29, end: 2024-03-11, title: Span event}\n"
                 "  - {date: 2021-08, title: M, approximate: true}\nfigures:\n"
                 "  - {value: 1, label: l, as_of: 2021-09-11}\n  - {value: 2, label: m}\n")
    out = tmp_path / "d.pdf"
    assert run_cli("build", str(p), "-o", str(out)).returncode == 0
    lines = [norm(x) for x in pdf_text(out)[0].splitlines()]
    for date in ("29 Feb 2024 –", "11 Mar 2024", "c. Aug 2021", "11 Sep 2021"):
        assert date in lines, (date, lines)
