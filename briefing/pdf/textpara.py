"""The paragraph flowable every paragraph is: set by the text engine, left to right or right to left.

In: the paragraph's pieces (`textengine.Piece`), its style (a ReportLab `ParagraphStyle`: indents,
leading, alignment, spacing, bullet font and anchor), its base direction, the style's families and the
document's language. Out: `TextPara`, a flowable with ReportLab's public flowable API (`wrap`, `split`,
`draw`), which the tagger treats as a paragraph (`text_paragraph`: its bullet is the label, its text the
body).

Drawing: each line's glyphs are written by glyph id: a glyph is named by a character of its own cluster
when the font maps that character to it (the PDF's ToUnicode then gives the letter), else by another
character the font maps to it, else by a Private Use code point given to it in the font (as ReportLab's
own shaping does), so Pashto's joined forms print. HarfBuzz's advances and offsets are written as `TJ`
adjustments and text rise. A shaped or reordered line is marked content with its logical text as
`/ActualText` (one string a glyph: pdfium reads it so), so text extraction and screen readers get the
text as typed, whatever order and glyphs are drawn; a line of a paragraph with nothing to shape, whose
glyphs are its characters in order, is one `TJ` array of merged strings (`_draw_simple`). Each line ends
with `T*`. Right-to-left paragraphs are flush right: "start" is the right edge (indents, bullet and
alignment mirror).
"""

from __future__ import annotations

import unicodedata
import weakref
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from . import bidiorder, fonts, shaping, strings
from .shaping import SHY
from .tagging import inherit, marked
from .textengine import Drawn, Family, Laid, Line, Piece, Run, lay, simple_parts


class TextPara(Flowable):
    """A paragraph laid out by the text engine (see the module's doc)."""

    text_paragraph = True  # (the tagger: a paragraph, with a bullet as its label)
    outline: tuple[str, int] | None = None  # (title, level): a heading that is an outline entry

    def __init__(self, laid: Laid, style: ParagraphStyle, bulletText: str | None = None, start: int = 0,
                 first: bool = True, last: bool = True):
        super().__init__()
        self.laid, self.style, self.bulletText = laid, style, bulletText
        self._start, self._first, self._last = start, first, last
        self._lines: list[Line] = []
        self._wrapped_at: float | None = None

    @classmethod
    def of(cls, pieces: list[Piece], style: ParagraphStyle, rtl: bool, families: tuple[Family, ...],
           replacement: str, language: str | None, bulletText: str | None = None) -> TextPara:
        return cls(_laid(tuple(pieces), rtl, families, replacement, language), style, bulletText)

    # -- measuring -----------------------------------------------------------------------------------
    @property
    def rtl(self) -> bool:
        return self.laid.rtl

    @property
    def leading(self) -> float:
        """The style's leading; at least 1.6 times the size for text with Arabic vowel marks (harakat), whose
        marks above and below a line would otherwise touch the next line's (Noto Sans Arabic is 2.11 em
        from ascender to descender, with no line gap)."""
        st = self.style
        return max(st.leading, 1.6 * st.fontSize) if self.laid.marked else st.leading

    def _avail(self, width: float) -> tuple[float, float]:
        st = self.style
        inner = width - st.leftIndent - st.rightIndent
        return inner, inner - (st.firstLineIndent + self._overrun() if self._first else 0)

    def _overrun(self) -> float:
        """How far the bullet reaches past the first line's start indent, with the 0.6 em ReportLab leaves
        after a bullet: the first line begins that much further in (as a paragraph's does)."""
        if not (self.bulletText and self._first):
            return 0.0
        st = self.style
        w = pdfmetrics.stringWidth(_visual_bullet(self.bulletText, self.rtl), self.bullet_font, st.bulletFontSize)
        start = (st.rightIndent if getattr(st, "rtl", False) else st.leftIndent) + st.firstLineIndent
        return max(0.0, self._bullet_from(w) + w + 0.6 * st.bulletFontSize - start)

    def _bullet_from(self, w: float) -> float:
        """Where a bullet `w` wide begins, from the start edge: at the style's bullet indent, or ending there
        (`bulletAnchor="end"`: numbers right-aligned in their column, left-aligned right to left)."""
        st = self.style
        return st.bulletIndent - w if getattr(st, "bulletAnchor", "start") == "end" else st.bulletIndent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._wrapped_at:
            inner, first = self._avail(availWidth)
            self._lines = self.laid.lines(inner, first, self._start, bool(getattr(self.style, "uriWasteReduce", 0)))
            self._wrapped_at = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 -- ReportLab's name
        return self.style.spaceBefore if self._first else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 -- ReportLab's name
        return self.style.spaceAfter if self._last else 0.0

    def minWidth(self) -> float:  # noqa: N802 -- ReportLab's name
        st = self.style
        return max((w.width() for w in self.laid.words), default=0.0) + st.leftIndent + st.rightIndent

    def getPlainText(self) -> str:  # noqa: N802 -- ReportLab's name
        """The logical text of this part of the paragraph (what its lines' /ActualText say together)."""
        end = self._lines[-1].stop if self._lines and not self._last else len(self.laid.text)
        return self.laid.text[self._start:end].replace("\n", " ")

    def getActualLineWidths0(self) -> list[float]:  # noqa: N802 -- ReportLab's name
        return [ln.width for ln in self._lines]

    def line_count(self) -> int:
        return len(self._lines)

    @property
    def bullet_font(self) -> str:
        return bullet_font(self)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # As a paragraph does, split as last wrapped: a table splits a cell at the column's width, but
        # wraps its contents, and draws them, within the cell's padding.
        if self._wrapped_at is None:
            self.wrap(availWidth, availHeight)
        availWidth = self.width
        st = self.style
        n = len(self._lines)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit >= n:
            return [self]
        if n - fit == 1 and not getattr(st, "allowWidows", 1):
            fit -= 1
        if fit <= 0 or (fit == 1 and not getattr(st, "allowOrphans", 0)):
            return []
        head = TextPara(self.laid, st, self.bulletText, self._start, self._first, last=False)
        head._lines, head._wrapped_at = self._lines[:fit], availWidth
        tail = TextPara(self.laid, st, None, self._lines[fit].start, first=False, last=self._last)
        tail._lines, tail._wrapped_at = self._lines[fit:], availWidth
        for p in (head, tail):
            p.width, p.height = availWidth, len(p._lines) * self.leading
        head.outline = self.outline  # (an outline entry belongs where the paragraph begins)
        for p in (head, tail):  # (a tagged PDF: both parts are the content of the paragraph's element)
            inherit(p, self)
        return [head, tail]

    # -- drawing -------------------------------------------------------------------------------------
    def draw(self) -> None:
        canv, st = self.canv, self.style
        y = self.height - st.fontSize  # the first baseline, where ReportLab's Paragraph puts it
        inner, _ = self._avail(self.width)
        if self.bulletText and self._first:
            self._bullet(canv, y)
        # (no saveState of its own: a flowable is drawn by `drawOn`, inside one, so the colours and text
        # rise set here end with the paragraph)
        tx = canv.beginText(0, y)
        code = tx._code
        code.append(f"{fp_str(self.leading)} TL")  # (each line ends with T*, as ReportLab's do: text tools
        state = _State()  # read a line's end there)
        for k, line in enumerate(self._lines):
            x = self._line_x(line, k == 0 and self._first, inner)
            links: list | None = [] if self.laid.links else None
            if self.laid.simple:  # (its glyphs are its characters, in order: text tools read it as drawn)
                if _draw_simple(canv, tx, state, line, x, y, self.laid.text, links):
                    if links:
                        _annotate(canv, links, x, y)
                    links = None
                else:
                    _draw_line(canv, tx, state, line, x, y, self.laid.text)
            else:
                text = self.laid.text[line.start:line.stop].replace("\n", "")
                actual = strings.literal(strings.text(text)).decode("latin-1")
                with marked(canv, "Span", props=f"<</ActualText ({actual})>>", code=code):
                    _draw_line(canv, tx, state, line, x, y, self.laid.text)
            code.append("T*")
            state.pen = None
            if links is not None:
                self._links(canv, line, x, y)
            for pos, name in self.laid.anchors:
                if line.start <= pos < max(line.stop, line.start + 1) or (pos == len(self.laid.text) and k == len(
                        self._lines) - 1):
                    canv.bookmarkHorizontal(name, x + (line.width if self.rtl else 0), y + self.leading)
            y -= self.leading
        canv.drawText(tx)

    def _line_x(self, line: Line, first: bool, inner: float) -> float:
        """Where a line begins (its left), in the paragraph's own space.

        The style's left indent and first-line indent are at the start (the right, right to left), its
        right indent at the end; left alignment (and justified, set ragged) is flush to the start.
        """
        st = self.style
        first_i, end_i, align = st.leftIndent, st.rightIndent, st.alignment
        if getattr(st, "rtl", False):  # a style already mirrored for a right-to-left document: said back as
            first_i, end_i = end_i, first_i  # start and end (see layout.styles.mirrored)
            align = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(align, align)
        start = first_i + (st.firstLineIndent + self._overrun() if first else 0.0)
        if align == TA_CENTER:
            return (end_i if self.rtl else first_i) + (inner - line.width) / 2
        if align == TA_RIGHT:  # flush to the end
            return end_i if self.rtl else self.width - end_i - line.width
        return self.width - start - line.width if self.rtl else start

    def _bullet(self, canv, y: float) -> None:
        """The bullet, on the first line: at the start (the right in a right-to-left paragraph)."""
        st = self.style
        font = self.bullet_font
        text = _visual_bullet(self.bulletText or "", self.rtl)
        w = pdfmetrics.stringWidth(text, font, st.bulletFontSize)
        x = self.width - self._bullet_from(w) - w if self.rtl else self._bullet_from(w)
        tx = canv.beginText(x, y + getattr(st, "bulletOffsetY", 0))
        tx.setFont(font, st.bulletFontSize)
        tx.setFillColor(getattr(st, "bulletColor", st.textColor))
        tx.textOut(text)
        canv.drawText(tx)

    def _links(self, canv, line: Line, x: float, y: float) -> None:
        """A link annotation over each stretch of a line's glyphs that link to one place, as drawn."""
        _annotate(canv, [(d.run.style.href, d.x, d.x + d.width, d.run.style.size, d.run.style.rise)
                         for d in line.drawn if d.run.style.href is not None and d.shaped], x, y)


def _annotate(canv, runs: list[tuple[str, float, float, float, float]], x: float, y: float) -> None:
    """A link annotation over each stretch of a line's runs that link to one place: each run's (href, left,
    right, size, rise) from the line's left `x`, on baseline `y`."""
    spans: list[list] = []
    for href, left, right, size, rise in runs:
        box = [x + left, y + rise - size * 0.25, x + right, y + rise + size * 0.95]
        if spans and spans[-1][0] == href and abs(spans[-1][1][2] - box[0]) < 0.01:
            prev = spans[-1][1]
            spans[-1][1] = [prev[0], min(prev[1], box[1]), box[2], max(prev[3], box[3])]
        else:
            spans.append([href, box])
    for href, box in spans:
        if href.startswith("#"):
            canv.linkRect("", href[1:], tuple(box), relative=1)
        else:
            canv.linkURL(href, tuple(box), relative=1)


@lru_cache(maxsize=2048)
def _laid(pieces: tuple[Piece, ...], rtl: bool, families: tuple[Family, ...], replacement: str,
          language: str | None) -> Laid:
    """`lay`, once for each text a document sets again (a profile's field names, a table's head, a basis):
    a laid paragraph is never changed by breaking or drawing it, so its paragraphs share it. (The families
    hold a document's own font registration: a document does not see another's.)"""
    return lay(list(pieces), rtl, families, replacement, language)


def line_width(laid: Laid) -> float:
    """The width of a text set on one line, unbroken."""
    lines = laid.lines(float("inf"))
    return lines[0].width if lines else 0.0


def draw_line_into(canv, tx, laid: Laid, x: float, y: float) -> float:
    """A text set on one line, unbroken (a label), drawn into the text object `tx` from `x` (its left) on
    baseline `y`, with its logical text as /ActualText; its width. The text object's rise is left at 0."""
    lines = laid.lines(float("inf"))
    if not lines:
        return 0.0
    (line,) = lines
    state = _State()
    if laid.simple:
        _draw_line(canv, tx, state, line, x, y, laid.text)
    else:
        actual = strings.literal(strings.text(laid.text)).decode("latin-1")
        with marked(canv, "Span", props=f"<</ActualText ({actual})>>", code=tx._code):
            _draw_line(canv, tx, state, line, x, y, laid.text)
    if state.rise:
        tx._code.append("0 Ts")
    return line.width


def bullet_font(p: TextPara) -> str:
    """The face a paragraph's bullet is drawn in: the style's bullet font, or the first family that draws it."""
    st = p.style
    text = p.bulletText or ""
    font = pdfmetrics.getFont(st.bulletFontName)
    face = getattr(font, "face", None)
    if face is None or all(ord(c) in face.charToGlyph for c in text):
        return st.bulletFontName
    for name in fonts.registered():
        f = pdfmetrics.getFont(name)
        if all(ord(c) in f.face.charToGlyph for c in text):
            return name
    return st.bulletFontName


def _visual_bullet(text: str, rtl: bool) -> str:
    """A bullet's characters in visual order ("۱." reads "۱" then "." from the right)."""
    if not rtl or not text:
        return text
    lv = bidiorder.levels(text, True)
    order = bidiorder.visual_order(lv)
    return "".join(text[i] for i in order)


class _State:
    """What the text object has been set to, so that only changes are written."""

    __slots__ = ("font", "color", "rise", "pen")

    def __init__(self) -> None:
        self.font: tuple[str, float] | None = None
        self.color: object = None
        self.rise = 0.0
        self.pen: tuple[float, float] | None = None  # where the last glyph drawn left the pen


def _draw_simple(canv, tx, state: _State, line: Line, x: float, y: float, text: str,
                 links: list | None) -> bool:
    """`_draw_line` for a line of a left-to-right paragraph with nothing to shape, straight from its words
    (one after another, each glyph a character, no offsets): False if it is not one, or a run needs more
    than one `TJ` array (two subsets), and nothing was drawn. `links`: where to put each run's
    (href, left, right, size, rise), from the line's left, if it is a link."""
    parts = simple_parts(line)
    if parts is None:
        return False
    doc = canv._doc
    serial = _serial(doc)
    drawn = []
    at = 0.0
    for run, part, lo, hi, advance in parts:
        font = _FONTS.get(run.face) or _font(run.face)
        memo = _Drawing.of_text(run, part, lo, hi, advance, font, text)
        if memo.serial == serial:
            name, inner = memo.name, memo.tj
        else:
            name, inner = memo.written(doc, serial, font) if memo.flat else (None, "")
        if name is None:
            return False
        st = run.style
        drawn.append((st, name, inner))
        if links is not None:
            wdt = memo.advance * st.size / 1000
            if st.href is not None:
                links.append((st.href, at, at + wdt, st.size, st.rise))
            at += wdt
    code = tx._code
    code.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
    arrays: list[str] = []
    for st, name, inner in drawn:
        if st.color is not None and st.color is not state.color and st.color != state.color:
            _close(code, arrays)
            tx.setFillColor(st.color)
            state.color = st.color
        if st.rise != state.rise:
            _close(code, arrays)
            code.append(f"{fp_str(st.rise)} Ts")
            state.rise = st.rise
        if state.font != (name, st.size):
            _close(code, arrays)
            code.append(f"{name} {fp_str(st.size)} Tf")
            state.font = (name, st.size)
        if arrays and arrays[-1][-1] == ")" and inner[0] == "(":  # (one string: "(a )(b)" is "(a b)")
            arrays[-1] = arrays[-1][:-1] + inner[1:]
        else:
            arrays.append(inner)
    _close(code, arrays)
    state.pen = None
    return True


def _draw_line(canv, tx, state: _State, line: Line, x: float, y: float, text: str) -> None:
    """A line's glyphs, run by run, each placed where the line's layout put it (see the module's doc);
    each run its own `TJ` array (see `_array`)."""
    _fold_tounicode()
    doc = canv._doc
    serial = _serial(doc)
    code = tx._code
    for d in line.drawn:
        shaped = d.shaped
        if not shaped:
            continue
        run = d.run
        st = run.style
        font = _FONTS.get(run.face) or _font(run.face)
        memo = _Drawing.of(d, font, text)
        if st.color is not None and st.color is not state.color and st.color != state.color:
            tx.setFillColor(st.color)
            state.color = st.color
        pen = state.pen
        if pen is None or pen[1] != y or abs(pen[0] - x - d.x) > 1e-3:  # (a run after the last one drawn: no move)
            code.append(f"1 0 0 1 {fp_str(x + d.x)} {fp_str(y)} Tm")
        state.pen = (x + d.x + d.width, y)
        size = st.size
        if memo.flat and st.rise == state.rise:  # (one subset, no glyph raised: the same array every time)
            name, inner = memo.written(doc, serial, font)
            if name is not None:
                if state.font != (name, size):
                    code.append(f"{name} {fp_str(size)} Tf")
                    state.font = (name, size)
                code.append("[" + inner + "] TJ")  # (a run's own array: see `_array`)
                continue
        chars = memo.chars
        widths = font.face.charWidths
        pending: list[str] = []
        k = 0
        for subset, data in font.splitString(chars, doc):
            name = font.getSubsetInternalName(subset, doc)
            if state.font != (name, size):
                _flush(code, pending)
                code.append(f"{name} {fp_str(size)} Tf")
                state.font = (name, size)
            for b in data:
                g = shaped[k]
                rise = st.rise + size * g.y_offset / 1000
                if rise != state.rise:
                    _flush(code, pending)
                    code.append(f"{fp_str(rise)} Ts")
                    state.rise = rise
                _glyph(pending, g, _CODES[b], widths.get(ord(chars[k]), 0))
                k += 1
        _flush(code, pending)


def _close(code: list[str], arrays: list[str]) -> None:
    """Write the `TJ` array being made, if any."""
    if arrays:
        code.append("[" + " ".join(arrays) + "] TJ")
        arrays.clear()


# Faces by name (pdfmetrics.getFont, without its checks; a name is registered once, for the process).
_FONTS: dict = {}


def _font(name: str):
    f = _FONTS[name] = pdfmetrics.getFont(name)
    return f


# The document being drawn, and a number that changes when another one is: a word's `TJ` array holds
# the codes its glyphs have in one document (`_Drawing.written`).
_DOC: list = [lambda: None, 0]


def _serial(doc) -> int:
    if _DOC[0]() is not doc:
        _DOC[0], _DOC[1] = weakref.ref(doc), _DOC[1] + 1
    return _DOC[1]


def _glyph(pending: list[str], g: shaping.Shaped, code: str, width: float) -> None:
    """A glyph's part of a `TJ` array: its offset, its code (a string's content), and the adjustment to
    HarfBuzz's advance. Codes one after another share one string (`_array`)."""
    if g.x_offset:
        pending.append(fp_str(-g.x_offset))
    pending.append(code)
    adj = width - g.advance + g.x_offset
    if abs(adj) > 1e-3:
        pending.append(fp_str(adj))


def _array(parts: list[str], merge: bool = False) -> str:
    """The content of a `TJ` array of glyph codes (strings' contents, `\x00`-marked) and adjustments
    (numbers); `merge`: codes one after another in one string (a left-to-right line whose glyphs are its
    characters). Otherwise each glyph is a string of its own: pdfium reads a line's /ActualText only so."""
    out: list[str] = []
    text: list[str] = []
    for p in parts:
        if p[:1] == "\x00":
            text.append(p[1:])
            if not merge:
                out.append("(" + text.pop() + ")")
            continue
        if text:
            out.append("(" + "".join(text) + ")")
            text.clear()
        out.append(p)
    if text:
        out.append("(" + "".join(text) + ")")
    return " ".join(out)


# A byte of a subset's code as the content of a PDF string, as the canvas writes it (`Canvas._escape`),
# marked as a code for `_array`.
_CODES = ["\x00" + escapePDF(bytes([b])) for b in range(256)]


class _Drawing:
    """What drawing a run's glyphs in a face takes, worked out once: the characters that name them (`_char`)
    and, for the last document drawn, their `TJ` array. Kept with the word's shape (`textengine.Shape`) when
    the run is drawn whole or without its trailing spaces, which every occurrence of the word shares."""

    __slots__ = ("font", "shaped", "chars", "flat", "template", "serial", "name", "tj", "advance", "ascii")

    def __init__(self, font, shaped, chars: str, merge: bool = False, advance: float | None = None):
        self.font, self.shaped, self.chars = font, shaped, chars
        # (thousandths of an em)
        self.advance = sum(g.advance for g in shaped) if advance is None else advance
        self.serial = -1
        self.name: str | None = None
        self.tj = ""
        self.template: str | None = None  # (the TJ array's content, a slot for each glyph's code)
        self.ascii: str | None = None
        if merge:  # (glyphs that are their characters, at their own advances: one string, no adjustment)
            self.flat = True
            if chars.isascii() and chars.isprintable() and getattr(font, "_asciiReadable", False) \
                    and all(ord(c) in font.face.charToGlyph for c in chars):
                # ReportLab's subsets of a face give printable ASCII its own codes in subset 0, in every
                # document (`TTFont.State`): the array is the same in each, and no code is to be found
                self.ascii = "(" + escapePDF(chars.encode("ascii")) + ")"
            return
        self.flat = all(g.y_offset == 0 for g in shaped)
        # the TJ array with a slot for each glyph's code (a document's own): offsets and adjustments as `_glyph`
        widths = font.face.charWidths
        parts: list[str] = []
        if self.flat:
            for g, c in zip(shaped, chars, strict=True):
                _glyph(parts, g, "\x00{}", widths.get(ord(c), 0))
        self.template = _array([p.replace("{", "{{").replace("}", "}}") if p[:1] != "\x00" else p for p in parts])

    @staticmethod
    def of(d: Drawn, font, text: str) -> _Drawing:
        return _Drawing.of_run(d.run, d.part, d.shaped, font, text)

    @staticmethod
    def kept(run: Run, part: str | None, font, simple: bool) -> _Drawing | None:
        """The drawing of a run's whole shape, or of its body (`part`), kept with the shape, if any."""
        found = run.shape.drawn.get((part, run.face, simple)) if part is not None else None
        return found if found is not None and found.font is font else None

    def keep(self, run: Run, part: str | None, simple: bool) -> _Drawing:
        """Keep this drawing with the run's shape, for every occurrence of the word (a `part` only)."""
        if part is not None:
            run.shape.drawn[(part, run.face, simple)] = self
        return self

    @staticmethod
    def of_text(run: Run, part: str | None, lo: int, hi: int, advance: float, font, text: str) -> _Drawing:
        """A run of a left-to-right paragraph with nothing to shape (`Laid.simple`), whose glyphs are the
        characters of `text[lo:hi]` (a soft hyphen's, a hyphen) at their own advances (`advance`, summed)."""
        found = _Drawing.kept(run, part, font, True)
        if found is not None:
            return found
        return _Drawing(font, (), text[lo:hi].replace(SHY, "-"), True, advance).keep(run, part, True)

    @staticmethod
    def of_run(run: Run, part: str | None, shaped, font, text: str) -> _Drawing:
        found = _Drawing.kept(run, part, font, False)
        if found is not None:
            return found
        path = fonts.file_of(run.face)
        base, n = run.base, len(text)
        mapped = font.face.charToGlyph
        named: list[str] = []
        for g in shaped:  # (`_char`, its first case first: a glyph the font maps its own character to)
            k = g.cluster + base
            c = text[k] if k < n else ""
            named.append(c if c and mapped.get(ord(c)) == g.gid else _char(font, path, g.gid, text, k))
        return _Drawing(font, shaped, "".join(named)).keep(run, part, False)

    def written(self, doc, serial: int, font) -> tuple[str | None, str]:
        """The subset's name and the `TJ` array's content in document `doc` (`_serial`); no name if the
        glyphs span two subsets."""
        if self.serial != serial:
            self.serial = serial
            if self.ascii is not None:
                self.name, self.tj = font.getSubsetInternalName(0, doc), self.ascii
                return self.name, self.tj
            split = font.splitString(self.chars, doc)
            if len(split) != 1:
                self.name = None
                return None, ""
            subset, data = split[0]
            self.name = font.getSubsetInternalName(subset, doc)
            if self.template is None:
                self.tj = "(" + escapePDF(bytes(data)) + ")"
            else:
                self.tj = self.template.format(*[_CODES[b][1:] for b in data])
        return self.name, self.tj


def _flush(code: list[str], pending: list[str]) -> None:
    if pending:
        code.append("[" + _array(pending) + "] TJ")
        pending.clear()


def _char(font, path: str, gid: int, text: str, cluster: int) -> str:
    """The character that names glyph `gid` in `font` (see the module's doc)."""
    face = font.face
    c = text[cluster] if cluster < len(text) else ""
    if c and face.charToGlyph.get(ord(c)) == gid:
        return c
    known = face.glyphToChar.get(gid)
    if known:
        return chr(min(known))
    pua = 0xE000
    while pua in face.charToGlyph:
        pua += 1
    if pua > 0xF8FF:
        raise RuntimeError(f"no Private Use code point left for glyph {gid} of {font.fontName}")
    face.charToGlyph[pua] = gid
    face.glyphToChar.setdefault(gid, []).append(pua)
    face.charWidths[pua] = shaping.advance(path, gid)
    if c:
        _PRIVATE[((face.name + getattr(face, "subfontNameX", b"")).decode("latin-1"), pua)] = c
    return chr(pua)


# The letter a Private Use code point given to a glyph draws (a joined form of a Pashto letter), by the
# face's PostScript name and the code point.
_PRIVATE: dict[tuple[str, int], str] = {}


def _fold_tounicode() -> None:
    """ReportLab's ToUnicode maps each code to the character that names its glyph: a presentation form
    (U+FB50-FDFF, U+FE70-FEFF) or a Private Use code point for a joined form that has none. Those are
    mapped to the letters they draw instead (a presentation form's compatibility decomposition, the
    letter of a Private Use one), so that a tool that ignores /ActualText still finds the letters.
    Every other code is mapped as ReportLab does (the same bytes). Put in place once, for the process."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "folds", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make(fontname: str, subset: list[int]) -> str:
        plain = original(fontname, subset)
        face = fontname.split("+", 1)[-1]  # (ReportLab's name of a subset: a prefix, "+", the face's name)
        folded = {i: t for i, v in enumerate(subset) if (t := _letters(face, v)) is not None}
        if not folded:
            return plain
        lines = plain.split("\n")
        for i, t in folded.items():
            k = lines.index(f"<{i:02X}> <{subset[i]:04X}>")
            lines[k] = f"<{i:02X}> <{t.encode('utf-16-be').hex().upper()}>"
        return "\n".join(lines)

    make.folds = True  # type: ignore[attr-defined]
    make.original = original  # type: ignore[attr-defined]  # (ReportLab's, for a test that pins it)
    ttfonts.makeToUnicodeCMap = make


def _letters(face: str, v: int) -> str | None:
    """The letters code point `v` of a face stands for in a ToUnicode map, where they differ from `v` itself."""
    if 0xE000 <= v <= 0xF8FF:
        return _PRIVATE.get((face, v))
    if 0xFB50 <= v <= 0xFDFF or 0xFE70 <= v <= 0xFEFF:
        t = unicodedata.normalize("NFKC", chr(v)).strip()
        return t if t and t != chr(v) else None
    return None
