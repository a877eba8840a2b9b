"""Rich text's larger blocks: block quotes, pipe tables and footnotes -> flowables.

In: a `Quote`, `TableBlock` or `Notes` of a rich-text value, the context and the style of the text around it.
Out: flowables, tagged: a quote is a BlockQuote of the paragraphs inside it; a table is laid out and tagged as
the built-in tables are (a data Table, its header row repeated on every page it runs over, its header cells
TH with a column scope); the footnotes of a text follow it, after a short rule, each a Note that begins with
its letter and the anchor its references link to.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Table

from ..pdf.tagging import tag
from ..richtext import Block, Notes, Quote, TableBlock, note_mark, plain
from ..richtext import Para as TextPara
from .common import data_table_style
from .common import table as data_table
from .inline import Ctx, Node

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
QUOTE_BAR = 2.0  # the rule left of a quote, in points
QUOTE_INDENT = 10.0  # from the rule to the quote's text


def build(ctx: Ctx, block: Block, style: str) -> list[Flowable]:
    """The flowables of one block that is not a paragraph or a list (see `Ctx.rich`)."""
    if isinstance(block, Quote):
        return [quote(ctx, block, style)]
    if isinstance(block, TableBlock):
        return [table(ctx, block)]
    if isinstance(block, Notes):
        return notes(ctx, block)
    raise TypeError(f"not a block of rich text: {block!r}")


def quote(ctx: Ctx, q: Quote, style: str) -> Flowable:
    """A block quote: its paragraphs indented after a rule in the accent colour; it may run over pages."""
    inner = ctx.rich(q.blocks, style)
    t = data_table(ctx, [[inner]], ["100%"], [  # (right to left: the rule at the right)
        ("LINEBEFORE", (0, 0), (0, 0), QUOTE_BAR, ctx.colors["rule"]),
        ("LEFTPADDING", (0, 0), (0, 0), QUOTE_INDENT), ("RIGHTPADDING", (0, 0), (0, 0), 0),
        ("TOPPADDING", (0, 0), (0, 0), 0), ("BOTTOMPADDING", (0, 0), (0, 0), 0),
    ], splitInRow=1, hAlign="LEFT")
    t.spaceBefore, t.spaceAfter = 3, ctx.styles[style].spaceAfter
    tag(t, role="BlockQuote")
    return t


def table(ctx: Ctx, tb: TableBlock) -> Table:
    """A pipe table: the header row repeated on each page, rows never split, columns as wide as they need."""
    n = len(tb.head)
    align = [*tb.align, *[""] * n][:n]
    head = [ctx.paragraph(ctx.inline(cell), _aligned(ctx.styles["table_head"], align[i]))
            for i, cell in enumerate(tb.head)]
    body = [[ctx.paragraph(ctx.inline(cell), _aligned(ctx.styles["small"], align[i])) for i, cell in enumerate(row)]
            for row in tb.rows]
    # (right to left: the first column at the right)
    t = data_table(ctx, [head, *body], _widths(tb), data_table_style(ctx, pad=3), repeatRows=1, hAlign="LEFT")
    tag(t, role="Table")
    t.spaceBefore, t.spaceAfter = 2, ctx.styles["body"].spaceAfter
    return t


def _widths(tb: TableBlock) -> list[str]:
    """Each column's share of the width, by the longest text in it (within bounds, so none starves)."""
    n = len(tb.head)
    need = [4.0] * n
    for row in (tb.head, *tb.rows):
        for i, cell in enumerate(row[:n]):
            need[i] = max(need[i], min(40.0, float(len(plain((TextPara(cell),))))))
    total = sum(need)
    return [f"{100 * x / total:.3f}%" for x in need]


@lru_cache(maxsize=64)
def _aligned(style: ParagraphStyle, align: str) -> ParagraphStyle:
    if not align:
        return style
    return ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=_ALIGN[align])


def notes(ctx: Ctx, ns: Notes) -> list[Flowable]:
    """A text's footnotes after it: a short rule, then each note, its letter hanging, its anchor first."""
    out: list[Flowable] = [HRFlowable(width="25%", thickness=0.5, color=ctx.colors["rule"], hAlign="LEFT",
                                      spaceBefore=2, spaceAfter=3)]
    for n, inlines in enumerate(ns.notes, 1):
        nodes: list[Node] = [("a", {"name": f"note-{ctx.notes}-{note_mark(n)}"}, []), *ctx.inline(inlines)]
        p = ctx.paragraph(nodes, ctx.styles["source"], bulletText=note_mark(n))
        tag(p, role="Note")
        out.append(p)
    return out
