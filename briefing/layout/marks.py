"""Small vector marks: trend arrows and basis symbols, drawn rather than typed.

Shape carries the meaning (filled vs open, up vs down), so a grayscale
photocopy loses nothing that colour says.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from ..pdf.tagging import tag
from .inline import Ctx

BASIS_SHAPES = {"official": "square", "reported": "dot", "estimated": "half", "claimed": "ring"}


class MarkedText(Flowable):
    """A symbol followed by a short paragraph (a table cell's content)."""

    def __init__(self, ctx: Ctx, shape: str, para: Paragraph):
        super().__init__()
        tag(self, role="P")  # the symbol says again what the word says
        self.ctx, self.shape, self.para = ctx, shape, para
        self.sym = 9.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h = self.para.wrap(max(aw - self.sym - 3, 10), ah)
        self.width, self.height = aw, max(h, self.sym)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        col = self.ctx.colors
        s = self.sym
        cy = self.height - self.para.style.leading * 0.55
        c.setStrokeColor(col["accent"])
        c.setFillColor(col["accent"])
        c.setLineWidth(0.9)
        r = s * 0.3
        x = s * 0.45 if not self.ctx.rtl else self.width - s * 0.45  # (right to left: the symbol at the right)
        if self.shape in ("up", "down"):  # a triangle pointing the way the figure moves
            d = 1 if self.shape == "up" else -1
            p = c.beginPath()
            p.moveTo(x - r, cy - d * r * 0.8)
            p.lineTo(x + r, cy - d * r * 0.8)
            p.lineTo(x, cy + d * r)
            p.close()
            c.drawPath(p, stroke=1, fill=1)
        elif self.shape == "flat":
            c.setLineWidth(1.4)
            c.line(x - r, cy, x + r, cy)
        elif self.shape == "square":
            c.rect(x - r * 0.85, cy - r * 0.85, r * 1.7, r * 1.7, stroke=1, fill=1)
        elif self.shape == "dot":
            c.circle(x, cy, r, stroke=1, fill=1)
        elif self.shape == "half":
            c.setFillColor(col["on_accent"])
            c.circle(x, cy, r, stroke=1, fill=1)
            c.setFillColor(col["accent"])
            c.wedge(x - r, cy - r, x + r, cy + r, 90, 180, stroke=0, fill=1)
        else:  # ring: an open symbol for a claim
            c.setFillColor(col["on_accent"])
            c.circle(x, cy, r, stroke=1, fill=1)
        self.para.drawOn(c, s + 3 if not self.ctx.rtl else 0, self.height - self.para.height)
