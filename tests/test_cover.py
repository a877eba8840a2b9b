"""`cover: true`: a cover page before page 1, unnumbered; the pages after it are numbered from 1."""

from __future__ import annotations

import yaml
from conftest import norm, pdf_text, run_cli

DOC = {"title": "The Central Sahel: A Three-Sided War", "subtitle": "Juntas, jihadists and the Tuareg front",
       "publisher": "The Sahel Cable", "date": "2025-10-15", "marking": "OPEN SOURCE",
       "sections": [{"title": "Overview", "body": "Text."}]}


def _build(tmp_path, **extra) -> list[str]:
    import tagcheck

    src = tmp_path / "c.yaml"
    src.write_text(yaml.safe_dump({**DOC, **extra}, sort_keys=False), encoding="utf-8")
    out = tmp_path / f"c{len(extra)}.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert tagcheck.problems(out) == []  # (the cover is decoration: its words are said again on page 1)
    return [norm(p) for p in pdf_text(out)]


def test_a_cover_comes_before_page_1_and_is_not_numbered(tmp_path):
    plain = _build(tmp_path)
    covered = _build(tmp_path, cover=True)
    assert len(covered) == len(plain) + 1
    cover = covered[0]
    for text in ("The Central Sahel: A Three-Sided War", "Juntas, jihadists and the Tuareg front",
                 "THE SAHEL CABLE", "15 October 2025", "OPEN SOURCE"):
        assert text in cover, text
    assert "Page" not in cover and "Overview" not in cover
    assert f"Page 1 of {len(plain)}" in covered[1] and "Overview" in covered[1]
    assert covered[1:] == plain  # the briefing after it, as without a cover


def test_without_cover_there_is_none(tmp_path):
    pages = _build(tmp_path, cover=False)
    assert "Page 1 of" in pages[0]
