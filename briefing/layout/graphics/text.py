"""Labels on the canvas: measured and set run by run, in the style's fonts.

In: a `Ctx` (fonts, fallback families, right-to-left handling) and labels
from a placement. Out: a `Measure` for the placement step, and text drawn
with the canvas's text operators, so every label is real text in the PDF.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from ...pdf import fonts
from ..inline import Ctx
from .geometry import Label, Measure


def _runs(ctx: Ctx, text: str, bold: bool) -> tuple[tuple[str, str], ...]:
    """(font name, text) runs of a Latin-script string as the paragraphs would set it: fallback faces.

    Kept on the `Ctx` (a label is measured, then drawn, with the same runs).
    """
    cache = ctx.__dict__.setdefault("_graphics_runs", {})
    found = cache.get((text, bold))
    if found is not None:
        return found
    family = ctx.theme.font
    out = []
    for node in ctx.text(text):
        if isinstance(node, str):
            out.append((fonts.face(family, bold, False), node))
        else:  # ("font", {"face": family}, [text])
            _, attrs, (run,) = node
            assert isinstance(run, str)
            out.append((fonts.face(attrs["face"], bold, False), run))
    cache[(text, bold)] = result = tuple(out)
    return result


def measure_for(ctx: Ctx) -> Measure:
    """Text width as `draw_label` will set it (one cache per layout, kept on its `Ctx`)."""
    found = ctx.__dict__.get("_graphics_measure")
    if found is not None:
        return found

    @lru_cache(maxsize=4096)
    def measure(text: str, size: float, bold: bool) -> float:
        if ctx.needs_engine(text):
            from ...pdf.textpara import line_width  # (imported here: Latin-script builds never load the engine)

            return line_width(ctx.label(text, fonts.face(ctx.theme.font, bold, False), size))
        return sum(stringWidth(t, font, size) for font, t in _runs(ctx, text, bold))

    ctx.__dict__["_graphics_measure"] = measure
    return measure


# Colours the graphics added to the styles, and the older colour of the style that stands in for each
# in a style written without them (one that does not inherit from `default`).
STAND_INS = {"era_band_alt": "table_head", "graphic_track": "tag"}


def colors(ctx: Ctx) -> dict:
    """The style's colours for drawing graphics (with stand-ins for the graphics' own, where missing)."""
    col = ctx.colors
    if all(k in col for k in STAND_INS):
        return col
    return {**col, **{k: col[v] for k, v in STAND_INS.items() if k not in col}}


def draw_label(canv, ctx: Ctx, lab: Label, color=None) -> None:
    """Set one label, its runs in reading order (from the right in a right-to-left document); its colour is
    the style's colour named by the label unless given."""
    x = lab.x
    t = canv.beginText()
    t.setFillColor(color if color is not None else ctx.colors[lab.color])
    # (right to left, a label's runs go from the right: a date before its title reads first there)
    for text, bold in (reversed(lab.runs) if ctx.rtl else lab.runs):
        if ctx.needs_engine(text):  # right to left, or Arabic script: shaped and ordered by the text engine
            from ...pdf.textpara import draw_line_into  # (imported here: Latin-script builds never load the engine)

            font = fonts.face(ctx.theme.font, bold, False)
            space = stringWidth(" ", font, lab.size)
            core = text.strip(" ")  # (a line drops the spaces at its ends: keep the room measured for them)
            if not core:
                x += len(text) * space
                continue
            x += (len(text) - len(text.lstrip(" "))) * space
            x += draw_line_into(canv, t, ctx.label(core, font, lab.size), x, lab.y)
            x += (len(text) - len(text.rstrip(" "))) * space
            continue
        for font, chunk in _runs(ctx, text, bold):
            t.setTextOrigin(x, lab.y)
            t.setFont(font, lab.size)
            t.textOut(chunk)
            x += stringWidth(chunk, font, lab.size)
    canv.drawText(t)
