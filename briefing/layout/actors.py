"""Regional and international actors: a table of name, position and summary."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, Table, TableStyle

from ..model import Briefing
from .common import chunks, heading
from .inline import Ctx, Para


def build(b: Briefing, ctx: Ctx, level: int = 1) -> Iterator[Flowable]:
    if not b.actors:
        return
    col = ctx.colors
    widths = [ctx.width * 0.17, ctx.width * 0.25, 0]
    widths[2] = ctx.width - widths[0] - widths[1]
    head = [ctx.para("ACTOR", "table_head"), ctx.para("POSITION", "table_head"), ctx.para("SUMMARY", "table_head")]
    yield from heading(ctx, "Regional and international positions", level)
    for part in chunks(b.actors):
        data: list[list] = [head]
        for a in part:
            summary = ctx.rich(a.summary, "small", "small_bullet")
            if a.sources:
                summary.append(Para.of(["Sources: ", *ctx.refs(a.sources)], ctx.styles["small_muted"]))
            data.append([ctx.para(a.name, "event_title"), ctx.para(a.position or "", "small"), summary or ""])
        t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        t.row_pos = [None, *(a.pos for a in part)]  # type: ignore[attr-defined]  # named in layout errors
        t.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), col["table_head"]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, col["accent"]),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, col["rule"]),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ]))
        yield t
