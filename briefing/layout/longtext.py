"""Very long paragraphs, laid out in time linear in their length.

ReportLab breaks a paragraph into lines all at once, and at every page break
it breaks what is left again: a paragraph of n characters over p pages costs
n x p. A paragraph longer than `LIMIT` characters is therefore cut, before
ReportLab sees it, into consecutive pieces of at most `LIMIT` characters:
at a hard line break if there is one, else after a sentence, else between
words, else between two characters of a word longer than any line. The
pieces are stacked with no space between them (only the first has the
paragraph's space before and first-line indent and bullet, only the last its
space after), so they read as one paragraph; a piece ends on a short line
where the next one begins.

In: the fragments of ReportLab's parser (see `inline.Para.of`), each one run
of text with its font, link and rise; a fragment keeps those in every piece.
Out: the fragment lists of the pieces, and `LongPara`, which stacks the
paragraphs made of them as one flowable.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from ..pdf import rl
from ..pdf.tagging import inherit

# Characters in a piece: a few pages of body text, a few thousand lines of a narrow table column. ReportLab
# breaks a piece again at each page break inside it, so the cost per page is bounded by this.
LIMIT = 8000

# Characters in a piece cut out of a word longer than a line: ReportLab measures such a word character by
# character, each time it breaks it.
WORD_LIMIT = LIMIT // 4


def cut(frags: list, limit: int = LIMIT, word_limit: int = WORD_LIMIT) -> list[list]:
    """The fragments of a paragraph as the fragment lists of consecutive pieces (one piece if short).

    Every character of the text is in a piece, in order, except the space (or
    hard line break) where two pieces meet: the start of a new piece stands
    for it.
    """
    sizes = [len(f.text) for f in frags]
    total = sum(sizes)
    if total <= limit:
        return [frags]
    starts = [0, *accumulate(sizes)][:-1]
    text = "".join(f.text for f in frags)
    hard = [i for i, f in enumerate(frags) if getattr(f, "lineBreak", False)]
    hard_at = [starts[i] for i in hard]
    ends: list[int] = []  # where each piece but the last ends
    begins = [0]  # where each piece begins
    skip: set[int] = set()  # hard breaks that became the meeting of two pieces
    s = 0
    while total - s > limit:
        lo, hi = s + max(1, limit // 2), s + limit
        j = bisect_right(hard_at, hi) - 1
        if j >= 0 and hard_at[j] >= lo:
            end = nxt = hard_at[j]
            skip.add(hard[j])
        else:
            end = _sentence_end(text, lo, hi)
            if end < 0:
                end = text.rfind(" ", s + 1, hi + 1)
            if end >= 0:
                nxt = end + 1
            else:
                end = nxt = _char_boundary(text, s + 1, s + word_limit)
        ends.append(end)
        begins.append(nxt)
        s = nxt
    ends.append(total)
    pieces: list[list] = [[] for _ in begins]
    for i, f in enumerate(frags):
        a, b = starts[i], starts[i] + sizes[i]
        if a == b:  # no text (a hard break, an anchor): in the piece whose span holds its place
            if i not in skip:
                pieces[bisect_right(begins, a) - 1].append(f)
            continue
        k = bisect_right(begins, a) - 1
        while k < len(begins) and begins[k] < b:
            lo, hi = max(a, begins[k]), min(b, ends[k])
            if lo < hi:
                pieces[k].append(f if (lo, hi) == (a, b) else f.clone(text=f.text[lo - a:hi - a]))
            k += 1
    return [q for q in map(_strip, pieces) if q] or [frags]


@lru_cache(maxsize=1)
def _sentence() -> re.Pattern[str]:
    """A sentence's end: its punctuation and any closing quotes or brackets, then a space (compiled when a
    very long paragraph is first cut: start-up time)."""
    return re.compile(r"[.!?\u2026][\"')\]\u2019\u201d\u00bb]* ")


def _sentence_end(text: str, lo: int, hi: int) -> int:
    """Position of the last space in text[lo:hi+1] that follows the end of a sentence, or -1."""
    end = -1
    for m in _sentence().finditer(text, max(0, lo - 8), hi + 1):
        if m.end() - 1 >= lo:
            end = m.end() - 1
    return end


def _char_boundary(text: str, lo: int, hi: int) -> int:
    """The last position in (lo, hi] where a word may be cut without parting a character from its marks."""
    p = hi
    while p > lo and _joins(text[p - 1], text[p]):
        p -= 1
    return p if p > lo else hi


def _joins(before: str, after: str) -> bool:
    """Whether two characters belong to one visible character (a mark, a joiner, a variation selector)."""
    return (unicodedata.category(after) in ("Mn", "Mc", "Me", "Sk") or after == "\u200d" or before == "\u200d"
            or 0xFE00 <= ord(after) <= 0xFE0F or 0xE0100 <= ord(after) <= 0xE01EF
            or 0x1F3FB <= ord(after) <= 0x1F3FF)


def _strip(frags: list) -> list:
    """A piece's fragments without the spaces at either end (fragments left empty dropped)."""
    out = list(frags)
    for i in _ends(out, 1):
        t = out[i].text.lstrip(" ")
        if t:
            out[i] = out[i].clone(text=t)
            break
        out[i] = None
    for i in _ends(out, -1):
        t = out[i].text.rstrip(" ")
        if t:
            out[i] = out[i].clone(text=t)
            break
        out[i] = None
    return [f for f in out if f is not None]


def _ends(frags: list, step: int):
    """Indices of the text fragments at one end of a piece, up to the first that is not all spaces."""
    order = range(len(frags)) if step == 1 else range(len(frags) - 1, -1, -1)
    for i in order:
        f = frags[i]
        if f is None:
            continue
        if not f.text:
            if getattr(f, "lineBreak", False):
                return
            continue  # an anchor
        if f.text[0 if step == 1 else -1] != " ":
            return
        yield i


@lru_cache(maxsize=256)
def piece_style(style: ParagraphStyle, part: str) -> ParagraphStyle:
    """The style of the `first`, a `middle` or the `last` piece of a long paragraph in `style`."""
    if part == "first":
        return ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    after = style.spaceAfter if part == "last" else 0
    return ParagraphStyle(f"{style.name}-{part}", parent=style, spaceBefore=0, spaceAfter=after, firstLineIndent=0)


def part_of(i: int, n: int) -> str:
    """Which part piece `i` of `n` is."""
    return "first" if i == 0 else "last" if i == n - 1 else "middle"


class LongPara(Flowable):
    """Consecutive paragraphs (the pieces of one long paragraph) stacked as one flowable.

    Only the piece that straddles a page break is broken again there;
    splitting gives two flowables, as a paragraph does (a table cell takes
    no more). The heights of the pieces are measured once per width and
    handed to both parts.
    """

    outline: tuple[str, int] | None = None  # (title, level): a heading that is an outline entry

    def __init__(self, pieces: list[Paragraph], style: ParagraphStyle,
                 heights: list[float] | None = None, width: float | None = None):
        super().__init__()
        self.pieces, self.style = pieces, style
        self._heights = heights or []
        self._wrapped_at = width if heights else None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._wrapped_at:
            self._heights = [p.wrap(availWidth, 1e9)[1] for p in self.pieces]
            self._wrapped_at = availWidth
        self.width, self.height = availWidth, sum(self._heights)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.pieces[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.pieces[-1].getSpaceAfter()

    def minWidth(self) -> float:
        return max(p.minWidth() for p in self.pieces)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # As a paragraph does, split as last wrapped: a table splits a cell at the column's width, but
        # wraps its contents, and draws them, within the cell's padding.
        if self._wrapped_at is None:
            self.wrap(availWidth, availHeight)
        width = self._wrapped_at
        bottoms = list(accumulate(self._heights))
        i = bisect_right(bottoms, availHeight + 1e-8)  # the first piece that does not fit whole
        if i == len(self.pieces):
            return [self]
        room = availHeight - (bottoms[i - 1] if i else 0.0)
        piece = self.pieces[i]
        lines = rl.line_breaking(piece)
        parts = piece.split(width, room) if room > 0 else []
        if not parts and lines is not None and rl.line_breaking(piece) is None:
            # ReportLab drops the line breaking when it refuses to split (too little room at a page
            # foot); it is still right for this width, and the next page would only break it again.
            rl.keep_line_breaking(piece, lines)
        if len(parts) == 2:
            p1, p2 = parts
            head, tail = [*self.pieces[:i], p1], [p2, *self.pieces[i + 1:]]
            tail_h = [p2.wrap(width, 1e9)[1], *self._heights[i + 1:]]
        elif i:
            head, tail = self.pieces[:i], self.pieces[i:]
            tail_h = self._heights[i:]
        else:
            return []
        first = head[0] if len(head) == 1 else LongPara(head, self.style)
        if self.outline is not None:  # an outline entry belongs where the paragraph begins
            first.outline = self.outline
            first.contents = getattr(self, "contents", False)
        rest = tail[0] if len(tail) == 1 else LongPara(tail, self.style, tail_h, width)
        for part in (first, rest):  # (a tagged PDF: both parts are the content of the paragraph's element)
            inherit(part, self)
        return [first, rest]

    def draw(self) -> None:
        y = self.height
        for p in self.pieces:
            _, h = p.wrap(self.width, 1e9)
            y -= h
            p.drawOn(self.canv, 0, y)
