"""Sections: a heading (an outline entry) and the body's paragraphs and lists."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..model import Section
from .common import heading
from .inline import Ctx


def build(s: Section, ctx: Ctx) -> list[Flowable]:
    return [*heading(ctx, s.title, 0), *ctx.rich(s.body)]
