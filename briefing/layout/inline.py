"""Rich and plain text -> paragraphs set by the text engine, with no markup language in between.

In: `Span`/`Cite` inlines or plain strings from the model. Out: paragraphs.
User text is never markup: the layout builds a tree of tagged runs
(`("b", {}, ["text"])`, the tags ReportLab's paragraphs know) where text is
only ever text, so nothing a user writes can become a tag or an entity; the
tree becomes the text engine's styled pieces (`pieces_of`). Characters the
text face lacks are drawn from the style's fallback families (Arabic script,
say); a character no family covers becomes the style's replacement mark.
Every paragraph is set by the text engine (`briefing.pdf.textpara`: bidi
levels of the whole paragraph, lines broken in logical order and put in
visual order, HarfBuzz shaping where a script needs it), left to right or
right to left.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..coverage import cmap, is_invisible
from ..labels import Labels, labels_for
from ..pdf import fonts
from ..pdf.tagging import tag
from ..pdf.textengine import Family, Laid, Piece, Style, lay
from ..pdf.textpara import TextPara
from ..richtext import Block, Break, Cite, ListBlock, NoteRef, Notes, RichText, Span, note_mark, plain, smart, unbroken
from ..richtext import Para as RichPara
from ..theme import Theme
from .styles import palette

if TYPE_CHECKING:
    from ..editions import Changes


# A node of ReportLab's paragraph tuple tree: text, or (tag, attributes, children).
Node = str | tuple[str, dict, list["Node"]]


@dataclass
class Ctx:
    """What every component needs: the theme, the styles and the cross-references."""

    theme: Theme
    styles: dict[str, ParagraphStyle]
    sources: Numbers  # source id -> number in the Sources list, given at first citation
    groups: dict[str, str]  # group id -> short name
    width: float  # frame width
    height: float  # frame height
    words: Labels = labels_for("en")  # every fixed word printed, in the briefing's language (briefing.labels)
    rtl: bool = False  # right-to-left document
    # quotes, tables and footnotes (`layout.blocks`, given by the document); without it, their text as paragraphs
    blocks: Callable[[Ctx, Block, str], list[Flowable]] | None = None
    notes: int = 0  # texts with footnotes laid out so far: the key of the last one's notes (their anchors)
    changes: Changes | None = None  # since the previous edition (briefing.editions): marked in the body
    _faces: tuple[tuple[str, frozenset[int]], ...] = ()

    def __post_init__(self) -> None:
        first = self.theme.families[0]
        self._faces = ((first.name, cmap(first.regular)),)  # fallback families: once text needs them
        self.colors = palette(self.theme)
        self._engine: tuple[Family, ...] | None = None  # the families as the text engine sees them, once needed
        self._labels: dict[tuple[str, str, float], Laid] = {}  # graphics' labels set by the engine (`label`)
        self._again: dict[tuple[str, str], TextPara] = {}  # paragraphs drawn again on every page (`para_again`)
        self._keep: Callable[[str], str] | None = None  # the language's dates and numbers kept whole, once needed
        self._kept: dict[str, str | None] = {}  # a paragraph's text -> as `_keep` makes it (None: the same)

    # -- plain text ------------------------------------------------------------
    def text(self, s: str, typeset: bool = True) -> list[Node]:
        """Plain text as tree nodes: typographic quotes, fonts chosen per character, in logical order.

        `typeset=False` for text that is already typeset (rich text's spans). Right-to-left and
        Arabic-script text is shaped and ordered by the text engine (`paragraph`, `label`).
        """
        if typeset:
            s = smart(s, self.words.tag)
        if len(self._faces) < len(self.theme.families):
            have = self._faces[0][1]
            if not _covers(have, s):
                self._faces = tuple((f.name, cmap(f.regular)) for f in self.theme.families)
        nodes = _text(s, self._faces, self.theme.replacement)
        for n in nodes:
            if not isinstance(n, str):  # a fallback family is used: register it (once) before drawing
                fonts.register(next(f for f in self.theme.families if f.name == n[1]["face"]))
        return list(nodes)

    def para(self, s: str, style: str, **kw) -> TextPara:
        return self.paragraph(self.text(s), self.styles[style], **kw)

    def para_again(self, s: str, style: str) -> TextPara:
        """`para` for a text drawn on many pages (a running header, a footer): made and broken into lines
        once, then drawn again as it is."""
        p = self._again.get((s, style))
        if p is None:
            p = self._again[(s, style)] = self.para(s, style)
        return p

    def paragraph(self, children: list[Node], style: ParagraphStyle | str,
                  bulletText: str | None = None) -> TextPara:
        """A paragraph of tree nodes, set by the text engine."""
        st = self.styles[style] if isinstance(style, str) else style
        return TextPara.of(self._unbroken(pieces_of(children, st)), st, self.rtl, self._engine_families(),
                           self.theme.replacement, self.words.tag, bulletText=bulletText)

    def _unbroken(self, pieces: list[Piece]) -> list[Piece]:
        """The pieces with the plain spaces inside a typed date or grouped number made no-break spaces
        (`richtext.unbroken`), over the whole paragraph: a date may run across bold and plain text. A raised
        piece (a citation's number) and a hard line break join nothing."""
        text = _as_read(pieces[0]) if len(pieces) == 1 else "".join(map(_as_read, pieces))
        if text in self._kept:  # (the same text again: a field's name, a table's head, a repeated value)
            kept = self._kept[text]
        else:
            if self._keep is None:
                w = self.words
                self._keep = unbroken(w.tag, w.month_names, w.group_separator)
            made = self._keep(text)  # (the very text when nothing is joined: most paragraphs have no digit)
            kept = self._kept[text] = None if made is text else made
        if kept is None:
            return pieces
        out, at = [], 0
        for p in pieces:
            n = 1 if p.hard_break else len(p.text)
            out.append(p if p.hard_break or p.style.rise else p._replace(text=kept[at:at + n]))
            at += n
        return out

    def needs_engine(self, s: str) -> bool:
        """Whether text is set by the text engine (a right-to-left document, or right-to-left or
        Arabic-script text in it)."""
        return self.rtl or _rtl_text(s)

    def label(self, s: str, font: str, size: float) -> Laid:
        """A label for the graphics, set by the text engine on one line (see `needs_engine`): typographic
        quotes, the document's direction, HarfBuzz's shaping. Kept on the `Ctx` (measured, then drawn)."""
        key = (s, font, size)
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = lay([Piece(smart(s, self.words.tag), Style(font, size))], self.rtl,
                                            self._engine_families(), self.theme.replacement, self.words.tag)
        return found

    def _engine_families(self) -> tuple[Family, ...]:
        if self._engine is None:
            fonts.register(self.theme.families[0])
            self._engine = tuple(Family(f.name, cmap(f.regular), partial(fonts.register, f))
                                 for f in self.theme.families)
        return self._engine

    def link(self, href: str, children: list[Node]) -> Node:
        return ("a", {"href": href, "color": self.colors["link"]}, children)

    def refs(self, ids) -> list[Node]:
        """Linked source numbers, `1,2` (`3;6` where a comma is the decimal mark), each pointing at its
        Sources entry, in the briefing's digits."""
        out: list[Node] = []
        for n in sorted({self.sources.of(i) for i in ids}):
            if out:
                out += self.text(self.words.cite_separator, typeset=False)
            out.append(self.link(f"#src-{n}", self.text(self.words.digits(n), typeset=False)))
        return out

    def bullet(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        """`style`, its bullet drawn in a family that has the bullet's characters (a list number in
        Persian digits, say): ReportLab draws a bullet in one font, with no fallback."""
        first = self.theme.families[0]
        if _covers(self._faces[0][1], text):
            return style
        fam = next((f for f in self.theme.families[1:] if _covers(cmap(f.regular), text)), first)
        if fam is first:
            return style
        fonts.register(fam)
        return _bullet_face(style, fonts.face(fam.name, False, False))

    # -- rich text -------------------------------------------------------------
    def inline(self, inlines) -> list[Node]:
        out: list[Node] = []
        for it in inlines:
            if isinstance(it, Span):
                node: list[Node] = self.text(it.text, typeset=False)
                if it.bold:
                    node = [("b", {}, node)]
                if it.italic:
                    node = [("i", {}, node)]
                if it.href:
                    node = [self.link(it.href, node)]
                out += node
            elif isinstance(it, Cite):
                out.append(("super", {}, self.refs(it.ids)))
            elif isinstance(it, Break):
                out.append(("br", {}, []))
            elif isinstance(it, NoteRef):  # a letter (citations are numbers), linked to its note
                mark = note_mark(it.n)
                out.append(("super", {}, [self.link(f"#note-{self.notes}-{mark}", [mark])]))
        return out

    def rich(self, rich: RichText, style: str = "body", bullet_style: str = "bullet",
             first_bullet: str | None = None) -> list[Flowable]:
        """Paragraphs and bullet items for a rich-text value (and its quotes, tables and notes).

        `first_bullet` marks the first paragraph as an item of a list (the
        value is itself one point of a list) unless it already is one.
        """
        out: list[Flowable] = []
        if any(isinstance(b, Notes) for b in rich):
            self.notes += 1
        for block in rich:
            if isinstance(block, ListBlock):
                base = self.styles[bullet_style]
                for item in block.items:
                    st = base if not item.level else _indented(base, item.level)
                    bullet = "\u2022" if item.number is None else f"{self.words.digits(item.number)}."
                    out.append(self.paragraph(self.inline(item.inlines), self.bullet(st, bullet), bulletText=bullet))
                    tag(out[-1], list_level=item.level)
            elif not isinstance(block, RichPara):
                out += self.blocks(self, block, style) if self.blocks else [
                    self.paragraph(self.text(plain((block,))), self.styles[style])]
            elif first_bullet and not out:
                out.append(self.paragraph(self.inline(block.inlines), self.styles[bullet_style],
                                          bulletText=first_bullet))
            else:
                out.append(self.paragraph(self.inline(block.inlines), self.styles[style]))
                if first_bullet:
                    tag(out[-1], role="LBody")  # more of the item
        return out


class Numbers:
    """Source numbers in order of first citation, in reading order.

    The layout makes its flowables in reading order, so the first time a
    source is asked for is its first citation; sources nothing cites are
    numbered last, in file order, by `all`.
    """

    def __init__(self, ids: list[str]):
        self.ids = ids  # in file order
        self.given: dict[str, int] = {}

    def of(self, sid: str) -> int:
        n = self.given.get(sid)
        if n is None:
            n = self.given[sid] = len(self.given) + 1
        return n

    def all(self) -> list[tuple[int, str]]:
        """Every source as (number, id), in number order; numbers the uncited ones."""
        for sid in self.ids:
            self.of(sid)
        return sorted((n, sid) for sid, n in self.given.items())


def pieces_of(children: list[Node], style: ParagraphStyle) -> list[Piece]:
    """The text engine's pieces for a tuple tree: text with its face, size, rise, colour and link, as
    ReportLab's parser would give them (`<b>`, `<i>`, `<font face color size>`, `<super>` half the size up
    and up to 2 points smaller, `<a href color>`, `<a name>`, `<br>`); white space as in a paragraph."""
    family, bold, italic = fonts.parts(style.fontName)
    out: list[Piece] = []
    _pieces(_clean(children), out, family, bold, italic, style.fontSize, 0.0, style.textColor, None)
    return out


def _pieces(nodes: list[Node], out: list[Piece], family: str, bold: bool, italic: bool, size: float, rise: float,
            color: object, href: str | None) -> None:
    for n in nodes:
        if isinstance(n, str):
            out.append(Piece(n, _style(family, bold, italic, size, rise, color, href)))
            continue
        tag, attrs, kids = n
        fam, b, i, sz, up, col, link = family, bold, italic, size, rise, color, href
        if tag in ("b", "strong"):
            b = True
        elif tag in ("i", "em"):
            i = True
        elif tag == "font":
            if "face" in attrs:
                fam, fb, fi = fonts.parts(attrs["face"])
                b, i = b or fb, i or fi
            col = attrs.get("color", col)
            sz = float(attrs.get("size", sz))
        elif tag in ("super", "sup"):
            up, sz = rise + size * 0.5, size - min(2.0, 0.2 * size)
        elif tag == "a":
            if "name" in attrs:
                out.append(Piece("", _style(family, bold, italic, size, rise, color, href), anchor=attrs["name"]))
                continue
            link, col = attrs["href"], attrs.get("color", col)
        elif tag == "br":
            out.append(Piece("", _style(family, bold, italic, size, rise, color, href), hard_break=True))
            continue
        _pieces(kids, out, fam, b, i, sz, up, col, link)


@lru_cache(maxsize=1024)
def _style(family: str, bold: bool, italic: bool, size: float, rise: float, color: object, href: str | None) -> Style:
    return Style(fonts.mapped(family, bold, italic), size, rise, color, href)


# A digit next to a space: where a date or a grouped number typed with plain spaces may be.
# Runs of white space become one space; no-break spaces (U+00A0, U+2007, U+202F) stay as written.
def _as_read(p: Piece) -> str:
    """A piece's text as `richtext.unbroken` reads it: a raised piece (a citation's number) as marks that are
    neither digits nor spaces, a line break as one."""
    return "\n" if p.hard_break else "\ufffc" * len(p.text) if p.style.rise else p.text


_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def _clean(children: list[Node]) -> list[Node]:
    """White space as in a paragraph: each run one space, none at either end; empty text goes."""
    out = _collapse(children)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip(" ")
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip(" ")
    return [n for n in out if n != ""]


def _collapse(children: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in children:
        if isinstance(n, str):
            n = _SPACE.sub(" ", n)
            if out and isinstance(out[-1], str):  # one run of text is one fragment
                out[-1] += n
                continue
        else:
            n = (n[0], n[1], _collapse(n[2]))
        out.append(n)
    return [n for n in out if n != ""]


@lru_cache(maxsize=64)
def _bullet_face(style: ParagraphStyle, font: str) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-bullet-{font}", parent=style, bulletFontName=font)


@lru_cache(maxsize=64)
def _indented(base: ParagraphStyle, level: int) -> ParagraphStyle:
    start = "rightIndent" if getattr(base, "rtl", False) else "leftIndent"  # the side the bullet is on
    step = getattr(base, start) - base.bulletIndent
    return ParagraphStyle(
        f"{base.name}-{level}", parent=base,
        bulletIndent=base.bulletIndent + level * step, **{start: getattr(base, start) + level * step},
    )


def _covers(have: frozenset[int], s: str) -> bool:
    """Whether a face with these code points draws every visible character of `s`."""
    chars = set(s)
    return have.issuperset(map(ord, chars)) or all(ord(c) in have or is_invisible(c) for c in chars)


@lru_cache(maxsize=4096)
def _rtl_text(s: str) -> bool:
    return not s.isascii() and any(unicodedata.bidirectional(c) in _ENGINE for c in set(s))


_ENGINE = {"R", "AL", "AN"}


@lru_cache(maxsize=4096)
def _text(s: str, faces: tuple[tuple[str, frozenset[int]], ...], replacement: str) -> tuple[Node, ...]:
    primary, have = faces[0]
    if _covers(have, s):
        return (s,)
    out: list[Node] = []
    cur: str | None = None
    buf: list[str] = []

    def flush() -> None:
        if buf:
            chunk = "".join(buf)
            out.append(chunk if cur == primary else ("font", {"face": cur}, [chunk]))
            buf.clear()

    for c in s:
        cp = ord(c)
        name = next((nm for nm, cov in faces if cp in cov), None)
        if name is None:
            if is_invisible(c):
                continue
            name, c = primary, replacement
        if name != cur:
            flush()
            cur = name
        buf.append(c)
    flush()
    return tuple(out)
