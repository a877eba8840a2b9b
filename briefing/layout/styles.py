"""Paragraph styles, made from the theme once per theme."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..pdf import fonts
from ..theme import Theme


@lru_cache(maxsize=8)
def palette(theme: Theme) -> dict[str, Color]:
    """The style's colours as ReportLab colours, converted once (a string is parsed at every use)."""
    return {k: HexColor(v) for k, v in theme.colors.items()}


@lru_cache(maxsize=8)
def paragraph_styles(theme: Theme, rtl: bool = False) -> dict[str, ParagraphStyle]:
    """The styles by name; mirrored for a right-to-left document (`rtl`, see `mirrored`)."""
    if rtl:  # (text set at the body's leading takes the right-to-left one, if the style gives it)
        z = theme.sizes
        lead = z.get("leading_rtl", z["leading"])
        return {k: mirrored(st, lead if st.leading == z["leading"] else st.leading)
                for k, st in paragraph_styles(theme).items()}
    fonts.register(theme.families[0])  # fallback families: when text first needs them (Ctx.text)
    f = theme.font
    bold = fonts.face(f, True, False)
    c, z = palette(theme), theme.sizes
    body = ParagraphStyle(
        "body", fontName=f, fontSize=z["body"], leading=z["leading"], textColor=c["text"],
        spaceAfter=z["body"] * 0.55, alignment=TA_LEFT, splitLongWords=1, allowWidows=0, allowOrphans=0,
    )
    label = ParagraphStyle(
        "label", parent=body, fontName=bold, fontSize=z["label"], leading=z["label"] * 1.3,
        textColor=c["muted"], spaceAfter=0,
    )
    small = ParagraphStyle("small", parent=body, fontSize=z["small"], leading=z["small"] * 1.32, spaceAfter=0)
    s = {
        "body": body,
        "body_tight": ParagraphStyle("body_tight", parent=body, spaceAfter=0),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=z["body"] * 0.3,
                                 bulletFontName=f),
        "small": small,
        "small_bullet": ParagraphStyle("small_bullet", parent=small, leftIndent=10, bulletIndent=1, spaceAfter=1.5,
                                       bulletFontName=f),
        "small_muted": ParagraphStyle("small_muted", parent=small, textColor=c["muted"]),
        "label": label,
        "label_right": ParagraphStyle("label_right", parent=label, alignment=TA_RIGHT),
        "label_accent": ParagraphStyle("label_accent", parent=label, textColor=c["accent"]),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=z["title"], leading=z["title"] * 1.15,
                                textColor=c["text"], spaceAfter=z["title"] * 0.3),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=z["subtitle"], leading=z["subtitle"] * 1.3,
                                   textColor=c["muted"], spaceAfter=z["subtitle"] * 0.5),
        "byline": ParagraphStyle("byline", parent=small, textColor=c["muted"], spaceAfter=4),
        "masthead": ParagraphStyle("masthead", parent=label, textColor=c["accent"], fontSize=z["label"] + 0.6),
        "masthead_right": ParagraphStyle("masthead_right", parent=label, alignment=TA_RIGHT),
        "heading": ParagraphStyle("heading", parent=body, fontName=bold, fontSize=z["heading"],
                                  leading=z["heading"] * 1.25, textColor=c["accent"], spaceBefore=z["heading"] * 0.9,
                                  spaceAfter=z["heading"] * 0.45),
        "subheading": ParagraphStyle("subheading", parent=body, fontName=bold, fontSize=z["subheading"],
                                     leading=z["subheading"] * 1.25, textColor=c["text"], spaceBefore=6,
                                     spaceAfter=3),
        "box_title": ParagraphStyle("box_title", parent=label, textColor=c["accent"], fontSize=z["label"] + 0.4,
                                    spaceAfter=4),
        "event_title": ParagraphStyle("event_title", parent=body, fontName=bold, spaceAfter=1),
        "event_text": ParagraphStyle("event_text", parent=small, spaceAfter=0),
        "date": ParagraphStyle("date", parent=label, alignment=TA_RIGHT, textColor=c["text"]),
        "era": ParagraphStyle("era", parent=label, textColor=c["accent"]),
        "card_name": ParagraphStyle("card_name", parent=body, fontName=bold, fontSize=z["subheading"],
                                    leading=z["subheading"] * 1.2, textColor=c["on_accent"], spaceAfter=0),
        "card_short": ParagraphStyle("card_short", parent=label, textColor=c["on_accent"], alignment=TA_RIGHT,
                                     fontSize=z["subheading"] - 1, leading=z["subheading"] * 1.2),
        "runin": ParagraphStyle("runin", parent=small, spaceBefore=3, spaceAfter=1),
        "figure_value": ParagraphStyle("figure_value", parent=body, fontName=bold, fontSize=z["figure_value"],
                                       leading=z["figure_value"] * 1.15, textColor=c["accent"], alignment=TA_RIGHT,
                                       spaceAfter=0),
        "strip_value": ParagraphStyle("strip_value", parent=body, fontName=bold, fontSize=z["strip_value"],
                                      leading=z["strip_value"] * 1.1, textColor=c["accent"], spaceAfter=1),
        "table_head": ParagraphStyle("table_head", parent=label, textColor=c["text"]),
        "table_head_right": ParagraphStyle("table_head_right", parent=label, textColor=c["text"], alignment=TA_RIGHT),
        "source": ParagraphStyle("source", parent=small, leftIndent=16, bulletIndent=0, spaceAfter=3.5,
                                 bulletFontName=f),
        "disclaimer": ParagraphStyle("disclaimer", parent=small, textColor=c["muted"], spaceBefore=10),
        "tag": ParagraphStyle("tag", parent=label, textColor=c["tag_text"], alignment=TA_CENTER),
        "marking": ParagraphStyle("marking", parent=label, textColor=c["marking"], alignment=TA_CENTER,
                                  fontSize=z["marking"]),
        # the house identity: the cover, the big numbers' as-of dates, the table of contents
        "cover_title": ParagraphStyle("cover_title", parent=body, fontName=bold, fontSize=z["title"] * 1.35,
                                      leading=z["title"] * 1.5, textColor=c["text"], spaceBefore=10,
                                      spaceAfter=z["title"] * 0.5),
        "cover_date": ParagraphStyle("cover_date", parent=label, fontSize=z["label"] + 1.4, spaceBefore=4),
        "strip_as_of": ParagraphStyle("strip_as_of", parent=label, fontName=f, textColor=c["muted"]),
        "contents_entry": ParagraphStyle("contents_entry", parent=body, spaceAfter=0),
        "contents_page": ParagraphStyle("contents_page", parent=body, alignment=TA_RIGHT, spaceAfter=0),
    }
    return s


_SWAP = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}


def mirrored(st: ParagraphStyle, leading: float | None = None) -> ParagraphStyle:
    """A style for a right-to-left document: flush right where it was flush left and the other way round
    (a date column toward its rule, a value toward its neighbour), the indents swapped, and a bullet
    `bulletIndent` in from the right edge (marked `rtl`, read back as start and end by the text engine);
    at `leading`, if given."""
    out = ParagraphStyle(st.name, parent=st, alignment=_SWAP.get(st.alignment, st.alignment),
                         leftIndent=st.rightIndent, rightIndent=st.leftIndent,
                         leading=st.leading if leading is None else leading)
    out.rtl = True
    return out
