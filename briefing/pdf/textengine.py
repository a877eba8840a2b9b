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
   else between clusters.
5. Per line: trailing spaces are not drawn (L1), runs are reordered (L2, `bidiorder.visual_order`);
   brackets at odd levels are mirrored by HarfBuzz. L3 is not applied.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, groupby

from . import bidiorder, fonts, shaping
from .shaping import Shaped

HARD_BREAK = "\n"
# Where a line may break: after these (a run of them). No-break spaces (U+00A0, U+2007, U+202F) never break.
_SPACES = " \u200b"
# Characters a line is never broken next to (a cut word keeps them with both neighbours).
_JOINERS = frozenset("\u200c\u200d\u2060\u00a0\u2007\u202f")


@dataclass(frozen=True, slots=True)
class Style:
    """How a piece of text is drawn."""

    font: str  # registered face name (its weight and slant; the family the layout chose)
    size: float
    rise: float = 0.0
    color: object = None
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of the paragraph: text in one style; or an anchor (`name`); or a hard line break."""

    text: str
    style: Style
    anchor: str | None = None
    hard_break: bool = False


@dataclass(frozen=True, slots=True)
class Family:
    """A font family the engine may draw with, and the code points its regular face covers."""

    name: str
    covers: frozenset[int]


class Shape:
    """The glyphs of a run of a word, shaped (shared by every occurrence of the word: see `_shape`): its glyphs
    in visual order with clusters counted from the word's start, and their advances summed (thousandths of
    an em): all of them, those before the word's trailing spaces (`body`) and those of the spaces."""

    __slots__ = ("glyphs", "body_end", "body", "total", "body_total", "space_total", "drawn")

    def __init__(self, glyphs: tuple[Shaped, ...], body_end: int):
        self.glyphs, self.body_end = glyphs, body_end
        self.total: float = sum(g.advance for g in glyphs)
        self.body_total: float
        self.space_total: float
        if all(g.cluster < body_end for g in glyphs):  # (no trailing space)
            self.body, self.body_total, self.space_total = glyphs, self.total, 0.0
        else:
            body = tuple(g for g in glyphs if g.cluster < body_end)
            self.body = body
            self.body_total = sum(g.advance for g in body)
            self.space_total = sum(g.advance for g in glyphs if g.cluster >= body_end)
        self.drawn: dict = {}  # (the drawing's own memo: `textpara._draw_line`)


@dataclass(slots=True)
class Run:
    """A shaped piece of a word: one face, size, level, style; its glyphs in visual order."""

    start: int
    end: int
    level: int
    face: str
    style: Style
    shape: Shape
    base: int  # where its word starts: the shape's clusters count from there

    @property
    def glyphs(self) -> tuple[Shaped, ...]:
        """Its glyphs, each cluster an index into the paragraph's text."""
        return tuple(g._replace(cluster=g.cluster + self.base) for g in self.shape.glyphs)

    def advance(self, start: int, end: int) -> float:
        """Width in points of the glyphs of clusters in [start, end)."""
        k = self.style.size / 1000
        lo, hi = start - self.base, end - self.base
        return sum(g.advance for g in self.shape.glyphs if lo <= g.cluster < hi) * k


@dataclass(slots=True)
class Word:
    """Characters between two break opportunities: its runs; `end` before the trailing spaces."""

    start: int
    end: int
    stop: int  # after the trailing spaces (and a hard break)
    runs: list[Run]
    hard: bool  # a hard line break follows
    full: float = 0.0  # width()
    space: float = 0.0  # width(end, stop): its trailing spaces

    def width(self, start: int | None = None, end: int | None = None) -> float:
        a = self.start if start is None else start
        b = self.end if end is None else end
        return sum(r.advance(a, b) for r in self.runs if r.start < b and r.end > a)


@dataclass(slots=True)
class Drawn:
    """Glyphs of one run on a line, in visual order, and where the first begins (x from the line's left).

    `shaped` are the glyphs with clusters counted from the run's `base`: the shape's own `glyphs` or
    `body` when the run is drawn whole or without its trailing spaces (`part` says which), else a list."""

    x: float
    width: float
    run: Run
    shaped: tuple[Shaped, ...] | list[Shaped]
    part: str | None = None

    @property
    def glyphs(self) -> list[Shaped]:
        """The glyphs, each cluster an index into the paragraph's text."""
        b = self.run.base
        return [g._replace(cluster=g.cluster + b) for g in self.shaped]


@dataclass(slots=True)
class Line:
    start: int  # logical range of what is drawn
    end: int
    stop: int  # where the next line starts
    width: float
    drawn: list[Drawn] = field(default_factory=list)  # visual order, left to right


@dataclass(slots=True)
class Laid:
    """A paragraph prepared for breaking: text, levels, words; anchors by position."""

    text: str
    rtl: bool
    levels: list[int]
    words: list[Word]
    anchors: list[tuple[int, str]]
    marked: bool = False  # whether it has Arabic vowel marks (harakat; the ezafe hamza is not one)

    def lines(self, width: float, first: float | None = None, start: int = 0) -> list[Line]:
        """The paragraph from `start` on broken into lines `width` wide (the first `first` wide, if given)."""
        return _break(self, width, width if first is None else first, start)


def is_common(c: str) -> bool:
    """A character that belongs to no script of its own: it takes its neighbour's font."""
    cat = unicodedata.category(c)
    return cat[0] != "L" or c == "\u0640"  # (tatweel is a letter, Lm, of no script's own)


def lay(pieces: list[Piece], rtl: bool, families: tuple[Family, ...], replacement: str,
        language: str | None = None) -> Laid:
    """Levels, runs, shaped glyphs and words of a paragraph (see the module's doc)."""
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
            shape = _shape(text[i:j], a - i, b - i, end - i, path, level % 2 == 1, lang)
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
        words.append(Word(i, end, stop, runs, stop > j, full, space))
        i = stop
    marked = _HARAKAT.search(text) is not None
    return Laid(text, rtl, levels, words, anchors, marked)


# A word: what is not a space (nor a hard break), its trailing spaces, and the hard break that may follow.
_WORD = re.compile(f"([^{_SPACES}{HARD_BREAK}]*)([{_SPACES}]*){HARD_BREAK}?")
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
def _shape(word: str, start: int, end: int, body_end: int, path: str, rtl: bool, language: str | None) -> Shape:
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

def _break(laid: Laid, width: float, first: float, start: int) -> list[Line]:
    lines: list[Line] = []
    cur: list[tuple[Word, int, int]] = []  # (word, from, to) on the current line
    used = 0.0
    avail = first

    def close(stop: int) -> None:
        nonlocal cur, used, avail
        start = cur[0][1] if cur else stop
        end = cur[-1][2] if cur else stop
        lines.append(_line(laid, start, end, stop, [(w, a, b) for w, a, b in cur]))
        cur, used, avail = [], 0.0, width

    for w in laid.words:
        if w.stop <= start and w.stop < len(laid.text):
            continue
        a = max(w.start, min(start, w.end))
        while True:
            need = w.full if a == w.start else w.width(a, w.end)
            gap = _gap(*cur[-1]) if cur else 0.0  # the spaces before it
            if not cur or used + gap + need <= avail + 1e-6:
                if not cur and need > avail + 1e-6 and w.end > a:  # wider than a line: cut it
                    cut = _cut(laid.text, w, a, avail)
                    if cut < w.end:
                        cur.append((w, a, cut))
                        close(cut)
                        a = cut
                        continue
                used += gap + need
                cur.append((w, a, w.end))
                break
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
    """The width of what follows a word's piece `a`..`b` on a line up to the word's stop (its spaces)."""
    return w.space if b == w.end else w.width(b, w.stop)


def _cut(text: str, w: Word, a: int, avail: float) -> int:
    """Where to cut a word wider than a line that starts at `a`: after its last slash that fits, else at the
    last cluster boundary that fits (never next to a joiner or no-break space); at least one cluster."""
    bounds = sorted({g.cluster for r in w.runs for g in r.glyphs if a < g.cluster < w.end})
    bounds = [b for b in bounds if text[b - 1] not in _JOINERS and text[b] not in _JOINERS
              and not unicodedata.combining(text[b])] or bounds
    fits = [b for b in bounds if w.width(a, b) <= avail + 1e-6]
    if not fits:
        return bounds[0] if bounds else w.end
    slash = [b for b in fits if text[b - 1] == "/"]
    return (slash or fits)[-1]


def _line(laid: Laid, start: int, end: int, stop: int, parts: list[tuple[Word, int, int]]) -> Line:
    """A line: its runs in visual order (L2) with their x; trailing spaces (L1) not drawn."""
    pieces: list[tuple[Run, int, int]] = []
    for k, (w, a, b) in enumerate(parts):
        to = b if k == len(parts) - 1 else w.stop  # the spaces between words are drawn, not the last ones
        for r in w.runs:
            lo, hi = max(a, r.start), min(to, r.end)
            if lo < hi:
                pieces.append((r, lo, hi))
    order = bidiorder.visual_order([r.level for r, _, _ in pieces])
    line = Line(start, end, stop, 0.0)
    x = 0.0
    for i in order:
        r, lo, hi = pieces[i]
        sh = r.shape
        part: str | None
        gs: tuple[Shaped, ...] | list[Shaped]
        if lo == r.start and hi == r.end:
            gs, adv, part = sh.glyphs, sh.total, "all"
        elif lo == r.start and hi == r.base + sh.body_end:
            gs, adv, part = sh.body, sh.body_total, "body"
        else:
            a, b = lo - r.base, hi - r.base
            gs = [g for g in sh.glyphs if a <= g.cluster < b]
            adv, part = sum(g.advance for g in gs), None
        wdt = adv * r.style.size / 1000
        line.drawn.append(Drawn(x, wdt, r, gs, part))
        x += wdt
    line.width = x
    return line
