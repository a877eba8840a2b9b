"""Styles: `styles/<name>.yaml` (with `parent:` inheritance) -> a frozen `Theme`.

In: a style name. Out: a `Theme` whose values every layout module reads; no
colour, size or font name lives in layout code. Fonts are described here and
registered with ReportLab only when a PDF is built (`briefing.pdf.fonts`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from . import stylespec
from .errors import BriefingError, Pos, Problem
from .model import Image
from .stylespec import NAME
from .yamlpos import YMap, YNode, YSeq, parse

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
FONT_DIR = os.path.join(PACKAGE_DIR, "fonts")
PAPERS = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0), "a5": (420.9449, 595.2756),
          "half-letter": (396.0, 612.0)}
HALF = {"a4": "a5", "letter": "half-letter"}  # the page of a handout: half a sheet of the paper
_MM = 72 / 25.4
LOGO_HEIGHT = 28.0  # points: a logo's height in the masthead when the style does not say


def styles_dir() -> str:
    """`styles/` beside the package (a source checkout), else in the working directory."""
    here = os.path.join(os.path.dirname(PACKAGE_DIR), "styles")
    return here if os.path.isdir(here) else os.path.join(os.getcwd(), "styles")


def style_names() -> list[str]:
    try:
        return sorted(n[:-5] for n in os.listdir(styles_dir()) if n.endswith(".yaml"))
    except OSError:
        return []


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: themes are cached
class Theme:
    name: str
    paper: str
    page: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left in points
    families: tuple[Family, ...]
    replacement: str
    colors: MappingProxyType
    sizes: MappingProxyType
    layout: MappingProxyType
    max_pdf_mb: float
    handout: MappingProxyType  # margins_mm and sizes for half-sheet pages
    pdfa: bool = False  # PDF/A-2 unless the command line says otherwise
    numerals: str | None = None  # digits of generated numbers unless the briefing says: native, latin, or None
    labels: tuple[tuple[str, str], ...] = ()  # a house's words for fixed labels, by key (the briefing's win)
    files: tuple[str, ...] = ()  # the style files read (the style and its parents) and its font files
    logo: Image | None = None  # checked and read from the styles folder (kind PNG, JPEG or SVG); alt: logo_alt
    logo_height: float = LOGO_HEIGHT
    cover: bool = False  # a cover page, unless the briefing says otherwise
    contents: str = "auto"  # a table of contents: "auto", "true" or "false", unless the briefing says otherwise

    @property
    def font(self) -> str:
        return self.families[0].name

    def for_handout(self) -> Theme:
        """This style on half a sheet (A5 for A4, half-letter for Letter): its `handout` margins
        and sizes over its own. The sheet stays the paper: see `sheet`."""
        h = self.handout
        m = h.get("margins_mm", {})
        top, right, bottom, left = (m[k] * _MM if k in m else v for k, v in zip(("top", "right", "bottom", "left"),
                                                                                 self.margins, strict=True))
        return replace(self, paper=HALF.get(self.paper, self.paper), page=PAPERS[HALF.get(self.paper, self.paper)],
                       margins=(top, right, bottom, left), sizes=MappingProxyType({**self.sizes, **h.get("sizes", {})}))

    @property
    def sheet(self) -> tuple[float, float]:
        """The landscape sheet a handout of this style is printed on."""
        w, h = PAPERS[self.paper]
        return max(w, h), min(w, h)

    def with_paper(self, paper: str | None) -> Theme:
        if not paper or paper == self.paper:
            return self
        return replace(self, paper=paper, page=PAPERS[paper])


def _plain(node: YNode) -> Any:
    if isinstance(node, YMap):
        return {k: _plain(v) for k, (_, v) in node.items.items()}
    if isinstance(node, YSeq):
        return [_plain(v) for v in node.items]
    return node.value


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _read(name: str, seen: tuple[str, ...] = (), trees: list | None = None, problems: list | None = None,
          via: Pos | None = None) -> dict:
    """A style's settings merged over its parents'; `trees` collects each file's nodes (for positions) and
    `problems` what is wrong in each file (`via`: where the style that names this one as parent says so)."""
    problems = [] if problems is None else problems
    file = os.path.join(styles_dir(), f"{name}.yaml")
    if not NAME.fullmatch(name) or name not in style_names():  # a name, never a path
        where = via or (Pos(os.path.join(styles_dir(), f"{seen[-1]}.yaml")) if seen else Pos(file))
        raise BriefingError(Problem(where, f"unknown style {name!r} (known: {', '.join(style_names())})"))
    if name in seen:
        loop = " -> ".join((*seen[seen.index(name):], name))
        problems.append(Problem(via or Pos(file), f"parent {name!r} makes a loop ({loop}): a style cannot inherit "
                                                  "from itself"))
        return {}
    try:
        with open(file, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise BriefingError(Problem(Pos(file), f"cannot read style {name!r}: {e.strerror or e}")) from None
    root, found = parse(data, file)
    if found or not isinstance(root, YMap):
        problems += found or [Problem(Pos(file), "a style must be a mapping")]
        return {}
    found = stylespec.check(root, style_names)
    problems += found
    if trees is not None:
        trees.append(root)
    raw = _plain(root)
    parent = raw.pop("parent", None)
    pnode = root.items.get("parent", (None, None))[1]
    if not parent or any(p.pos == getattr(pnode, "pos", None) for p in found):  # (an unknown parent: said)
        return raw
    return _merge(_read(str(parent), seen + (name,), trees, problems, getattr(pnode, "pos", None)), raw)


@lru_cache(maxsize=8)
def load_theme(name: str = "default", paper: str | None = None) -> Theme:
    """Read and check a style. Raises BriefingError naming the style file."""
    trees: list[YMap] = []
    problems: list[Problem] = []
    raw = _read(name, trees=trees, problems=problems)
    file = os.path.join(styles_dir(), f"{name}.yaml")
    if problems:
        raise BriefingError(problems)
    lacking = stylespec.missing(raw)
    if lacking:
        raise BriefingError(Problem(Pos(file), f"style {name!r} lacks the setting{'s' if len(lacking) > 1 else ''} "
                                               f"{', '.join(lacking)} (set it, or inherit it: parent: default)"))
    try:
        fams = []
        for f in raw["fonts"]["families"]:
            reg = _font_path(f["regular"], trees)
            bold = _font_path(f.get("bold", f["regular"]), trees)
            italic = _font_path(f.get("italic", f["regular"]), trees)
            bold_italic = _font_path(f.get("bold_italic", f.get("bold", f["regular"])), trees)
            fams.append(Family(f["name"], reg, bold, italic, bold_italic))
        m = raw["margins_mm"]
        paper = paper or raw.get("paper", "a4")
        theme = Theme(
            name=name,
            paper=paper,
            page=PAPERS[paper],
            margins=(m["top"] * _MM, m["right"] * _MM, m["bottom"] * _MM, m["left"] * _MM),
            families=tuple(fams),
            replacement=raw["fonts"].get("replacement", "\ufffd"),
            colors=MappingProxyType(_colors(raw["colors"])),
            sizes=MappingProxyType({k: float(v) for k, v in raw["sizes"].items()}),
            layout=MappingProxyType({k: float(v) for k, v in raw.get("layout", {}).items()}),
            max_pdf_mb=float(raw.get("max_pdf_mb", 10)),
            handout=MappingProxyType(_handout(raw.get("handout", {}))),
            pdfa=_flag(raw.get("pdfa", False), "pdfa"),
            numerals=_numerals(raw.get("numerals")),
            labels=_labels(raw.get("labels", {})),
            files=tuple(dict.fromkeys([*(t.pos.file for t in trees),
                                       *(p for f in fams for p in (f.regular, f.bold, f.italic, f.bold_italic))])),
            logo=_logo(raw, trees),
            logo_height=float(raw.get("logo_height", LOGO_HEIGHT)),
            cover=_flag(raw.get("cover", False), "cover"),
            contents=str(raw.get("contents", "auto")).lower(),
        )
        if theme.logo is not None:
            theme = replace(theme, files=(*theme.files, os.path.join(styles_dir(), theme.logo.file)))
    except KeyError as e:
        raise BriefingError(Problem(Pos(file), f"style {name!r} lacks the setting {e.args[0]!r}")) from None
    except (TypeError, ValueError, AttributeError) as e:
        raise BriefingError(Problem(Pos(file), f"style {name!r} is malformed: {e}")) from None
    return theme


def _logo(raw: dict, trees: list[YMap]) -> Image | None:
    """The style's logo, read and checked inside the styles folder as a briefing's images are inside its
    own; an error at the `logo` key of the style file that names it."""
    rel = raw.get("logo")
    if rel is None:
        return None
    node = next((t.items["logo"][1] for t in trees if "logo" in t.items), None)  # (the style before its parents)
    pos = node.pos if node is not None else _pos_of(rel, trees)
    from . import images  # (only for a style with a logo: start-up time)

    try:
        found = images.check_logo(str(rel), styles_dir())
    except images.BadImage as e:
        raise BriefingError(Problem(pos, f"logo: {e}")) from None
    alt = raw.get("logo_alt")
    return Image(file=str(rel), alt=str(alt) if alt else "", data=found.data, pixels=found.pixels, kind=found.kind,
                 pos=pos)


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name!r} must be true or false, not {value!r}")
    return value


def _numerals(value: Any) -> str | None:
    if value not in (None, "native", "latin"):
        raise ValueError(f"'numerals' must be native or latin, not {value!r}")
    return value


def _labels(value: Any) -> tuple[tuple[str, str], ...]:
    """A style's own words for labels (their keys are checked with the briefing: `briefing.pipeline`)."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f"'labels' must map label keys to words, not {value!r}")
    return tuple(value.items())


COLORS = ("accent", "accent_tint", "text", "muted", "rule", "zebra", "table_head", "tag", "tag_text", "link",
          "on_accent", "marking")


def _colors(raw: dict) -> dict[str, str]:
    """Every colour the layout uses, each as `#rrggbb`."""
    for name in COLORS:
        value = raw[name]
        if not (isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value)):
            raise ValueError(f"colour {name!r} must be written #rrggbb, not {value!r}")
    return dict(raw)


# A TrueType font file starts with one of these (ReportLab reads no other kind).
_TRUETYPE = (b"\x00\x01\x00\x00", b"true")


def _font_path(name: str, trees: list[YMap]) -> str:
    """The path of a font file named in a style; an error at the style's key if it is not a TrueType font."""
    path = name if os.path.isabs(name) else os.path.join(FONT_DIR, name)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
        why = None if magic in _TRUETYPE else "is not a TrueType font file (.ttf)"
    except OSError as e:
        why = f"cannot be read: {e.strerror or e}" if os.path.exists(path) else "is not found"
    if why:
        raise BriefingError(Problem(_pos_of(name, trees), f"the font {name!r} {why}"))
    return path


def _pos_of(value: str, trees: list[YMap]) -> Pos:
    """Where a setting's value is written in the style files (the first file, if nowhere)."""
    todo: list[YNode] = list(trees)
    while todo:
        n = todo.pop(0)
        if isinstance(n, YMap):
            todo += [v for _, v in n.items.values()]
        elif isinstance(n, YSeq):
            todo += n.items
        elif n.value == value:
            return n.pos
    return trees[0].pos if trees else Pos("<style>")


def _handout(raw: dict) -> dict:
    """A style's `handout` settings: margins in mm and sizes in points, checked like the rest."""
    return {"margins_mm": {k: float(v) for k, v in raw.get("margins_mm", {}).items()},
            "sizes": {k: float(v) for k, v in raw.get("sizes", {}).items()}}
