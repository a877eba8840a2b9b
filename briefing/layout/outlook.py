"""Outlook: one block per scenario, with its horizon and likelihood."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable

from ..model import Briefing
from .common import heading, keep_ends, lead_height, table
from .inline import Ctx


def build(b: Briefing, ctx: Ctx, level: int = 1) -> Iterator[Flowable]:
    """The heading, then the scenarios: a list, whose page breaks leave two scenarios or more on each page
    (see `keep_ends`); the heading keeps with what must go under it."""
    if not b.outlook:
        return
    col = ctx.colors
    items: list[list[Flowable]] = []
    for s in b.outlook:
        head = s.horizon.upper()
        if s.likelihood:
            head += "  ·  " + ctx.words.word("likelihood", likelihood=s.likelihood.upper())
        cell = [ctx.para(head, "label_accent")] + ctx.rich(s.text, "small", "small_bullet")
        t = table(ctx, [[cell]], [ctx.width], [  # (right to left: the accent rule at the right, the start)
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, col["accent"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ], hAlign="LEFT")
        t.spaceAfter = 6
        _, h = t.wrap(ctx.width, 1e9)
        # A scenario moves whole (a table of one row does not split) unless it is taller than half a page;
        # then its paragraphs flow on their own, the head kept with the first.
        if h < ctx.height / 2:
            items.append([t])
        else:
            cell[0].keepWithNext = 1
            items.append(cell)
    flow = keep_ends(items, ctx.height)
    yield from heading(ctx, ctx.words.word("outlook"), level, keep=lead_height(flow[0], ctx.width, ctx.height))
    yield from flow
