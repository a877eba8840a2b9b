"""The era strip's placement: the whole timeline on one horizontal axis.

In: the timeline's events and eras, a width and sizes from the style, and a
`Measure` for text. Out: a `StripPlan` of bands, markers, stems and labels
with coordinates (points, y up from the strip's bottom left). Bottom up: the
legend, year labels, the era bands, the axis with a marker per event (at the
middle of the period its date names), bars for spans, then lanes of labels.

The axis runs from the earliest to the latest date of the data, never to
today. Labels read "date title" in flag style (the text starts just right of
a stem rising from the marker, or ends just left of it near the right edge);
they never overlap one another, no stem crosses a label, and nothing leaves
the strip. When titles cannot all fit in the allowed lanes, the key events
(`key: true`; else the first and last of each era and more by spacing) keep
their titles and the others show their numbers, printed beside them in the
timeline list; when numbers cannot each have a label, events close together
share one under a bracket that joins their stems ("12–15"). Every event has
its marker, and every marker its title or number.

Everything but the key of lettered eras has a bounded height. So many eras
that the key would make the strip taller than it may be (`max_height`, a
share of the page) have their key set apart (`StripPlan.key`): lines of
text below the graphic that may run on to the next page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from ...dates import PDate
from ...labels import Labels, labels_for
from ...model import Era, Event, era_of
from .geometry import TOL, Cuts, Label, Measure, Rect, fit, flip, flip_label, label, r2

LegendItem = tuple[str | None, tuple[tuple[str, bool], ...]]  # a symbol (or None) and runs of (text, bold)
INNER = 0.55  # of a marker's radius: one drawn inside another that it would otherwise hide
KEY_APART = 0.5  # of the page's height: a strip taller than this with its era key sets the key apart

STEPS = (1 / 12, 2 / 12, 3 / 12, 6 / 12, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class StripStyle:
    """Sizes in points, from the style (`sizes.graphic_label`, `layout.strip_*`)."""

    __slots__ = ("size", "lane", "max_lanes", "band", "marker", "tick_gap", "span", "gap", "max_span_rows")

    def __init__(self, size: float = 7.0, lane: float = 9.0, max_lanes: int = 8, band: float = 13.0,
                 marker: float = 2.8, tick_gap: float = 34.0, span: float = 3.0, gap: float = 9.0,
                 max_span_rows: int = 4):
        self.size = size  # label type size
        self.lane = lane  # distance between label lanes
        self.max_lanes = max_lanes
        self.band = band  # height of the era band
        self.marker = marker  # marker radius
        self.tick_gap = tick_gap  # least distance between year labels
        self.span = span  # thickness of a span's bar
        self.gap = gap  # least space between two labels in a lane
        self.max_span_rows = max_span_rows  # rows of span bars before bars may overlap

    @classmethod
    def of(cls, theme) -> StripStyle:
        z, lay = theme.sizes, theme.layout
        size = z.get("graphic_label", 7.0)
        return cls(size=size, lane=lay.get("strip_lane", size * 1.3), max_lanes=int(lay.get("strip_max_lanes", 8)),
                   band=lay.get("strip_band", 13.0), marker=lay.get("strip_marker", 2.8),
                   tick_gap=lay.get("strip_tick_gap", 34.0), span=lay.get("strip_span", 3.0),
                   gap=lay.get("strip_label_gap", 9.0), max_span_rows=int(lay.get("strip_span_rows", 4)))


class StripPlan:
    """What to draw, in points from the strip's lower left corner."""

    def __init__(self, width: float, height: float, mode: str):
        self.width, self.height = width, height
        self.mode = mode  # "titles", "mixed", "numbers" or "marks"
        self.axis: tuple[float, float, float] = (0, 0, 0)  # x0, x1, y
        self.bands: list[tuple[Rect, int, bool]] = []  # box, shade (0/1), open-ended
        self.ticks: list[tuple[float, float, float]] = []  # x, y0, y1
        self.pills: list[Rect] = []  # the year a year-only date names
        self.spans: list[Rect] = []
        self.markers: list[tuple[float, float, bool]] = []  # x, y, filled (an exact date)
        self.stems: list[tuple[float, float, float]] = []  # x, y0, y1
        self.labels: list[Label] = []  # event labels (titles or numbers)
        self.tick_labels: list[Label] = []
        self.era_labels: list[Label] = []
        self.legend: list[Label] = []
        self.symbols: list[tuple[str, Rect]] = []  # legend symbols: dot, ring, pill, bar
        self.numbers: dict[int, str] = {}  # event index -> its number, shown by its label or its group's
        self.titled: list[int] = []  # the events labelled with their date and title
        self.drawn: list[int] = []  # the events that have a marker
        self.radii: list[float] = []  # each marker's radius (`INNER` of the others' inside one that it would hide)
        self.groups: list[list[int]] = []  # events that share a label, each group under one bracket
        self.brackets: list[tuple[float, float, float]] = []  # x0, x1, y: a group's, joining its stems
        self.legend_eras = False  # whether some era is lettered (its title not in its band)
        self.key: list[LegendItem] = []  # lettered eras listed apart, below the graphic (see `key_lines`)

    def all_labels(self) -> list[Label]:
        return [*self.labels, *self.tick_labels, *self.era_labels, *self.legend]


def mirrored(p: StripPlan) -> StripPlan:
    """The strip for a right-to-left document: every place reflected across its width, so time runs from
    the right (earliest) to the left, labels extend leftwards from their markers, lanes, numbers and the
    legend run right to left. Marker shapes and labels' text are as before; the plan is changed in place."""
    w = p.width
    x0, x1, y = p.axis
    p.axis = (r2(w - x1), r2(w - x0), y)
    p.bands = [(flip(box, w), shade, open_end) for box, shade, open_end in p.bands]
    p.ticks = [(r2(w - x), y0, y1) for x, y0, y1 in p.ticks]
    p.stems = [(r2(w - x), y0, y1) for x, y0, y1 in p.stems]
    p.brackets = [(r2(w - x1), r2(w - x0), y) for x0, x1, y in p.brackets]
    p.markers = [(r2(w - x), y, filled) for x, y, filled in p.markers]
    p.pills, p.spans = [flip(r, w) for r in p.pills], [flip(r, w) for r in p.spans]
    p.symbols = [(kind, flip(r, w)) for kind, r in p.symbols]
    p.labels, p.tick_labels, p.era_labels, p.legend = (
        [flip_label(lab, w) for lab in labs] for labs in (p.labels, p.tick_labels, p.era_labels, p.legend))
    return p


def days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def period(d: PDate) -> tuple[float, float]:
    """The span of time a date names, in years: 2021 is all of 2021, 2021-08 all of August."""
    if not d.month:
        return float(d.year), d.year + 1.0
    m0 = d.year + (d.month - 1) / 12
    if not d.day:
        return m0, m0 + 1 / 12
    n = days_in(d.year, d.month) * 12
    return m0 + (d.day - 1) / n, m0 + d.day / n


def strip_date(e: Event, words: Labels | None = None) -> str:
    """The date a strip label shows: the event's own label when short, else its date."""
    if e.label and len(e.label) <= 18:
        return e.label
    return (words or labels_for("en")).span(e.date, None, e.approximate)


def describe(events: tuple[Event, ...], eras: tuple[Era, ...], mode: str, words: Labels | None = None) -> str:
    """The strip in words, for readers who cannot see it (a tagged PDF's alternative text)."""
    w = words or labels_for("en")
    out = w.word("strip_alt")
    if events:
        last = max(events, key=lambda e: (e.end or e.date).key)
        out += w.word("strip_alt_events", count=len(events), first=w.date(events[0].date),
                      last=w.date(last.end or last.date))
        if mode in ("numbers", "mixed"):
            out += w.word("strip_alt_numbered")
    if eras:
        spans = "; ".join(f"{a.title} ({w.era(a.start, a.end)})" for a in eras)
        out += w.word("strip_alt_events_eras" if events else "strip_alt_eras", spans=spans)
    return out + "."


def wanted(events: tuple[Event, ...], eras: tuple[Era, ...]) -> bool:
    """Whether a strip says anything: two events or more, or eras to show them in."""
    return len(events) >= 2 or (bool(eras) and bool(events)) or len(eras) >= 2


def place(events: tuple[Event, ...], eras: tuple[Era, ...], width: float, st: StripStyle, measure: Measure,
          mode: str | None = None, words: Labels | None = None, max_height: float | None = None) -> StripPlan:
    """The strip for `events` (in timeline order) and `eras` at `width`; `mode` forces numbers or marks;
    `words`: the briefing's language (English if not given). A strip taller than `max_height` with its
    key of lettered eras has the key set apart (`plan.key`); the rest never grows with the eras."""
    words = words or labels_for("en")
    plan = _place(events, eras, width, st, measure, mode, words, False)
    if max_height is not None and plan.height > max_height and plan.legend_eras:
        plan = _place(events, eras, width, st, measure, mode, words, True)
    return plan


def _place(events: tuple[Event, ...], eras: tuple[Era, ...], width: float, st: StripStyle, measure: Measure,
           mode: str | None, words: Labels, apart: bool) -> StripPlan:
    spans_t = [period(e.date) for e in events]
    ends = [period(e.end)[1] if e.end else s[1] for e, s in zip(events, spans_t, strict=True)]
    t0 = min([s[0] for s in spans_t] + [period(a.start)[0] for a in eras])
    t1 = max(ends + [period(a.end)[1] if a.end else period(a.start)[1] for a in eras])
    if t1 - t0 < 1 / 12:  # one day, say: show the month around it
        mid = (t0 + t1) / 2
        t0, t1 = mid - 1 / 24, mid + 1 / 24
    open_era = any(a.end is None for a in eras)
    ml = st.marker + 1
    mr = max(ml, st.band * 0.5 + 1) if open_era else ml
    scale = (width - ml - mr) / (t1 - t0)

    def x_of(t: float) -> float:
        return r2(ml + (t - t0) * scale)

    size = st.size
    plan = StripPlan(width, 0.0, "marks")
    # -- bottom up: legend (placed last, its height is known only then), ticks, bands, axis
    lh = size * 1.35
    xs = [x_of((a + b) / 2) for a, b in spans_t]
    kinds = _marker_kinds(events, spans_t, scale, st)
    legend_items = _legend_items(events, eras, kinds, words)
    # event labels need the lanes above; lay them out first to know the mode
    span_rows = _span_rows(events, spans_t, ends, x_of, st.max_span_rows)
    n_rows = max((row for _, row in span_rows), default=-1) + 1
    plan.mode, labels, numbered, groups = _labels(events, eras, xs, width, st, measure, mode, words)
    drawn = list(range(len(events)))
    # -- legend items that depend on the mode
    if plan.mode in ("numbers", "mixed"):
        legend_items.append((None, ((words.word("strip_numbers", count=len(events)), False),)))
    elif plan.mode == "marks" and events:
        legend_items.append((None, ((words.word("strip_marks", count=len(events)), False),)))
    letters = _era_letters(eras, x_of, t1, width, st, measure)
    key: list[LegendItem] = []
    for era, letter in zip(eras, letters, strict=True):
        if letter is not None:
            span = words.era(era.start, era.end)
            key.append((None, ((letter, True), (f" {era.title} ({span})", False))))
    plan.legend_eras = bool(key)
    if apart:
        plan.key = key
    else:
        legend_items += key
    legend, symbols = _flow_legend(legend_items, width, size, lh, measure)
    y = (len({lab.y for lab in legend}) * lh) if legend else 0.0
    tick_y = y + (2 if legend else 0)
    tick_h = size * 1.1 + 2.5
    band_y = tick_y + tick_h
    band_h = st.band if eras else 0.0
    axis_y = r2(band_y + band_h + st.marker + 1.5)
    plan.axis = (r2(ml - st.marker), r2(width - mr + (st.band * 0.5 if open_era else st.marker)), axis_y)
    # ticks under the bands
    plan.tick_labels, plan.ticks = _ticks(t0, t1, x_of, width, st, measure, tick_y, band_y, words)
    # era bands and their names (or letters)
    for i, era in enumerate(eras):
        a = x_of(period(era.start)[0])
        b = x_of(period(era.end)[1]) if era.end else x_of(t1)
        box = Rect(r2(a + 0.5), r2(band_y), r2(max(b - a - 1.0, 0.5)), r2(band_h))
        plan.bands.append((box, i % 2, era.end is None))
        letter = letters[i]
        text = era.title if letter is None else letter
        w = measure(text, size, True)
        if letter is None:
            plan.era_labels.append(label(box.x + 3, band_y + (band_h - size * 0.7) / 2, ((text, True),), size,
                                         measure, "accent"))
        elif w + 2 <= box.w + TOL:
            plan.era_labels.append(label(box.x + (box.w - w) / 2, band_y + (band_h - size * 0.7) / 2,
                                         ((text, True),), size, measure, "accent"))
    # markers, year pills, spans
    plan.drawn = drawn
    for i in drawn:
        e, x = events[i], xs[i]
        if kinds[i] == "pill":
            a, b = spans_t[i]
            plan.pills.append(Rect(x_of(a), r2(axis_y - st.marker * 0.8), r2(x_of(b) - x_of(a)), r2(st.marker * 1.6)))
        plan.markers.append((x, axis_y, not e.approximate))
    # a marker that would hide most of one drawn before it (two events of one month) is drawn smaller, inside it
    placed: list[float] = []
    for x, _, _ in plan.markers:
        k = bisect_left(placed, x - st.marker)
        inner = k < len(placed) and placed[k] <= x + st.marker
        plan.radii.append(r2(st.marker * (INNER if inner else 1.0)))
        if not inner:
            placed.insert(bisect_right(placed, x), x)
    span_base = axis_y + st.marker + 2
    shown = set(drawn)
    for i, row in span_rows:
        if i not in shown:
            continue
        a, b = x_of(spans_t[i][0]), x_of(ends[i])
        plan.spans.append(Rect(a, r2(span_base + row * (st.span + 1.5)), r2(max(b - a, 1.0)), st.span))
    lane_base = span_base + n_rows * (st.span + 1.5) + 1.0
    joint = r2(lane_base + 1.0)  # a group's bracket: its events' stems rise to it, its label's from it
    lane_base += 3.0 if groups else 0.0
    top = lane_base
    for i, (lane, lab) in labels.items():
        y0 = r2(lane_base + lane * st.lane)
        moved = Label(lab.x, r2(y0 + size * 0.25), lab.runs, lab.size, lab.width, lab.color)
        plan.labels.append(moved)
        top = max(top, y0 + st.lane)
        if i in groups:
            members, x = groups[i]
            plan.stems.append((x, joint, r2(y0 + size * 1.05)))
            plan.stems += [(xs[k], r2(axis_y + st.marker), joint) for k in members]
            plan.brackets.append((min(xs[k] for k in members), max(xs[k] for k in members), joint))
            plan.groups.append(sorted(members))
            for k in members:  # (each its own number, as in the timeline list; the label names them all)
                plan.numbers[k] = words.digits(k + 1)
            continue
        plan.stems.append((xs[i], r2(axis_y + st.marker), r2(y0 + size * 1.05)))
        if i in numbered:
            plan.numbers[i] = lab.runs[0][0]
        else:
            plan.titled.append(i)
    plan.legend, plan.symbols = legend, symbols
    plan.height = r2(top + 1)
    return plan


def _marker_kinds(events, spans_t, scale: float, st: StripStyle) -> list[str]:
    """'pill' for a year-only date whose year is wide enough to see, else 'dot' or 'ring'."""
    out = []
    for e, (a, b) in zip(events, spans_t, strict=True):
        if not e.date.month and (b - a) * scale >= 2 * st.marker + 1:
            out.append("pill")
        else:
            out.append("ring" if e.approximate else "dot")
    return out


def _legend_items(events, eras, kinds, words: Labels) -> list[tuple[str | None, tuple[tuple[str, bool], ...]]]:
    items: list[tuple[str | None, tuple[tuple[str, bool], ...]]] = []
    if any(not e.approximate for e in events):
        items.append(("dot", ((words.word("strip_exact"), False),)))
    if any(e.approximate for e in events):
        items.append(("ring", ((words.word("strip_approximate"), False),)))
    if "pill" in kinds:
        items.append(("pill", ((words.word("strip_year_only"), False),)))
    if any(e.end for e in events):
        items.append(("bar", ((words.word("strip_span"), False),)))
    return items


def _span_rows(events, spans_t, ends, x_of, max_rows: int) -> list[tuple[int, int]]:
    """(event index, row) for each event with an end; rows stack bars that would touch.

    Past `max_rows` rows, a bar goes in the row that frees first and may
    overlap another (a dense timeline shows density, not each span).
    """
    rows: list[float] = []  # right end of the last bar in each row
    out = []
    for i in sorted((i for i, e in enumerate(events) if e.end), key=lambda i: (spans_t[i][0], i)):
        a, b = x_of(spans_t[i][0]), x_of(ends[i])
        row = next((k for k, end in enumerate(rows) if a > end + 2), len(rows))
        if row == len(rows) and row >= max_rows:
            row = min(range(len(rows)), key=lambda k: (rows[k], k))
        if row == len(rows):
            rows.append(b)
        else:
            rows[row] = max(rows[row], b)
        out.append((i, row))
    return out


def _ticks(t0: float, t1: float, x_of, width: float, st: StripStyle, measure: Measure, y: float,
           band_y: float, words: Labels) -> tuple[list[Label], list[tuple[float, float, float]]]:
    size = st.size
    scale = (x_of(t1) - x_of(t0)) / (t1 - t0)
    step: float = STEPS[-1]
    for s in STEPS:
        w = measure(words.digits(8888) if s >= 1 else words.date(PDate(8888, 9), space=" ", gregorian=True), size,
                    False)
        if s * scale >= max(st.tick_gap, w + 6):
            step = s
            break
    labels: list[Label] = []
    ticks = []
    values: list[tuple[float, str]]
    if step >= 1:
        k = int(-(-t0 // step))
        values = [(v * step, words.digits(int(v * step))) for v in range(k, int(t1 // step) + 1)]
    else:
        months = int(round(step * 12))
        first = int(-(-round(t0 * 12, 6) // months)) * months
        values = []
        m = first
        while m / 12 <= t1 + 1e-9:
            values.append((m / 12, words.date(PDate(m // 12, m % 12 + 1), gregorian=True)))  # (a Gregorian axis)
            m += months
    for t, text in values:
        x = x_of(t)
        w = measure(text, size, False)
        lx = min(max(x - w / 2, 0.0), width - w)
        lab = label(lx, y + size * 0.25, ((text, False),), size, measure, "muted")
        if labels and lab.box.overlaps(labels[-1].box, 4):
            continue
        labels.append(lab)
        ticks.append((x, r2(band_y - 2.5), r2(band_y)))
    return labels, ticks


def _era_letters(eras, x_of, t1: float, width: float, st: StripStyle, measure: Measure) -> list[str | None]:
    """A letter for each era whose title does not fit in its band (None: the title fits)."""
    out: list[str | None] = []
    n = 0
    for era in eras:
        a = x_of(period(era.start)[0])
        b = x_of(period(era.end)[1]) if era.end else x_of(t1)
        if measure(era.title, st.size, True) + 6 <= (b - a - 1.0) + TOL:
            out.append(None)
        else:
            out.append(LETTERS[n % 26] + (str(n // 26) if n >= 26 else ""))
            n += 1
    return out


def _legend_lines(items: list[LegendItem], width: float, size: float,
                  measure: Measure) -> list[list[tuple[float, str | None, tuple[tuple[str, bool], ...], float]]]:
    """Legend entries set left to right, wrapping into lines: (x, symbol, runs cut to the width, width)."""
    sym_w = size * 1.6
    lines: list[list[tuple[float, str | None, tuple[tuple[str, bool], ...], float]]] = [[]]
    x = 0.0
    for sym, runs in items:
        runs = tuple((fit(t, width - sym_w - 3, size, b, measure), b) for t, b in runs)
        w = sum(measure(t, size, b) for t, b in runs) + (sym_w + 3 if sym else 0)
        if lines[-1] and x + w > width - 0.5:  # (half a point to spare: the boxes are rounded)
            lines.append([])
            x = 0.0
        lines[-1].append((x, sym, runs, w))
        x += w + size * 1.6
    return lines


def key_lines(items: list[LegendItem], width: float, size: float, measure: Measure) -> list[list[Label]]:
    """A key set apart from the strip (`StripPlan.key`), line by line, each on its own baseline above 0."""
    return [[label(x, size * 0.3, runs, size, measure, "muted") for x, _, runs, _ in line]
            for line in _legend_lines(items, width, size, measure)]


def _flow_legend(items: list[LegendItem], width: float, size: float, lh: float,
                 measure: Measure) -> tuple[list[Label], list[tuple[str, Rect]]]:
    """Legend entries set left to right, wrapping into lines; the first line at the top."""
    sym_w = size * 1.6
    lines = _legend_lines(items, width, size, measure)
    labels: list[Label] = []
    symbols: list[tuple[str, Rect]] = []
    n = len(lines)
    for row, line in enumerate(lines):
        y = (n - 1 - row) * lh + size * 0.3
        for x0, sym, runs, _ in line:
            tx = x0
            if sym:
                symbols.append((sym, Rect(r2(x0), r2(y + size * 0.05), r2(sym_w), r2(size * 0.65))))
                tx += sym_w + 3
            labels.append(label(tx, y, runs, size, measure, "muted"))
    return labels, symbols


# -- event labels ------------------------------------------------------------------------------------
class _Placed:
    __slots__ = ("lane", "x0", "x1", "stem")

    def __init__(self, lane: int, x0: float, x1: float, stem: float):
        self.lane, self.x0, self.x1, self.stem = lane, x0, x1, stem  # x0, x1: the text's box


class _Texts:
    """What each event's label may show, measured once for all the layouts tried (lists by event index):
    its number, as a date with no title after it, with its width and box; or, asked for, its date (with the
    space after it) and the ways to cut its title."""

    def __init__(self, events, xs: list[float], words: Labels, width: float, st: StripStyle, measure: Measure,
                 nums: list[str] | None = None, like: _Texts | None = None):
        size = st.size
        self.events, self.xs, self.words, self.size, self.measure = events, xs, words, size, measure
        self.width, self.pad = width, size * 0.3  # (pad: between a stem and its text)
        # (in the language's digits, as the timeline prints them; or as given: a group's "12–15")
        self.nums = nums or [words.digits(i + 1) for i in range(len(events))]
        self.num_w = [measure(t, size, True) for t in self.nums]
        self.space = measure(" ", size, False)
        self.blank = Cuts("", size, False, measure)
        blank = self.blank.width(0)
        self.num_dates = list(zip(self.nums, self.num_w, strict=True))
        self.least = [w + blank for w in self.num_w]  # a number label's width (a title's least width: `titled`)
        self.terms = [w + self.pad + st.gap for w in self.least]  # the room it takes in a lane
        self.items = _items(xs, self.least, width, self.pad)  # a number label's box, for `_Lanes`
        self.rank = [0] * len(events)  # each number label's place in the order `_place_all` takes them
        for k, (_, i, _, _) in enumerate(sorted(self.items)):
            self.rank[i] = k
        # (a title's cuts and their widths do not depend on where its marker is: shared with `like`)
        self._titled: dict[int, tuple[tuple[str, float], Cuts, float]] = {} if like is None else like._titled
        self._cut: dict[tuple[int, int], int] = {} if like is None else like._cut
        self._by_cut: dict[tuple[int, int], tuple[float, Item]] = {}

    def titled(self, i: int) -> tuple[tuple[str, float], Cuts, float]:
        """The date and its width with the space after it, the ways to cut the title, and the least width."""
        t = self._titled.get(i)
        if t is None:
            text = strip_date(self.events[i], self.words)
            d = (text, self.measure(text, self.size, True) + self.space)
            o = Cuts(self.events[i].title, self.size, False, self.measure)
            t = self._titled[i] = (d, o, d[1] + o.width(0))
        return t

    def cut(self, i: int, cap: int) -> int:
        """The longest cut of the title whose label, with the date, is no wider than `cap`."""
        k = self._cut.get((i, cap))
        if k is None:
            (_, d), o, _ = self.titled(i)
            k = self._cut[i, cap] = o.longest(lambda k: d + o.width(k) <= cap + TOL)
        return k

    def sized(self, i: int, k: int) -> tuple[float, Item]:
        """The width of the label with the title cut at `k`, and the label as `_Lanes` takes it."""
        t = self._by_cut.get((i, k))
        if t is None:
            (_, d), o, _ = self.titled(i)
            w = d + o.width(k)
            t = self._by_cut[i, k] = (w, _item(self.xs[i], w, i, self.width, self.pad))
        return t


Groups = dict[int, tuple[list[int], float]]  # a group's first event -> its events, the x of its stem
GROUP_SPANS = (3.0, 5.0, 8.0, 12.0, 18.0, 27.0, 40.0, 60.0, 90.0, 135.0, 200.0, 300.0, 450.0, 700.0, 1e9)


def _labels(events, eras, xs: list[float], width: float, st: StripStyle, measure: Measure, mode: str | None,
            words: Labels) -> tuple[str, dict[int, tuple[int, Label]], set[int], Groups]:
    """The mode, each labelled event's (lane, label) with lanes counted from 0 (labels sit at y 0 until
    moved), the events labelled with a number, and the groups of events that share one label.

    Modes: "titles" (every event its date and title), "mixed" (the key events, or those the layout
    chooses, their titles; the others their numbers, as in the timeline list), "numbers" (every event
    its number), "marks" (asked for: markers only). Where numbers cannot each have a label, events close
    together on the axis share one that names their numbers ("12–15": see `_grouped`): every event has
    its marker, and every marker its title or number.
    """
    n = len(events)
    if not n or mode == "marks":
        return "marks", {}, set(), {}
    size = st.size
    texts = _Texts(events, xs, words, width, st, measure)
    pad, nums, num_w = texts.pad, texts.nums, texts.num_w
    everyone = list(range(n))
    if mode in (None, "titles") and not any(e.key for e in events):
        best = _titled(texts, everyone, set(everyone), width, st)
        if best is not None:
            return "titles", best, set(), {}
    choices = _key_choices(events, eras, xs, width, st) if mode is None else []
    for keys in choices:
        best = _titled(texts, everyone, keys, width, st)
        if best is not None:
            return "mixed", best, set(everyone) - keys, {}
    if sum(w + pad + st.gap for w in num_w) <= width * st.max_lanes:
        placed = _place_all(xs, num_w, width, st, pad)
        if placed is not None:
            return "numbers", _as_labels(placed, [((t, True),) for t in nums], num_w, size, "accent"), set(everyone), {}
    bands = [_band(e, eras) for e in events]
    grouped = _grouped(events, xs, width, st, measure, words, choices, texts, bands)
    if grouped is None:
        return "marks", {}, set(), {}
    keys, found, groups = grouped
    return ("mixed" if keys else "numbers"), found, set(found) - keys, groups


def _grouped(events, xs: list[float], width: float, st: StripStyle, measure: Measure, words: Labels,
             choices: list[set[int]], texts: _Texts, bands: list[int]
             ) -> tuple[set[int], dict[int, tuple[int, Label]], Groups] | None:
    """Labels for every event where numbers cannot each have one: the events of a set of `choices` titled,
    the others in groups of neighbours on the axis that share a label naming their numbers.

    The groups are as narrow as lets every label fit: the least of `GROUP_SPANS` (the widest a group may
    be, in points) that does. The author's `key` events are titled first: the first of `choices` that fits
    at some span, at its narrowest. Else the narrowest span for numbers alone is found, and the first of
    `choices` whose titles fit at that span too is taken (titles never cost a reader wider groups). The
    widest span puts all the events of an era's band between two titled ones in one group; where even
    those labels cannot all be placed (narrow eras near an edge), groups may run across the bands."""
    order = sorted(range(len(events)), key=lambda i: (xs[i], i))

    def narrowest(keys: set[int], bands: list[int] = bands
                  ) -> tuple[int, tuple[dict[int, tuple[int, Label]], Groups]] | None:
        lo, hi, found = 0, len(GROUP_SPANS) - 1, None
        while lo <= hi:
            mid = (lo + hi) // 2
            tried = _try_groups(events, xs, order, keys, GROUP_SPANS[mid], width, st, measure, words, texts, bands)
            if tried is not None:
                found, hi = (mid, tried), mid - 1
            else:
                lo = mid + 1
        return found

    if any(e.key for e in events):
        for keys in choices:
            if (found := narrowest(keys)) is not None:
                return keys, *found[1]
    alone = narrowest(set())
    if alone is None:
        bands = [0] * len(bands)
        alone = narrowest(set(), bands)
    if alone is None:
        return None  # (not even one label "1–n" fits)
    for keys in choices:
        tried = _try_groups(events, xs, order, keys, GROUP_SPANS[alone[0]], width, st, measure, words, texts,
                            bands)
        if tried is not None:
            return keys, *tried
    return set(), *alone[1]


def _band(e: Event, eras) -> int:
    """The era whose band the event's marker stands in (at the middle of the period its date names), or -1."""
    a, b = period(e.date)
    t = (a + b) / 2
    return max((k for k, era in enumerate(eras) if period(era.start)[0] <= t
                and (era.end is None or t <= period(era.end)[1])), default=-1)


def _try_groups(events, xs: list[float], order: list[int], keys: set[int], span: float, width: float,
                st: StripStyle, measure: Measure, words: Labels, like: _Texts, bands: list[int]
                ) -> tuple[dict[int, tuple[int, Label]], Groups] | None:
    """The labels of `keys` (titled) and of groups of the other events (consecutive along the axis, none
    wider than `span`, none across a titled event or from one era's band into the next: `bands`, the band
    each event's marker stands in), if they all fit."""
    runs: list[list[int]] = []
    for i in order:
        first = runs[-1][0] if runs else -1
        if i in keys or not runs or first in keys or xs[i] - xs[first] > span or bands[i] != bands[first]:
            runs.append([i])
        else:
            runs[-1].append(i)
    at = list(xs)
    nums = list(like.nums)
    groups: Groups = {}
    for run in runs:
        if len(run) > 1:
            first = run[0]
            at[first] = r2((xs[run[0]] + xs[run[-1]]) / 2)
            nums[first] = _numbers(run, words)
            groups[first] = (run, at[first])
    texts = _Texts(events, at, words, width, st, measure, nums, like)
    found = _titled(texts, [run[0] for run in runs], keys, width, st)
    return None if found is None else (found, groups)


def _numbers(run: list[int], words: Labels) -> str:
    """The numbers of a group of events, as the timeline list prints them: "12–15", or "3, 5–6" for events
    whose order along the axis is not their order in the list (a year-only date among days)."""
    out: list[list[int]] = []
    for k in sorted(i + 1 for i in run):
        if out and out[-1][-1] == k - 1:
            out[-1].append(k)
        else:
            out.append([k])
    return ", ".join(words.digits(r[0]) + (f"\u2013{words.digits(r[-1])}" if len(r) > 1 else "") for r in out)


def _titled(texts: _Texts, shown: list[int], keys: set[int], width: float,
            st: StripStyle) -> dict[int, tuple[int, Label]] | None:
    """Labels for the events `shown`: its date and title for those in `keys` (all of them shown), its number
    for the others."""
    keys = keys & set(shown)
    terms, room, run = texts.terms[:], width * st.max_lanes, 0.0
    for i in keys:
        terms[i] = texts.titled(i)[2] + texts.pad + st.gap
        run += terms[i]
        if run > room + 1.0 and texts.pad + st.gap >= 0:  # (the titles measured so far take more room than
            return None                                      # all lanes have: so do all, with no term below 0)
    if not shown or sum(map(terms.__getitem__, shown)) > room:
        return None
    found = _search_cap(texts, shown, keys, width, st)
    if found is None:
        return None
    for i, (_, lab) in found.items():  # a number in the accent colour, as in the timeline list
        if i not in keys:
            lab.color = "accent"
    return found


def _key_choices(events, eras, xs: list[float], width: float, st: StripStyle) -> list[set[int]]:
    """The sets of events to label with their titles, best first: the events marked `key`, else the first
    and last of each era (and of the events in no era) and more spread by spacing; then fewer."""
    n = len(events)
    marked = {i for i, e in enumerate(events) if e.key}
    if marked:
        ordered = sorted(marked, key=lambda i: (xs[i], i))
        return [marked] + [set(_thin(ordered, k)) for k in (len(ordered) // 2, 2, 1) if 0 < k < len(ordered)]
    groups: dict[Era | None, list[int]] = {}
    for i, e in enumerate(events):
        groups.setdefault(era_of(e.date, eras), []).append(i)
    ends = sorted({g[0] for g in groups.values()} | {g[-1] for g in groups.values()}, key=lambda i: (xs[i], i))
    most = max(1, int(width // 110))  # a title wants about this much room
    picked = list(ends)
    gap = [min(abs(x - xs[j]) for j in picked) for x in xs] if len(picked) < min(most, n) else []
    while len(picked) < min(most, n):  # the event farthest from those picked
        chosen = set(picked)
        far = max((i for i in range(n) if i not in chosen), key=lambda i: (gap[i], -i))
        picked.append(far)
        gap = [min(g, abs(x - xs[far])) for g, x in zip(gap, xs, strict=True)]
    out = [set(picked[:k]) for k in (len(picked), len(ends), len(ends) // 2, 2, 1) if 0 < k <= len(picked)]
    return [s for k, s in enumerate(out) if s not in out[:k]]


def _thin(ordered: list[int], k: int) -> list[int]:
    """`k` of `ordered`, spread evenly, the first and last among them."""
    if k >= len(ordered):
        return ordered
    if k == 1:
        return [ordered[0]]
    return [ordered[round(j * (len(ordered) - 1) / (k - 1))] for j in range(k)]


def _search_cap(texts: _Texts, shown: list[int], keys: set[int], width: float,
                st: StripStyle) -> dict[int, tuple[int, Label]] | None:
    """The widest common cap (whole points) at which every label fits in the lanes; then each grows.
    (Lists by event index: a number's width never changes, nor a title's that cannot be cut.)"""
    pad, titled = texts.pad, {i: texts.titled(i) for i in sorted(keys)}
    fixed = set(shown) - keys
    least = texts.least[:]
    for i, (_, _, w) in titled.items():
        least[i] = w
    full = max([d + o.width(len(o) - 1) for (_, d), o, _ in titled.values()] + [*map(least.__getitem__, fixed)])
    lo, hi = int(max(map(least.__getitem__, shown))) + 1, int(min(full + 1, width))
    if lo > hi:
        return None
    vary = [i for i, (_, o, _) in titled.items() if len(o) > 1]
    lanes = _Lanes(texts.xs, width, st, pad, [*map(texts.items.__getitem__, sorted(fixed, key=texts.rank.__getitem__))],
                   sorted(keys))
    pick = dict.fromkeys(titled, 0)

    found = None
    while lo <= hi:  # largest cap that places every label
        mid = (lo + hi) // 2
        for i in vary:  # the longest cut of each title within the cap
            pick[i] = texts.cut(i, mid)
        ws = least[:]
        var = []
        for i in titled:
            w, item = texts.sized(i, pick[i])
            ws[i] = w
            var.append(item)
        placed = lanes.place(ws, var)
        if placed is not None:
            found = (dict(pick), ws, placed)
            lo = mid + 1
        elif found is None and lanes.hopeless():  # every try would fail as this one did
            return None
        else:
            hi = mid - 1
    if found is None:
        return None
    picks, ws, placed = found
    dates = {i: titled[i][0] if i in titled else texts.num_dates[i] for i in placed}
    options = {i: titled[i][1] if i in titled else texts.blank for i in placed}
    pick = {i: picks.get(i, 0) for i in placed}
    _grow(dates, options, pick, ws, placed, width, st, pad)
    # the very strings measured: the date, a space, the title as cut (drawn as they were measured)
    runs = {i: ((dates[i][0], True), (" ", False), (options[i].texts[pick[i]], False)) if i in keys
            else ((dates[i][0], True),) for i in placed}
    return _as_labels(placed, runs, ws, st.size, "text")


def _direction(x: float, w: float, width: float, pad: float) -> int:
    """1: text right of the stem; -1: left of it (near the right edge)."""
    return 1 if x + pad + w <= width + TOL or x < width / 2 else -1


def _box(x: float, w: float, d: int, pad: float) -> tuple[float, float]:
    return (x + pad, x + pad + w) if d > 0 else (x - pad - w, x - pad)


def _reach(st: StripStyle, pad: float) -> float:
    """How far from a box another label can matter to it: only a label whose box comes within this of
    this one's can share its lane or be crossed by its stem (a stem is within `pad` of its own box)."""
    return max(st.gap, pad) + 2.0


def _room(x0: float, x1: float, stem: float, placed: list[_Placed], st: StripStyle) -> tuple[int, int, set[int]]:
    """The lanes where a label with this box and stem fits among those `placed`: from the first number to the
    second, but none in the set."""
    low, high, taken = 0, st.max_lanes - 1, set()
    for p in placed:
        if x0 < p.x1 + st.gap - TOL and p.x0 < x1 + st.gap - TOL:
            taken.add(p.lane)  # two labels in one lane
        if p.x0 - 1 < stem < p.x1 + 1:
            high = min(high, p.lane)  # this stem would cross a lower label
        if x0 - 1 < p.stem < x1 + 1:
            low = max(low, p.lane)  # a taller stem would cross this label
    return low, high, taken


def _place_all(xs: list[float], ws: list[float], width: float, st: StripStyle,
               pad: float) -> dict[int, _Placed] | None:
    """Each label in the lowest lane where it fits: rightward labels from right to left, then leftward ones
    from left to right (so no stem has to rise through a label of its own side). None if any does not fit."""
    return _Lanes(xs, width, st, pad, sorted(_items(xs, ws, width, pad)), []).place(ws)


Item = tuple[tuple[int, float, int], int, float, float]  # a label to place: its place in the order, index, box


def _item(x: float, w: float, i: int, width: float, pad: float) -> Item:
    """A label as `_Lanes` takes it: its key in the order (rightward ones first, from right to left, then
    leftward ones from left to right), its index and its box."""
    d = _direction(x, w, width, pad)
    return ((0, -x, i) if d > 0 else (1, x, -i), i, *_box(x, w, d, pad))


def _items(xs: list[float], ws: list[float], width: float, pad: float) -> list[Item]:
    return [_item(x, w, i, width, pad) for i, (x, w) in enumerate(zip(xs, ws, strict=True))]


class _Lanes:
    """`_place_all` for labels placed again and again, only some of them (`vary`) with other widths each time.

    The others come as `Item`s, in the order they are placed. Each try takes its labels in order, stopping
    at the first that does not fit. A label placed as in the try before, after the very same ones, takes the
    same lane without a search; so a try whose labels up to the one the last try could not place are the
    same, with the same boxes, fails at once, and one with the same labels as a try that placed them all
    places them as it did.
    """

    def __init__(self, xs: list[float], width: float, st: StripStyle, pad: float, fixed: list[Item],
                 vary: list[int]):
        self.xs, self.width, self.st, self.pad, self.fixed, self.vary = xs, width, st, pad, fixed, vary
        self.varied = set(vary)
        self.first = min((0, -xs[i], i) for i in vary) if vary else None  # the least key a `vary` label can have
        self.var: list[Item] = []  # the last try's `vary` labels
        self.last: list[tuple[Item, _Placed]] = []  # the labels it placed
        self.stuck: Item | None = None  # the label it could not place

    def hopeless(self) -> bool:
        """Whether the last try failed at a label of fixed width that no label of `vary` can come before:
        then every try fails there."""
        s = self.stuck
        return s is not None and s[1] not in self.varied and (self.first is None or s[0] < self.first)

    def _order(self, var: list[Item]) -> Iterator[Item]:
        """The labels in the order they are placed, each with its box: the fixed ones and `var` merged."""
        j, m = 0, len(var)
        for item in self.fixed:
            while j < m and var[j][0] < item[0]:
                yield var[j]
                j += 1
            yield item
        yield from var[j:]

    def place(self, ws: list[float], var: list[Item] | None = None) -> dict[int, _Placed] | None:
        """Each label in the lowest lane where it fits (see `_place_all`); None if any does not fit. (`var`:
        the labels of `vary` as `_item` makes them of `ws`, when known.)"""
        xs, width, st, pad = self.xs, self.width, self.st, self.pad
        var = sorted([_item(xs[i], ws[i], i, width, pad) for i in self.vary] if var is None else var)
        stuck = self.stuck
        if stuck is None:
            if self.last and var == self.var:
                return {item[1]: p for item, p in self.last}
        elif (stuck[1] not in self.varied or stuck in var) and \
                [t for t in var if t[0] < stuck[0]] == [t for t in self.var if t[0] < stuck[0]]:
            return None
        last = self.last
        reach = _reach(st, pad)
        done: list[tuple[Item, _Placed]] = []
        # The boxes placed, by their left edge, and the widest of them: those within `reach` of a box are
        # found by bisection among the few whose left edge is near it, not by looking at every box.
        starts: list[float] = []
        near_by: list[_Placed] = []
        widest = 0.0
        same = True  # every label so far placed as in the last try
        for item in self._order(var):
            _, i, x0, x1 = item
            if x0 < -TOL or x1 > width + TOL:
                self.var, self.last, self.stuck = var, done, item
                return None
            if same:
                k = len(done)
                if k < len(last) and last[k][0] == item:
                    done.append(last[k])
                    continue
                same = False
                ordered = sorted(done, key=lambda t: t[1].x0)  # (stable: as placed one by one, below)
                starts = [p.x0 for _, p in ordered]
                near_by = [p for _, p in ordered]
                widest = max((p.x1 - p.x0 for p in near_by), default=0.0)
            x = xs[i]
            a = bisect_left(starts, x0 - reach - widest - 1.0)  # (a point to spare for rounding)
            b = bisect_left(starts, x1 + reach, a)
            near = [p for p in near_by[a:b] if p.x1 > x0 - reach]
            lane, high, taken = _room(x0, x1, x, near, st)
            while lane in taken:  # the lowest lane free
                lane += 1
            if lane > high:
                self.var, self.last, self.stuck = var, done, item
                return None
            p = _Placed(lane, x0, x1, x)
            done.append((item, p))
            at = bisect_right(starts, x0)
            starts.insert(at, x0)
            near_by.insert(at, p)
            widest = max(widest, x1 - x0)
        self.var, self.last, self.stuck = var, done, None
        return {item[1]: p for item, p in done}


def _grow(dates, options, pick, ws, placed: dict[int, _Placed], width, st, pad) -> None:
    """Let each cut title take the room left free around it, keeping its lane."""
    reach = _reach(st, pad)
    for i in sorted(placed, key=lambda i: (placed[i].lane, placed[i].stem)):
        p, o, d = placed[i], options[i], dates[i][1]
        if pick[i] == len(o) - 1:
            continue
        side = 1 if p.x0 >= p.stem else -1
        # only labels near the box of the whole title can matter to a box within it (a cut title, with its
        # ellipsis, is most often narrower than the whole; for one that is not, all the others are looked at)
        f0, f1 = _box(p.stem, d + o.width(len(o) - 1), side, pad)
        others = [q for j, q in placed.items() if j != i and q.x0 < f1 + reach and q.x1 > f0 - reach]

        def fits(k: int, p=p, o=o, d=d, side=side, i=i, f0=f0, f1=f1, others=others) -> bool:
            x0, x1 = _box(p.stem, d + o.width(k), side, pad)
            if x0 < -TOL or x1 > width + TOL:
                return False
            near = others if f0 <= x0 and x1 <= f1 else [q for j, q in placed.items() if j != i]
            low, high, taken = _room(x0, x1, p.stem, near, st)
            return low <= p.lane <= high and p.lane not in taken

        k = o.longest(fits)  # a wider box only meets more: the test holds up to some k
        if k > pick[i]:
            pick[i], ws[i] = k, d + o.width(k)
            placed[i] = _Placed(p.lane, *_box(p.stem, ws[i], side, pad), p.stem)


def _as_labels(placed: dict[int, _Placed], runs, ws, size: float, color: str) -> dict[int, tuple[int, Label]]:
    # (runs and ws: lists by event index, or mappings from it)
    return {i: (p.lane, Label(r2(p.x0), 0.0, runs[i], size, ws[i], color)) for i, p in sorted(placed.items())}
