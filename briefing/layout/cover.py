"""The cover page (`cover: true`): the publisher, the title and subtitle, the date, on a page of their own.

In: a briefing. Out: the cover, as tall as the frame, then a page break. Everything on it is said again on
page 1, so a tagged PDF reads it as decoration (an artifact), not a second title.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from ..model import Briefing
from ..pdf.tagging import tag
from .common import draw_stack, stack_height
from .inline import Ctx
from .title import dateline


class Cover(Flowable):
    """The cover's words set a third of the way down the frame, under a rule in the accent colour."""

    def __init__(self, ctx: Ctx, items: list[Flowable]):
        super().__init__()
        self.ctx, self.items = ctx, items
        tag(self, role="Artifact", parts=[])

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, min(ah, self.ctx.height)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        block = stack_height(self.items, self.width)
        top = max(self.height * 2 / 3, block + 4)
        c.setStrokeColor(self.ctx.colors["accent"])
        c.setLineWidth(2)
        c.line(0, top + 10, self.width * 0.4, top + 10)
        draw_stack(self.items, c, 0, top, self.width)


def build(b: Briefing, ctx: Ctx) -> list[Flowable]:
    if not b.cover:
        return []
    items: list[Flowable] = [ctx.para((b.publisher or ctx.words.word("masthead")).upper(), "masthead")]
    items[0].spaceAfter = 14
    items.append(ctx.para(b.title, "cover_title"))
    if b.subtitle:
        items.append(ctx.para(b.subtitle, "subtitle"))
    if b.date or b.as_of:
        items.append(ctx.para(dateline(b, ctx), "byline"))
    return [Cover(ctx, items), PageBreak()]
