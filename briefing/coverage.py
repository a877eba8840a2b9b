"""Which characters a font can draw, read from its `cmap` table.

In: TrueType font paths. Out: sets of code points, cached per file.
Kept free of ReportLab so that `check` can warn about uncovered characters
without paying for ReportLab's import.
"""

from __future__ import annotations

import struct
import unicodedata
from functools import lru_cache

from .errors import Pos, Problem

# Characters that draw nothing and need no glyph.
_INVISIBLE = {"\n", "\r", "\t", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"}
_INVISIBLE_POINTS = {ord(c) for c in _INVISIBLE}


@lru_cache(maxsize=32)
def cmap(path: str) -> frozenset[int]:
    """The code points mapped by a TrueType font (cmap formats 4 and 12)."""
    with open(path, "rb") as fh:
        data = fh.read()
    num = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        tables[tag] = (off, length)
    off = tables[b"cmap"][0]
    n = struct.unpack(">H", data[off + 2: off + 4])[0]
    best: tuple[int, int] | None = None
    for i in range(n):
        pid, eid, sub = struct.unpack(">HHI", data[off + 4 + 8 * i: off + 12 + 8 * i])
        fmt = struct.unpack(">H", data[off + sub: off + sub + 2])[0]
        if (pid, eid) in ((3, 10), (0, 4), (0, 6)) and fmt == 12:
            best = (fmt, off + sub)
        elif (pid, eid) in ((3, 1), (0, 3)) and fmt == 4 and (best is None or best[0] != 12):
            best = (fmt, off + sub)
    points: set[int] = set()
    if best is None:
        return frozenset()
    fmt, o = best
    if fmt == 4:
        segx2 = struct.unpack(">H", data[o + 6: o + 8])[0]
        seg = segx2 // 2
        ends = struct.unpack(f">{seg}H", data[o + 14: o + 14 + segx2])
        starts = struct.unpack(f">{seg}H", data[o + 16 + segx2: o + 16 + 2 * segx2])
        deltas = struct.unpack(f">{seg}h", data[o + 16 + 2 * segx2: o + 16 + 3 * segx2])
        ro = o + 16 + 3 * segx2
        ranges = struct.unpack(f">{seg}H", data[ro: ro + segx2])
        for k in range(seg):
            if ranges[k] == 0 and not starts[k] <= (-deltas[k]) & 0xFFFF <= ends[k] and ends[k] < 0xFFFF:
                points.update(range(starts[k], ends[k] + 1))  # (no code of the range maps to glyph 0)
                continue
            for c in range(starts[k], ends[k] + 1):
                if c == 0xFFFF:
                    continue
                if ranges[k] == 0:
                    g = (c + deltas[k]) & 0xFFFF
                else:
                    addr = ro + 2 * k + ranges[k] + 2 * (c - starts[k])
                    g = struct.unpack(">H", data[addr: addr + 2])[0]
                    g = (g + deltas[k]) & 0xFFFF if g else 0
                if g:
                    points.add(c)
    else:
        ngroups = struct.unpack(">I", data[o + 12: o + 16])[0]
        for k in range(ngroups):
            a, b, g = struct.unpack(">III", data[o + 16 + 12 * k: o + 28 + 12 * k])
            points.update(range(a, b + 1))
    return frozenset(points)


def glyph_warnings(texts: tuple[tuple[Pos, str], ...], font_paths: tuple[str, ...]) -> list[Problem]:
    """One warning per value and character that no font of the style can draw.

    The fallback fonts' tables are read only when the first font lacks a character.
    """
    chars = set(map(ord, set().union(*(text for _, text in texts)))) - _INVISIBLE_POINTS  # (the loop in C)
    lacking = chars - cmap(font_paths[0])
    for p in font_paths[1:]:
        if not lacking:
            return []
        lacking -= cmap(p)
    if not lacking:
        return []
    out = []
    for pos, text in texts:
        seen = set()
        for ch in text:
            if ch in seen or ord(ch) not in lacking:
                continue
            seen.add(ch)
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            out.append(Problem(pos, f"no font covers {name} (U+{ord(ch):04X}); it prints as a replacement mark",
                               warning=True))
    return out


def is_invisible(ch: str) -> bool:
    return ch in _INVISIBLE
