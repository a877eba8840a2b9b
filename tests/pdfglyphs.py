"""Every glyph a PDF draws, read from its content streams (pikepdf): font, code, text, position, advance.

An oracle independent of any text extractor: the text operators are interpreted here (text and
graphics state, `cm`, `q`/`Q`, `Tm`, `Td`, `TD`, `T*`, `Tj`, `TJ`, `'`, `"`, `Tc`, `Tw`, `Tz`, `TL`,
`Ts`), each code is looked up in its font's `/ToUnicode` and `/Widths`, and the marked content
around it is recorded (`/ActualText`, `/ReversedChars`). Forms (`Do`) are not entered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from io import BytesIO
from pathlib import Path

import pikepdf


@dataclass(frozen=True)
class Glyph:
    page: int
    font: str  # BaseFont without its subset prefix
    code: int
    text: str  # from /ToUnicode ("" when unmapped)
    x: float  # origin, in page space
    y: float
    advance: float  # in page space (horizontal)
    size: float  # effective font size (points)
    marks: tuple[str, ...]  # tags of the marked content around it, outermost first
    actual: str | None  # the innermost /ActualText around it, if any
    gid_name: str  # glyph name in the embedded font ('' when unknown)
    end: float  # the pen's x after the glyph and any TJ adjustment right after it (page space)
    base: float  # the baseline's y, text rise left out


def _cmap(stream: pikepdf.Stream | None) -> dict[int, str]:
    if stream is None:
        return {}
    data = stream.read_bytes().decode("latin-1")
    out: dict[int, str] = {}

    def uni(h: str) -> str:
        b = bytes.fromhex(h)
        return b.decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for k, c in enumerate(range(int(a, 16), int(b, 16) + 1)):
                out[c] = chr(start + k)
    return out


class _Font:
    def __init__(self, obj: pikepdf.Dictionary):
        self.name = str(obj.get("/BaseFont", "/?"))[1:].split("+")[-1]
        self.first = int(obj.get("/FirstChar", 0))
        self.widths = [float(w) for w in obj.get("/Widths", [])]
        self.unicode = _cmap(obj.get("/ToUnicode"))
        self.glyph_names: dict[int, str] = {}
        fd = obj.get("/FontDescriptor")
        if fd is not None and "/FontFile2" in fd:
            from fontTools.ttLib import TTFont

            tt = TTFont(BytesIO(fd.FontFile2.read_bytes()))
            for table in tt["cmap"].tables:
                for code, name in table.cmap.items():
                    self.glyph_names.setdefault(code & 0xFF, name)

    def width(self, code: int) -> float:
        i = code - self.first
        return self.widths[i] if 0 <= i < len(self.widths) else 0.0


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def glyphs(path: Path | str) -> list[Glyph]:
    """Every glyph drawn on every page, in content-stream order."""
    return list(_glyphs(str(path), Path(path).stat().st_mtime_ns))


@cache
def _glyphs(path: str, _mtime: int) -> tuple[Glyph, ...]:
    out: list[Glyph] = []
    with pikepdf.open(path) as pdf:
        for pno, page in enumerate(pdf.pages):
            fonts: dict[str, _Font] = {}
            res = page.obj.get("/Resources", {})
            for name, f in res.get("/Font", {}).items():
                fonts[name] = _Font(f)
            ctm = [1.0, 0, 0, 1, 0, 0]
            stack: list[list[float]] = []
            tm = lm = [1.0, 0, 0, 1, 0, 0]
            font: _Font | None = None
            size = tc = tw = rise = leading = 0.0
            tz = 1.0
            marks: list[tuple[str, str | None]] = []
            for operands, op in pikepdf.parse_content_stream(page):
                o = str(op)
                if o == "q":
                    stack.append(ctm)
                elif o == "Q":
                    ctm = stack.pop()
                elif o == "cm":
                    ctm = _mul([float(v) for v in operands], ctm)
                elif o == "BT":
                    tm = lm = [1.0, 0, 0, 1, 0, 0]
                elif o == "Tm":
                    tm = lm = [float(v) for v in operands]
                elif o in ("Td", "TD"):
                    tx, ty = float(operands[0]), float(operands[1])
                    if o == "TD":
                        leading = -ty
                    tm = lm = _mul([1, 0, 0, 1, tx, ty], lm)
                elif o == "T*":
                    tm = lm = _mul([1, 0, 0, 1, 0, -leading], lm)
                elif o == "TL":
                    leading = float(operands[0])
                elif o == "Tc":
                    tc = float(operands[0])
                elif o == "Tw":
                    tw = float(operands[0])
                elif o == "Tz":
                    tz = float(operands[0]) / 100
                elif o == "Ts":
                    rise = float(operands[0])
                elif o == "Tf":
                    font, size = fonts[str(operands[0])], float(operands[1])
                elif o in ("BDC", "BMC"):
                    actual = None
                    if o == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/ActualText" in operands[1]:
                        actual = str(operands[1].ActualText)
                    marks.append((str(operands[0])[1:], actual))
                elif o == "EMC":
                    marks.pop()
                elif o in ("Tj", "TJ", "'", '"'):
                    if o == "'":
                        tm = lm = _mul([1, 0, 0, 1, 0, -leading], lm)
                    if o == '"':
                        tw, tc = float(operands[0]), float(operands[1])
                        tm = lm = _mul([1, 0, 0, 1, 0, -leading], lm)
                    items = operands[0] if o == "TJ" else [operands[-1]]
                    assert font is not None
                    last = -1
                    for item in items:
                        if not isinstance(item, pikepdf.String):
                            tm = _mul([1, 0, 0, 1, -float(item) / 1000 * size * tz, 0], tm)
                            if last >= 0:
                                out[last] = replace(out[last], end=_mul(tm, ctm)[4])
                            continue
                        for code in bytes(item):
                            m = _mul([size * tz, 0, 0, size, 0, rise], _mul(tm, ctm))
                            w0 = font.width(code) / 1000
                            adv = (w0 * size + tc + (tw if code == 32 else 0)) * tz
                            scale = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
                            actual = next((a for _, a in reversed(marks) if a is not None), None)
                            tm = _mul([1, 0, 0, 1, adv, 0], tm)
                            out.append(Glyph(pno, font.name, code, font.unicode.get(code, ""), m[4], m[5],
                                             adv * scale, size * scale, tuple(t for t, _ in marks), actual,
                                             font.glyph_names.get(code, ""), _mul(tm, ctm)[4],
                                             m[5] - rise * scale))
                            last = len(out) - 1
    return tuple(out)


def lines(gs: list[Glyph], tol: float = 1.0) -> list[list[Glyph]]:
    """Glyphs grouped into lines by baseline (page, then top to bottom), each line sorted left to right."""
    rows: list[list[Glyph]] = []
    for g in sorted(gs, key=lambda g: (g.page, -round(g.base, 1), g.x)):
        if rows and rows[-1][0].page == g.page and abs(rows[-1][0].base - g.base) <= tol:
            rows[-1].append(g)
        else:
            rows.append([g])
    return [sorted(r, key=lambda g: g.x) for r in rows]
