"""Table columns sized by what they hold.

In: for each column, the texts of its cells (with their font, size and what else the cell draws beside
the text), whether it is rigid (dates, numbers: never broken) and the table's width. Out: the columns'
widths, and text for a cell with each word too wide for its column hyphenated for the language.

A column's least width is its longest unbreakable piece (a date, a number, a word: text between plain
spaces; a typed no-break space joins, and so does the space between the digit groups of a number, `10 000`,
see `unbroken`) or its floor (a text column's decent share), its most the widest cell set on one line (a
long text that wraps anyway, `Text.cap`, asks for no more than its cap). A table that fits every cell on
one line gives each column its most and the rest to the columns that grow (the text columns); otherwise
the columns that do not grow get their most, if the text columns keep their least, and the text columns
share the rest (`fits_short`: a caller may first stack short columns to make it so); failing that, the
text columns keep their least and the other columns get their least and a share of what is left in
proportion to what each could use (so a short or empty column stays narrow; with no text column, all
share so). Where even the least widths do not fit, rigid columns keep theirs and the others share the
rest: their words too wide for that are hyphenated (`hyphenate`), and a rigid cell that still cannot fit
is set smaller (`fitted_size`), never split.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .inline import Ctx, Node

if TYPE_CHECKING:
    import pyphen

SHY = "\u00ad"  # a soft hyphen: a place a word may break, with a hyphen drawn only where it does


class Text:
    """A cell's text and how it is set: `extra` points beside it (padding, a symbol, an arrow); `shrinks`:
    the cell sets its text as small as this fraction of `size` before it breaks it; `cap`: a text long
    enough to wrap whatever its column (a sentence), which asks for no more than `cap` points of it (0: as
    wide as its one line). (Plain classes here: a dataclass would compile its methods at every start-up.)"""

    __slots__ = ("text", "font", "size", "extra", "shrinks", "cap")

    def __init__(self, text: str, font: str, size: float, extra: float = 0.0, shrinks: float = 1.0,
                 cap: float = 0.0):
        self.text, self.font, self.size, self.extra, self.shrinks = unbroken(text), font, size, extra, shrinks
        self.cap = cap

    def least(self) -> float:
        return self.extra + self.shrinks * max((_w(p, self) for p in pieces(self.text)), default=0.0) + SLACK

    def most(self) -> float:
        line = self.extra + _w(self.text, self) + SLACK
        return max(self.least(), min(line, self.cap)) if self.cap else line


class Column:
    """A column's cells; `rigid`: never narrower than its least (a date, a number); `grows`: takes what is
    left when every cell fits on one line; `floor`: points it is at least (a header's word, a mark)."""

    __slots__ = ("cells", "rigid", "grows", "floor")

    def __init__(self, cells: list[Text] | None = None, rigid: bool = False, grows: bool = False,
                 floor: float = 0.0):
        self.cells: list[Text] = [] if cells is None else cells
        self.rigid, self.grows, self.floor = rigid, grows, floor

    def least(self) -> float:
        return max([self.floor] + [t.least() for t in self.cells])

    def most(self) -> float:
        return max([self.least()] + [t.most() for t in self.cells])


SLACK = 1.0  # points a line of text is given past its measured width (a paragraph wraps what is exactly as wide)


def _w(s: str, t: Text) -> float:
    return stringWidth(s.replace(SHY, ""), t.font, t.size)


def pieces(text: str) -> list[str]:
    """The pieces a line may not break inside: text between plain spaces and line breaks (numbers joined,
    see `unbroken`)."""
    return [p for line in unbroken(text).split("\n") for p in line.split(" ") if p]


# a number's digit groups (10 000, 2 062 534, in any script's digits) and the space before a per cent sign
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)|(?<=\d) (?=[%‰])")


def unbroken(text: str) -> str:
    """`text` with the plain spaces inside a number (`10 000`, `51 %`) made no-break spaces: a line never
    breaks a number (text prints as typed: a no-break space is as wide as a space)."""
    return _GROUPED.sub(lambda m: m[0].replace(" ", "\u00a0"), text) if " " in text else text


def widths(cols: list[Column], total: float) -> list[float]:
    """Each column's width; together `total`."""
    least = [c.least() for c in cols]
    most = [c.most() for c in cols]
    if sum(most) <= total:
        grow = [i for i, c in enumerate(cols) if c.grows] or list(range(len(cols)))
        spare = total - sum(most)
        share = sum(most[i] for i in grow) or 1.0
        return [m + (spare * m / share if i in grow else 0.0) for i, m in enumerate(most)]
    if sum(least) <= total:
        fit = [m if not c.grows else lo for m, lo, c in zip(most, least, cols, strict=True)]
        grow = [i for i, c in enumerate(cols) if c.grows]
        if grow and fits_short(cols, total):  # the short columns on one line; the text columns share the rest
            room = total - sum(fit)
            want = sum(most[i] - least[i] for i in grow) or 1.0
            return [f + (room * (most[i] - least[i]) / want if i in grow else 0.0) for i, f in enumerate(fit)]
        # the text columns keep their least (a decent share, see Column.floor); the others share the rest,
        # or with no text column, all do, each in proportion to what it could use
        takes = [not c.grows for c in cols] if grow else [True] * len(cols)
        room = total - sum(least)
        want = sum(m - lo for m, lo, t in zip(most, least, takes, strict=True) if t) or 1.0
        return [lo + (room * (m - lo) / want if t else 0.0) for m, lo, t in zip(most, least, takes, strict=True)]
    # the rigid keep theirs; the others share the rest by their least (capped: one very long word does not
    # take the table), their words hyphenated; where even that leaves less than NARROWEST for each, all shrink
    free = [i for i, c in enumerate(cols) if not c.rigid]
    fixed = sum(lo for lo, c in zip(least, cols, strict=True) if c.rigid)
    if free and total - fixed >= NARROWEST * len(free):
        cap = [min(least[i], total / len(cols)) for i in free]
        out = list(least)
        room = total - fixed - NARROWEST * len(free)
        for i, lo in zip(free, cap, strict=True):
            out[i] = NARROWEST + room * lo / (sum(cap) or 1.0)
        return out
    return [total / len(cols)] * len(cols)  # nothing fits: equal columns, every cell set smaller or hyphenated


def fits_short(cols: list[Column], total: float) -> bool:
    """Whether every column that does not grow can have its most (its cells on one line) while those that
    grow keep their least."""
    return sum(c.least() if c.grows else c.most() for c in cols) <= total


NARROWEST = 24.0  # points: the least a column that gives way is left


@cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    import pyphen  # (imported here, at start-up's cost only when a word is wider than its column)

    tag = pyphen.language_fallback(lang.replace("-", "_"))
    return pyphen.Pyphen(lang=tag) if tag else None


def hyphenate(text: str, width: float, font: str, size: float, lang: str) -> str:
    """`text` with soft hyphens in each word wider than `width` (a paragraph with embedded hyphenation
    breaks it there, and only where it must); a language without a dictionary: as it is."""
    words = text.split(" ")
    if all(stringWidth(w, font, size) <= width for w in words):
        return text
    d = _dictionary(lang)
    if d is None:
        return text
    return " ".join(d.inserted(w, hyphen=SHY) if stringWidth(w, font, size) > width else w for w in words)


def cell(ctx: Ctx, text: str, style: str, width: float, lead: Sequence[Node] = ()) -> Flowable:
    """A table cell's paragraph of `text` in `style`, each word wider than `width` hyphenated; `lead`: what
    comes before the text (a NEW or UPDATED mark)."""
    st = ctx.styles[style]
    text = unbroken(text)
    shy = hyphenate(text, width, st.fontName, st.fontSize, ctx.words.tag)
    return ctx.paragraph([*lead, *ctx.text(shy)], st if shy == text else _hyphenating(st))


@lru_cache(maxsize=32)
def _hyphenating(st: ParagraphStyle) -> ParagraphStyle:
    # (only where a soft hyphen is: a paragraph that breaks at them matches each word against ReportLab's
    # pattern of URIs, which costs its compiling, see pdf.speedups)
    return ParagraphStyle(f"{st.name}-shy", parent=st, embeddedHyphenation=1)


def fitted_size(text: str, width: float, font: str, size: float, least: float = 4.0) -> float:
    """The size at which `text` fits `width` on one line: `size`, or smaller (never below `least`)."""
    need = stringWidth(text, font, size)
    return size if need <= width else max(least, int(size * width / need * 4) / 4)
