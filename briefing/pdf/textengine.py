"""The text engine: a paragraph of styled runs -> lines of positioned glyphs, right to left or left to right.

In: the paragraph's pieces (text, face, size, rise, colour, link; or an anchor, or a hard line break),
its base direction, the style's font families (with the code points each covers) and the document's
language. Out: a `Laid` paragraph (width-independent: levels, runs, shaped glyphs, words), which
`lines` breaks into `Line`s for a width, each holding its glyph runs in visual order with their x.

1. Levels: the Unicode bidi levels of the whole paragraph at the base level (`bidiorder.levels`).
2. Itemize into runs of one level, face, size, rise, colour and link. A letter is drawn by its piece's
   family if it covers it, else by the first family that does; everything else (digits, punctuation,
   spaces, ZWNJ, ZWJ, marks, tatweel) stays with the family of the character before it when that
   family covers it, so a Dari phrase is one run and a join is never cut.
3. Shape each run with HarfBuzz, per word (the word as joining context), direction from the level.
4. Break lines on logical order with the shaped advances: after spaces, never inside a cluster, never
   at a no-break space, ZWNJ or ZWJ; a word wider than the line is cut after its last slash that fits,
   else after a no-break space, else between clusters (next to a joiner only if nothing else fits): no line
   is wider than the width asked for, unless it holds one cluster wider than that.
5. Per line: trailing spaces are not drawn (L1), runs are reordered (L2, `bidiorder.visual_order`);
   brackets at odd levels are mirrored by HarfBuzz. L3 is not applied.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, groupby
from typing import NamedTuple

from . import bidiorder, fonts, shaping
from .shaping import SHY, Shaped

HARD_BREAK = "\n"
# Where a line may break: after these (a run of them). No-break spaces (U+00A0, U+2007, U+202F) never break.
_SPACES = " \u200b"
# Characters a line is never broken next to (a cut word keeps them with both neighbours).
_JOINERS = frozenset("\u200c\u200d\u2060\u00a0\u2007\u202f")
_ZERO_WIDTH = frozenset("\u200c\u200d\u2060")  # (the joiners that draw nothing)
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")


# (Values are named tuples, the engine's working records classes with slots: a dataclass compiles its
# methods from source when its class is made, which every build would pay for at start-up.)

class Style(NamedTuple):
    """How a piece of text is drawn."""

    font: str  # registered face name (its weight and slant; the family the layout chose)
    size: float
    rise: float = 0.0
    color: object = None
    href: str | None = None


class Piece(NamedTuple):
    """A piece of the paragraph: text in one style; or an anchor (`name`); or a hard line break."""

    text: str
    style: Style
    anchor: str | None = None
    hard_break: bool = False


class Family(NamedTuple):
    """A font family the engine may draw with, the code points its regular face covers, and what registers
    its faces (called before the engine first draws with it: a fallback family costs its fonts' parsing
    only in a paragraph that needs it)."""

    name: str
    covers: frozenset[int]
    register: Callable[[], object] | None = None


class Shape:
    """The glyphs of a run of a word, shaped (shared by every occurrence of the word: see `_shape`): its glyphs
    in visual order with clusters counted from the word's start, and their advances summed (thousandths of
    an em): all of them, those before the word's trailing spaces (`body`) and those of the spaces."""

    __slots__ = ("_glyphs", "body_end", "_body", "total", "body_total", "space_total", "drawn", "_word")

    def __init__(self, glyphs: tuple[Shaped, ...], body_end: int):
        self._glyphs: tuple[Shaped, ...] | None = glyphs
        self.body_end = body_end
        self.drawn: dict = {}  # (the drawing's own memo: `textpara._draw_line`)
        self._word: tuple[str, str] | None = None
        self.total: float = sum(g.advance for g in glyphs)
        self.body_total: float
        self.space_total: float
        self._body: tuple[Shaped, ...] | None
        if all(g.cluster < body_end for g in glyphs):  # (no trailing space)
            self._body, self.body_total, self.space_total = glyphs, self.total, 0.0
        else:
            body = tuple(g for g in glyphs if g.cluster < body_end)
            self._body = body
            self.body_total = sum(g.advance for g in body)
            self.space_total = sum(g.advance for g in glyphs if g.cluster >= body_end)

    @classmethod
    def simple(cls, word: str, body_end: int, face: str) -> Shape:
        """The shape of a left-to-right word with nothing to shape (`shaping.simple`): one glyph a character,
        in order, at the face's own advances. Its sums are made now, its glyphs when first asked for (the
        drawing of such a word needs only its text and its advance)."""
        sh = cls.__new__(cls)
        sh._word, sh.body_end, sh.drawn = (word, face), body_end, {}
        sh._glyphs = sh._body = None
        advances = shaping.advances(word, face)
        sh.total = sum(advances)
        if body_end >= len(word):
            sh.body_total, sh.space_total = sh.total, 0.0
        else:
            sh.body_total, sh.space_total = sum(advances[:body_end]), sum(advances[body_end:])
        return sh

    @property
    def glyphs(self) -> tuple[Shaped, ...]:
        if self._glyphs is None:
            assert self._word is not None
            word, face = self._word
            self._glyphs = shaping.simple(word, 0, len(word), face)
        return self._glyphs

    @property
    def body(self) -> tuple[Shaped, ...]:
        if self._body is None:
            g = self.glyphs
            self._body = g if self.body_end >= len(g) else g[:self.body_end]
        return self._body


class Run:
    """A shaped piece of a word: one face, size, level, style; its glyphs in visual order; `base`: where
    its word starts (the shape's clusters count from there)."""

    __slots__ = ("start", "end", "level", "face", "style", "shape", "base")

    def __init__(self, start: int, end: int, level: int, face: str, style: Style, shape: Shape, base: int):
        self.start, self.end, self.level, self.face = start, end, level, face
        self.style, self.shape, self.base = style, shape, base


class Word:
    """Characters between two break opportunities: its runs; `end` before the trailing spaces, `stop` after
    them (and a hard break); `hard`: a hard line break follows; `full`: `width()`; `space`: the width of
    its trailing spaces (or soft hyphen, drawn only at a line's end); `shy`: it ends at a soft hyphen (the
    word goes on after it, with no space)."""

    __slots__ = ("start", "end", "stop", "runs", "hard", "full", "space", "shy", "_sums")

    def __init__(self, start: int, end: int, stop: int, runs: list[Run], hard: bool, full: float = 0.0,
                 space: float = 0.0, shy: bool = False):
        self.start, self.end, self.stop, self.runs, self.hard = start, end, stop, runs, hard
        self.full, self.space, self.shy = full, space, shy
        self._sums: tuple[list[int], list[float]] | None = None

    def width(self, start: int | None = None, end: int | None = None) -> float:
        """The width of the glyphs of the clusters in [start, end) (the word, by default)."""
        a = self.start if start is None else start
        b = self.end if end is None else end
        if a == self.start and b == self.end:
            return self.full
        at, cum = self.sums()
        return cum[bisect_left(at, b)] - cum[bisect_left(at, a)]

    def sums(self) -> tuple[list[int], list[float]]:
        """Each cluster's start, in logical order, and the width of the clusters before each (one more, the
        whole): a piece's width from two look-ups, so that cutting a long word costs its length once."""
        if self._sums is None:
            per: dict[int, float] = {}
            for r in self.runs:
                k = r.style.size / 1000
                for g in r.shape.glyphs:
                    c = g.cluster + r.base
                    per[c] = per.get(c, 0.0) + g.advance * k
            at = sorted(per)
            self._sums = (at, [0.0, *accumulate(per[c] for c in at)])
        return self._sums


class Drawn:
    """Glyphs of one run on a line, in visual order, and where the first begins (x from the line's left).

    `shaped` are the glyphs with clusters counted from the run's `base`: the shape's own `glyphs` or
    `body` when the run is drawn whole or without its trailing spaces (`part` says which), else a list."""

    __slots__ = ("x", "width", "run", "shaped", "part")

    def __init__(self, x: float, width: float, run: Run, shaped: tuple[Shaped, ...] | list[Shaped],
                 part: str | None = None):
        self.x, self.width, self.run, self.shaped, self.part = x, width, run, shaped, part

    @property
    def glyphs(self) -> list[Shaped]:
        """The glyphs, each cluster an index into the paragraph's text."""
        b = self.run.base
        return [g._replace(cluster=g.cluster + b) for g in self.shaped]


class Line:
    """A line: the logical range of what is drawn (`start`, `end`), where the next line starts (`stop`),
    its width and its glyph runs in visual order, left to right (`drawn`: made when first asked for, for
    a left-to-right paragraph, since a paragraph may be broken at several widths before it is drawn)."""

    __slots__ = ("start", "end", "stop", "width", "_drawn", "_parts", "_laid")

    def __init__(self, start: int, end: int, stop: int, width: float, drawn: list[Drawn] | None = None):
        self.start, self.end, self.stop, self.width = start, end, stop, width
        self._drawn = [] if drawn is None else drawn
        self._parts: list[tuple[Word, int, int]] | None = None
        self._laid: Laid | None = None

    @property
    def drawn(self) -> list[Drawn]:
        if self._parts is not None:
            assert self._laid is not None
            self._drawn = _line(self._laid, self.start, self.end, self.stop, self._parts).drawn
            self._parts = self._laid = None
        return self._drawn


class Laid:
    """A paragraph prepared for breaking: text, levels, words; anchors by position; `marked`: whether it has
    Arabic vowel marks (harakat; the ezafe hamza is not one); `simple`: left to right with nothing to shape
    (each glyph drawn is named by its own character, in logical order); `links`: whether some of its text
    is a link (False: known to have none)."""

    __slots__ = ("text", "rtl", "levels", "words", "anchors", "marked", "simple", "links")

    def __init__(self, text: str, rtl: bool, levels: list[int], words: list[Word], anchors: list[tuple[int, str]],
                 marked: bool = False, simple: bool = False, links: bool = True):
        self.text, self.rtl, self.levels, self.words, self.anchors = text, rtl, levels, words, anchors
        self.marked, self.simple, self.links = marked, simple, links

    def lines(self, width: float, first: float | None = None, start: int = 0, urls: bool = False) -> list[Line]:
        """The paragraph from `start` on broken into lines `width` wide (the first `first` wide, if given);
        `urls`: a URL that does not fit the rest of a line is broken after its last slash that does."""
        return _break(self, width, width if first is None else first, start, urls)


def is_common(c: str) -> bool:
    """A character that belongs to no script of its own: it takes its neighbour's font."""
    cat = unicodedata.category(c)
    return cat[0] != "L" or c == "\u0640"  # (tatweel is a letter, Lm, of no script's own)


def lay(pieces: list[Piece], rtl: bool, families: tuple[Family, ...], replacement: str,
        language: str | None = None) -> Laid:
    """Levels, runs, shaped glyphs and words of a paragraph (see the module's doc)."""
    if not rtl:
        found = _lay_simple(pieces, families)
        if found is not None:
            return found
    chars: list[str] = []
    styles: list[Style] = []
    spans: list[tuple[int, int, Style]] = []  # (start, end, style) of each piece's text
    anchors: list[tuple[int, str]] = []
    for p in pieces:
        if p.anchor is not None:
            anchors.append((len(chars), p.anchor))
        elif p.hard_break:
            spans.append((len(chars), len(chars) + 1, p.style))
            chars.append(HARD_BREAK)
            styles.append(p.style)
        else:
            spans.append((len(chars), len(chars) + len(p.text), p.style))
            chars.extend(p.text)
            styles.extend([p.style] * len(p.text))
    own = _faces(chars, styles, spans, families, replacement)
    faces = own if own is not None else [st.font for st in styles]
    text = "".join(chars)
    levels = _levels(text, spans, rtl)
    ot = shaping.ot_language(language) if language else None
    if ot is not None and not _ARABIC.search(text):
        ot = None  # (no Arabic letter: no run is shaped with the language)
    cuts = _cuts(levels, own, spans)
    words: list[Word] = []
    i, n, c = 0, len(text), 0
    word = _WORD.match
    files: dict[str, str] = {}
    while i < n:
        m = word(text, i)
        assert m is not None  # (the pattern matches at every position: each part may be empty)
        end, j, stop = m.end(1), m.end(2), m.end()
        runs = []
        a = i
        while a < j:
            while cuts[c] <= a:
                c += 1
            b = cuts[c] if cuts[c] < j else j
            face = faces[a]
            path = files.get(face)
            if path is None:
                path = files[face] = fonts.file_of(face)
            lang = ot if ot is not None and _ARABIC.search(text, a, b) else None
            level = levels[a]
            shape = _shape(text[i:j], a - i, b - i, end - i, path, level % 2 == 1, lang, face)
            runs.append(Run(a, b, level, face, styles[a], shape, i))
            a = b
        if len(runs) == 1:  # (one run: the sums below, of one term or none)
            r = runs[0]
            k = r.style.size / 1000
            full = r.shape.body_total * k if end > i else 0
            space = r.shape.space_total * k if j > end else 0
        else:
            full = sum(r.shape.body_total * (r.style.size / 1000) for r in runs if r.start < end)
            space = sum(r.shape.space_total * (r.style.size / 1000) for r in runs if r.end > end)
        words.append(Word(i, end, stop, runs, stop > j, full, space, j > end and text[end] == SHY))
        i = stop
    marked = _HARAKAT.search(text) is not None
    simple = not rtl and not any(levels) and not shaping.COMPLEX.search(text)
    return Laid(text, rtl, levels, words, anchors, marked, simple)


def _lay_simple(pieces: list[Piece], families: tuple[Family, ...]) -> Laid | None:
    """`lay` for the common case, in a fraction of its time: left to right, with no character that is
    right to left, needs shaping (`shaping.COMPLEX`) or another family than its piece's. None otherwise."""
    texts = [p.text for p in pieces]
    text = "".join(texts)
    if shaping.COMPLEX.search(text):  # (right to left, or to shape)
        return None
    owns = {p.style.font for p in pieces if p.text}
    for face in owns:
        drawn = _drawn_by(families, fonts.family_of(face))
        if drawn is None or not drawn.issuperset(text):
            return None
    anchors: list[tuple[int, str]] = []
    spans: list[tuple[int, Style]] = []  # where each piece's text starts, and its style
    at = 0
    for p, t in zip(pieces, texts, strict=True):
        if p.anchor is not None:
            anchors.append((at, p.anchor))
        elif p.hard_break:
            spans.append((at, p.style))
            at += 1
        elif t:
            if not spans or spans[-1][1] != p.style:
                spans.append((at, p.style))
            at += len(t)
    if HARD_BREAK in text or any(p.hard_break for p in pieces):
        text = "".join(HARD_BREAK if p.hard_break else t for p, t in zip(pieces, texts, strict=True))
    n = len(text)
    starts = [a for a, _ in spans] + [n]
    words: list[Word] = []
    k = 0  # the span the word starts in
    for m in _WORD.finditer(text):
        i, stop = m.span()
        if i == stop:
            if i == n:
                break
            continue
        end, j = m.end(1), m.end(2)
        while starts[k + 1] <= i:
            k += 1
        word = text[i:j]
        if starts[k + 1] >= j:  # (one style: one run)
            st = spans[k][1]
            shape = _simple_shape(word, 0, j - i, end - i, st.font)
            runs = [Run(i, j, 0, st.font, st, shape, i)]
            size = st.size / 1000
            full, space = shape.body_total * size, shape.space_total * size
        else:
            runs = []
            a, q = i, k
            while a < j:
                b = min(starts[q + 1], j)
                st = spans[q][1]
                runs.append(Run(a, b, 0, st.font, st, _simple_shape(word, a - i, b - i, end - i, st.font), i))
                a, q = b, q + 1
            full = sum(r.shape.body_total * (r.style.size / 1000) for r in runs if r.start < end)
            space = sum(r.shape.space_total * (r.style.size / 1000) for r in runs if r.end > end)
        words.append(Word(i, end, stop, runs, stop > j, full, space, j > end and text[end] == SHY))
    return Laid(text, False, [0] * n, words, anchors, False, True, any(st.href for _, st in spans))


@lru_cache(maxsize=20_000)
def _simple_shape(word: str, start: int, end: int, body_end: int, face: str) -> Shape:
    if start == 0 and end == len(word):
        return Shape.simple(word, body_end, face)
    return Shape(shaping.simple(word, start, end, face), body_end)


# A word: what is not a space (nor a hard break, nor a soft hyphen), its trailing spaces or soft hyphen, and
# the hard break that may follow.
_WORD = re.compile(f"([^{_SPACES}{HARD_BREAK}{SHY}]*)({SHY}|[{_SPACES}]*){HARD_BREAK}?")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufeff]")
_SAME = re.compile(rb"(.)\1*", re.DOTALL)  # a stretch of one level (a byte each)
# Arabic vowel marks (harakat; the ezafe hamza is not one)
_HARAKAT = re.compile("[\u064b-\u0653\u0657-\u065f\u0670]")


def _cuts(levels: list[int], faces: list[str] | None, spans: list[tuple[int, int, Style]]) -> list[int]:
    """Where a run must end (its level, face or style changes), in order, then the paragraph's end, twice.
    No `faces`: each piece's characters are drawn in its own face (a face changes only with the style)."""
    found = {m.end() for m in _SAME.finditer(bytes(levels))} if max(levels, default=0) < 256 else set(
        accumulate(len(list(g)) for _, g in groupby(levels)))
    if faces is not None:
        found.update(accumulate(len(list(g)) for _, g in groupby(faces)))
    last: Style | None = None
    for a, b, st in spans:  # (the style changes only where a piece begins)
        if a < b:
            if last is not None and st is not last and st != last:
                found.add(a)
            last = st
    n = len(levels)
    return sorted(found) + [n, n]


@lru_cache(maxsize=20_000)
def _shape(word: str, start: int, end: int, body_end: int, path: str, rtl: bool, language: str | None,
           face: str) -> Shape:
    if not rtl and not shaping.COMPLEX.search(word, start, end):
        return Shape(shaping.simple(word, start, end, face), body_end)
    return Shape(shaping.shape(word, start, end, path, rtl, language), body_end)


def _levels(text: str, spans: list[tuple[int, int, Style]], rtl: bool) -> list[int]:
    """The bidi levels of the paragraph, each link to a URL an isolate (FSI ... PDI): a URL's slashes and
    dots never join the text around it, nor move out of it ("https://a.org/" stays whole)."""
    if not any(_url(st) for _, _, st in spans):
        return bidiorder.levels(text, rtl)
    parts = [(text[a:b], _url(st)) for a, b, st in spans]
    if any(url and HARD_BREAK in t for t, url in parts):  # (a line feed is never in an isolate: one by one)
        parts = [(c, url) for t, url in parts for c in t]
    marked: list[str] = []
    keep: list[bool] = []
    href = None
    for t, url in parts:
        url = url if t != HARD_BREAK else None
        if url != href:
            if href is not None:
                marked.append("\u2069")
                keep.append(False)
            if url is not None:
                marked.append("\u2068")
                keep.append(False)
            href = url
        marked.append(t)
        keep.extend([True] * len(t))
    if href is not None:
        marked.append("\u2069")
        keep.append(False)
    lv = bidiorder.levels("".join(marked), rtl)
    return [v for v, k in zip(lv, keep, strict=True) if k]


def _url(st: Style) -> str | None:
    return st.href if st.href and not st.href.startswith("#") else None


def _faces(chars: list[str], styles: list[Style], spans: list[tuple[int, int, Style]], families: tuple[Family, ...],
           replacement: str) -> list[str] | None:
    """The face of each character (see the module's doc, step 2); characters no family covers become
    the replacement mark (or, if they draw nothing, stay with their neighbour). None if each character is
    drawn in its own piece's face."""
    owns = {fonts.family_of(st.font) for _, _, st in spans}
    if len(owns) == 1:  # one family, which draws every character: each is drawn in its own piece's face
        (own,) = owns
        drawn = _drawn_by(families, own)
        if drawn is not None and drawn.issuperset(chars):
            return None
    covers = {f.name: f.covers for f in families}
    registers = {f.name: f.register for f in families}
    ready: set[str] = set()
    empty: frozenset[int] = frozenset()
    out: list[str] = []
    prev_family: str | None = None
    last: Style | None = None
    own, bold, italic = "", False, False
    for k, c in enumerate(chars):
        st = styles[k]
        if st is not last:
            own, (bold, italic), last = fonts.family_of(st.font), fonts.weight(st.font), st
        cp = ord(c)
        fam: str | None
        if prev_family is not None and cp in covers.get(prev_family, empty) and _common(c):
            fam = prev_family
        elif cp in covers.get(own, empty):
            fam = own
        else:
            fam = next((f.name for f in families if cp in f.covers), None)
        if fam is None:
            if c == HARD_BREAK or unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp"):
                fam = prev_family or own
            else:
                chars[k] = replacement
                fam = own
        if fam != own and fam not in ready:
            ready.add(fam)
            up = registers.get(fam)
            if up is not None:
                up()
        out.append(st.font if fam == own else fonts.face_of(fam, bold, italic))
        prev_family = fam
    return out


@lru_cache(maxsize=64)
def _drawn_by(families: tuple[Family, ...], name: str) -> frozenset[str] | None:
    """The characters a family draws (and the hard break when no family has it: it stays with its neighbour),
    if it is one of `families`."""
    fam = next((f for f in families if f.name == name), None)
    if fam is None:
        return None
    alone = not any(ord(HARD_BREAK) in f.covers for f in families)
    return frozenset(map(chr, fam.covers)) | ({HARD_BREAK} if alone else set())


@lru_cache(maxsize=4096)
def _common(c: str) -> bool:
    return is_common(c)


# -- breaking --------------------------------------------------------------------------------------------

def _break(laid: Laid, width: float, first: float, start: int, urls: bool = False) -> list[Line]:
    lines: list[Line] = []
    cur: list[tuple[Word, int, int]] = []  # (word, from, to) on the current line
    used = 0.0
    avail = first

    def close(stop: int) -> None:
        nonlocal cur, used, avail
        start = cur[0][1] if cur else stop
        end = cur[-1][2] if cur else stop
        if laid.simple:  # (its width known: the runs are made when it is drawn)
            last = cur[-1] if cur else None
            hyphen = last[0].space if last and last[0].shy and last[2] == last[0].end and stop < len(
                laid.text) else 0.0
            line = Line(start, end, stop, used + hyphen)
            line._parts, line._laid = cur, laid
            lines.append(line)
        else:
            lines.append(_line(laid, start, end, stop, cur))
        cur, used, avail = [], 0.0, width

    for w in laid.words:
        if w.stop <= start and w.stop < len(laid.text):
            continue
        a = max(w.start, min(start, w.end))
        while True:
            need = w.full if a == w.start else w.width(a, w.end)
            gap = _gap(*cur[-1]) if cur else 0.0  # the spaces before it
            hyphen = w.space if w.shy else 0.0  # (room for the hyphen, should the line break there)
            if not cur or used + gap + need + hyphen <= avail + 1e-6:
                if not cur and need + hyphen > avail + 1e-6 and w.end > a:  # wider than a line: cut it
                    cut = _cut(laid.text, w, a, avail)
                    if cut < w.end:
                        used = w.width(a, cut)
                        cur.append((w, a, cut))
                        close(cut)
                        a = cut
                        continue
                used += gap + need
                cur.append((w, a, w.end))
                break
            if urls and _is_url(laid.text, w, a):
                head = _slash(laid.text, w, a, avail - used - gap)
                if head is not None:  # (the URL's head fills the line; the rest starts the next)
                    used += gap + w.width(a, head)
                    cur.append((w, a, head))
                    close(head)
                    a = head
                    continue
            close(a)
        if w.hard:
            close(w.stop)
    if cur or (not lines and start < len(laid.text)):  # (no text: no line, as ReportLab's paragraphs)
        close(len(laid.text))
    # each line but the last stops where the next starts
    for k in range(len(lines) - 1):
        lines[k].stop = lines[k + 1].start
    return lines


def _gap(w: Word, a: int, b: int) -> float:
    """The width of what follows a word's piece `a`..`b` on a line up to the word's stop (its spaces; a soft
    hyphen inside a line is not drawn)."""
    if w.shy:
        return 0.0
    return w.space if b == w.end else w.width(b, w.stop)


_URL = re.compile(r"https?://", re.IGNORECASE)


def _is_url(text: str, w: Word, a: int) -> bool:
    """Whether the word from `a` on is (part of) a URL: it links to one, or reads as one."""
    return any(_url(r.style) for r in w.runs if r.end > a) or _URL.match(text, w.start) is not None


def _slash(text: str, w: Word, a: int, room: float) -> int | None:
    """Where to break the word from `a` so that its head, ending at a slash, takes at most `room`."""
    at, _ = w.sums()
    scheme = text.find("://", a, w.end)
    least = scheme + 3 if scheme >= 0 else a  # (never inside "https://")
    end = min(_fits(w, a, room), w.end - 1)
    for k in range(bisect_right(at, end) - 1, bisect_right(at, least) - 1, -1):
        if text[at[k] - 1] == "/" and _cuttable(text, at[k]):
            return at[k]
    return None


def _fits(w: Word, a: int, room: float) -> int:
    """The end of the longest piece of the word from `a` (at a cluster's start, or its end) that takes at
    most `room`."""
    at, cum = w.sums()
    i = bisect_left(at, a)
    # (the clusters before at[k] fit; none when the room is less than nothing, as when a line's last space
    # overfills it: at[k - 1] would wrap to the word's last cluster)
    k = max(i, bisect_right(cum, cum[i] + room + 1e-6) - 1)
    return at[k] if k < len(at) else w.stop


def _cut(text: str, w: Word, a: int, avail: float) -> int:
    """Where to cut a word wider than a line that starts at `a`: after its last slash that fits; else next to
    its last no-break space that fits (after it, or before it if only that fits: a joined date or number
    gives way between its words, not inside one); else at the last cluster boundary that fits and is not
    next to a joiner; else at the last that fits, after a ZWNJ or ZWJ rather than before it (no line is
    wider than its width). At least one cluster, never before a mark."""
    at, _ = w.sums()
    lo = bisect_right(at, a)  # the first boundary after `a`
    hi = bisect_left(at, min(_fits(w, a, avail), w.end) + 1)  # past the last one that fits
    hi = min(hi, bisect_left(at, w.end))
    fits = [at[k] for k in range(hi - 1, lo - 1, -1) if _cuttable(text, at[k])]  # (the line's worth, backwards)
    slash = next((b for b in fits if text[b - 1] == "/"), None)
    if slash is not None:
        return slash
    for k in range(hi - 1, lo - 1, -1):  # words joined by no-break spaces: between them, not inside one
        b = at[k]
        if (text[b - 1] in _NO_BREAK_SPACES or text[b] in _NO_BREAK_SPACES) and not unicodedata.combining(text[b]):
            return b
    if fits:
        return fits[0]
    # Only next to a joiner: the last place that fits; not one cluster fits: the first one alone. A joiner
    # that draws nothing ends the line rather than starts the next one.
    for places in (range(hi - 1, lo - 1, -1), range(lo, bisect_left(at, w.end))):
        for strict in (True, False):
            for k in places:
                if not unicodedata.combining(text[at[k]]) and not (strict and text[at[k]] in _ZERO_WIDTH):
                    return at[k]
    return w.end


def _CLUSTER(g: Shaped) -> int:  # noqa: N802 -- (a key, named as a constant)
    return g.cluster


def _cuttable(text: str, b: int) -> bool:
    """Whether a word may be cut before `b` (never next to a joiner or no-break space, nor before a mark)."""
    return text[b - 1] not in _JOINERS and text[b] not in _JOINERS and not unicodedata.combining(text[b])


def simple_parts(line: Line) -> list[tuple[Run, str | None, int, int, float]] | None:
    """The runs of a line of a left-to-right paragraph with nothing to shape (`Laid.simple`) whose runs
    are not made yet, in order, each with the part of its shape drawn (as `Drawn.part`), the range of the
    text it draws (a glyph a character) and its advance (thousandths of an em): what drawing it takes,
    without `Drawn`s or glyphs. None for any other line."""
    parts = line._parts
    if parts is None:
        return None
    laid = line._laid
    assert laid is not None
    out: list[tuple[Run, str | None, int, int, float]] = []
    for r, lo, hi in _pieces(laid, line.stop, parts):
        sh = r.shape
        if lo == r.start and hi == r.end:
            out.append((r, "all", lo, hi, sh.total))
        elif lo == r.start and hi == r.base + sh.body_end:
            out.append((r, "body", lo, hi, sh.body_total))
        else:
            out.append((r, None, lo, hi, _glyphs(r, lo, hi)[3]))
    return out


def _pieces(laid: Laid, stop: int, parts: list[tuple[Word, int, int]]) -> list[tuple[Run, int, int]]:
    """The runs of a line's words in logical order, each with the range of it drawn: the spaces between
    words are drawn, not the last ones; a soft hyphen only at the line's end."""
    out: list[tuple[Run, int, int]] = []
    last = len(parts) - 1
    for k, (w, a, b) in enumerate(parts):
        if w.shy:
            to = (w.stop if b == w.end and stop < len(laid.text) else b) if k == last else w.end
        else:
            to = b if k == last else w.stop
        for r in w.runs:
            lo, hi = max(a, r.start), min(to, r.end)
            if lo < hi:
                out.append((r, lo, hi))
    return out


def _glyphs(r: Run, lo: int, hi: int) -> tuple[Run, str | None, tuple[Shaped, ...] | list[Shaped], float]:
    """The glyphs of run `r` drawn for its range `lo`..`hi`, which part of its shape they are (see `Drawn`)
    and their advance (thousandths of an em)."""
    sh = r.shape
    if lo == r.start and hi == r.end:
        return r, "all", sh.glyphs, sh.total
    if lo == r.start and hi == r.base + sh.body_end:
        return r, "body", sh.body, sh.body_total
    a, b = lo - r.base, hi - r.base
    gl = sh.glyphs
    if not r.level % 2:  # (left to right, HarfBuzz's clusters ascend: a cut word's piece by bisection)
        gs = list(gl[bisect_left(gl, a, key=_CLUSTER):bisect_left(gl, b, key=_CLUSTER)])
    else:
        gs = [g for g in gl if a <= g.cluster < b]
    return r, None, gs, sum(g.advance for g in gs)


def _line(laid: Laid, start: int, end: int, stop: int, parts: list[tuple[Word, int, int]]) -> Line:
    """A line: its runs in visual order (L2) with their x; trailing spaces (L1) not drawn."""
    pieces = _pieces(laid, stop, parts)
    order = bidiorder.visual_order([r.level for r, _, _ in pieces])
    line = Line(start, end, stop, 0.0)
    x = 0.0
    for i in order:
        r, part, gs, adv = _glyphs(*pieces[i])
        wdt = adv * r.style.size / 1000
        line.drawn.append(Drawn(x, wdt, r, gs, part))
        x += wdt
    line.width = x
    return line
