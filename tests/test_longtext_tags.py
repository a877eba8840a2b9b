"""A very long paragraph in a tagged PDF: one element of the structure tree, whatever pages its pieces are on.

A reader of the tree (a screen reader) reads a paragraph through its element's
marked content: all of its text, in order, once, with its links and citations
as Link elements, wherever the pieces of a long paragraph were drawn.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
import tagcheck
import yaml
from conftest import pdf_text, run_cli
from test_longtext import words
from test_tagged import _elems, _pages_of, pdfua_findings

N_CHARS = 25_000


@pytest.fixture(scope="module")
def long_words() -> dict[str, list[str]]:
    return {"body": words(N_CHARS, seed=11), "point": words(N_CHARS, seed=12), "cell": words(N_CHARS // 2, seed=13)}


@pytest.fixture(scope="module")
def built(tmp_path_factory, long_words) -> Path:
    """A tagged briefing: a long section paragraph with a link and a citation near its end, a long key point, a long
    table cell."""
    ws = long_words
    body = " ".join(ws["body"][:-20]) + " see [the report](https://example.org/long) " + \
        " ".join(ws["body"][-20:]) + " [@a]"
    src = {
        "title": "Long paragraphs",
        "date": "2024-05-02",
        "summary": ["Short point.", " ".join(ws["point"])],
        "sections": [{"title": "Body", "body": f"Before.\n\n{body}\n\nAfter."}],
        "actors": [{"name": "Watcher", "position": "watches", "summary": " ".join(ws["cell"])}],
        "sources": [{"id": "a", "title": "A source", "url": "https://example.org/report"}],
    }
    tmp = tmp_path_factory.mktemp("longtags")
    (tmp / "long.yaml").write_text(yaml.safe_dump(src, allow_unicode=True), encoding="utf-8")
    out = tmp / "long.pdf"
    for pdf, extra in ((out, ()), (tmp / "long-plain.pdf", ("--no-tags",))):
        r = run_cli("build", str(tmp / "long.yaml"), "-o", str(pdf), *extra)
        assert r.returncode == 0, r.stderr.decode()
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+\.?", text)


def test_a_long_paragraph_is_one_p_that_reads_whole_and_in_order(built, long_words):
    tree = tagcheck.tree(built)
    ws = long_words["body"]
    ps = [p for p in tree.find("P") if _words(p.text)[:3] == ws[:3]]
    assert len(ps) == 1
    read = _words(ps[0].all_text())
    assert [w for w in read if w not in ("see", "the", "report")] == ws  # all of it, in order, once
    with pikepdf.open(built) as doc:  # its pieces are on several pages, each piece marked content of it
        spanned = [len(_pages_of(e)) for e in _elems(doc) if e.get("/S") == "/P" and len(_pages_of(e)) > 1]
    assert spanned and max(spanned) >= 3


def test_the_link_and_citation_in_a_long_paragraph_are_link_elements_in_it(built, long_words):
    tree = tagcheck.tree(built)
    p = next(p for p in tree.find("P") if _words(p.text)[:3] == long_words["body"][:3])
    links = p.find("Link")
    assert [k.contents for k in links][0] == ["https://example.org/long"]
    assert [r.kids[0].role for r in p.find("Reference")] == ["Link"]
    assert p.find("Reference")[0].kids[0].contents[0].startswith("Source 1")
    assert "report" in _words(p.text)[-30:]  # the link's text is the paragraph's, near its end


def test_a_long_key_point_is_one_list_item(built, long_words):
    tree = tagcheck.tree(built)
    ws = long_words["point"]
    bodies = [b for b in tree.find("LBody") if _words(b.all_text())[:3] == ws[:3]]
    assert len(bodies) == 1
    assert _words(bodies[0].all_text()) == ws
    item = next(i for i in tree.find("LI") if bodies[0] in i.kids)
    assert [k.role for k in item.kids] == ["Lbl", "LBody"] and item.kids[0].text == "\u2022"


def test_a_long_table_cell_is_one_cell_that_reads_whole(built, long_words):
    tree = tagcheck.tree(built)
    ws = long_words["cell"]
    cells = [c for c in tree.find("TD") if _words(c.all_text())[:3] == ws[:3]]
    assert len(cells) == 1 and _words(cells[0].all_text()) == ws


def test_a_tagged_briefing_with_long_paragraphs_passes_our_checks_and_pdfua(built):
    assert tagcheck.problems(built) == []
    assert pdfua_findings(built) == []


def test_tagging_changes_no_page_of_it(built):
    import pypdfium2

    plain = built.with_name("long-plain.pdf")
    assert tagcheck.untagged(plain) == []
    assert pdf_text(built) == pdf_text(plain)
    a, b = pypdfium2.PdfDocument(str(built)), pypdfium2.PdfDocument(str(plain))
    try:
        assert len(a) == len(b) > 3
        for i in range(len(a)):
            x, y = a[i].render(scale=1).to_pil(), b[i].render(scale=1).to_pil()
            assert x.tobytes() == y.tobytes(), f"page {i + 1} looks different"
    finally:
        a.close()
        b.close()
