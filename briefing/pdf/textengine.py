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

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from . import bidiorder, fonts, shaping
from .shaping import Shaped

HARD_BREAK = "\n"
# Where a line may break: after these (a run of them). No-break spaces (U+00A0, U+2007, U+202F) never break.
_SPACES = frozenset(" \u200b")
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


@dataclass(slots=True)
class Run:
    """A shaped piece of a word: one face, size, level, style; its glyphs in visual order."""

    start: int
    end: int
    level: int
    face: str
    style: Style
    glyphs: tuple[shaping.Shaped, ...]

    def advance(self, start: int, end: int) -> float:
        """Width in points of the glyphs of clusters in [start, end)."""
        k = self.style.size / 1000
        return sum(g.advance for g in self.glyphs if start <= g.cluster < end) * k


@dataclass(slots=True)
class Word:
    """Characters between two break opportunities: its runs; `end` before the trailing spaces."""

    start: int
    end: int
    stop: int  # after the trailing spaces (and a hard break)
    runs: list[Run]
    hard: bool  # a hard line break follows

    def width(self, start: int | None = None, end: int | None = None) -> float:
        a = self.start if start is None else start
        b = self.end if end is None else end
        return sum(r.advance(a, b) for r in self.runs if r.start < b and r.end > a)


@dataclass(slots=True)
class Drawn:
    """Glyphs of one run on a line, in visual order, and where the first begins (x from the line's left)."""

    x: float
    width: float
    run: Run
    glyphs: list[shaping.Shaped]


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
    anchors: list[tuple[int, str]] = []
    for p in pieces:
        if p.anchor is not None:
            anchors.append((len(chars), p.anchor))
        elif p.hard_break:
            chars.append(HARD_BREAK)
            styles.append(p.style)
        else:
            chars.extend(p.text)
            styles.extend([p.style] * len(p.text))
    faces = _faces(chars, styles, families, replacement)
    text = "".join(chars)
    levels = _levels(text, styles, rtl)
    ot = shaping.ot_language(language) if language else None
    words: list[Word] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == HARD_BREAK:
            words.append(Word(i, i, i + 1, [], True))
            i += 1
            continue
        j = i
        while j < n and text[j] not in _SPACES and text[j] != HARD_BREAK:
            j += 1
        end = j
        while j < n and text[j] in _SPACES:
            j += 1
        stop, hard = j, False
        if j < n and text[j] == HARD_BREAK:
            stop, hard = j + 1, True
        runs = []
        a = i
        while a < j:
            b = a + 1
            while b < j and levels[b] == levels[a] and faces[b] == faces[a] and styles[b] == styles[a]:
                b += 1
            face = faces[a]
            rtl_run = levels[a] % 2 == 1
            lang = ot if _arabic_script(text, a, b) else None
            glyphs = shaping.shape(text[i:j], a - i, b - i, fonts.file_of(face), rtl_run, lang)
            runs.append(Run(a, b, levels[a], face, styles[a],
                            tuple([Shaped(g[0], g[1] + i, g[2], g[3], g[4]) for g in glyphs])))
            a = b
        words.append(Word(i, end, stop, runs, hard))
        i = stop
    marked = any("\u064b" <= c <= "\u0653" or "\u0657" <= c <= "\u065f" or c == "\u0670" for c in set(text))
    return Laid(text, rtl, levels, words, anchors, marked)


def _levels(text: str, styles: list[Style], rtl: bool) -> list[int]:
    """The bidi levels of the paragraph, each link to a URL an isolate (FSI ... PDI): a URL's slashes and
    dots never join the text around it, nor move out of it ("https://a.org/" stays whole)."""
    marked: list[str] = []
    keep: list[bool] = []
    href = None
    for c, st in zip(text, styles, strict=True):
        url = st.href if st.href and not st.href.startswith("#") and c != HARD_BREAK else None
        if url != href:
            if href is not None:
                marked.append("\u2069")
                keep.append(False)
            if url is not None:
                marked.append("\u2068")
                keep.append(False)
            href = url
        marked.append(c)
        keep.append(True)
    if href is not None:
        marked.append("\u2069")
        keep.append(False)
    if len(marked) == len(text):
        return bidiorder.levels(text, rtl)
    lv = bidiorder.levels("".join(marked), rtl)
    return [v for v, k in zip(lv, keep, strict=True) if k]


def _arabic_script(text: str, a: int, b: int) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\u08a0" <= c <= "\u08ff"
               or "\ufb50" <= c <= "\ufeff" for c in text[a:b])


def _faces(chars: list[str], styles: list[Style], families: tuple[Family, ...], replacement: str) -> list[str]:
    """The face of each character (see the module's doc, step 2); characters no family covers become
    the replacement mark (or, if they draw nothing, stay with their neighbour)."""
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
            need = w.width(a, w.end)
            gap = (cur[-1][0].width(cur[-1][2], cur[-1][0].stop) if cur else 0.0)  # the spaces before it
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
        gs = [g for g in r.glyphs if lo <= g.cluster < hi]
        wdt = sum(g.advance for g in gs) * r.style.size / 1000
        line.drawn.append(Drawn(x, wdt, r, gs))
        x += wdt
    line.width = x
    return line
