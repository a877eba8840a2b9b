"""Key figures: a table of numbers with what they measure, date, basis, trend, source.

In: the figures. Out: one Table whose header row repeats on every page; rows
never split. A claimed figure reads as a claim: an open symbol, the word
"claimed" and who claims it. A value with an honest scale (a percentage, a
multiple, a count with its whole) has a small mark under it, and a trend an
arrow beside it (see `graphics.figure_marks`). Also `strip()`: the page-1
strip of big numbers, the figures marked `highlight` or else the first four.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from ..model import Briefing, Figure
from ..pdf import rl
from ..pdf.tagging import tag
from .changes import previously, previously_text, status
from .columns import Column, Text, cell, fits_short, fitted_size, unbroken
from .columns import widths as column_widths
from .common import chunks, data_table_style, fit_rows, headed_tables, mark_kept, table
from .graphics.figure_marks_draw import LONG_VALUE, WHOLE_VALUE, FigureCard, value_cell
from .graphics.text import measure_for
from .inline import Ctx
from .marks import BASIS_SHAPES, MarkedText


def _basis(f: Figure, ctx: Ctx, width: float) -> Flowable | str:
    """A figure's basis: its mark, and its word, hyphenated if wider than the column (as a trend's)."""
    if not f.basis:
        return ""
    return _marked(ctx, BASIS_SHAPES[f.basis], ctx.words.word(f"basis_{f.basis}"), width)


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
    st = ctx.styles
    value_st, head_st = st["figure_value"], st["table_head"]

    def texts(items: list[tuple[str, str]], extra: float = PADDING) -> list[Text]:
        return [Text(t, st[name].fontName, st[name].fontSize, extra) for t, name in items if t]

    def date(f: Figure) -> str:
        return words.date(f.as_of) if f.as_of else ""

    # (columns' labels, its measure, its cell at a width); optional columns only when some figure has data
    arrow = st["figure_value"].fontSize * 0.62 + 3
    cap = ctx.theme.layout.get("figure_value_width", 0.0)
    value = Column(rigid=True, floor=_numbers_width(figs, ctx), cells=[
        Text(_whole(words.value(f.value)), value_st.fontName, value_st.fontSize,
             VALUE_PADDING + (arrow if f.trend and len(f.value) <= LONG_VALUE else 0),
             shrinks=SMALLEST if len(f.value) <= LONG_VALUE else 1.0,
             # a value too long to be one piece wraps as a sentence: it asks for the style's value column
             cap=0.0 if len(f.value) <= WHOLE_VALUE else cap + VALUE_PADDING + arrow) for f in figs])
    what = Column(grows=True, cells=texts([(f.label, "body_tight") for f in figs]
                                          + [(_note(f, b, ctx), "small_muted") for f in figs]))
    cols: list[Spec] = [
        (("col_value",), value, lambda f, w: _value(f, ctx)),
        (("col_what",), what, lambda f, w: _what(f, b, ctx, w)),
    ]
    if any(f.as_of for f in figs):
        cols.append((("col_as_of",), Column(rigid=True, cells=texts([(date(f), "small") for f in figs])),
                     lambda f, w: _fitted(ctx, date(f), "small", w) if f.as_of else ""))
    if any(f.basis for f in figs):
        cols.append((("col_basis",), Column(cells=texts([(words.word(f"basis_{f.basis}"), "small") for f in figs
                                                         if f.basis], PADDING + MARK)),
                     lambda f, w: _basis(f, ctx, w)))
    if any(f.trend for f in figs):
        cols.append((("col_trend",), Column(cells=texts([(words.word(f"trend_{f.trend}"), "small") for f in figs
                                                         if f.trend], PADDING + MARK)),
                     lambda f, w: _marked(ctx, f.trend, words.word(f"trend_{f.trend}"), w) if f.trend else ""))
    if any(f.source for f in figs):
        cols.append((("col_source",), Column(rigid=True, cells=texts([(str(len(b.sources)), "small")])),
                     lambda f, w: _source(f, ctx)))
    label = st["label_right"]
    value.cells += [Text(t, label.fontName, label.fontSize, VALUE_PADDING)  # (a changed value's previous one)
                    for t in (previously_text(ctx, f) for f in figs) if t]
    for (k,), col, _ in cols:  # a header's words fit their column too (it breaks between them)
        col.cells.append(Text(words.word(k), head_st.fontName, head_st.fontSize,
                              VALUE_PADDING if k == "col_value" else PADDING))
    # the label, what the reader reads, keeps a decent width (or its one line); where the short columns leave
    # it less, they are stacked, basis over trend, then date over both, before anything is set smaller
    body = st["body_tight"]
    what.floor = min(LABEL_EMS * body.fontSize + PADDING, what.most())
    for stacked in STACKS:
        tried = _stack(cols, stacked)
        if tried is not cols and not fits_short([col for _, col, _ in cols], ctx.width):
            cols = tried
    widths = column_widths([col for _, col, _ in cols], ctx.width)
    cells = [(lambda f, w=w - PADDING, make=make: make(f, w)) for (_, _, make), w in zip(cols, widths, strict=True)]
    head = [_head(ctx, keys, "table_head_right" if i == 0 else "table_head", w - PADDING)
            for i, ((keys, _, _), w) in enumerate(zip(cols, widths, strict=True))]
    yield from headed_tables(ctx, words.word("key_figures"), level, _tables(figs, cells, head, widths, ctx))


Spec = tuple[tuple[str, ...], Column, Callable[[Figure, float], "Flowable | str | list[Flowable]"]]
LABEL_EMS = 11  # the label column's decent width, in ems of its type: some 22 characters a line
STACKS = (("col_basis", "col_trend"), ("col_as_of", "col_basis", "col_trend"))  # tried in turn


def _stack(cols: list[Spec], keys: tuple[str, ...]) -> list[Spec]:
    """`cols` with those of `keys` that it has as one column, each cell theirs one under another (`cols` as
    it is when it has fewer than two of them)."""
    group = [c for c in cols if set(c[0]) <= set(keys)]
    if len(group) < 2:
        return cols
    makes = [make for _, _, make in group]

    def make(f: Figure, w: float) -> Flowable | str | list[Flowable]:
        out: list[Flowable] = []
        for m in makes:
            x = m(f, w)
            out += x if isinstance(x, list) else [x] if x != "" else []
        return out or ""

    merged = Column(cells=[t for _, col, _ in group for t in col.cells], rigid=any(c.rigid for _, c, _ in group))
    spec: Spec = (tuple(k for ks, _, _ in group for k in ks), merged, make)
    at = cols.index(group[0])
    return [*cols[:at], spec, *(c for c in cols[at:] if c not in group)]


def _head(ctx: Ctx, keys: tuple[str, ...], style: str, width: float) -> Flowable | list[Flowable]:
    """A header cell: a column's label, or the labels of stacked columns one under another."""
    heads = [cell(ctx, ctx.words.word(k), style, width) for k in keys]
    return heads[0] if len(heads) == 1 else heads


def _whole(value: str) -> str:
    """A value as measured for its column: a short one is one piece (see FigureValue.value_size)."""
    return value.replace(" ", "\u00a0") if len(value) <= WHOLE_VALUE else value


PADDING = 4 + 4  # a cell's left and right padding (see _tables)
MARK = 9 + 3  # a basis's or trend's symbol and the gap after it (see marks.MarkedText)


def _fitted(ctx: Ctx, text: str, style: str, width: float) -> Flowable:
    """`text` on one line: at its style's size, or smaller where the column is too narrow (never split)."""
    st = ctx.styles[style]
    size = fitted_size(text, width, st.fontName, st.fontSize)
    if size == st.fontSize:
        return ctx.para(text, style)
    return ctx.paragraph(ctx.text(text), _smaller(st, size))


@lru_cache(maxsize=32)
def _smaller(st: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(f"{st.name}-{size}", parent=st, fontSize=size, leading=st.leading * size / st.fontSize)


def _marked(ctx: Ctx, shape: str, word: str, width: float) -> Flowable:
    return MarkedText(ctx, shape, cell(ctx, word, "small", width - MARK))


SMALLEST = 0.6  # of the value's size: how far the value cell shrinks a long number (see FigureValue)
VALUE_PADDING = 4 + 8  # the value column's left and right padding (see _tables)


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
        numbers = [w for w in unbroken(ctx.words.value(f.value)).split(" ") if any(c.isdigit() for c in w)]
        if not numbers:
            continue
        arrow = size * 0.62 + 3 if f.trend else 0.0
        need = max(measure(w, size, True) for w in numbers) * SMALLEST + arrow + VALUE_PADDING + 1
        width = max(width, need)
    return width


def _tables(figs, cols, head, widths, ctx: Ctx) -> Iterator[Table]:
    for part in chunks(figs):
        body = [[cell(f) for cell in cols] for f in part]
        t = table(ctx, [head, *body], widths, [*data_table_style(ctx), ("RIGHTPADDING", (0, 0), (0, -1), 8)],
                  repeatRows=1, hAlign="LEFT")
        tag(t, role="Table")
        t.row_pos = [None, *(f.pos for f in part)]  # named in layout errors
        for f, row in zip(part, body, strict=True):
            if f.keep == "together":
                mark_kept(row)
        fit_rows(t, ctx)
        t.too_tall = [(f.where.get("keep", f.pos), h) for f, h in zip(part, rl.row_heights(t)[1:], strict=True)
                      if f.keep == "together" and h > ctx.height]  # (warnings: see document.story)
        yield t


def _value(f: Figure, ctx: Ctx) -> Flowable | list[Flowable]:
    """The value, and beneath it the previous edition's value when it changed."""
    value = value_cell(ctx, f)
    before = previously(ctx, f)
    return value if before is None else [value, before]


def _note(f: Figure, b: Briefing, ctx: Ctx) -> str:
    """What is said under a figure's label: who claims a claimed figure, or its note."""
    who = _claimant(f, b) if f.basis == "claimed" else None
    return ctx.words.word("claimed_by", who=who) if who else (f.note or "")


def _what(f: Figure, b: Briefing, ctx: Ctx, width: float) -> list[Flowable]:
    """The label (marked NEW or UPDATED since the previous edition), then who claims a claimed figure, or the
    note: a word too wide for the column hyphenated."""
    out = [cell(ctx, f.label, "body_tight", width, status(ctx, f))]
    note = _note(f, b, ctx)
    if note:
        out.append(cell(ctx, note, "small_muted", width))
    return out


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
    return all(measure(w, size, True) <= room for w in unbroken(ctx.words.value(f.value)).split(" ")
               if any(c.isdigit() for c in w))


STRIP_VALUE_MAX = 16  # characters: longer values are not big numbers
HIGHLIGHT_VALUE_MAX = 40  # the same, for a value its author asked to see there
STRIP_LABEL_MAX = 90


def _short(label: str) -> str:
    return label if len(label) <= STRIP_LABEL_MAX else label[:STRIP_LABEL_MAX - 1].rstrip() + "…"
