"""Regional and international actors: a table of name, position and summary."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from ..model import Briefing
from ..pdf.tagging import tag
from ..richtext import cited_in, plain
from .changes import status
from .common import chunks, fit_rows, headed_tables, table
from .inline import Ctx


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
            name = ctx.paragraph([*status(ctx, a), *ctx.text(a.name)], "event_title")
            data.append([name, ctx.para(a.position or "", "small"), summary or ""])
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


def _widths(b: Briefing, ctx: Ctx) -> list[float]:
    """Columns sized to their content: names as wide as the widest (within bounds), then position
    and summary sharing the rest by how much each holds."""
    st = ctx.styles["event_title"]
    name_w = max(stringWidth(a.name, st.fontName, st.fontSize) for a in b.actors)
    first = min(max(name_w + 12, ctx.width * 0.12), ctx.width * 0.22)
    pos_len = sum(len(a.position or "") for a in b.actors)
    sum_len = sum(len(plain(a.summary)) for a in b.actors)
    share = (pos_len * 1.5) / (pos_len * 1.5 + sum_len) if pos_len + sum_len else 0.3
    second = (ctx.width - first) * min(max(share, 0.25), 0.45)
    return [first, second, ctx.width - first - second]
