"""Pages put in before others once the document is laid out (a table of contents): every mark and
link annotation of the structure tree ends up numbered by the page it is printed on, as if each page
had been put in and the tree renumbered at once."""

from __future__ import annotations

import io
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas

from briefing.pdf import tagging
from briefing.pdf.tagging import Annot, Elem, Tagger


class EagerTagger(Tagger):
    """The tree renumbered as each page is put in (what `Tagger.insert_page` must amount to)."""

    def insert_page(self, at: int, canv, annotations: dict[Annot, Any]) -> None:
        self.marks.insert(at, [])
        self.links.insert(at, [])
        todo = [self.root]
        while todo:
            e = todo.pop()
            for n, k in enumerate(e.kids):
                if isinstance(k, Elem):
                    todo.append(k)
                elif k.page >= at:
                    e.kids[n] = type(k)(k.page + 1, k[1])
        moved = {(Annot(k.page + 1, k.slot) if k.page >= at else k): v for k, v in annotations.items()}
        annotations.clear()
        annotations.update(moved)
        self._at = at
        self.start_page(canv)


def _content(tagger: Tagger, canv, parent: Elem, annotations: dict[Annot, Any], name: str) -> None:
    """A paragraph with two marked-content sequences and a link, on the page being drawn."""
    e = Elem("P", parent)
    for _ in range(2):
        with tagger._marked(canv, e):
            canv.drawString(10, 10, name)
    link = tagger.link("#" + name)
    place = link.kids[-1]
    assert isinstance(place, Annot)
    annotations[place] = name


# Each script: the pages put in, in turn, as (before which page index, how many runs of content on it);
# "drawn" in a script: content drawn after the page put in is done, on the last page (no page put in).
SCRIPTS = {
    "a run of three": [(1, 1), (2, 2), (3, 1)],
    "a run at the start": [(0, 2), (1, 1)],
    "at the end": [(4, 1), (5, 1)],
    "two runs": [(1, 1), (2, 1), (0, 1), (1, 2)],
    "the same place twice": [(2, 1), (2, 1)],
    "content between": [(1, 1), "drawn", (2, 1)],
    "a page put in empty": [(1, 0), (2, 1)],
}


def _build(cls: type[Tagger], script: list) -> tuple[Tagger, dict[Annot, Any]]:
    tagging.install()
    tagger = cls(lambda target: (target, False))
    canv = Canvas(io.BytesIO())
    annotations: dict[Annot, Any] = {}
    for p in range(4):  # four pages laid out
        tagger.start_page(canv)
        _content(tagger, canv, tagger.root, annotations, f"body{p}")
        tagger.end_page(canv)
        canv.showPage()
    toc = Elem("TOC")
    toc.parent = tagger.root
    tagger.root.kids.insert(0, toc)
    for i, step in enumerate(script):
        if step == "drawn":
            _content(tagger, canv, tagger.root, annotations, f"late{i}")
            continue
        at, runs = step
        tagger.insert_page(at, canv, annotations)
        for r in range(runs):
            _content(tagger, canv, toc, annotations, f"toc{i}.{r}")
        tagger.end_inserted(canv)
        canv.showPage()
    if hasattr(tagger, "settle"):
        tagger.settle()
    return tagger, annotations


def _seen(tagger: Tagger, annotations: dict[Annot, Any]) -> tuple:
    """The tree, the elements of each page's marks and links, the annotations by place, as values."""
    index: dict[int, int] = {}

    def tree(e: Elem) -> tuple:
        index[id(e)] = len(index)
        return e.role, tuple(tree(k) if isinstance(k, Elem) else (type(k).__name__, *k) for k in e.kids)

    shape = tree(tagger.root)
    marks = [[index[id(e)] for e in page] for page in tagger.marks]
    links = [[index[id(e)] for e in page] for page in tagger.links]
    return shape, marks, links, sorted(annotations.items())


@pytest.mark.parametrize("script", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_pages_put_in_number_the_tree_as_putting_each_in_at_once_would(script):
    got = _seen(*_build(Tagger, script))
    want = _seen(*_build(EagerTagger, script))
    assert got == want
    pages = len(got[1])
    assert pages == 5 + sum(1 for s in script if s != "drawn")
    marked = [(k[1], k[2]) for k in _marks(got[0])]
    assert sorted(marked) == sorted({(p, m) for p, page in enumerate(got[1]) for m in range(len(page))})


def _marks(shape: tuple) -> list[tuple]:
    """The marks of an element's shape (see `_seen`) and of the elements below it, as ("Mark", page, mcid)."""
    out = []
    for k in shape[1]:
        if k[0] == "Mark":
            out.append(k)
        elif k[0] != "Annot":  # (an element: role, kids)
            out.extend(_marks(k))
    return out
