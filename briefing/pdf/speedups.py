"""Faster paths through ReportLab that give the same PDF, byte for byte.

Applied by an explicit call, `apply()`, from the code that builds PDFs (the
pipeline's `build` and `render`, the batch's warm-up before it forks, the
benchmark), before ReportLab's paragraph module is imported; importing this
module (or any other) changes nothing in ReportLab. Each lever replaces one
ReportLab function or import-time step with one that returns the same
results; each is pinned by a test comparing it with ReportLab's own function
(`tests/test_speedups.py`), and all are used only with the ReportLab and
rl_accel versions they were checked against (`guard`); with any other,
ReportLab's own path runs. `tools/levers.py` reports which levers apply on a
given (or the newest) ReportLab. Nothing is cached on disk.

The levers and what each saves are recorded in `benchmarks/analysis.md`.
"""

from __future__ import annotations

import re
import sys
import threading
import zlib
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from struct import error as StructError
from struct import unpack_from
from typing import Any

import reportlab

# ReportLab versions (inclusive range) whose internals these levers were checked against.
CHECKED = ((5, 1, 0), (5, 1, 0))
# rl_accel (ReportLab's C functions, `_rl_accel`) versions they were checked against: the TrueType lever's
# fonts are measured by its `instanceStringWidthTTF`, as ReportLab's own are.
CHECKED_ACCEL = ("0.9.1",)


def version_tuple(version: str) -> tuple[int, ...] | None:
    """`"5.1.0"` -> `(5, 1, 0)`; None for a version that is not three numbers (a pre-release, say)."""
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def checked(version: str) -> bool:
    """Whether the levers were checked against this ReportLab version."""
    v = version_tuple(version)
    return v is not None and CHECKED[0] <= v <= CHECKED[1]


def guard() -> str | None:
    """Why the levers may not be used in this process; None when they may.

    They may with a ReportLab version they were checked against, whose rl_accel is present and is a
    version they were checked against.
    """
    if not checked(reportlab.Version):
        return f"ReportLab {reportlab.Version} is not a version the levers were checked against"
    try:
        import _rl_accel
    except ImportError:
        return "rl_accel (ReportLab's C functions) is not installed"
    version = getattr(_rl_accel, "version", None)
    if version not in CHECKED_ACCEL:
        return f"rl_accel {version} is not a version the levers were checked against"
    return None


APPLIED: list[str] = []  # names of the levers in use in this process (for tests and the benchmark)
ORIGINAL: dict[str, Callable[..., Any]] = {}  # ReportLab's own functions that a lever replaced, by name


# --------------------------------------------------------------------------- #
# Import time: ReportLab's URI pattern, compiled when first used
# --------------------------------------------------------------------------- #

# `reportlab.platypus.paragraph` compiles a large case-insensitive pattern of URIs when imported (a
# good part of that module's import time); it is used only to split long URIs at a line end. This is
# its text in the versions checked (known by its length and CRC-32 too, so that a test sees it is
# ReportLab's); a different pattern in another release is compiled as usual.
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*"
    "\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?"
    "(?:[/?#][^\\s]*)?\\Z")
URI_PATTERN_ID = (316, 0xF68DAC60)


class LazyPattern:
    """A regular expression compiled on first use; otherwise it behaves as the compiled pattern."""

    def __init__(self, pattern: str, flags: int):
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, search, pattern, flags...
        return getattr(self.compiled(), name)


def _pattern_id(pattern: str) -> tuple[int, int]:
    return len(pattern), zlib.crc32(pattern.encode("utf-8"))


def _re_caches() -> list[dict]:
    """The `re` module's caches of compiled patterns (one in Python 3.11, two from 3.12)."""
    return [c for c in (getattr(re, "_cache", None), getattr(re, "_cache2", None)) if isinstance(c, dict)]


def _answers_from_cache(flags: int) -> bool:
    """Whether `re.compile` answers a pattern put in its cache (asked with a throwaway pattern)."""
    caches = _re_caches()
    if not caches:
        return False
    probe, key = object(), (str, "(?#briefing: is the cache read?)", flags)
    caches[0][key] = probe
    try:
        return re.compile(key[1], flags) is probe
    finally:
        for c in _re_caches():
            if c.get(key) is probe:
                del c[key]


@contextmanager
def _compiled_lazily(pattern: str, flags: int) -> Iterator[LazyPattern | None]:
    """While the block runs, `re.compile(pattern, flags)` answers a LazyPattern, nothing else changes.

    The lazy pattern is put in `re`'s own cache of compiled patterns, where `re.compile` looks
    first, and taken out after the block: `re.compile` itself is not replaced, and any other
    pattern is compiled as usual. When this Python's `re` does not read its cache so, nothing is
    put there (None).
    """
    if not _answers_from_cache(flags):
        yield None
        return
    key = (str, pattern, flags)
    lazy = LazyPattern(pattern, flags)
    caches = _re_caches()
    if any(key in c for c in caches):  # compiled already: nothing to save
        yield None
        return
    caches[0][key] = lazy
    try:
        yield lazy
    finally:
        for c in _re_caches():
            if c.get(key) is lazy:
                del c[key]


# --------------------------------------------------------------------------- #
# Font registration: TrueType tables read with struct.unpack_from
# --------------------------------------------------------------------------- #

def _fast_extract_info(original: Callable[..., None]) -> Callable[..., None]:
    """`TTFontFile.extractInfo` with the character map, metrics and glyph locations read in bulk.

    ReportLab reads these tables two bytes per method call (some 10,000 calls a face). Here the
    small tables (names, head, OS/2, post, hhea, maxp) are still read by ReportLab's own code;
    the character map (formats 4 and 12), `hmtx` and `loca` are read with `unpack_from` over
    whole arrays, filling the same attributes in the same order. Anything else (other cmap
    formats, unknown table formats, truncated data) goes through ReportLab's own code whole,
    which raises its own errors.
    """

    def extract_info(self, charInfo=1):
        if not charInfo:
            return original(self, charInfo)
        try:
            plan = _plan(self)
        except (KeyError, StructError):
            plan = None
        if plan is None:
            return original(self, charInfo)
        original(self, 0)  # names, head, OS/2, post, hhea, maxp: sets charToGlyph etc. to None
        try:
            _read_char_info(self, *plan)
        except StructError:
            return original(self, charInfo)

    return extract_info


def _plan(self) -> tuple | None:
    """Where the character data is, if this font takes the fast path; else None."""
    data = self._ttf_data
    table = self.table
    if "loca" not in table or "hmtx" not in table or "maxp" not in table or "hhea" not in table:
        return None
    head = table["head"]["offset"]
    index_to_loc, glyph_format = unpack_from(">hh", data, head + 50)
    if glyph_format != 0 or index_to_loc not in (0, 1):
        return None
    # ReportLab's choice of cmap subtable: the last that suits (a Windows one wins over Mac Roman).
    cmap = table["cmap"]["offset"]
    version, count = unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count, version = version, count
    encoffs = None
    enc = 0
    for n in range(count):
        platform, encoding, offset = unpack_from(">HHL", data, cmap + 4 + 8 * n)
        if platform == 3:
            enc, encoffs = 1, offset
        elif platform == 1 and encoding == 0 and enc != 1:
            enc, encoffs = 2, offset
        elif platform == 1 and encoding == 1:
            enc, encoffs = 1, offset
        elif platform == 0 and encoding != 5:
            enc, encoffs = 1, offset
    if encoffs is None:
        return None
    encoffs += cmap
    fmt = unpack_from(">H", data, encoffs)[0]
    if fmt not in (4, 12):
        return None
    return encoffs, fmt, index_to_loc


def _read_char_info(self, encoffs: int, fmt: int, index_to_loc: int) -> None:
    data = self._ttf_data
    table = self.table
    scale = self._pdfScale
    num_glyphs = self.numGlyphs
    char_to_glyph: dict[int, int] = {}
    glyph_to_char: dict[int, list[int]] = {}
    to_char = glyph_to_char.setdefault
    if fmt == 4:
        length = unpack_from(">H", data, encoffs + 2)[0]
        limit = encoffs + length
        seg = unpack_from(">H", data, encoffs + 6)[0] // 2
        at = encoffs + 14
        end = unpack_from(f">{seg}H", data, at)
        start = unpack_from(f">{seg}H", data, at + 2 * seg + 2)
        delta = unpack_from(f">{seg}h", data, at + 4 * seg + 2)
        range_start = at + 6 * seg + 2
        range_offset = unpack_from(f">{seg}H", data, range_start)
        for n in range(seg):
            s, d, ro = start[n], delta[n], range_offset[n]
            if ro == 0:
                for u in range(s, end[n] + 1):
                    g = (u + d) & 0xFFFF
                    char_to_glyph[u] = g
                    to_char(g, []).append(u)
            else:
                base = range_start + 2 * n + ro - 2 * s
                for u in range(s, end[n] + 1):
                    off = base + 2 * u
                    if off >= limit:  # ReportLab's workaround for broken fonts
                        g = 0
                    else:
                        g = unpack_from(">H", data, off)[0]
                        if g != 0:
                            g = (g + d) & 0xFFFF
                    char_to_glyph[u] = g
                    to_char(g, []).append(u)
    else:  # format 12: groups of (first code, last code, first glyph)
        groups = unpack_from(">L", data, encoffs + 12)[0]
        flat = unpack_from(f">{3 * groups}L", data, encoffs + 16)
        for n in range(0, 3 * groups, 3):
            s, e, first = flat[n], flat[n + 1], flat[n + 2]
            inc = first - s
            for u in range(s, e + 1):
                g = u + inc
                char_to_glyph[u] = g
                to_char(g, []).append(u)
    self.charToGlyph = char_to_glyph
    self.glyphToChar = glyph_to_char

    # hmtx: (advance, left side bearing) per glyph; glyphs past the last advance repeat it (scaled,
    # as ReportLab stores it).
    hmetrics_count = unpack_from(">H", data, table["hhea"]["offset"] + 34)[0]
    at = table["hmtx"]["offset"]
    pairs = unpack_from(f">{2 * hmetrics_count}H", data, at)
    char_widths: dict[int, float] = {}
    hmetrics: list[tuple] = []
    add = hmetrics.append
    aw: Any = None
    for glyph in range(hmetrics_count):
        raw = pairs[2 * glyph]
        add((raw, pairs[2 * glyph + 1]))
        aw = scale(raw)
        if glyph == 0:
            self.defaultWidth = aw
        chars = glyph_to_char.get(glyph)
        if chars is not None:
            for c in chars:
                char_widths[c] = aw
    rest = num_glyphs - hmetrics_count
    if rest > 0:
        lsbs = unpack_from(f">{rest}H", data, at + 4 * hmetrics_count)
        for i, glyph in enumerate(range(hmetrics_count, num_glyphs)):
            add((aw, lsbs[i]))
            chars = glyph_to_char.get(glyph)
            if chars is not None:
                for c in chars:
                    char_widths[c] = aw
    self.charWidths = char_widths
    self.hmetrics = hmetrics

    at = table["loca"]["offset"]
    if index_to_loc == 0:
        self.glyphPos = [p << 1 for p in unpack_from(f">{num_glyphs + 1}H", data, at)]
        self._pos = at + 2 * (num_glyphs + 1)  # where ReportLab's reading stops
    else:
        self.glyphPos = list(unpack_from(f">{num_glyphs + 1}L", data, at))
        self._pos = at + 4 * (num_glyphs + 1)
    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        char_widths[0xA0] = char_widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        char_widths[0x20] = char_widths[0xA0]


# --------------------------------------------------------------------------- #
# Import time: HarfBuzz, which ReportLab's TrueType module imports if installed
# --------------------------------------------------------------------------- #

def _harfbuzz_kept_out() -> bool:
    """`reportlab.pdfbase.ttfonts` imports uharfbuzz when it is installed (about 12 ms), for ReportLab's own
    shaping path (`ParagraphStyle.shaping`), which the project never asks for: the text engine shapes with
    its own calls (`briefing.pdf.shaping`), importing uharfbuzz when it first shapes. Imported with
    uharfbuzz hidden, the module holds `uharfbuzz = None`, as where it is not installed; a PDF is the same."""
    if "reportlab.pdfbase.ttfonts" in sys.modules:
        return False
    hide = "uharfbuzz" not in sys.modules
    if hide:
        sys.modules["uharfbuzz"] = None  # type: ignore[assignment]  # (an import of it raises ImportError)
    try:
        from reportlab.pdfbase import ttfonts
    finally:
        if hide and "uharfbuzz" in sys.modules and sys.modules["uharfbuzz"] is None:
            del sys.modules["uharfbuzz"]
    return ttfonts.uharfbuzz is None


# --------------------------------------------------------------------------- #
# Putting them in place
# --------------------------------------------------------------------------- #

def _lazy_uri_pattern() -> bool:
    if "reportlab.platypus.paragraph" in sys.modules:
        return False
    with _compiled_lazily(URI_PATTERN, re.I.value) as lazy:
        from reportlab.platypus import paragraph
    return lazy is not None and paragraph.uri_pat is lazy


def _truetype() -> bool:
    from reportlab.pdfbase import ttfonts

    ORIGINAL["extractInfo"] = ttfonts.TTFontFile.extractInfo
    ttfonts.TTFontFile.extractInfo = _fast_extract_info(ORIGINAL["extractInfo"])
    return True


# The levers by name, in the order they are put in place (HarfBuzz's and the URI pattern's before anything
# imports ReportLab's TrueType and paragraph modules).
LEVERS: dict[str, Callable[[], bool]] = {
    "uharfbuzz kept out of ReportLab's import": _harfbuzz_kept_out,
    "lazy uri_pat": _lazy_uri_pattern,
    "TrueType tables in bulk": _truetype,
}
_LOCK = threading.Lock()
_DONE: list[bool] = []  # [True] once apply() has run in this process


def apply(skip: Collection[str] = ()) -> list[str]:
    """Put the levers in place, once a process (again is a no-op); those named in `skip` are left
    out (to measure each). Returns the names of those in use (none when `guard()` says why not).

    Call it before anything imports `reportlab.platypus`: the URI pattern's lever works only then.
    """
    with _LOCK:
        if _DONE:
            return APPLIED
        _DONE.append(True)
        if guard() is not None:
            return APPLIED
        for name, put in LEVERS.items():
            if name not in skip and put():
                APPLIED.append(name)
        return APPLIED
