"""The Unicode bidirectional algorithm, as the text engine uses it: levels once per paragraph, order per line.

In: a paragraph's logical text and its base direction. Out: the embedding level of each character
(rules up to I2, from python-bidi, whose Rust core resolves them, bracket pairs included), and the
visual order of the runs of a line (rules L1 and L2, done here: python-bidi reorders only whole
paragraphs). Rule L3 (combining marks) is not applied: the shaper keeps marks with their base.
Brackets at odd levels are mirrored by the shaper (HarfBuzz, for a right-to-left run).

python-bidi 0.6 gives levels only in its debug report (one `Level(n)` per UTF-8 byte of the text);
`levels` reads it, and a test pins that format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character of `text` (base level 1 if `rtl`, else 0).

    A line feed ends a bidi paragraph; the next begins at the same base level.
    """
    if not text:
        return []
    from bidi import get_display  # (imported here: only right-to-left and Arabic-script builds need it)

    report = get_display(text, base_dir="R" if rtl else "L", debug=True)
    start, end = report.find("levels:"), report.find("paragraphs:")
    if start < 0 or end < start:
        raise RuntimeError("python-bidi's debug report has no levels: its format changed")
    per_byte = [int(x) for x in _LEVEL.findall(report, start, end)]
    size = len(text.encode("utf-8"))
    if len(per_byte) != size:
        raise RuntimeError(f"python-bidi gave {len(per_byte)} levels for {size} bytes: its format changed")
    out, b = [], 0
    for c in text:
        out.append(per_byte[b])
        b += len(c.encode("utf-8"))
    return out


def visual_order(run_levels: Sequence[int]) -> list[int]:
    """Indices of a line's runs (each at one level, in logical order) in visual order, left to right (L2).

    From the highest level down to the lowest odd level, every maximal sequence of runs at that level
    or higher is reversed. A run's own content is reversed when its level is odd (the shaper does it).
    """
    order = list(range(len(run_levels)))
    if not order:
        return order
    lv = list(run_levels)
    top = max(lv)
    low = min(lv)
    lowest_odd = low if low % 2 else low + 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if lv[i] >= level:
                j = i
                while j < len(order) and lv[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                lv[i:j] = lv[i:j][::-1]
                i = j
            else:
                i += 1
    return order
