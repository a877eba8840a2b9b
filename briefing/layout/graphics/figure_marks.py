"""Small graphics for key figures, placed: only where the value has an honest scale.

In: a figure (its value, `of`, basis and trend), a width, sizes from the
style and a `Measure`. Out: a `MarkPlan` of bars, unit cells and labels, or
None when the value has no scale to draw it on. What is drawn:

- a percentage from 0 to 100 (`27%`): a bar on a 0-100 track;
- a multiple (`2×`): two bars, 1× in grey and N× in the accent colour;
- a count with the whole it is part of (`Nearly 20`, `of: 34`): that many
  cells of the whole filled (a bar when the whole is too large for cells).

A lone count, a duration or a ratio gets nothing. A lower bound (`207+`,
`at least`) ends in an open, dashed stretch. The basis shows in the fill:
solid when reported or official, hatched when estimated, white with a
dashed outline when claimed. `arrow()` gives a trend's arrow as a path.
"""

from __future__ import annotations

from ...labels import Labels, labels_for
from ...model import Figure
from ...quantity import Quantity, parse
from .geometry import Label, Measure, Rect, flip, flip_label, label, r2

FILLS = {None: "solid", "reported": "solid", "official": "solid", "estimated": "hatched", "claimed": "claimed"}
MAX_CELLS = 40  # a whole up to this many is drawn as cells, one per unit


class MarkStyle:
    __slots__ = ("width", "height", "size")

    def __init__(self, width: float = 72.0, height: float = 5.0, size: float = 7.0):
        self.width = width
        self.height = height  # one bar's thickness
        self.size = size  # type size of the words in a mark

    @classmethod
    def of(cls, theme) -> MarkStyle:
        lay = theme.layout
        return cls(lay.get("figure_mark_width", 72.0), lay.get("figure_mark_height", 5.0),
                   theme.sizes.get("graphic_label", 7.0))


class MarkPlan:
    """What to draw, in points from the mark's lower left corner."""

    def __init__(self, width: float, height: float, fill: str):
        self.width, self.height = width, height
        self.fill = fill  # solid, hatched or claimed: how the drawn quantity is filled
        self.tracks: list[Rect] = []  # the whole (0-100, or `of`), light
        self.bars: list[Rect] = []  # the quantity, in `fill`
        self.base: list[Rect] = []  # the 1× of a multiple, grey
        self.open_ends: list[tuple[float, float, float]] = []  # x0, x1, y: "and more"
        self.labels: list[Label] = []


def scale_of(f: Figure) -> Quantity | None:
    """The quantity of a figure if it has an honest scale to draw it on, else None."""
    q = parse(f.value)
    if q is None:
        return None
    if q.kind == "percent" and 0 <= q.number <= 100:
        return q
    if q.kind == "times" and q.number > 0:
        return q
    if q.kind == "count" and f.of and 0 <= q.number <= f.of:
        return q
    return None


def place(f: Figure, width: float, st: MarkStyle, measure: Measure, words: Labels | None = None) -> MarkPlan | None:
    """The mark for a figure, `width` wide at most, or None if its value has no honest scale.
    `words`: the briefing's language (English if not given)."""
    words = words or labels_for("en")
    q = scale_of(f)
    if q is None:
        return None
    w = min(width, st.width)
    h = st.height
    size = st.size
    row = max(h, size * 1.05)  # a bar with words beside it: the words are the taller
    fill = FILLS.get(f.basis, "solid")
    plan = MarkPlan(r2(w), r2(row), fill)

    def caption(x: float, centre: float, text: str, bold: bool, color: str) -> None:
        plan.labels.append(label(x, centre - size * 0.275, ((text, bold),), size, measure, color))

    bar_y = r2((row - h) / 2)
    if q.kind == "percent":
        plan.height = r2(h)
        plan.tracks.append(Rect(0, 0, r2(w), h))
        plan.bars.append(Rect(0, 0, r2(w * q.number / 100), h))
    elif q.kind == "times":
        # two rows, 1× over N×, each bar followed by its words; the longer bar spans what is left
        texts = [(f"{words.digits(1)}×", False), (f"{q.text}×", True)]  # the second as the value writes it
        lw = max(measure(t, size, b) for t, b in texts) + 3
        room = max(w - lw, w * 0.5)
        big = max(q.number, 1.0)
        plan.height = r2(2 * row + 1)
        for k, mult in enumerate((1.0, q.number)):
            y0 = (1 - k) * (row + 1)
            bar = Rect(0, r2(y0 + bar_y), r2(max(room * mult / big, 0.75)), h)
            (plan.bars if k else plan.base).append(bar)
            caption(bar.x1 + 3, y0 + row / 2, texts[k][0], texts[k][1], "text" if k else "muted")
    else:  # a count and its whole
        whole = f.of or 1.0
        text = words.word("scale_of", whole=words.value(f.of_text) if f.of_text else words.number(whole))
        room = w - measure(text, size, False) - 3
        n_cells = int(whole) if whole == int(whole) and whole <= MAX_CELLS else 0
        gap = 1.0
        cell = (room - (n_cells - 1) * gap) / n_cells if n_cells else 0.0
        if n_cells and cell >= 1.2:
            filled = int(round(q.number))
            for i in range(n_cells):
                r = Rect(r2(i * (cell + gap)), bar_y, r2(cell), h)
                (plan.bars if i < filled else plan.tracks).append(r)
            end = n_cells * (cell + gap) - gap
        else:
            plan.tracks.append(Rect(0, bar_y, r2(room), h))
            plan.bars.append(Rect(0, bar_y, r2(max(room * q.number / whole, 0.75)), h))
            end = room
        caption(end + 3, row / 2, text, False, "muted")
    if q.open and plan.bars and plan.tracks:  # a lower bound: the bar goes on, dotted, for a little (on its track)
        last = plan.bars[-1]
        stop = max(t.x1 for t in plan.tracks)
        if stop > last.x1 + 2:
            plan.open_ends.append((last.x1, r2(min(last.x1 + max(h * 2, 6), stop)), r2(last.y + last.h / 2)))
    return plan


def mirrored(plan: MarkPlan) -> MarkPlan:
    """The mark for a right-to-left document: reflected inside its width, so bars fill from the right, a
    lower bound's dotted stretch goes on to the left and the words stand at the left."""
    w = plan.width
    out = MarkPlan(w, plan.height, plan.fill)
    out.tracks, out.bars, out.base = ([flip(r, w) for r in rs] for rs in (plan.tracks, plan.bars, plan.base))
    out.open_ends = [(r2(w - x0), r2(w - x1), y) for x0, x1, y in plan.open_ends]
    out.labels = [flip_label(lab, w) for lab in plan.labels]
    return out


def arrow(trend: str, x: float, y: float, size: float, rtl: bool = False) -> list[tuple[float, float]]:
    """An arrow for a trend as points of a polyline: the shaft, then the head (drawn, not typed: the fonts
    have no arrows). `x, y` is the lower left of a `size` square; up and down are diagonal, flat level.
    `rtl`: time runs right to left, and so does the arrow (rising points up and to the left)."""
    if trend == "flat":
        a, b = (x, y + size / 2), (x + size, y + size / 2)
    elif trend == "up":
        a, b = (x, y), (x + size, y + size)
    else:
        a, b = (x, y + size), (x + size, y)
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = (dx * dx + dy * dy) ** 0.5
    ux, uy = dx / n, dy / n
    head = size * 0.45
    left = (b[0] - head * (ux - uy * 0.6), b[1] - head * (uy + ux * 0.6))
    right = (b[0] - head * (ux + uy * 0.6), b[1] - head * (uy - ux * 0.6))
    pts = [a, b, left, b, right]
    if rtl:
        pts = [(2 * x + size - px, py) for px, py in pts]
    return [(r2(p[0]), r2(p[1])) for p in pts]
