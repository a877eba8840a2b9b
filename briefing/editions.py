"""What changed between two editions of a briefing: a comparison of meaning, not of text.

In: the previous edition and the new one, both validated `Briefing`s.
Out: `Changes`: for each component, the items added, removed and changed
(each changed field with its old and new value), and how many are unchanged.

Items are matched by what identifies them, never by where they stand:

- groups and sources by `id`;
- figures by `id` where both editions give one, else by label;
- timeline events by `id` where both give one, else by date and title, and
  then an event left over on each side *on the same date* (in file order) is
  the same event reworded: "changed", not removed and added. An event whose
  date changes is matched only through an `id`;
- actors by name; sections by `id` where both give one, else by title;
- outlook scenarios by horizon (several with one horizon: in order);
- key points by text, then a point left over on each side at the same
  position is the same point reworded.

An item that has an `id` in both editions is never matched to one with
another `id`. Every pass is a lookup in a table: the comparison is linear in
the size of both editions, and its order is that of the new edition (removed
items: of the previous one), so the same editions give the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

from .dates import PDate
from .errors import Pos
from .model import Briefing
from .quantity import exact
from .quantity import parse as quantity_of
from .richtext import plain

# The components compared, in the order of the change list
PARTS = ("summary", "sections", "timeline", "groups", "figures", "actors", "outlook", "sources")
# What one item of each is called (the terminal's words; the PDF's come from briefing.labels)
NOUNS = {"summary": "key point", "sections": "section", "timeline": "event", "groups": "group", "figures": "figure",
         "actors": "actor", "outlook": "scenario", "sources": "source"}
KINDS = ("added", "changed", "removed")
# not compared: places, `of` as a number (`of_text` is what prints), and how pages break (not what they say)
_SKIP = {"pos", "where", "of", "keep", "break_before"}


@dataclass(frozen=True)
class Field:
    """One field of an item that changed: its old and new value (None: absent)."""

    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """An item added, removed or changed. `item` is the new edition's (the previous one's when removed)."""

    part: str  # one of PARTS
    kind: str  # one of KINDS
    name: str  # what the item is called: a title, a name, a label, a key point's text
    pos: Pos  # the item in the new edition's files (in the previous one's when removed)
    item: Any = field(compare=False, repr=False)
    old: Any = field(default=None, compare=False, repr=False)  # the previous edition's item, when changed
    fields: tuple[Field, ...] = ()
    id: str | None = None

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def direction(self) -> str | None:
        """For a figure whose value changed: up, down or same when both values are numbers of one kind."""
        f = self.field("value") if self.part == "figures" else None
        if f is None:
            return None
        a, b = quantity_of(str(f.old)), quantity_of(str(f.new))
        if a is None or b is None or a.kind != b.kind:
            return None
        x, y = exact(a.text), exact(b.text)
        return "up" if y > x else "down" if y < x else "same"


@dataclass
class Changes:
    """Every change from the previous edition to the new one, grouped by component in PARTS order."""

    previous: Briefing  # the previous edition (its date and edition name the box on page 1)
    label: str  # where it was read from, as given (a path, git:REV)
    changes: list[Change]
    unchanged: dict[str, int]
    # a position in the previous edition's files as the user knows them (git's REV:path for git:REV)
    where: Callable[[Pos], Pos] = field(default=lambda p: p, repr=False)
    _of: dict[int, Change] = field(default_factory=dict, repr=False)  # id() of a new item -> its change
    _keep: list[Any] = field(default_factory=list, repr=False)  # those items, so their id() stays theirs

    def __post_init__(self) -> None:
        for c in self.changes:
            if c.kind != "removed" and c.part != "summary":  # (a key point is a value, not an object of its own)
                self._of[id(c.item)] = c
                self._keep.append(c.item)

    def of(self, item: Any) -> Change | None:
        """The change of an item of the new edition (added or changed), or None."""
        return self._of.get(id(item))

    def place(self, c: Change) -> Pos:
        """Where a change is: the new item, or the removed one in the previous edition's files."""
        return self.where(c.pos) if c.kind == "removed" else c.pos

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.changes)

    def by_part(self) -> Iterator[tuple[str, list[Change]]]:
        """(component, its changes) for each component that has some, in PARTS order."""
        for part in PARTS:
            found = [c for c in self.changes if c.part == part]
            if found:
                yield part, found

    def top(self) -> list[Change]:
        """The changes that matter most, in this order: new events (by date), figures whose value moved,
        groups added or removed, new sources."""
        def pick(part: str, kind: str, test: Callable[[Change], bool] = lambda c: True) -> list[Change]:
            return [c for c in self.changes if c.part == part and c.kind == kind and test(c)]

        return [*pick("timeline", "added"), *pick("figures", "changed", lambda c: c.field("value") is not None),
                *pick("groups", "added"), *pick("groups", "removed"), *pick("sources", "added")]


def compare(old: Briefing, new: Briefing, label: str = "") -> Changes:
    """Every change from `old` to `new` (see the module's rules)."""
    changes: list[Change] = []
    unchanged: dict[str, int] = {}
    for part in PARTS:
        olds, news = _items(old, part), _items(new, part)
        pairs, added, removed = _match(olds, news, _PASSES[part])
        changed_at: dict[int, Change] = {}  # id() of a new Item (one per place, even for equal values) -> change
        same = 0
        for o, n in pairs:
            diff = _diff(o[0], n[0])
            if diff:
                changed_at[id(n)] = _change(part, "changed", n, diff, o[0])
            else:
                same += 1
        added_set = {id(n) for n in added}
        ordered: list[Change] = []
        for n in news:  # in the new edition's order: added and changed as they come
            if id(n) in added_set:
                ordered.append(_change(part, "added", n))
            elif id(n) in changed_at:
                ordered.append(changed_at[id(n)])
        ordered += [_change(part, "removed", o) for o in removed]
        changes += sorted(ordered, key=lambda c: KINDS.index(c.kind))  # (stable: document order kept)
        unchanged[part] = same
    return Changes(old, label, changes, unchanged)


# An item with its place: (the model's object, or a key point's rich text; its position)
Item = tuple[Any, Pos]


def _items(b: Briefing, part: str) -> list[Item]:
    if part == "summary":
        return [(p, b.where.get(f"summary[{i}]", b.where.get("summary", b.pos))) for i, p in enumerate(b.summary)]
    return [(x, x.pos) for x in getattr(b, part)]


def _id(x: Any) -> str | None:
    return getattr(x, "id", None)


Key = Callable[[Any, int], Hashable | None]
# Each component's passes: keys tried in turn on the items left unmatched (the int: the item's position)
_PASSES: dict[str, tuple[Key, ...]] = {
    "summary": (lambda x, i: plain(x), lambda x, i: i),
    "sections": (lambda x, i: _id(x), lambda x, i: x.title),
    "timeline": (lambda x, i: _id(x), lambda x, i: (x.date, x.title), lambda x, i: x.date),
    "groups": (lambda x, i: x.id,),
    "figures": (lambda x, i: _id(x), lambda x, i: x.label),
    "actors": (lambda x, i: x.name,),
    "outlook": (lambda x, i: x.horizon,),
    "sources": (lambda x, i: x.id,),
}


def _match(olds: list[Item], news: list[Item], passes: Iterable[Key]
           ) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """(matched pairs, new items unmatched, old items unmatched): each pass pairs, in order, the items left
    on each side that share its key; two items with different ids are never paired."""
    left_old = list(enumerate(olds))
    left_new = list(enumerate(news))
    pairs: list[tuple[Item, Item]] = []
    for key in passes:
        table: dict[Hashable, list[tuple[int, Item]]] = {}
        for i, o in left_old:
            k = key(o[0], i)
            if k is not None:
                table.setdefault(k, []).append((i, o))
        taken: set[int] = set()
        still: list[tuple[int, Item]] = []
        for j, n in left_new:
            k = key(n[0], j)
            queue = table.get(k) if k is not None else None
            hit = None
            if queue:
                mine = _id(n[0])
                for q, (_, o) in enumerate(queue):  # (the first whose id does not contradict)
                    theirs = _id(o[0])
                    if mine is None or theirs is None or mine == theirs:
                        hit = queue.pop(q)
                        break
            if hit is None:
                still.append((j, n))
            else:
                taken.add(hit[0])
                pairs.append((hit[1], n))
        left_old = [(i, o) for i, o in left_old if i not in taken]
        left_new = still
    return pairs, [n for _, n in left_new], [o for _, o in left_old]


def _diff(old: Any, new: Any) -> tuple[Field, ...]:
    """The fields whose values differ (a key point: its text)."""
    if isinstance(new, tuple):  # a key point's rich text
        return () if old == new else (Field("text", old, new),)
    out = []
    for f in fields(new):
        if f.name in _SKIP or not f.compare:
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            out.append(Field(f.name, a, b))
    return tuple(out)


def _change(part: str, kind: str, it: Item, diff: tuple[Field, ...] = (), old: Any = None) -> Change:
    x, pos = it
    return Change(part, kind, name_of(part, x), pos, x, old, diff, _id(x))


def name_of(part: str, x: Any) -> str:
    """What an item is called in a list of changes."""
    if part == "summary":
        return _cut(plain(x))
    if part in ("groups", "actors"):
        return x.name
    if part == "figures":
        return x.label
    if part == "outlook":
        return x.horizon
    return x.title


def _cut(text: str, most: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def shown(value: Any, date: Callable[[PDate], str] = PDate.iso) -> str:
    """A field's value as text (a date as `date` writes it; lists joined; rich text as plain text)."""
    if value is None or value == ():
        return ""
    if isinstance(value, PDate):
        return date(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        if all(isinstance(v, str) for v in value):
            return ", ".join(value)
        if value and hasattr(value[0], "file"):  # images
            return ", ".join(v.file for v in value)
        if value and isinstance(value[0], tuple):  # a list of rich text
            return "; ".join(_cut(plain(v)) for v in value)
        return _cut(plain(value))
    return str(value)


# -- in the briefing's language (the PDF and the mail) ------------------------------------------------------------

class Words(Protocol):
    """What `briefing.labels.Labels` gives (handed in: this module sits below the languages)."""

    def word(self, key: str, **values: object) -> str: ...

    def date(self, d: PDate, long: bool = False, space: str = ...) -> str: ...

    def value(self, v: str) -> str: ...


def since(ch: Changes, w: Words, space: str = "\u00a0") -> str:
    """`since 1 October 2024` (the previous edition's date), else `since edition 11`, else `since the last
    edition`."""
    prev = ch.previous
    if prev.date is not None:
        return w.word("since_date", date=w.date(prev.date, long=True, space=space))
    if prev.edition:
        return w.word("since_edition", edition=prev.edition)
    return w.word("since_last")


def counts(ch: Changes, w: Words) -> str:
    return w.word("changes_counts", added=ch.count("added"), changed=ch.count("changed"), removed=ch.count("removed"))


def top_text(c: Change, w: Words, space: str = "\u00a0") -> str:
    """One of the changes that matter most (`Changes.top`), as a sentence."""
    x = c.item
    if c.part == "timeline":
        return w.word("change_new_event", date=x.label or w.date(x.date, space=space), title=x.title)
    if c.part == "figures":
        text = w.word("change_figure", label=x.label, old=value_as_of(c.old, w, space), new=value_as_of(x, w, space))
        trend = {"up": "trend_up", "down": "trend_down", "same": "trend_flat"}.get(c.direction or "")
        return f"{text}, {w.word(trend)}" if trend else text
    if c.part == "groups":
        return w.word(f"change_group_{c.kind}", name=x.name)
    return w.word("change_new_source", title=x.title)


def value_as_of(f: Any, w: Words, space: str = "\u00a0") -> str:
    """A figure's value, with its date when it has one: `22+ (as of Jun 2024)`."""
    value = w.value(f.value)
    return w.word("change_value_as_of", value=value, date=w.date(f.as_of, space=space)) if f.as_of else value


# -- for the terminal and for tools ------------------------------------------------------------------------------

def line(c: Change) -> str:
    """One change as one line of text (English, as the terminal's messages are), without its place."""
    what = f"{c.kind} {NOUNS[c.part]}"
    if c.part == "timeline":
        what += f" {c.item.date}"
    text = f"{what} {c.name!r}"
    if c.fields and c.part != "summary":
        parts = []
        for f in c.fields:
            step = f"{f.name}: {_quoted(f.old)} -> {_quoted(f.new)}"
            if f.name == "value" and c.direction:
                step += f" ({c.direction})"
            parts.append(step)
        text += ": " + "; ".join(parts)
    elif c.part == "summary" and c.kind == "changed":
        text += f" (was {_cut(plain(c.old), 60)!r})"
    return text


def _quoted(v: Any) -> str:
    s = shown(v)
    return repr(_cut(s, 80)) if s else "(none)"


def as_json(ch: Changes, source: str) -> dict[str, Any]:
    """The changes as a JSON-ready dict (its shape: `CHANGES_SCHEMA`)."""
    prev = ch.previous
    return {
        "source": source,
        "previous": ch.label,
        "previous_date": prev.date.iso() if prev.date else None,
        "previous_edition": prev.edition,
        "counts": {**{k: ch.count(k) for k in KINDS}, "unchanged": sum(ch.unchanged.values())},
        "changes": [_json(c, ch.place(c)) for c in ch.changes],
    }


def _json(c: Change, pos: Pos) -> dict[str, Any]:
    out: dict[str, Any] = {"component": c.part, "change": c.kind, "name": c.name, "id": c.id,
                           "file": pos.file, "line": pos.line, "column": pos.col}
    if c.part == "timeline":
        out["date"] = c.item.date.iso()
    out["fields"] = [{"field": f.name, "old": shown(f.old, lambda d: d.iso()) or None,
                      "new": shown(f.new, lambda d: d.iso()) or None} for f in c.fields]
    if c.direction:
        out["direction"] = c.direction
    return out


_TEXT_OR_NULL = {"type": ["string", "null"]}
CHANGES_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://briefing.invalid/schema/changes-1.json",
    "title": "check --since --format json: what changed since the previous edition",
    "type": "object",
    "additionalProperties": False,
    "required": ["briefings"],
    "properties": {"briefings": {"type": "array", "items": {
        "type": "object", "additionalProperties": False,
        "required": ["source", "previous", "previous_date", "previous_edition", "counts", "changes"],
        "properties": {
            "source": {"type": "string", "description": "The SOURCE checked."},
            "previous": {**_TEXT_OR_NULL, "description": "The previous edition, as given: a path or git:REV "
                                                         "(null: there is none to compare with)."},
            "previous_date": {**_TEXT_OR_NULL, "description": "Its date, as written (YYYY, YYYY-MM, YYYY-MM-DD)."},
            "previous_edition": {**_TEXT_OR_NULL, "description": "Its edition."},
            "counts": {"type": ["object", "null"], "additionalProperties": False,
                       "required": [*KINDS, "unchanged"],
                       "properties": {k: {"type": "integer", "minimum": 0} for k in (*KINDS, "unchanged")}},
            "changes": {"type": "array", "description": "Every change, grouped by component.", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["component", "change", "name", "id", "file", "line", "column", "fields"],
                "properties": {
                    "component": {"enum": list(PARTS)},
                    "change": {"enum": list(KINDS)},
                    "name": {"type": "string", "description": "Its title, name, label or text."},
                    "id": {**_TEXT_OR_NULL, "description": "Its id, where it has one."},
                    "file": {"type": "string", "description": "Where the item is: in the new edition's files "
                                                              "(the previous one's when removed)."},
                    "line": {"type": "integer", "minimum": 1},
                    "column": {"type": "integer", "minimum": 1},
                    "date": {"type": "string", "description": "An event's date."},
                    "fields": {"type": "array", "description": "For a change: each field that changed.",
                               "items": {"type": "object", "additionalProperties": False,
                                         "required": ["field", "old", "new"],
                                         "properties": {"field": {"type": "string"}, "old": _TEXT_OR_NULL,
                                                        "new": _TEXT_OR_NULL}}},
                    "direction": {"enum": ["up", "down", "same"],
                                  "description": "A figure whose value changed, when both values are numbers."},
                },
            }},
        },
    }}},
}
