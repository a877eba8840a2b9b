"""Shapes shared by the placement modules: boxes, labels, and cutting text to a width.

Pure data, in points, y upwards from the graphic's bottom-left corner (as the
canvas draws a flowable). No ReportLab here. (Plain classes with slots, not
dataclasses: a dataclass takes a few hundred microseconds to create at import,
and a build pays for every one.)
"""

from __future__ import annotations

from collections.abc import Callable

# (text, size, bold) -> width in points, as the drawing will set it
Measure = Callable[[str, float, bool], float]
TOL = 0.01  # widths that agree to a hundredth of a point fit (float sums differ in the last bits)
ELLIPSIS = "…"


def r2(v: float) -> float:
    """Coordinates rounded to 1/100 pt: the same input always draws the same bytes."""
    return round(v + 0.0, 2)


class Rect:
    """A box: lower left corner, width and height."""

    __slots__ = ("x", "y", "w", "h")

    def __init__(self, x: float, y: float, w: float, h: float):
        self.x, self.y, self.w, self.h = x, y, w, h

    def __repr__(self) -> str:
        return f"Rect({self.x}, {self.y}, {self.w}, {self.h})"

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    def overlaps(self, o: Rect, gap: float = 0.0) -> bool:
        """Whether the two boxes, each grown by `gap` / 2, share any area."""
        return (self.x < o.x1 + gap - TOL and o.x < self.x1 + gap - TOL
                and self.y < o.y1 + gap - TOL and o.y < self.y1 + gap - TOL)

    def inside(self, o: Rect) -> bool:
        return (self.x >= o.x - TOL and self.y >= o.y - TOL
                and self.x1 <= o.x1 + TOL and self.y1 <= o.y1 + TOL)


class Label:
    """A line of text: runs of (text, bold), set from `x` on the baseline `y`.

    `box` is the room it takes (ascent to descent, full width), for overlap
    tests; `color` names a colour of the style.
    """

    __slots__ = ("x", "y", "runs", "size", "width", "color")

    def __init__(self, x: float, y: float, runs: tuple[tuple[str, bool], ...], size: float, width: float,
                 color: str = "text"):
        self.x, self.y, self.runs, self.size, self.width, self.color = x, y, runs, size, width, color

    def __repr__(self) -> str:
        return f"Label({self.x}, {self.y}, {self.text!r})"

    @property
    def box(self) -> Rect:
        return Rect(self.x, self.y - self.size * 0.25, self.width, self.size * 1.05)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


def flip(r: Rect, width: float) -> Rect:
    """A box reflected inside a graphic `width` wide (right to left): x' = width - x - w."""
    return Rect(r2(width - r.x - r.w), r.y, r.w, r.h)


def flip_label(lab: Label, width: float) -> Label:
    """A label's place reflected inside a graphic `width` wide; its text reads as before."""
    return Label(r2(width - lab.x - lab.width), lab.y, lab.runs, lab.size, lab.width, lab.color)


def label(x: float, y: float, runs: tuple[tuple[str, bool], ...], size: float, measure: Measure,
          color: str = "text") -> Label:
    w = sum(measure(t, size, b) for t, b in runs)
    return Label(r2(x), r2(y), runs, size, w, color)


def fit(text: str, width: float, size: float, bold: bool, measure: Measure, words: bool = True) -> str:
    """`text`, or as much of it as fits in `width` followed by an ellipsis ("" if not even that fits).

    Cut at a word boundary when `words` (falling back to characters for a
    single long word), always before any shaping: the result is drawn as is.
    """
    if measure(text, size, bold) <= width + TOL:
        return text
    if measure(ELLIPSIS, size, bold) > width + TOL:
        return ""
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis: binary search on characters
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width + TOL:
            lo = mid
        else:
            hi = mid - 1
    cut = text[:lo]
    if words and " " in cut.strip():
        at = cut.rstrip().rfind(" ")
        if at > 0 and lo < len(text) and text[lo] != " ":
            cut = cut[:at]
    cut = cut.rstrip(" ,;:–-(")
    return cut + ELLIPSIS if cut else ""


class Cuts:
    """Ways to show a text cut at a word: its first word and an ellipsis, its first two words and an
    ellipsis, ..., and the whole text last; each measured only when first asked for (widths grow with k)."""

    __slots__ = ("texts", "_widths", "size", "bold", "measure")

    def __init__(self, text: str, size: float, bold: bool, measure: Measure):
        words = text.split(" ")
        self.texts = [c + ELLIPSIS for c in (" ".join(words[:k]).rstrip(" ,;:–-(") for k in range(1, len(words)))
                      if c] + [text]
        self._widths: dict[int, float] = {}
        self.size, self.bold, self.measure = size, bold, measure

    def __len__(self) -> int:
        return len(self.texts)

    def width(self, k: int) -> float:
        w = self._widths.get(k)
        if w is None:
            w = self._widths[k] = self.measure(self.texts[k], self.size, self.bold)
        return w

    def longest(self, fits) -> int:
        """The largest k for which `fits(k)` holds (it holds for all smaller k once it fails for one), or 0."""
        last = len(self.texts) - 1
        if fits(last):
            return last
        lo, hi = 0, last - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(mid):
                lo = mid
            else:
                hi = mid - 1
        return lo


def wrap_words(text: str, width: float, size: float, bold: bool, measure: Measure, lines: int) -> list[str]:
    """`text` broken at spaces into at most `lines` lines of `width`; the last is cut with an ellipsis."""
    out: list[str] = []
    rest = text.split()
    while rest and len(out) < lines:
        if len(out) == lines - 1:
            out.append(fit(" ".join(rest), width, size, bold, measure))
            break
        line = rest.pop(0)
        while rest and measure(line + " " + rest[0], size, bold) <= width + TOL:
            line += " " + rest.pop(0)
        if measure(line, size, bold) > width + TOL:
            line = fit(line, width, size, bold, measure, words=False)
        out.append(line)
    return [x for x in out if x]
