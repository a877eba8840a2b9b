"""Sections: a heading (an outline entry), the body's paragraphs and lists, then the section's images."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..model import Section
from .common import heading
from .inline import Ctx


def build(s: Section, ctx: Ctx) -> list[Flowable]:
    out = [*heading(ctx, s.title, 0), *ctx.rich(s.body)]
    if s.images:
        from .graphics import picture_draw  # (Pillow, only for a briefing with images)

        out += picture_draw.build(ctx, s.images)
    return out
