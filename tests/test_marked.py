"""Marked content: what each sequence holds, and a canvas without a tagger drawing as ReportLab does.

A list item's paragraph is drawn by ReportLab in one go, bullet and text; the tagger makes the
bullet the item's label (Lbl) and the text its body (LBody). Read back, the label holds the bullet
and nothing else, the body the text, whatever the text begins with.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import tagcheck
from conftest import norm
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Table

from briefing.pdf import tagging

LISTS = """\
title: Labels and bodies
date: 2024-05-02
sections:
  - title: Lists
    body: |
      Before the lists.

      - A plain bullet item.
      - **Bold words** open this item.
      - [A link](https://example.org/) opens this one.

      After the first list.

      1. The first numbered item.
      2. *Italic words* open the second.
"""


@pytest.fixture(scope="module")
def items(tmp_path_factory) -> list[tagcheck.Node]:
    from briefing import pipeline
    from briefing.theme import load_theme

    src = tmp_path_factory.mktemp("lists") / "lists.yaml"
    src.write_text(LISTS, encoding="utf-8")
    b, problems = pipeline.check(str(src))
    assert b is not None, problems
    out = src.with_suffix(".pdf")
    out.write_bytes(pipeline.render(b, load_theme(b.style)))
    assert tagcheck.problems(out) == []
    return tagcheck.tree(out).find("LI")


@pytest.mark.parametrize("n, label, body", [
    (0, "•", "A plain bullet item."),
    (1, "•", "Bold words open this item."),  # a font change before any text
    (2, "•", "A link opens this one."),
    (3, "1.", "The first numbered item."),  # a numbered item
    (4, "2.", "Italic words open the second."),
])
def test_a_list_items_label_holds_its_bullet_and_its_body_the_text(items, n, label, body):
    item = items[n]
    assert [k.role for k in item.kids] == ["Lbl", "LBody"]
    assert item.kids[0].text == label and item.kids[0].kids == []
    assert norm(item.kids[1].all_text()) == body


# -- the tagger, drawn by hand ------------------------------------------------------------------------------

def _tagged_canvas() -> tuple[Canvas, tagging.Tagger]:
    tagging.install()
    tagger = tagging.Tagger(lambda target: (target, False))
    canv = Canvas(io.BytesIO(), invariant=1)
    canv.tagger = tagger  # type: ignore[attr-defined]
    tagger.start_page(canv)
    return canv, tagger


STYLE = ParagraphStyle("item", fontName="Helvetica", fontSize=10, leading=12, leftIndent=12, bulletIndent=2)


def test_a_bulleted_paragraph_drawn_otherwise_than_bullet_first_stops_the_drawing():
    class Stamped(Paragraph):
        """Draws a word of its own before the paragraph: the bullet is no longer the first text drawn."""

        def draw(self) -> None:
            self.canv.drawString(0, 0, "Draft")
            super().draw()

    canv, tagger = _tagged_canvas()
    good, bad = Paragraph("Drawn as ReportLab does.", STYLE, bulletText="•"), Stamped("Stamped.", STYLE, bulletText="•")
    for f in (good, bad):
        tagger.add(f)
        f.wrap(300, 100)
    good.drawOn(canv, 0, 700)
    with pytest.raises(RuntimeError, match="bullet"):
        bad.drawOn(canv, 0, 600)


# -- a canvas without a tagger --------------------------------------------------------------------------------

class Box(Flowable):
    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 40, 20

    def draw(self) -> None:
        self.canv.rect(0, 0, 40, 20, stroke=1, fill=0)


def _untagged_pdf() -> bytes:
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    story = [
        Paragraph("A paragraph <b>with bold</b> and a <a href='https://example.org/'>link</a>.", style),
        Paragraph("An item.", STYLE, bulletText="•"),
        Table([[Paragraph("cell", style), "text"], [Box(), Paragraph("more", style)]]),
        KeepTogether([Paragraph("kept", style), Box()]),
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, invariant=1).build(story)
    return buf.getvalue()


def test_a_canvas_without_a_tagger_draws_as_reportlab_does():
    was = Flowable._drawOn
    try:
        tagging.uninstall()
        reportlabs = Flowable._drawOn
        plain = _untagged_pdf()
        tagging.install()
        assert Flowable._drawOn is not reportlabs  # every flowable draws through the hook
        assert _untagged_pdf() == plain
    finally:
        Flowable._drawOn = was  # type: ignore[method-assign]


def test_a_tagger_is_made_only_once_the_hook_is_installed():
    was = Flowable._drawOn
    try:
        tagging.uninstall()
        with pytest.raises(RuntimeError, match="install"):
            tagging.Tagger(lambda target: (target, False))
    finally:
        Flowable._drawOn = was  # type: ignore[method-assign]


def test_marked_content_is_opened_and_closed_in_one_place():
    """Only the tagger's `marked` has a string with a marked-content operator (BDC, BMC, EMC) in its code."""
    import ast
    import re

    root = Path(__file__).resolve().parents[1] / "briefing"
    writers = set()
    for p in root.rglob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
        for top in tree.body:
            if any(isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
                   and re.search(r"\b(BDC|BMC|EMC)\b", n.value) for n in ast.walk(top)):
                writers.add(f"{p.relative_to(root).as_posix()}:{getattr(top, 'name', top.lineno)}")
    assert writers == {"pdf/tagging.py:marked"}, writers


def test_what_the_tagger_keeps_of_a_flowable_goes_with_it():
    """Flowables are made as layout reaches them and let go once drawn: the side table keeps none alive."""
    import gc
    import weakref

    strip, key = Box(), Box()
    tagging.tag(strip, alt=lambda f: "a graphic")
    tagging.tag(key, content_of=strip, parts=[Paragraph("x", STYLE)])
    assert tagging.tag_of(key) is not None and tagging.tag_of(key).content_of is strip
    gone = [weakref.ref(strip), weakref.ref(key)]
    del strip, key
    gc.collect()
    assert [r() for r in gone] == [None, None]
