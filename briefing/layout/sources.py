"""The numbered Sources list: hanging numbers, titles in italics, clickable URLs.

Each entry carries the anchor `src-N` that citations in the text link to.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..model import Briefing
from .common import heading
from .inline import Ctx, Para, escape


def build(b: Briefing, ctx: Ctx) -> list[Flowable]:
    if not b.sources:
        return []
    out: list[Flowable] = [*heading(ctx, "Sources", 0)]
    link = ctx.theme.colors["link"]
    for n, s in enumerate(b.sources, 1):
        parts = [f"<i>{ctx.text(s.title)}</i>"]
        if s.publisher:
            parts.append(ctx.text(s.publisher))
        if s.date:
            parts.append(s.date.format(long=True))
        text = ". ".join(parts) + "."
        if s.url:
            # The URL is drawn in small type with a zero-width break after each
            # slash so that a long URL wraps instead of running off the page.
            shown = escape(s.url).replace("/", "/\u200b")
            href = escape(s.url)
            text += f' <font size="{ctx.theme.sizes["label"]}"><a href="{href}" color="{link}">{shown}</a></font>'
        if s.accessed:
            text += f" Accessed {s.accessed.format(long=True)}."
        out.append(Para(f'<a name="src-{n}"/>{text}', ctx.styles["source"], bulletText=f"{n}."))
    return out
