"""HarfBuzz shaping for the text engine: glyphs, clusters and positions of a run of one font and level.

In: a run's text inside its word (the word is the context that joining letters see), a font file, the
direction (from the run's bidi level, never guessed from the script) and an OpenType language tag.
Out: the glyphs in visual order, each with its glyph id, the logical index of its cluster (HarfBuzz's
"monotone characters" level: a mark keeps its own cluster) and its advance and offsets in thousandths
of an em. Results are cached per word, which is what keeps shaping cheap (a text repeats its words).

uharfbuzz is imported on the first shaping (about 12 ms), so a build that never needs the text engine
never pays for it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, partial
from itertools import repeat
from typing import Any, NamedTuple

from reportlab.pdfbase import pdfmetrics

# OpenType language system tags by BCP 47 primary language (Arabic-script languages only).
OT_LANGUAGES = {"fa": "FAR", "prs": "DRI", "ps": "PAS", "ar": "ARA", "ur": "URD", "ckb": "KUR", "sd": "SND",
                "ug": "UYG"}


class Shaped(NamedTuple):
    gid: int
    cluster: int  # index of the cluster's first character in the shaped text
    advance: float  # thousandths of an em
    x_offset: float
    y_offset: float


def ot_language(tag: str) -> str | None:
    """The OpenType language tag for a BCP 47 tag (`fa-AF` -> `FAR`), if it is an Arabic-script language."""
    return OT_LANGUAGES.get(tag.split("-")[0].lower())


@cache
def _hb() -> Any:
    import uharfbuzz  # (imported here, on the first shaping: see the module's doc)

    return uharfbuzz


@cache
def font(path: str) -> tuple[Any, float]:
    """HarfBuzz's font for a file, and its scale to thousandths of an em."""
    hb = _hb()
    face = hb.Face(hb.Blob.from_file_path(path))
    return hb.Font(face), 1000.0 / face.upem


def advance(path: str, gid: int) -> float:
    """A glyph's own advance (its `hmtx` width), in thousandths of an em."""
    f, scale = font(path)
    return f.get_glyph_h_advance(gid) * scale


@lru_cache(maxsize=20_000)
def shape(context: str, start: int, end: int, path: str, rtl: bool, language: str | None) -> tuple[Shaped, ...]:
    """The glyphs of `context[start:end]`, shaped with the rest of `context` around it for joining.

    Clusters are indices into `context`. Glyphs are in visual order (right to left runs reversed).
    """
    hb = _hb()
    f, scale = font(path)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(context, start, end - start)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if language is not None:
        buf.set_language_from_ot_tag(language)
    hb.shape(f, buf, {})
    # (`position` is (x_offset, y_offset, x_advance, y_advance) in one call; tuples made Shaped without
    # the named tuple's own constructor in Python)
    return tuple(map(_SHAPED, [(i.codepoint, i.cluster, xa * scale, xo * scale, yo * scale) for i, (xo, yo, xa, _)
                               in zip(buf.glyph_infos, [p.position for p in buf.glyph_positions], strict=True)]))


_SHAPED = partial(tuple.__new__, Shaped)

SHY = "\u00ad"  # a soft hyphen: drawn as a hyphen where a line breaks at it, else not at all

# What needs HarfBuzz or the bidi algorithm even in a left-to-right paragraph: scripts whose letters join,
# reorder or run right to left (Hebrew to Myanmar, Khmer, Mongolian, presentation forms, beyond the BMP),
# combining marks (positioned by the font's GPOS), joiners, directional marks and embeddings.
COMPLEX = re.compile("[\u0300-\u036f\u0483-\u0489\u0590-\u1cff\u1dc0-\u1dff\u200c-\u200f\u202a-\u202e"
                     "\u2066-\u2069\u20d0-\u20ff\ufb1d-\ufdff\ufe00-\ufe2f\ufe70-\ufeff\U00010000-\U0010ffff]")


def advances(word: str, face: str) -> list[float]:
    """The advances of `word`'s glyphs as `simple` gives them (thousandths of an em), without the glyphs."""
    f = pdfmetrics.getFont(face).face
    get, dflt = f.charWidths.get, f.defaultWidth
    return [get(cp, dflt) for cp in map(ord, word.replace(SHY, "-"))]


def simple(context: str, start: int, end: int, face: str) -> tuple[Shaped, ...]:
    """The glyphs of `context[start:end]` left to right, one a character, with the face's own advances
    (`hmtx`, as ReportLab measures text): for text with nothing `COMPLEX` in it, what HarfBuzz would give
    without kerning, in a fraction of the time and without importing it. A soft hyphen is a hyphen's glyph
    (the line breaker draws it only at a line's end)."""
    text = context[start:end]
    gids = pdfmetrics.getFont(face).face.charToGlyph
    return tuple(map(_SHAPED, zip([gids.get(cp, 0) for cp in map(ord, text.replace(SHY, "-"))], range(start, end),
                                  advances(text, face), repeat(0.0), repeat(0.0))))
