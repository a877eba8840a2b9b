"""Sections: a heading (an outline entry), the body's paragraphs and lists, then the section's images.

`break_before` starts the section on a new page (none is left empty); `keep: together` moves the
heading, body and images to the next page together rather than split them, unless they are taller
than a page (the flowable then says so in `too_tall`: the position of its `keep` and its height, for
a warning).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, NotAtTopPageBreak

from ..model import Section
from .common import Keep, heading, keep_list_ends, lead_height
from .inline import Ctx


def build(s: Section, ctx: Ctx) -> list[Flowable]:
    body: list[Flowable] = keep_list_ends([*ctx.rich(s.body)], ctx.height)
    if s.images:
        from .graphics import picture_draw  # (Pillow, only for a briefing with images)

        body += picture_draw.build(ctx, s.images)
    before: list[Flowable] = [NotAtTopPageBreak()] if s.break_before else []
    if s.keep != "together" or not body:  # (the heading keeps with what must go under it: a list's start)
        return [*before, *heading(ctx, s.title, 0, keep=lead_height(body[0], ctx.width, ctx.height) if body
                                  else 0.0), *body]
    kept = Keep(body, ctx.height)
    tall = kept.height_of(ctx.width)
    head = heading(ctx, s.title, 0, keep=tall)
    tall += head[-1].wrap(ctx.width, ctx.height)[1]
    if tall > ctx.height:  # it flows, and splits: the warning says where and how tall
        kept.too_tall, kept.limit = [(s.where.get("keep", s.pos), tall)], 0.0
        head = heading(ctx, s.title, 0)
    inner = [x for f in body for x in getattr(f, "too_tall", None) or ()]  # (an image kept, too tall)
    if inner:
        kept.too_tall = [*getattr(kept, "too_tall", []), *inner]
    return [*before, *head, kept]
