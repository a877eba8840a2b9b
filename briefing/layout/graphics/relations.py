"""The relations map's placement: who stands with whom among the groups, in columns.

In: the groups (their `allies` and `rivals`), a width, sizes from the style
and a `Measure`. Out: a `RelationsPlan`: one `MapPlan` per connected part of
the graph (so a long map splits between parts), each with boxes, names and
lines in points (y up from its bottom left), and a legend.

How it is laid out: a camp is the names linked by alliances (a group's
`camp` overrides; see `alliances`). Three camps in a connected part get a
column each (the most linked in the middle); otherwise its camps go to two
columns so that as few rivals as possible share one (every split is tried
up to 12 camps, a local search above), a column's camps each kept together
and framed. Columns, left to right: outside allies of the left camps | left
camps | middle camp | right camps | outside allies of the right camps.
Names that are not groups of the briefing are "outside"; one goes to an
outer column when all its lines are alliances with its own camp.
Within a column, names are ordered by the mean height of their neighbours
and pulled towards them, then pushed apart so boxes never overlap (an
isotonic regression: the least movement that keeps order and spacing).
Lines between columns run straight across the gap between them (between
the outer two of three, over the top of the map through the gaps); two names
of one column are joined by a short link when adjacent, else by an arc on
the column's outer side. Ends of lines are spread along a box's side.
"""

from __future__ import annotations

from ...labels import Labels, labels_for
from ...model import Group
from .geometry import TOL, Label, Measure, Rect, flip, flip_label, label, r2, wrap_words

OL, LC, MC, RC, OR = 0, 1, 2, 3, 4  # columns: outer left, left camps, a middle camp, right camps, outer right
CAMP_COLUMNS = (LC, MC, RC)
FRAME = 3.0  # points between a camp's frame and its boxes
ROUTE = 4.0  # points between two lines routed over the top of the map
CAMP_GAP = 4 * FRAME  # more room between two camps of one column than between two names of one camp
EXHAUSTIVE = 12  # names in a part up to which every split into camps is tried


class MapStyle:
    __slots__ = ("size", "legend", "pad", "row_gap", "col_gap", "col_max", "line")

    def __init__(self, size: float = 7.6, legend: float = 7.0, pad: float = 4.0, row_gap: float = 9.0,
                 col_gap: float = 34.0, col_max: float = 150.0, line: float = 0.9):
        self.size = size  # names
        self.legend = legend  # legend words
        self.pad, self.row_gap, self.col_gap, self.col_max, self.line = pad, row_gap, col_gap, col_max, line

    @classmethod
    def of(cls, theme) -> MapStyle:
        z, lay = theme.sizes, theme.layout
        return cls(z.get("graphic_node", 7.6), z.get("graphic_label", 7.0), lay.get("map_pad", 4.0),
                   lay.get("map_row_gap", 9.0), lay.get("map_column_gap", 34.0), lay.get("map_column_max", 150.0),
                   lay.get("map_line", 0.9))

    def tighter(self) -> MapStyle:
        """The same with closer rows (for a part too tall otherwise)."""
        return MapStyle(self.size, self.legend, self.pad, max(self.row_gap * 0.3, 2.0), self.col_gap, self.col_max,
                        self.line)


class Node:
    __slots__ = ("key", "text", "inside", "camp")

    def __init__(self, key: str, text: str, inside: bool, camp: str | None = None):
        self.key = key  # a group id, or "~" + a free name
        self.text = text
        self.inside = inside  # a group of this briefing (else a name given only as an ally or rival)
        self.camp = camp  # the camp its author put it in (`camp:`), if any


class Link:
    __slots__ = ("kind", "points")

    def __init__(self, kind: str, points: tuple[tuple[float, float], ...]):
        self.kind = kind  # "ally" or "rival"
        self.points = points  # two points: a straight line; four: a Bézier arc; six: a path of straight lines


class MapPlan:
    """What to draw for one connected part (or the legend), in points from its lower left corner."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.boxes: list[tuple[Rect, bool]] = []  # box, inside (a group of the briefing)
        self.labels: list[Label] = []
        self.links: list[Link] = []
        self.symbols: list[tuple[str, Rect]] = []  # legend: group, outside, ally, rival
        self.camps: list[tuple[Rect, list[str]]] = []  # a frame around each camp, and the names in it
        self.summary = ""  # what the part shows, in words (a tagged PDF's alternative text)


class RelationsPlan:
    def __init__(self, parts: list[MapPlan], legend: MapPlan | None, left_out: int = 0):
        self.parts, self.legend = parts, legend
        self.left_out = left_out  # names of parts too large for a page, not drawn

    def mirrored(self) -> RelationsPlan:
        """The map for a right-to-left document: each part and the legend reflected across its width after
        placement (the groups' camp at the right, outside names at the left, the legend from the right);
        line styles and the placement itself are as before. Changed in place."""
        for p in [*self.parts, *([self.legend] if self.legend is not None else [])]:
            w = p.width
            p.boxes = [(flip(r, w), inside) for r, inside in p.boxes]
            p.labels = [flip_label(lab, w) for lab in p.labels]
            p.links = [Link(k.kind, tuple((r2(w - x), y) for x, y in k.points)) for k in p.links]
            p.symbols = [(kind, flip(r, w)) for kind, r in p.symbols]
        return self


def graph(groups: tuple[Group, ...], names: dict[str, str]) -> tuple[list[Node], list[tuple[int, int, str]]]:
    """Nodes (groups first, in file order, then other names as first met) and edges (a, b, kind), deduplicated."""
    ids = {g.id for g in groups}
    index: dict[str, int] = {}
    nodes: list[Node] = []

    def node(key: str, text: str, inside: bool) -> int:
        if key not in index:
            index[key] = len(nodes)
            nodes.append(Node(key, text, inside))
        return index[key]

    for g in groups:
        nodes[node(g.id, names.get(g.id, g.name), True)].camp = g.camp
    edges: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int, str]] = set()
    for g in groups:
        a = index[g.id]
        for kind, others in (("ally", g.allies), ("rival", g.rivals)):
            for name in others:
                b = index[name] if name in ids else node("~" + name, name, False)
                e = (min(a, b), max(a, b), kind)
                if a != b and e not in seen:
                    seen.add(e)
                    edges.append(e)
    return nodes, edges


def wanted(groups: tuple[Group, ...]) -> bool:
    """A map says something from two groups with at least one ally or rival."""
    return len(groups) >= 2 and any(g.allies or g.rivals for g in groups)


def place(groups: tuple[Group, ...], names: dict[str, str], width: float, st: MapStyle, measure: Measure,
          max_height: float, words: Labels | None = None) -> RelationsPlan:
    """The map of `groups` at `width`; parts taller than `max_height` are left out (and counted).
    `words`: the briefing's language (English if not given)."""
    words = words or labels_for("en")
    nodes, edges = graph(groups, names)
    adj: dict[int, list[tuple[int, str]]] = {i: [] for i in range(len(nodes))}
    for a, b, kind in edges:
        adj[a].append((b, kind))
        adj[b].append((a, kind))
    parts = _components(len(nodes), adj)
    col_of: dict[int, int] = {}
    camp_of: dict[int, int] = {}
    for part in parts:
        cols, camp = _columns(part, nodes, adj)
        col_of.update(cols)
        camp_of.update(camp)
    used = sorted(set(col_of.values()))
    # the columns' widths: shared by all parts, so the parts line up
    margin = st.col_gap * 0.5  # room for arcs outside the outer columns
    room = width - 2 * margin
    cw = min(st.col_max, (room - (len(used) - 1) * st.col_gap) / max(len(used), 1))
    text_room = cw - 2 * st.pad
    widths = {}
    for c in used:
        need = max(measure(nodes[i].text, st.size, nodes[i].inside) for i in col_of if col_of[i] == c)
        widths[c] = min(cw, max(need + 2 * st.pad, st.size * 6))  # a box, not a tag, even for a short name
    total = sum(widths.values()) + (len(used) - 1) * st.col_gap
    x = (width - total) / 2
    col_x = {}
    for c in used:
        col_x[c] = x
        x += widths[c] + st.col_gap
    lines = {i: wrap_words(nodes[i].text, min(text_room, widths[col_of[i]] - 2 * st.pad), st.size,
                           nodes[i].inside, measure, 2) for i in col_of}
    plans = []
    left_out = 0
    least = st.tighter().row_gap
    for part in parts:
        column_sizes: dict[int, float] = {}
        for v in part:  # a column taller than a page even with the closest rows: left out without placing it
            column_sizes[col_of[v]] = column_sizes.get(col_of[v], -least) + _box_height(lines[v], 0, st) + least
        if max(column_sizes.values()) > max_height:
            left_out += len(part)
            continue
        plan = _place_part(part, nodes, adj, col_of, camp_of, col_x, widths, lines, width, st, measure, words)
        if plan.height > max_height:  # closer rows, before giving up
            plan = _place_part(part, nodes, adj, col_of, camp_of, col_x, widths, lines, width, st.tighter(), measure,
                               words)
        if plan.height > max_height:
            left_out += len(part)
            continue
        plans.append(plan)
    legend = _legend(nodes, edges, width, st, measure, words) if plans else None
    return RelationsPlan(plans, legend, left_out)


def _components(n: int, adj) -> list[list[int]]:
    """Connected parts with at least one line, each in node order, ordered by their first node."""
    seen: set[int] = set()
    out = []
    for s in range(n):
        if s in seen or not adj[s]:
            continue
        part, todo = [], [s]
        seen.add(s)
        while todo:
            v = todo.pop()
            part.append(v)
            for w, _ in adj[v]:
                if w not in seen:
                    seen.add(w)
                    todo.append(w)
        out.append(sorted(part))
    return out


def _cost(camp: dict[int, int], part: list[int], adj) -> int:
    bad = 0
    for v in part:
        for w, kind in adj[v]:
            if w > v and (camp[v] == camp[w]) != (kind == "ally"):
                bad += 1
    return bad


def camps(part: list[int], adj) -> dict[int, int]:
    """Node -> 0 (left camp) or 1 (right): few allies apart, few rivals together; the first node on the left."""
    if len(part) <= EXHAUSTIVE:
        best, best_cost = None, None
        rest = part[1:]
        for mask in range(1 << len(rest)):
            camp = {part[0]: 0, **{v: (mask >> k) & 1 for k, v in enumerate(rest)}}
            cost = _cost(camp, part, adj)
            if best_cost is None or cost < best_cost:
                best, best_cost = camp, cost
        return best or {part[0]: 0}
    camp = {part[0]: 0}  # larger parts: spread from the first node (ally: same camp; rival: the other) ...
    todo = [part[0]]
    while todo:
        v = todo.pop(0)
        for w, kind in adj[v]:
            if w not in camp:
                camp[w] = camp[v] if kind == "ally" else 1 - camp[v]
                todo.append(w)
    for _ in range(20):  # ... then move single nodes while that helps
        moved = False
        for v in part[1:]:
            here = sum(1 for w, k in adj[v] if (camp[v] == camp[w]) != (k == "ally"))
            there = sum(1 for w, k in adj[v] if (camp[v] != camp[w]) != (k == "ally"))
            if there < here:
                camp[v] = 1 - camp[v]
                moved = True
        if not moved:
            break
    return camp


def alliances(part: list[int], nodes: list[Node], adj) -> dict[int, int]:
    """Node -> its camp: the names linked by alliances; a group whose author names its `camp` is in that camp,
    and so are the names allied to it that name none (camps numbered from 0, named camps first)."""
    camp: dict[int, int] = {}
    named: dict[str, int] = {}
    for v in part:
        name = nodes[v].camp
        if name is not None:
            camp[v] = named.setdefault(name, len(named))
    n = len(named)
    for s in part:
        if s in camp:
            continue
        comp, todo = [s], [s]
        camp[s] = -1
        while todo:  # the names allied to it through names that name no camp
            v = todo.pop()
            for w, kind in adj[v]:
                if kind == "ally" and w not in camp:
                    camp[w] = -1
                    comp.append(w)
                    todo.append(w)
        touching = sorted({camp[w] for v in comp for w, kind in adj[v] if kind == "ally" and nodes[w].camp is not None})
        here = touching[0] if touching else n
        n += not touching
        for v in comp:
            camp[v] = here
    return camp


def _columns(part: list[int], nodes: list[Node], adj) -> tuple[dict[int, int], dict[int, int]]:
    """Each camp (see `alliances`) in one of two columns, rivals apart where they can be; an outside name
    allied only within its camp goes to the outer column beside it."""
    camp = alliances(part, nodes, adj)
    k = max(camp.values()) + 1
    rivals: dict[int, list[tuple[int, str]]] = {c: [] for c in range(k)}  # camps as nodes, and their links
    for v in part:
        for w, kind in adj[v]:  # (an ally in another camp: one its author put there)
            if camp[v] != camp[w] and (camp[w], kind) not in rivals[camp[v]]:
                rivals[camp[v]].append((camp[w], kind))
    if k == 3:  # three camps, a column each: the one with the most links to the others in the middle
        middle = max(range(3), key=lambda c: (len(rivals[c]), -c))
        left, right = (c for c in range(3) if c != middle)
        column = {left: LC, middle: MC, right: RC}
    else:  # two camps, or more stacked in two columns
        side = camps(list(range(k)), rivals)
        column = {c: LC if side[c] == 0 else RC for c in range(k)}
    out = {}
    for v in part:
        c = column[camp[v]]
        outer = (not nodes[v].inside and c != MC and all(kk == "ally" and camp[w] == camp[v] for w, kk in adj[v]))
        out[v] = (OL if c == LC else OR) if outer else c
    return out, camp


def _box_height(lines: list[str], ends: int, st: MapStyle) -> float:
    return max(len(lines) * st.size * 1.2 + 2 * st.pad, ends * 4.0 + 4.0)


def _isotonic(targets: list[float]) -> list[float]:
    """The non-decreasing sequence closest to `targets` (least squares): pool adjacent violators."""
    blocks: list[list[float]] = []  # [mean, weight]
    for t in targets:
        blocks.append([t, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2 = blocks.pop()
            m1, w1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    out: list[float] = []
    for m, w in blocks:
        out += [m] * int(w)
    return out


def _place_part(part, nodes, adj, col_of, camp_of, col_x, widths, lines, width, st: MapStyle, measure,
                words: Labels) -> MapPlan:
    cols: dict[int, list[int]] = {}
    for v in part:
        cols.setdefault(col_of[v], []).append(v)
    # how many line ends each side of a box takes, for boxes tall enough to spread them
    ends = {v: 0 for v in part}
    for v in part:
        sides: dict[str, int] = {}
        for w, _ in adj[v]:
            side = _side(col_of[v], col_of[w])
            sides[side] = sides.get(side, 0) + 1
        ends[v] = max(sides.values(), default=0)
    h = {v: _box_height(lines[v], ends[v], st) for v in part}
    y: dict[int, float] = {}  # centres, downwards from the top
    for vs in cols.values():
        acc = 0.0
        for v in vs:
            y[v] = acc + h[v] / 2
            acc += h[v] + st.row_gap
    for _ in range(8):
        for c in sorted(cols, key=lambda c: (c not in CAMP_COLUMNS, c)):  # the camps first, then the outer ones
            vs = cols[c]

            want = {v: _pull(v, c, vs, y, adj, col_of) for v in vs}
            rank = {v: k for k, v in enumerate(vs)}
            # a camp's names stay together (a column may hold several camps, each framed), in the order
            # of where they would like to be
            block: dict[int, list[float]] = {}
            for v in vs:
                block.setdefault(camp_of[v], []).append(want[v])
            at = {k: (sum(ws) / len(ws), k) for k, ws in block.items()}
            vs.sort(key=lambda v: (at[camp_of[v]], want[v], rank[v]))
            offs, acc = [], 0.0
            for k, v in enumerate(vs):
                if k:
                    acc += (h[vs[k - 1]] + h[v]) / 2 + st.row_gap
                    if camp_of[v] != camp_of[vs[k - 1]]:
                        acc += CAMP_GAP  # room between two camps' frames
                offs.append(acc)
            z = _isotonic([want[v] - o for v, o in zip(vs, offs, strict=True)])
            for v, zz, o in zip(vs, z, offs, strict=True):
                y[v] = zz + o
    top = min(y[v] - h[v] / 2 for v in part)
    bottom = max(y[v] + h[v] / 2 for v in part)
    height = bottom - top
    plan = MapPlan(width, r2(height))
    box: dict[int, Rect] = {}
    for v in part:
        c = col_of[v]
        yy = height - (y[v] - top) - h[v] / 2  # canvas: y up
        box[v] = Rect(r2(col_x[c]), r2(yy), r2(widths[c]), r2(h[v]))
        plan.boxes.append((box[v], nodes[v].inside))
        n = len(lines[v])
        lead = st.size * 1.2
        first = box[v].y + box[v].h / 2 + (n - 1) * lead / 2 - st.size * 0.35
        for k, text in enumerate(lines[v]):
            w = measure(text, st.size, nodes[v].inside)
            plan.labels.append(label(box[v].x + (box[v].w - w) / 2, first - k * lead, ((text, nodes[v].inside),),
                                     st.size, measure, "on_accent" if nodes[v].inside else "muted"))
    for c in CAMP_COLUMNS:  # a frame around each camp of a column that holds more than one
        here = cols.get(c, [])
        if len({camp_of[v] for v in here}) > 1:
            for k in sorted({camp_of[v] for v in here}):
                members = [v for v in here if camp_of[v] == k]
                y0 = min(box[v].y for v in members) - FRAME
                y1 = max(box[v].y1 for v in members) + FRAME
                plan.camps.append((Rect(r2(col_x[c] - FRAME), r2(y0), r2(widths[c] + 2 * FRAME), r2(y1 - y0)),
                                   [nodes[v].text for v in members]))
    plan.links = _links(part, adj, col_of, cols, box, st, height)
    plan.height = max([plan.height] + [r2(p[1] + 2) for link in plan.links for p in link.points])
    plan.summary = _summary(part, nodes, adj, words)
    return plan


def _summary(part: list[int], nodes: list[Node], adj, words: Labels) -> str:
    """"Relations map, allies: A and B; ... rivals: A and C; ..." for one connected part."""
    pairs: dict[str, list[str]] = {"ally": [], "rival": []}
    for v in part:
        for w, kind in adj[v]:
            if v < w:
                pairs[kind].append(words.word("map_alt_pair", a=nodes[v].text, b=nodes[w].text))
    said = [words.word("map_alt_pairs", kind=words.word(name), pairs="; ".join(pairs[kind]))
            for kind, name in (("ally", "map_allies"), ("rival", "map_rivals")) if pairs[kind]]
    return words.word("map_alt", said=". ".join(said))


def _pull(v: int, c: int, column: list[int], y: dict[int, float], adj, col_of: dict[int, int]) -> float:
    """Where node `v` of column `c` would like to be: level with its neighbours in the other camp (for an
    outer column: in its camp), else with those in its own column, else the column's middle. Outer
    columns follow the camps, never lead them."""
    lead = [y[w] for w, _ in adj[v] if col_of[w] != c and (c in (OL, OR) or col_of[w] in CAMP_COLUMNS)]
    near = lead or [y[w] for w, _ in adj[v] if col_of[w] == c]
    return sum(near) / len(near) if near else sum(y[w] for w in column) / len(column)


def _side(c: int, other: int) -> str:
    """Which side of a box in column `c` a line to column `other` leaves from."""
    if other > c:
        return "right"
    if other < c:
        return "left"
    return "left" if c in (OL, LC) else "right"  # same column: arcs bulge on the outer side


def _links(part, adj, col_of, cols, box: dict[int, Rect], st: MapStyle, top: float) -> list[Link]:
    """The lines: straight across the gap between two columns; over the top of the map, through the gaps
    beside the columns, between two columns with a column of names between them; arcs within a column."""
    order = {v: k for vs in cols.values() for k, v in enumerate(vs)}
    cy = {v: box[v].y + box[v].h / 2 for v in part}
    edges = sorted({(min(v, w), max(v, w), kind) for v in part for w, kind in adj[v]})
    # the ends on each side of each box, ordered by where the line goes, then spread evenly
    ports: dict[tuple[int, str], list[tuple[float, int, int, str]]] = {}
    vertical = []
    for a, b, kind in edges:
        ca, cb = col_of[a], col_of[b]
        if ca == cb and abs(order[a] - order[b]) == 1:
            vertical.append((a, b, kind))
            continue
        for v, w in ((a, b), (b, a)):
            ports.setdefault((v, _side(col_of[v], col_of[w])), []).append((-cy[w], w, v, kind))
    at: dict[tuple[int, int, str, int], float] = {}  # (node, other, kind, end) -> y of that end
    for (v, _side_name), items in ports.items():
        items.sort()
        r = box[v]
        n = len(items)
        for k, (_, w, _, kind) in enumerate(items):
            at[(v, w, kind, 0)] = r2(r.y1 - r.h * (k + 1) / (n + 1))
    out: list[Link] = []
    routes = 0
    for a, b, kind in edges:
        if (a, b, kind) in vertical:
            continue
        ca, cb = col_of[a], col_of[b]
        ya, yb = at[(a, b, kind, 0)], at[(b, a, kind, 0)]
        if ca != cb:
            left, right = (a, b) if ca < cb else (b, a)
            yl, yr = (ya, yb) if ca < cb else (yb, ya)
            if any(min(ca, cb) < c < max(ca, cb) for c in cols):  # over the names between them
                over = r2(top + ROUTE * (1 + routes))
                routes += 1
                gl, gr = r2(box[left].x1 + st.col_gap / 2), r2(box[right].x - st.col_gap / 2)
                out.append(Link(kind, ((box[left].x1, yl), (gl, yl), (gl, over), (gr, over), (gr, yr),
                                       (box[right].x, yr))))
            else:
                out.append(Link(kind, ((box[left].x1, yl), (box[right].x, yr))))
        else:  # an arc on the outer side, wider the more boxes it passes
            outer_left = ca in (OL, LC)
            x = box[a].x if outer_left else box[a].x1
            depth = abs(order[a] - order[b]) - 1
            bulge = min(st.col_gap * 0.45, 6 + 4 * depth) * (-1 if outer_left else 1)
            out.append(Link(kind, ((x, ya), (r2(x + bulge), ya), (r2(x + bulge), yb), (x, yb))))
    for a, b, kind in vertical:
        upper, lower = (a, b) if box[a].y > box[b].y else (b, a)
        twins = [e for e in vertical if {e[0], e[1]} == {a, b}]
        shift = (twins.index((a, b, kind)) - (len(twins) - 1) / 2) * 6
        x = r2(box[upper].x + box[upper].w / 2 + shift)
        out.append(Link(kind, ((x, box[upper].y), (x, box[lower].y1))))
    return out


def _legend(nodes, edges, width: float, st: MapStyle, measure: Measure, words: Labels) -> MapPlan:
    """Symbols and words, on one line where they fit: what a filled box, a pill and each line mean."""
    size = st.legend
    items = [("group", words.word("map_group"))]
    if any(not n.inside for n in nodes):
        items.append(("outside", words.word("map_other")))
    kinds = {k for _, _, k in edges}
    if "ally" in kinds:
        items.append(("ally", words.word("map_allies")))
    if "rival" in kinds:
        items.append(("rival", words.word("map_rivals")))
    sym_w = size * 2.6
    lh = size * 1.5
    rows: list[list[tuple[float, str, str]]] = [[]]
    x = 0.0
    for kind, text in items:
        w = sym_w + 3 + measure(text, size, False)
        if rows[-1] and x + w > width + TOL:
            rows.append([])
            x = 0.0
        rows[-1].append((x, kind, text))
        x += w + size * 2
    plan = MapPlan(width, r2(len(rows) * lh))
    for k, row in enumerate(rows):
        y = (len(rows) - 1 - k) * lh + size * 0.35
        last = row[-1]
        shift = (width - (last[0] + sym_w + 3 + measure(last[2], size, False))) / 2  # centred under the map
        for x0, kind, text in row:
            x0 += shift
            plan.symbols.append((kind, Rect(r2(x0), r2(y - size * 0.15), r2(sym_w), r2(size * 0.95))))
            plan.labels.append(label(x0 + sym_w + 3, y, ((text, False),), size, measure, "muted"))
    return plan
