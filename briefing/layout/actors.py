"""Regional and international actors: a table of name, position and summary."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from reportlab.platypus import Flowable, Table

from ..model import Briefing
from ..pdf.tagging import tag
from ..richtext import cited_in, plain
from .changes import status, status_text
from .columns import Column, Text, cell, widths
from .common import chunks, fit_rows, headed_tables, table
from .inline import Ctx, Node


def build(b: Briefing, ctx: Ctx, level: int = 1) -> Iterator[Flowable]:
    if not b.actors:
        return
    widths = _widths(b, ctx)
    head = [ctx.para(ctx.words.word(k), "table_head") for k in ("col_actor", "col_position", "col_summary")]
    yield from headed_tables(ctx, ctx.words.word("actors"), level, _tables(b, ctx, head, widths))


def _tables(b: Briefing, ctx: Ctx, head: list, widths: list[float]) -> Iterator[Table]:
    col = ctx.colors
    for part in chunks(b.actors):
        data: list[list] = [head]
        for a in part:
            summary = ctx.rich(a.summary, "small", "small_bullet")
            rest = [sid for sid in a.sources if sid not in cited_in(a.summary)]  # each reference shown once
            if rest:
                said = [*ctx.text(ctx.words.word("sources_of")), *ctx.refs(rest)]
                summary.append(ctx.paragraph(said, "small_muted"))
            name = _para(ctx, a.name, "event_title", widths[0], status(ctx, a))  # (NEW since the previous edition)
            data.append([name, _para(ctx, a.position or "", "small", widths[1]), summary or ""])
        t = table(ctx, data, widths, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), col["table_head"]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, col["accent"]),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, col["rule"]),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ], repeatRows=1, hAlign="LEFT")
        tag(t, role="Table")
        t.row_pos = [None, *(a.pos for a in part)]  # named in layout errors
        yield fit_rows(t, ctx)  # rows move whole unless one is taller than a page


def _para(ctx: Ctx, text: str, style: str, width: float, lead: Sequence[Node] = ()) -> Flowable:
    """A cell's text, a word too wide for its column hyphenated."""
    return cell(ctx, text, style, width - PADDING, lead)


def _widths(b: Briefing, ctx: Ctx) -> list[float]:
    """Columns sized by what they hold (see `columns`): a name's or a position's words never break inside
    unless wider than the table allows; a name takes its line, up to a quarter of the table, and the position
    and the summary share what is left, the summary at least a third of the table."""
    st = ctx.styles
    name, small, head = st["event_title"], st["small"], st["table_head"]
    cols = [
        # a long name (an organisation's) wraps rather than take more than a quarter of the table
        Column(cells=[Text(status_text(ctx, a) + a.name, name.fontName, name.fontSize, PADDING, cap=ctx.width / 4)
                      for a in b.actors]),
        # a position is a phrase: it wraps, as the summary does, sharing the room they leave
        Column(grows=True, cells=[Text(a.position or "", small.fontName, small.fontSize, PADDING) for a in b.actors]),
        Column(grows=True, cells=[Text(plain(a.summary), small.fontName, small.fontSize, PADDING) for a in b.actors]),
    ]
    for col, k in zip(cols, ("col_actor", "col_position", "col_summary"), strict=True):
        col.cells.append(Text(ctx.words.word(k), head.fontName, head.fontSize, PADDING))
    # a summary is a paragraph or more: it does not ask for a line of its own, only for a third of the table
    cols[2].floor = ctx.width / 3
    return widths(cols, ctx.width)


PADDING = 4 + 6  # a cell's left and right padding (see _tables)
