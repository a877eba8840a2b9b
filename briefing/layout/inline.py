"""Rich and plain text -> ReportLab paragraph markup, safely.

In: `Span`/`Cite` inlines or plain strings from the model. Out: markup strings.
Every character of user text is escaped here, and only here, so nothing a user
writes can become a tag. Characters the text face lacks are drawn from the
style's fallback families (Arabic script, say); a character no family covers
becomes the style's replacement mark. Right-to-left runs are shaped and put in
visual order before ReportLab sees them, because its own shaping misorders
Arabic words and brackets inside a left-to-right line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from ..coverage import cmap, is_invisible
from ..richtext import Break, Cite, ListBlock, RichText, Span
from ..theme import Theme
from . import fonts
from .styles import palette

_RTL = {"R", "AL"}


@dataclass
class Ctx:
    """What every component needs: the theme, the styles and the cross-references."""

    theme: Theme
    styles: dict[str, ParagraphStyle]
    sources: dict[str, int]  # source id -> number in the Sources list
    groups: dict[str, str]  # group id -> short name
    width: float  # frame width
    height: float  # frame height
    _faces: list[tuple[str, frozenset[int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._faces = [(f.name, cmap(f.regular)) for f in self.theme.families]
        self.colors = palette(self.theme)

    # -- plain text ------------------------------------------------------------
    def text(self, s: str) -> str:
        """Markup for plain text: escaped, fonts chosen per character, RTL reordered."""
        m = _text(s, tuple(self._faces), self.theme.replacement)
        if "<font face=" in m:  # a fallback family is used: register it (once) before drawing
            for fam in self.theme.families[1:]:
                if f'face="{fam.name}"' in m:
                    fonts.register(fam)
        return m

    def para(self, s: str, style: str, **kw) -> Paragraph:
        return Para(self.text(s), self.styles[style], **kw)

    def refs(self, ids) -> str:
        """Linked source numbers, `1,2`, each pointing at its Sources entry."""
        link = self.theme.colors["link"]
        nums = sorted({self.sources[i] for i in ids})
        return ",".join(f'<a href="#src-{n}" color="{link}">{n}</a>' for n in nums)

    # -- rich text -------------------------------------------------------------
    def inline(self, inlines) -> str:
        out = []
        link = self.theme.colors["link"]
        for it in inlines:
            if isinstance(it, Span):
                m = self.text(it.text)
                if it.bold:
                    m = f"<b>{m}</b>"
                if it.italic:
                    m = f"<i>{m}</i>"
                if it.href:
                    m = f'<a href="{escape(it.href)}" color="{link}">{m}</a>'
                out.append(m)
            elif isinstance(it, Cite):
                out.append(f"<super>{self.refs(it.ids)}</super>")
            elif isinstance(it, Break):
                out.append("<br/>")
        return "".join(out)

    def rich(self, rich: RichText, style: str = "body", bullet_style: str = "bullet") -> list[Paragraph]:
        """Paragraphs and bullet items for a rich-text value."""
        out: list[Paragraph] = []
        for block in rich:
            if isinstance(block, ListBlock):
                base = self.styles[bullet_style]
                for item in block.items:
                    st = base if not item.level else _indented(base, item.level)
                    bullet = "\u2022" if item.number is None else f"{item.number}."
                    out.append(Para(self.inline(item.inlines), st, bulletText=bullet))
            else:
                out.append(Para(self.inline(block.inlines), self.styles[style]))
        return out


def escape(s: str) -> str:
    """Text as ReportLab paragraph markup: `&`, `<`, `>` and `"` become entities.

    (xml.sax.saxutils.escape would do, but importing it pulls in urllib.request.)
    """
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class Para(Paragraph):
    """A paragraph that remembers its last line breaking.

    Cards and timeline rows measure their contents before the frame asks
    for them, then draw them; without this each paragraph would be broken
    into lines three times at the same width.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == getattr(self, "_wrapped_at", None) and "blPara" in self.__dict__:
            return self.width, self.height  # (split() drops blPara when it refuses to split)
        w, h = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return w, h


@lru_cache(maxsize=64)
def _indented(base: ParagraphStyle, level: int) -> ParagraphStyle:
    step = base.leftIndent - base.bulletIndent
    return ParagraphStyle(
        f"{base.name}-{level}", parent=base,
        leftIndent=base.leftIndent + level * step, bulletIndent=base.bulletIndent + level * step,
    )


def _levels(s: str) -> list[int]:
    """Bidi embedding level of each character (UBA with a left-to-right base).

    python-bidi's Rust core resolves levels (bracket pairs included) but does
    not mirror brackets, so the levels are taken from its debug report (one
    level per UTF-8 byte) and reordering and mirroring are done here.
    """
    from bidi import get_display

    report = get_display(s, base_dir="L", debug=True)
    body = report[report.index("levels:"):report.index("paragraphs:")]
    per_byte = [int(x) for x in re.findall(r"Level\(\s*(\d+),?\s*\)", body)]
    out, b = [], 0
    for c in s:
        out.append(per_byte[b])
        b += len(c.encode("utf-8"))
    return out


def _visual(s: str) -> str:
    """Shape Arabic-script letters and put right-to-left runs in visual order.

    Rules L2 and L4 of the Unicode bidi algorithm over one line. A run that
    wraps onto a second line keeps its order only approximately; names and
    short phrases, the common case, are not affected.
    """
    if not any(unicodedata.bidirectional(c) in _RTL for c in s):
        return s
    import arabic_reshaper
    from bidi.mirror import MIRRORED

    s = arabic_reshaper.reshape(s)
    levels = _levels(s)
    chars = [MIRRORED.get(c, c) if lv % 2 else c for c, lv in zip(s, levels, strict=True)]
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(chars):
            if levels[i] >= level:
                j = i
                while j < len(chars) and levels[j] >= level:
                    j += 1
                chars[i:j] = chars[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(chars)


@lru_cache(maxsize=4096)
def _text(s: str, faces: tuple[tuple[str, frozenset[int]], ...], replacement: str) -> str:
    s = _visual(s)
    primary, have = faces[0]
    if all(ord(c) in have or is_invisible(c) for c in s):
        return escape(s)
    out: list[str] = []
    cur: str | None = None
    buf: list[str] = []

    def flush() -> None:
        if buf:
            chunk = escape("".join(buf))
            out.append(chunk if cur == primary else f'<font face="{cur}">{chunk}</font>')
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
    return "".join(out)
