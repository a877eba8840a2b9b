"""ReportLab's internals that the layout needs, behind small public functions.

The layout builds with ReportLab's public flowable API (`Paragraph`, `Table`, `Flowable`, styles,
`stringWidth`) and these functions; whatever reads or sets ReportLab's private state, or builds on
its undocumented classes, is here (checked against ReportLab 5.1), so a ReportLab upgrade is
checked in this package.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


# -- the canvas -------------------------------------------------------------------------------------------

def page_code(canv) -> list[str]:
    """The operators of the canvas's current page, in order (ReportLab joins them with newlines)."""
    return canv._code


class TextObjects:
    """The text objects drawn on a canvas while `text_objects` watches: how many, and a function
    called after each is drawn with its number (from 0), the object and where it began."""

    def __init__(self) -> None:
        self.count = 0
        self.after: Callable[[int, PDFTextObject, tuple[float, float]], None] | None = None
        self.origins: dict[int, tuple[float, float]] = {}


@contextmanager
def text_objects(canv) -> Iterator[TextObjects]:
    """Watch the text objects drawn on `canv` (begun with `beginText`, drawn with `drawText`)."""
    seen = TextObjects()
    begin, draw = canv.beginText, canv.drawText

    def begin_text(x: float = 0, y: float = 0, direction=None) -> PDFTextObject:
        tx = begin(x, y, direction=direction)
        seen.origins[id(tx)] = (x, y)
        return tx

    def draw_text(tx: PDFTextObject) -> None:
        draw(tx)
        n, seen.count = seen.count, seen.count + 1
        if seen.after is not None:
            seen.after(n, tx, seen.origins.get(id(tx), (float("nan"), float("nan"))))

    canv.beginText, canv.drawText = begin_text, draw_text
    try:
        yield seen
    finally:
        del canv.beginText, canv.drawText


# -- flowables --------------------------------------------------------------------------------------------

def contents(f: Flowable) -> list[Flowable]:
    """The flowables a ReportLab container (KeepTogether and the like) holds; none for another flowable."""
    content = getattr(f, "_content", None)
    return list(content) if isinstance(content, list) else []


def table_cells(t: Table) -> list[list[object]]:
    """A table's cells, row by row: each a flowable, a list of flowables or a string."""
    return t._cellvalues


def row_heights(t: Table) -> list[float]:
    """The heights of a table's rows, as its last `wrap` measured them."""
    return list(t._rowHeights or [])


def keep_row_heights(t: Table) -> None:
    """The heights `wrap` measured become the table's given row heights, which each piece it splits into
    inherits (so no piece measures its rows again)."""
    t._argH = list(t._rowHeights)


# -- paragraphs -------------------------------------------------------------------------------------------

# ReportLab breaks a line at a narrow no-break space (U+202F is in its set of spaces, `_wsc`; U+00A0 is not):
# a typed no-break space, or French typography's before « ; : ! ? », would break. Words are split here
# at every space of that set but the no-break ones.
_NO_BREAK = "\u00a0\u2007\u202f"
_BREAKS = re.compile(f"[{re.escape(''.join(c for c in _paragraph._wsc if c not in _NO_BREAK))}]+")


def _split(text: str | bytes, delim: str | bytes | None = None) -> list[str]:
    """`reportlab.platypus.paragraph.split`, but never at a no-break space."""
    text = text.decode("utf8") if isinstance(text, bytes) else text
    if delim is not None:
        return text.split(delim.decode("utf8") if isinstance(delim, bytes) else delim)
    return _BREAKS.split(text) if any(c in text for c in _NO_BREAK) else text.split()


def keep_no_break_spaces() -> None:
    """Lines never break at a no-break space (see above); done where a document is laid out, not on import."""
    _paragraph.split = _split  # (ReportLab 5.1: its split breaks at U+202F)

def paragraph_frags(tree: tuple, style: ParagraphStyle) -> list:
    """ReportLab's fragments for a paragraph's tuple tree (`("para", None, children)`, see
    `ParaParser.tt_parse`): runs of text, each with its font, size, link, rise; text is only ever text."""
    parser = ParaParser()
    parser.caseSensitive = 1
    _, frags, _ = parser.tt_parse(tree, style)
    textTransformFrags(frags, style)
    return frags


def line_breaking(p: Paragraph) -> object | None:
    """A paragraph's breaking into lines from its last `wrap`, if it has one (a refused split drops it)."""
    return p.__dict__.get("blPara")


def keep_line_breaking(p: Paragraph, lines: object) -> None:
    """Give a paragraph back its breaking into lines (from `line_breaking`), still right for its width."""
    p.blPara = lines


def line_count(p: Paragraph) -> int:
    """How many lines a wrapped paragraph has."""
    return len(p.blPara.lines)


# -- images -----------------------------------------------------------------------------------------------

class JpegReader(ImageReader):
    """A JPEG embedded as it is. ReportLab names an image by a digest of its decoded pixels, which would
    decode it whole for nothing: the file's own bytes name it as well."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._bytes, self._dataA = data, None

    def getRGBData(self) -> bytes:  # noqa: N802 -- ReportLab's name
        return self._bytes


class PixelReader(ImageReader):
    """Decoded pixels handed to ReportLab as bytes, their alpha apart, and the image itself let go: ReportLab
    would otherwise hold the image, a copy without alpha and the bytes of both at once."""

    def __init__(self, pic: PILImage):
        super().__init__(pic)
        self._width, self._height = pic.size
        alpha = pic.mode in ("RGBA", "LA")
        self.mode = "RGB" if pic.mode.startswith("RGB") else "L"
        self._dataA = PixelReader(pic.getchannel("A")) if alpha else None
        # the colour without a copy of the whole image (Pillow packs RGBA as RGB, not LA as L)
        self._data = pic.getchannel("L").tobytes() if pic.mode == "LA" else pic.tobytes("raw", self.mode)
        self._image = None

    def getTransparent(self) -> None:  # noqa: N802 -- ReportLab's name; transparency is the alpha apart
        return None
