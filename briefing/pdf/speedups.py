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
given (or the newest) ReportLab. Nothing is cached on disk; the in-memory
memos are bounded.

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
# rl_accel (ReportLab's C functions, `_rl_accel`) versions they were checked against: `same_frag`
# answers as its C `sameFrag` (ReportLab's fallback in Python answers otherwise for a missing attribute).
CHECKED_ACCEL = ("0.9.1",)

MEMO_MAX = 50_000  # entries per memo before it is emptied: a long `watch` session stays bounded


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

    They may with a ReportLab version they were checked against, whose rl_accel is present, is a
    version they were checked against, and is what ReportLab uses for the functions they rely on.
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
    from reportlab.lib import rl_accel

    for name in ("sameFrag", "fp_str"):
        if getattr(rl_accel, name, None) is not getattr(_rl_accel, name, None):
            return f"ReportLab does not use rl_accel's {name}"
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
        return re.compile(key[1], flags) is probe  # type: ignore[comparison-overlap]
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
# Import time: Pillow, loaded when an image is first drawn
# --------------------------------------------------------------------------- #

def _pil_image_lazily() -> bool:
    """Put a lazily loaded `PIL.Image` in place before `reportlab.lib.utils` imports it.

    ReportLab imports Pillow's `Image` module at start-up for bitmaps; a briefing draws none
    unless it has pictures. The module object is the real one, filled in on first attribute
    access (`importlib.util.LazyLoader`).
    """
    if "PIL.Image" in sys.modules or "reportlab.lib.utils" in sys.modules:
        return False
    import importlib.util

    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:  # no Pillow at all: ReportLab's own import says so
        return False
    if spec is None or spec.loader is None:
        return False
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    loader.exec_module(module)
    # `from PIL import Image` takes the package's attribute if it has one; otherwise it goes through
    # the import system, which reads the module's __spec__ and so loads it.
    sys.modules["PIL"].Image = module  # type: ignore[attr-defined]
    return True


# --------------------------------------------------------------------------- #
# Per paragraph: fragment comparison, string widths, ascent and descent
# --------------------------------------------------------------------------- #

_MISSING = object()
_PLAIN_FRAG: type | None = None  # ParaFrag, once checked to define none of the compared names (see apply)
_SAME_FRAG_ATTRS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def same_frag(f: Any, g: Any) -> bool:
    """Whether two fragments can be drawn as one run: rl_accel's `sameFrag`, in Python.

    The C function looks each attribute up by a name it makes a string of on every call, and
    raises (and clears) an AttributeError for each one missing; here a missing attribute is a
    default. As in C: a fragment with `cbDefn` or `lineBreak` is never the same; an attribute
    missing from one fragment only is a difference (missing is not `None`); values compare `!=`
    after an identity test. (ReportLab's fragments keep these attributes on the instance; for an
    attribute found on one fragment's class while the other lacks it, the C function's answer
    depends on the order of its arguments, as it looks the second up with the first's
    AttributeError still pending.)
    """
    if type(f) is _PLAIN_FRAG and type(g) is _PLAIN_FRAG:
        # ReportLab's own fragment class defines none of these names: an attribute is one of the
        # instance's, or missing (the same answers as below, from the two dictionaries)
        fd, gd = f.__dict__, g.__dict__
        if "cbDefn" in fd or "cbDefn" in gd or "lineBreak" in fd or "lineBreak" in gd:
            return False
        for name in _SAME_FRAG_ATTRS:
            a = fd.get(name, _MISSING)
            b = gd.get(name, _MISSING)
            if a is b:
                continue
            if a is _MISSING or b is _MISSING or a != b:
                return False
        return True
    if (hasattr(f, "cbDefn") or hasattr(g, "cbDefn") or hasattr(f, "lineBreak") or hasattr(g, "lineBreak")):
        return False
    for name in _SAME_FRAG_ATTRS:
        a = getattr(f, name, _MISSING)
        b = getattr(g, name, _MISSING)
        if a is b:
            continue
        if a is _MISSING or b is _MISSING or a != b:
            return False
    return True


def _memo_width(fonts: dict, original: Callable[..., float]) -> Callable[..., float]:
    """`pdfmetrics.stringWidth`, remembered per (text, font object, size, encoding).

    A width depends only on the font's metrics, which do not change once it is registered; the
    key holds the font object itself, so a font registered again under the same name is measured
    again. Line breaking measures the same words (and a single space, most of all) many times.
    """
    memo: dict[tuple, float] = {}

    def string_width(text, fontName, fontSize, encoding="utf8"):
        font = fonts.get(fontName)
        if font is None:  # not registered yet: ReportLab finds and registers it
            return original(text, fontName, fontSize, encoding)
        key = (text, font, fontSize, encoding)
        w = memo.get(key)
        if w is None:
            if len(memo) >= MEMO_MAX:
                memo.clear()
            w = memo[key] = original(text, fontName, fontSize, encoding)
        return w

    string_width.memo = memo  # type: ignore[attr-defined]
    return string_width


def _memo_fp_str(original: Callable[..., str]) -> Callable[..., str]:
    """rl_accel's `fp_str` (numbers as PDF writes them), remembered per arguments.

    Page content repeats the same coordinates, sizes and colour components; formatting one in C
    costs about a microsecond, mostly in parsing its arguments. Numbers that compare equal format
    alike (`1`, `1.0` and `True` are all `1`; `-0.0` and `0.0` are both `0`), so equal keys are
    safe; an argument that cannot be a key (a list) goes to ReportLab's function.
    """
    memo: dict[tuple, str] = {}

    def fp_str(*a):
        try:
            r = memo.get(a)
        except TypeError:  # fp_str([x, y]): a list is no key
            return original(*a)
        if r is None:
            if len(memo) >= MEMO_MAX:
                memo.clear()
            r = memo[a] = original(*a)
        return r

    fp_str.memo = memo  # type: ignore[attr-defined]
    return fp_str


def _memo_pdfdoc_enc(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`pdfdoc.pdfdocEnc` (text -> bytes in PDFDocEncoding), remembered per text.

    Writing the file encodes every name and number of every page's objects through a codec
    looked up by name on each call; the same few hundred strings come back page after page.
    Anything not text is returned as it is, as ReportLab does; text the codec cannot encode
    raises as it does (and is not remembered).
    """
    memo: dict[str, bytes] = {}

    def pdfdocEnc(x):  # noqa: N802  (ReportLab's name)
        if type(x) is not str:
            return original(x)
        r = memo.get(x)
        if r is None:
            if len(memo) >= MEMO_MAX:
                memo.clear()
            r = memo[x] = original(x)
        return r

    pdfdocEnc.memo = memo  # type: ignore[attr-defined]
    return pdfdocEnc


def _memo_ascent_descent(fonts: dict, original: Callable[..., tuple[float, float]]) -> Callable[..., Any]:
    """`pdfmetrics.getAscentDescent`, remembered per (font object, size)."""
    memo: dict[tuple, tuple[float, float]] = {}

    def get_ascent_descent(fontName, fontSize=None):
        font = fonts.get(fontName)
        if font is None:
            return original(fontName, fontSize)
        key = (font, fontSize)
        r = memo.get(key)
        if r is None:
            if len(memo) >= MEMO_MAX:
                memo.clear()
            r = memo[key] = original(fontName, fontSize)
        return r

    get_ascent_descent.memo = memo  # type: ignore[attr-defined]
    return get_ascent_descent


def _fast_split_string(original: Callable[..., list]) -> Callable[..., list]:
    """`TTFont.splitString` for text whose characters all have their code in the first subset.

    ReportLab gives each character of a font a code in one of the font's 256-character subsets
    the first time the document draws it, in a loop of Python per character. Once every
    character of a text has its code (nearly always, after the first page) and all are in
    subset 0 (the first 256 characters a document draws), the answer is that subset and the
    codes as bytes; anything else (a new character, a no-break space, one the font lacks, a
    later subset, bytes) goes through ReportLab's own loop.
    """

    def split_string(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is not None and type(text) is str:
            try:
                codes = bytes(map(state.assignments.__getitem__, map(ord, text)))
            except (KeyError, ValueError):  # not yet given a code; or a code past the first subset
                pass
            else:
                return [(0, codes)] if codes else []
        return original(self, text, doc, encoding)

    return split_string


def _fast_alpha(original: Callable[[Any, Any], None], key: str, setter: str, canvas_cls: type, text_cls: type,
                minimum: Any, default: Any) -> Callable[[Any, Any], None]:
    """`setFillAlpha` / `setStrokeAlpha` (every colour set calls one) without the call that would
    change nothing.

    ReportLab's function checks the value, then has the canvas (or the text object's canvas)
    raise the document's PDF version to 1.4 and record the opacity in its graphics state, which
    writes an operator only when the value differs from the current one. When the version is
    already 1.4 and the value is the current one, none of that does anything: skipped. A class
    with its own way of setting opacity, or any other case, goes through ReportLab's function.
    """
    routes: dict[type, int] = {}  # class -> 1: a canvas, 2: a text object, 0: its own setter
    own_canvas, own_text = getattr(canvas_cls, setter, None), getattr(text_cls, setter, None)  # (a text object
    # has no stroke opacity setter: ReportLab's function then does nothing, and so does this one, through it)

    def set_alpha(self, a):
        if isinstance(a, (float, int)) and 0 <= a <= 1:
            route = routes.get(type(self))
            if route is None:
                found = getattr(type(self), setter, None)
                route = routes[type(self)] = (0 if found is None else 1 if found is own_canvas
                                              else 2 if found is own_text else 0)
            if route:
                canv = self if route == 1 else self._canvas
                if canv._doc._pdfVersion >= minimum and a == canv._extgstate._d.get(key, default):
                    return
        original(self, a)

    return set_alpha


def _fast_push_copy(original: Callable[[Any], Any], cls: type) -> Callable[[Any], Any]:
    """`ExtGState.pushCopy` (every saveState) without making, then replacing, a new state's two dicts."""
    new = object.__new__

    def push_copy(self):
        if type(self) is not cls:
            return original(self)
        x = new(cls)
        x._d = self._d.copy()
        x._c = self._c
        return x

    return push_copy


def _fast_tt_parse(original: Callable[..., tuple], pp: Any) -> Callable[..., tuple]:
    """`ParaParser.tt_parse` for a paragraph of plain text, `("para", None, ["text"])`.

    Most paragraphs of a briefing are one run of plain text, for which ReportLab's parser resets
    an HTML parser, pushes and copies fragments on a stack, and returns one fragment made from
    the style: the style's font (through the family mappings), size and colour, and the text.
    Here that fragment is made directly, with the same attributes in the same order; any other
    tree (or any error) goes through ReportLab's parser. The parser is left ready for the next
    parse, as ReportLab leaves it (its other bookkeeping is not set: nothing reads it after a parse).
    """

    def tt_parse(self, tt, style):
        if (type(tt) is tuple and len(tt) == 3 and tt[0] == "para" and not tt[1] and type(tt[2]) is list
                and len(tt[2]) == 1 and type(tt[2][0]) is str):
            try:
                frag = pp.ParaFrag()  # (names looked up in ReportLab's parser module, as its parser does)
                frag.rise = 0
                frag.greek = 0
                frag.link = []
                frag.fontName, frag.bold, frag.italic = pp.ps2tt(style.fontName)
                frag.fontSize = style.fontSize
                frag.textColor = style.textColor
                frag.us_lines = []
                frag.__tag__ = "para"
                frag.fontName = pp.tt2ps(frag.fontName, frag.bold, frag.italic)
                frag.text = tt[2][0]
            except Exception:  # noqa: BLE001  (ReportLab's parser reports it in its own words)
                return original(self, tt, style)
            self.errors = []
            self.fragList = []
            if "bFragList" in self.__dict__:
                del self.bFragList
            return style, [frag], None
        return original(self, tt, style)

    return tt_parse


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
# Putting them in place
# --------------------------------------------------------------------------- #

def _lazy_pil() -> bool:
    return _pil_image_lazily()


def _lazy_uri_pattern() -> bool:
    if "reportlab.platypus.paragraph" in sys.modules:
        return False
    with _compiled_lazily(URI_PATTERN, re.I.value) as lazy:
        from reportlab.platypus import paragraph
    return lazy is not None and paragraph.uri_pat is lazy


def _same_frag() -> bool:
    from reportlab.platypus import paragraph
    from reportlab.platypus.paraparser import ParaFrag

    global _PLAIN_FRAG
    if not any(hasattr(ParaFrag, n) for n in (*_SAME_FRAG_ATTRS, "cbDefn", "lineBreak")) \
            and "__getattr__" not in dir(ParaFrag):
        _PLAIN_FRAG = ParaFrag
    ORIGINAL["sameFrag"] = paragraph.sameFrag
    paragraph.sameFrag = same_frag
    return True


def _string_width() -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph

    ORIGINAL["stringWidth"] = paragraph.stringWidth
    paragraph.stringWidth = _memo_width(pdfmetrics._fonts, ORIGINAL["stringWidth"])
    return True


def _ascent_descent() -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph

    ORIGINAL["getAscentDescent"] = paragraph.getAscentDescent
    paragraph.getAscentDescent = _memo_ascent_descent(pdfmetrics._fonts, ORIGINAL["getAscentDescent"])
    return True


def _truetype() -> bool:
    from reportlab.pdfbase import ttfonts

    ORIGINAL["extractInfo"] = ttfonts.TTFontFile.extractInfo
    ttfonts.TTFontFile.extractInfo = _fast_extract_info(ORIGINAL["extractInfo"])
    return True


def _fp_str() -> bool:
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas, pathobject, textobject
    from reportlab.platypus import flowables, tables

    ORIGINAL["fp_str"] = fp_str = canvas.fp_str
    memo_fp_str = _memo_fp_str(fp_str)
    for module in (canvas, textobject, pathobject, pdfdoc, flowables, tables):
        if getattr(module, "fp_str", None) is fp_str:
            module.fp_str = memo_fp_str
    return True


def _pdfdoc_enc() -> bool:
    from reportlab.pdfbase import pdfdoc

    ORIGINAL["pdfdocEnc"] = pdfdoc.pdfdocEnc
    pdfdoc.pdfdocEnc = _memo_pdfdoc_enc(ORIGINAL["pdfdocEnc"])
    return True


def _tt_parse() -> bool:
    from reportlab.platypus import paraparser

    ORIGINAL["tt_parse"] = paraparser.ParaParser.tt_parse
    paraparser.ParaParser.tt_parse = _fast_tt_parse(ORIGINAL["tt_parse"], paraparser)
    return True


def _split_string() -> bool:
    from reportlab.pdfbase import ttfonts

    ORIGINAL["splitString"] = ttfonts.TTFont.splitString
    ttfonts.TTFont.splitString = _fast_split_string(ORIGINAL["splitString"])
    return True


def _alpha() -> bool:
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas, textobject

    setter_cls = textobject._PDFColorSetter
    minimum = pdfdoc.PDF_SUPPORT_VERSION["transparency"]
    for name, key, setter in (("setFillAlpha", "ca", "_setFillAlpha"), ("setStrokeAlpha", "CA", "_setStrokeAlpha")):
        ORIGINAL[name] = getattr(setter_cls, name)
        setattr(setter_cls, name, _fast_alpha(ORIGINAL[name], key, setter, canvas.Canvas, textobject.PDFTextObject,
                                              minimum, canvas.ExtGState.defaults[key]))
    return True


def _push_copy() -> bool:
    from reportlab.pdfgen import canvas

    ORIGINAL["pushCopy"] = canvas.ExtGState.pushCopy
    canvas.ExtGState.pushCopy = _fast_push_copy(ORIGINAL["pushCopy"], canvas.ExtGState)
    return True


# The levers by name, in the order they are put in place (the URI pattern's before anything imports
# ReportLab's paragraph module).
LEVERS: dict[str, Callable[[], bool]] = {
    "lazy PIL.Image": _lazy_pil,
    "lazy uri_pat": _lazy_uri_pattern,
    "sameFrag in Python": _same_frag,
    "stringWidth memo": _string_width,
    "getAscentDescent memo": _ascent_descent,
    "TrueType tables in bulk": _truetype,
    "fp_str memo": _fp_str,
    "pdfdocEnc memo": _pdfdoc_enc,
    "plain-text paragraphs without the parser": _tt_parse,
    "splitString for coded text": _split_string,
    "opacity unchanged, not set again": _alpha,
    "graphics state copied without its constructor": _push_copy,
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
