"""ReportLab's internals that the layout needs, behind small public functions.

The layout builds with ReportLab's public flowable API (`Paragraph`, `Table`, `Flowable`, styles,
`stringWidth`) and these functions; whatever reads or sets ReportLab's private state, or builds on
its undocumented classes, is here (checked against ReportLab 5.1), so a ReportLab upgrade is
checked in this package.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Table

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


# -- right to left ------------------------------------------------------------------------------------------

def draw_drawing(canv, drawing, width: float, height: float) -> None:
    """A ReportLab graphics drawing (an SVG logo as svglib reads it) scaled to `width` x `height` at the origin."""
    from reportlab.graphics import renderPDF  # (only for an SVG logo: start-up time)

    canv.saveState()
    canv.scale(width / float(drawing.width), height / float(drawing.height))
    renderPDF.draw(drawing, canv, 0, 0, showBoundary=False)
    canv.restoreState()
