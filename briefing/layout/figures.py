"""Key figures: a table of numbers with what they measure, date, basis, trend, source.

In: the figures. Out: one Table whose header row repeats on every page; rows
never split. A claimed figure reads as a claim: an open symbol, the word
"claimed" and who claims it. A value with an honest scale (a percentage, a
multiple, a count with its whole) has a small mark under it, and a trend an
arrow beside it (see `graphics.figure_marks`). Also `strip()`: the page-1
strip of big numbers, the figures marked `highlight` or else the first four.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from ..model import Briefing, Figure
from ..pdf.tagging import tag
from .changes import previously, status
from .common import chunks, data_table_style, fit_rows, headed_tables, table
from .graphics.figure_marks_draw import LONG_VALUE, FigureCard, value_cell
from .graphics.text import measure_for
from .inline import Ctx
from .marks import BASIS_SHAPES, MarkedText


def _basis(f: Figure, ctx: Ctx) -> Flowable | str:
    if not f.basis:
        return ""
    return MarkedText(ctx, BASIS_SHAPES[f.basis], ctx.para(ctx.words.word(f"basis_{f.basis}"), "small"))


def _claimant(f: Figure, b: Briefing) -> str | None:
    """Who claims a claimed figure: its note, else its source's publisher or title."""
    return f.note or next((s.publisher or s.title for s in b.sources if s.id == f.source), None)


def _source(f: Figure, ctx: Ctx) -> Paragraph | str:
    if not f.source:
        return ""
    # the same reference as in the text: a superscript number linked to the Sources list
    return ctx.paragraph([("super", {}, ctx.refs([f.source]))], "small")


def build(b: Briefing, ctx: Ctx, level: int = 1) -> Iterator[Flowable]:
    if not b.figures:
        return
    figs = b.figures
    words = ctx.words
    # (column, width, cell) per column; optional columns only when some figure has data
    floors: dict[str, float] = dict(FLOOR)  # (a date never breaks, even on a half sheet)
    cols = [
        ("col_value", ctx.theme.layout.get("figure_value_width", 84), lambda f: _value(f, ctx)),
        ("col_what", 0, lambda f: _what(f, b, ctx)),
    ]
    if any(f.as_of for f in figs):
        small = ctx.styles["small"]
        widest = max(stringWidth(words.date(f.as_of), small.fontName, small.fontSize) for f in figs if f.as_of)
        floors["col_as_of"] = widest + 10
        cols.append(("col_as_of", max(54, widest + 10),
                     lambda f: ctx.para(words.date(f.as_of) if f.as_of else "", "small")))
    for key, kind in (("col_basis", "basis"), ("col_trend", "trend")):  # a word of a language never breaks
        used = {getattr(f, kind) for f in figs} - {None}
        floors[key] = max(floors[key], _words_width(ctx, [words.word(f"{kind}_{u}") for u in used], "small", 12),
                          _words_width(ctx, [words.word(key)], "table_head", 0))
    if any(f.basis for f in figs):
        cols.append(("col_basis", max(70, floors["col_basis"]), lambda f: _basis(f, ctx)))
    if any(f.trend for f in figs):
        cols.append(("col_trend", max(56, floors["col_trend"]),
                     lambda f: MarkedText(ctx, f.trend, ctx.para(words.word(f"trend_{f.trend}"), "small"))
                     if f.trend else ""))
    if any(f.source for f in figs):
        cols.append(("col_source", 30, lambda f: _source(f, ctx)))
    narrow = min(1.0, ctx.width / 470)  # a half-sheet page (A5): the fixed columns narrow, to a floor
    widths = [max(w * narrow, min(w, floors.get(k, 0))) for k, w, _ in cols]
    # the value column widens for a long number, as far as the label's column can give
    spare = ctx.width - sum(widths) - ctx.width * WHAT_MIN
    widths[0] = max(widths[0], min(_numbers_width(figs, ctx), widths[0] + spare))
    widths[1] = ctx.width - sum(widths)
    head = [ctx.para(words.word(k), "table_head_right" if i == 0 else "table_head") for i, (k, _, _) in enumerate(cols)]
    yield from headed_tables(ctx, words.word("key_figures"), level, _tables(figs, cols, head, widths, ctx))


SMALLEST = 0.6  # of the value's size: how far the value cell shrinks a long number (see FigureValue)
VALUE_PADDING = 4 + 8  # the value column's left and right padding (see _tables)
WHAT_MIN = 0.25  # of the table's width: the least the label's column keeps when a long number widens the values


def _numbers_width(figs, ctx: Ctx) -> float:
    """The value column's width that the longest number of any value needs to fit on a line at the smallest
    size the cell sets it (where even the widest column is too narrow, the cell sets it smaller still: a number
    is never broken inside); 0 for no number."""
    width = 0.0
    size = ctx.theme.sizes["figure_value"]
    measure = measure_for(ctx)
    for f in figs:
        if len(f.value) > LONG_VALUE:
            continue
        numbers = [w for w in ctx.words.value(f.value).split(" ") if any(c.isdigit() for c in w)]
        if not numbers:
            continue
        arrow = size * 0.62 + 3 if f.trend else 0.0
        need = max(measure(w, size, True) for w in numbers) * SMALLEST + arrow + VALUE_PADDING + 1
        width = max(width, need)
    return width


def _tables(figs, cols, head, widths, ctx: Ctx) -> Iterator[Table]:
    for part in chunks(figs):
        body = [[cell(f) for _, _, cell in cols] for f in part]
        t = table(ctx, [head, *body], widths, [*data_table_style(ctx), ("RIGHTPADDING", (0, 0), (0, -1), 8)],
                  repeatRows=1, hAlign="LEFT")
        tag(t, role="Table")
        t.row_pos = [None, *(f.pos for f in part)]  # named in layout errors
        yield fit_rows(t, ctx)


def _value(f: Figure, ctx: Ctx) -> Flowable | list[Flowable]:
    """The value, and beneath it the previous edition's value when it changed."""
    cell = value_cell(ctx, f)
    before = previously(ctx, f)
    return cell if before is None else [cell, before]


def _what(f: Figure, b: Briefing, ctx: Ctx) -> list[Flowable]:
    """The label (marked NEW or UPDATED since the previous edition), then who claims a claimed figure, or the
    note: wide enough for a sentence."""
    what: list[Flowable] = [ctx.paragraph([*status(ctx, f), *ctx.text(f.label)], "body_tight")]
    who = _claimant(f, b) if f.basis == "claimed" else None
    if who:
        what.append(ctx.para(ctx.words.word("claimed_by", who=who), "small_muted"))
    elif f.note:
        what.append(ctx.para(f.note, "small_muted"))
    return what


def strip(b: Briefing, ctx: Ctx, count: int = 4) -> Flowable | None:
    """Page 1's strip: the figures marked `highlight` (else the first few) as big numerals over short labels.

    Highlighted figures are shown `count` to a row, two rows at most, a row's
    values at one size, shrunk so that each fits its card on one line; a value too long to read as
    a big number stays in the table only (a highlighted one may be longer
    than another). A long label is cut short here (it is printed whole in the
    table).
    """
    if any(f.highlight for f in b.figures):
        figs = [f for f in b.figures if f.highlight and len(f.value) <= HIGHLIGHT_VALUE_MAX][:2 * count]
    else:
        figs = [f for f in b.figures if len(f.value) <= STRIP_VALUE_MAX][:count]
        if len(figs) < 2:
            return None
    # a number is never broken inside: one too wide for its card at the card's smallest size stays in the table
    figs = [f for f in figs if _card_fits(f, ctx, ctx.width / max(1, min(count, len(figs))) - 10)]
    if not figs:
        return None
    per_row = min(count, len(figs))
    cw = ctx.width / per_row
    rows = [figs[i:i + per_row] for i in range(0, len(figs), per_row)]
    cells: list[list] = []
    for row in rows:  # one size for a row's values: the largest at which every one fits on a line
        size = min(FigureCard.fit(ctx, f, cw - 10) for f in row)  # (10: the cell's right padding, the gap)
        cells.append([FigureCard(ctx, f, _short(f.label), cw - 10, size, _dated(f, b, ctx)) for f in row])
    cells[-1] += [""] * (per_row - len(cells[-1]))
    t = table(ctx, cells, [cw] * per_row, [  # (right to left: the first figure at the right)
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, ctx.colors["accent"]),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ], hAlign="LEFT")
    t.spaceBefore, t.spaceAfter = 4, 8
    return t


def _dated(f: Figure, b: Briefing, ctx: Ctx) -> str | None:
    """A big number's as-of date, in words, when it is not the briefing's own `as_of`."""
    if f.as_of is None or f.as_of == b.as_of:
        return None
    return ctx.words.word("strip_as_of" if f.as_of.day else "strip_as_of_month", date=ctx.words.date(f.as_of))


def _card_fits(f: Figure, ctx: Ctx, width: float) -> bool:
    """Whether every number of `f`'s value fits a card `width` wide at the smallest size of a card's value."""
    size = ctx.theme.sizes["figure_value"] * SMALLEST  # (see FigureCard.fit)
    room = width - (ctx.theme.sizes["strip_value"] * 0.55 + 4 if f.trend else 0)
    measure = measure_for(ctx)
    return all(measure(w, size, True) <= room for w in ctx.words.value(f.value).split(" ")
               if any(c.isdigit() for c in w))


def _words_width(ctx: Ctx, texts: list[str], style: str, mark: float) -> float:
    """The width a table column needs to set the longest word of `texts` (after a mark `mark` wide)
    unbroken, with the cells' padding."""
    st = ctx.styles[style]
    words = [w for t in texts for w in t.split()]
    return max((stringWidth(w, st.fontName, st.fontSize) for w in words), default=0.0) + mark + 8 + 1


FLOOR = {"col_basis": 64, "col_trend": 50, "col_source": 26}  # points: narrower, "reported" or "rising" would break
STRIP_VALUE_MAX = 16  # characters: longer values are not big numbers
HIGHLIGHT_VALUE_MAX = 40  # the same, for a value its author asked to see there
STRIP_LABEL_MAX = 90


def _short(label: str) -> str:
    return label if len(label) <= STRIP_LABEL_MAX else label[:STRIP_LABEL_MAX - 1].rstrip() + "…"
