"""The typed, immutable briefing that every stage after loading works on.

In: values already checked by `briefing.schema`.
Out: frozen dataclasses. Nothing after the loader reads a raw dict.
Each object keeps `pos`, the start of the YAML mapping it came from, and
`where`, the position of each key's value (`"include[1]"` for a list item), so
a later stage (layout, warnings) can point a user at the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import PDate
from .errors import Pos
from .richtext import RichText

COMPONENTS = ("timeline", "groups", "figures", "actors", "outlook")
BANNER_MAX = 1000  # characters of the marking (and footer text) drawn on every page

# Bidi overrides and embeddings (LRE, RLE, PDF, LRO, RLO): they can make a file
# name or a subject read as something else ("exe.png"). Isolates stay.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e")


def without_bidi_controls(text: str) -> str:
    """Text for mail headers, file names and PDF metadata: no bidi overrides or embeddings."""
    return "".join(c for c in text if c not in BIDI_CONTROLS) if any(c in BIDI_CONTROLS for c in text) else text
_NOPOS = Pos("<none>")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: PDate | None = None
    accessed: PDate | None = None
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Event:
    date: PDate
    title: str
    end: PDate | None = None
    text: RichText = ()
    label: str | None = None
    approximate: bool = False
    groups: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    id: str | None = None  # matches the event across editions (briefing.editions)
    key: bool = False  # a key event: labelled with its title on the era strip
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Era:
    title: str
    start: PDate
    end: PDate | None = None
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    def holds(self, d: PDate) -> bool:
        """Whether the era has begun by `d` (by the order of dates: `2020` comes before an era that starts
        in `2020-08`, `2020-08-18` after it) and not ended before it (an era that ends in `2020-08` holds
        the whole of that month)."""
        if d.key < self.start.key:
            return False
        e = self.end
        return e is None or d.key <= (e.year, e.month or 99, e.day or 99)


def era_of(d: PDate, eras: Sequence[Era]) -> Era | None:
    """The era a date falls in (`eras` sorted by start): of two eras that touch, one ending in the month
    the next starts, a date of that month falls in the later, which has begun by then."""
    return next((a for a in reversed(eras) if a.holds(d)), None)


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    short: str | None = None
    kind: str | None = None
    status: str | None = None
    leader: str | None = None
    founded: PDate | None = None
    base: str | None = None
    areas: tuple[str, ...] = ()
    size: str | None = None
    orientation: str | None = None
    summary: RichText = ()
    goals: tuple[RichText, ...] = ()
    capabilities: tuple[RichText, ...] = ()
    activities: tuple[RichText, ...] = ()
    support: tuple[RichText, ...] = ()
    allies: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    camp: str | None = None  # the camp the relations map draws it in (default: by its alliances)
    keep: str | None = None  # "together": its box is not split unless taller than a page
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Figure:
    value: str
    label: str
    as_of: PDate | None = None
    source: str | None = None
    note: str | None = None
    basis: str | None = None
    trend: str | None = None
    of: float | None = None  # the whole a count is part of (20 of 34), to draw to scale
    of_text: str | None = None  # the same as typed, as it prints (a quantity.PlainNumber when a plain decimal)
    highlight: bool = False  # among page 1's big numbers
    id: str | None = None  # matches the figure across editions (briefing.editions)
    keep: str | None = None  # "together": its row is not split unless taller than a page
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    position: str | None = None
    summary: RichText = ()
    sources: tuple[str, ...] = ()
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Scenario:
    horizon: str
    text: RichText
    likelihood: str | None = None
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Image:
    """An author's image: the file's bytes as checked when the briefing was loaded (see `briefing.images`)."""

    file: str  # as written, relative to the briefing's folder
    alt: str
    caption: RichText = ()
    source: str | None = None
    width: str = "full"  # or "half"
    data: bytes = field(default=b"", compare=False, repr=False)  # empty when only validated (`check`)
    pixels: tuple[int, int] = (0, 0)
    kind: str = ""  # PNG or JPEG, by content
    keep: str | None = None  # "together": not split from its caption unless taller than a page
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    id: str | None = None
    body: RichText = ()
    include: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    break_before: bool = False  # starts on a new page
    keep: str | None = None  # "together": not split by a page break unless taller than a page
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Briefing:  # noqa: PLR0902 - one field per top-level key of the format
    title: str
    slug: str = "briefing"
    subtitle: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: PDate | None = None
    as_of: PDate | None = None
    marking: str | None = None
    language: str = "en"
    direction: str | None = None  # "rtl" or "ltr": overrides the language's (see briefing.direction)
    numerals: str | None = None  # native or latin digits in generated numbers; None: the language's own
    calendar: str = "gregorian"  # or solar-hijri, or both
    labels: tuple[tuple[str, str], ...] = ()  # the briefing's own words for fixed labels, by key
    keywords: tuple[str, ...] = ()
    summary: tuple[RichText, ...] = ()
    sections: tuple[Section, ...] = ()
    timeline: tuple[Event, ...] = ()  # sorted by date, then file order
    eras: tuple[Era, ...] = ()  # sorted by start
    groups: tuple[Group, ...] = ()
    figures: tuple[Figure, ...] = ()
    actors: tuple[Actor, ...] = ()
    outlook: tuple[Scenario, ...] = ()
    sources: tuple[Source, ...] = ()
    disclaimer: str | None = None
    style: str = "default"
    cover: bool | None = None  # a cover page (None: as the style says)
    contents: str | None = None  # a table of contents: "auto", "true" or "false" (None: as the style says)
    edition: str | None = None  # which edition this is (the masthead)
    previous: str | None = None  # the edition compared with when no --since is given: a path or git:REV
    pos: Pos = field(default=_NOPOS, compare=False)
    where: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)
    # every text value with its place, for checks on what will be printed
    texts: tuple[tuple[Pos, str], ...] = field(default=(), compare=False, repr=False)

    def group_names(self) -> dict[str, str]:
        """Group id -> its short name (or name), for tags and ally lists."""
        return {g.id: g.short or g.name for g in self.groups}
