"""Page 1's title block: masthead, title, subtitle, byline, key points, key numbers."""

from __future__ import annotations

from reportlab.platypus import Flowable, HRFlowable, Table, TableStyle

from ..labels import as_of_text
from ..model import Briefing
from ..pdf.tagging import tag
from . import changes, figures
from .common import table
from .identity import logo
from .inline import Ctx

LOGO_GAP = 10  # points between the logo and the publisher's name


def dateline(b: Briefing, ctx: Ctx) -> str:
    parts = []
    if b.edition:
        parts.append(ctx.words.word("edition", edition=b.edition))
    if b.date:
        parts.append(ctx.words.date(b.date, long=True))
    if b.as_of:
        parts.append(as_of_text(ctx.words, b.as_of))
    return "  ·  ".join(parts)


def build(b: Briefing, ctx: Ctx) -> list[Flowable]:
    col = ctx.colors
    out: list[Flowable] = []
    left = ctx.para((b.publisher or ctx.words.word("masthead")).upper(), "masthead")
    right = ctx.para(dateline(b, ctx), "masthead_right")
    mark = logo(ctx)
    lead = [] if mark is None else [mark]  # the style's logo first, at its set height
    room = ctx.width - sum(m.width + LOGO_GAP for m in lead)
    mast = table(ctx, [[*lead, left, right]], [*(m.width + LOGO_GAP for m in lead), room * 0.55, room * 0.45], [
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *([("ALIGN", (0, 0), (0, 0), "LEFT")] if lead else []),
    ], splitInRow=1)  # (right to left: the masthead from the right, the logo flush right)
    out += [mast, HRFlowable(width="100%", thickness=0.6, color=col["rule"], spaceBefore=3, spaceAfter=12)]
    t = ctx.para(b.title, "title")
    t.outline = (b.title, 0)
    tag(t, role="H1")
    out.append(t)
    if b.subtitle:
        out.append(ctx.para(b.subtitle, "subtitle"))
    if b.authors:
        out.append(ctx.para(ctx.words.join(list(b.authors)), "byline"))
    if b.summary:
        cell: list[Flowable] = [ctx.para(ctx.words.word("key_points"), "box_title")]
        for point in b.summary:
            cell += ctx.rich(point, "bullet", "bullet", first_bullet="\u2022")
        box = Table([[cell]], colWidths=[ctx.width], splitInRow=1)
        box.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), col["accent_tint"]),
            ("LINEABOVE", (0, 0), (-1, 0), 2, col["accent"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        box.spaceBefore, box.spaceAfter = 6, 8
        out.append(box)
    since = changes.box(b, ctx)
    if since is not None:
        out.append(since)
    s = figures.strip(b, ctx)
    if s is not None:
        # Where the big numbers do not fit under the key points (a handout's half page), they open the next
        # page, and the text that follows fills this one, rather than leave its foot empty.
        s.floats = True
        out.append(s)
    return out
