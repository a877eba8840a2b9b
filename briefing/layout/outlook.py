"""Outlook: one block per scenario, with its horizon and likelihood."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, KeepTogether

from ..model import Briefing
from .common import heading, table
from .inline import Ctx


def build(b: Briefing, ctx: Ctx, level: int = 1) -> Iterator[Flowable]:
    if not b.outlook:
        return
    col = ctx.colors
    yield from heading(ctx, ctx.words.word("outlook"), level)
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
        # Keep a scenario together unless it is taller than half a page; then
        # its paragraphs flow on their own.
        if h < ctx.height / 2:
            yield KeepTogether([t])
        else:  # too tall to keep whole: its paragraphs flow, the head kept with the first
            yield from [KeepTogether(cell[:2]), *cell[2:]]
