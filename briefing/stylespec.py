"""The keys of a style (`styles/<name>.yaml`), as data: checking one style file, and its JSON Schema.

In: a style file's nodes (`YMap`, with positions). Out: every problem in it, each at its node's
position, in the words briefings get (`unknown key 'colours'; did you mean 'colors'?`); the JSON
Schema of a style (`schema --part style`); `KEYS`, from which docs/styles.md is written.

The table below is the single statement of what a style may hold: the checker, the schema and the
documentation all read it. What a style must hold is checked once its parents are merged in
(`missing`): a style that sets `parent:` only writes what it changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .errors import Pos, Problem
from .yamlpos import YMap, YNode, YScalar, YSeq, kind_name


class Key:
    """One key of a style: its kind (number, integer, color, bool, text, char, font, style, enum, map, list,
    words), what it changes, an example value, and its limits: `lo` and `hi` for numbers, `keys` of a map
    (or of each item of a list), `values` of an enum; `required` once the style's parents are merged in.
    (A plain class: a dataclass would compile its methods at every start-up.)"""

    __slots__ = ("kind", "doc", "example", "lo", "hi", "keys", "values", "required", "unit")

    def __init__(self, kind: str, doc: str, example: Any = None, lo: float | None = None, hi: float | None = None,
                 keys: Mapping[str, Key] | None = None, values: tuple[str, ...] = (), required: bool = False,
                 unit: str = ""):
        self.kind, self.doc, self.example, self.lo, self.hi = kind, doc, example, lo, hi
        self.keys: Mapping[str, Key] = {} if keys is None else keys
        self.values, self.required, self.unit = values, required, unit


def _pt(doc: str, example: float, lo: float = 0, hi: float = 1000, required: bool = True) -> Key:
    return Key("number", doc, example, lo, hi, required=required, unit="points")


def _size(doc: str, example: float) -> Key:
    return Key("number", doc, example, 4, 144, required=True, unit="points")


def _color(doc: str, example: str) -> Key:
    return Key("color", doc, example, required=True)


def _mm(doc: str, example: float) -> Key:
    return Key("number", doc, example, 0, 100, required=True, unit="mm")


_MARGINS = {"top": _mm("Space above the text, from the paper's edge.", 20),
            "right": _mm("Space right of the text.", 19),
            "bottom": _mm("Space below the text.", 18),
            "left": _mm("Space left of the text.", 19)}
_FAMILY = {
    "name": Key("text", "A name for the family, used inside the PDF.", "NotoSans", required=True),
    "regular": Key("font", "The regular face: a TrueType file in briefing/fonts/, or a path.",
                   "NotoSans-Regular.ttf", required=True),
    "bold": Key("font", "The bold face (default: the regular one).", "NotoSans-Bold.ttf"),
    "italic": Key("font", "The italic face (default: the regular one).", "NotoSans-Italic.ttf"),
    "bold_italic": Key("font", "The bold italic face (default: the bold one).", "NotoSans-BoldItalic.ttf"),
}
_SIZES = {
    "body": _size("Body text.", 9.8),
    "leading": _size("Distance between the baselines of body text.", 13.2),
    "leading_rtl": Key("number", "Distance between the baselines of body text in a right-to-left document (Arabic "
                       "script sits taller: default, leading). Vowelled lines get at least 1.6 times the size "
                       "whatever it says.", 15.0, 4, 144, unit="points"),
    "small": _size("Small text: notes, captions, sources.", 8.4),
    "label": _size("Labels: profile field names, table heads, dates.", 7.6),
    "title": _size("The briefing's title.", 22),
    "subtitle": _size("The subtitle under the title.", 12.5),
    "heading": _size("Section headings.", 12.5),
    "subheading": _size("Headings inside a section (a group's name, a figure's label).", 10.5),
    "figure_value": _size("A figure's value in the key-figures table.", 13),
    "strip_value": _size("The big numbers on page 1.", 20),
    "graphic_label": _size("Words in graphics (design brief: never below 7).", 7.0),
    "graphic_node": _size("Names in the relations map.", 7.6),
    "marking": _size("The distribution banner at the top and bottom of every page.", 7.6),
    "header": Key("number", "Kept for older styles; the running header and footer use label.", 7.6, 4, 144,
                  unit="points"),
}
_LAYOUT = {
    "timeline_date_width": _pt("The date column left of the timeline's rule.", 62),
    "timeline_band_width": _pt("The era band along the timeline's rule.", 9),
    "profile_label_width": _pt("The least width of a profile box's label column.", 62),
    "figure_value_width": _pt("The value column of the key-figures table.", 84),
    "card_gap": _pt("Space between two profile boxes (default 10).", 10, required=False),
    "graphic_space_before": _pt("Space above a graphic.", 4),
    "graphic_space_after": _pt("Space below a graphic.", 10),
    "strip_lane": _pt("Between the era strip's label lanes.", 9),
    "strip_max_lanes": Key("integer", "More label lanes than this on the era strip: event numbers instead of "
                           "titles.", 8, 1, 50, required=True),
    "strip_band": _pt("Height of an era band.", 13),
    "strip_marker": _pt("Radius of an event's marker.", 2.8),
    "strip_tick_gap": _pt("Least space between two year labels.", 34),
    "strip_span": _pt("Thickness of a span's bar.", 3),
    "strip_span_rows": Key("integer", "Rows of span bars; past them, bars may overlap.", 4, 1, 50, required=True),
    "strip_label_gap": _pt("Least space between two labels in a lane.", 9),
    "figure_mark_width": _pt("The small graphic under a figure's value: its width.", 72),
    "figure_mark_height": _pt("Its height.", 5),
    "map_column_gap": _pt("Between the relations map's columns, where the lines run.", 34),
    "map_column_max": _pt("The widest column of the relations map.", 150),
    "map_row_gap": _pt("Between two names in a column.", 9),
    "map_pad": _pt("Inside a name's box.", 4),
    "map_line": _pt("Width of an ally's or rival's line.", 0.9),
    "image_dpi": Key("number", "An image is never drawn larger than this resolution allows (pixels to the inch).",
                     150, 36, 1200, required=True),
    "image_gap": _pt("Between two half-width images side by side.", 14),
}
_COLORS = {
    "accent": _color("Headings, header bands, big numbers.", "#1f4e79"),
    "accent_tint": _color("The key-points box and era bands.", "#e9eff6"),
    "text": _color("Body text.", "#1b1e23"),
    "muted": _color("Labels, dates, the running header and footer.", "#5b6470"),
    "rule": _color("Hairlines and borders.", "#aab3bd"),
    "zebra": _color("Every second table row.", "#f4f5f7"),
    "table_head": _color("Table header rows.", "#dde3ea"),
    "tag": _color("Group tags.", "#e4e8ed"),
    "tag_text": _color("Text on group tags.", "#2b3440"),
    "link": _color("Links.", "#1f4e79"),
    "on_accent": _color("Text on the accent colour.", "#ffffff"),
    "marking": _color("The distribution banner.", "#8b1a1a"),
    "era_band_alt": _color("Every second era band (the others use accent_tint).", "#d3deea"),
    "graphic_track": _color("Bar tracks and year pills: a light tint behind what is drawn.", "#e3e7ec"),
}
KEYS: dict[str, Key] = {
    "parent": Key("style", "The style this one inherits from: only what differs needs writing.", "default"),
    "paper": Key("enum", "Paper size (--paper overrides it).", "letter", values=("a4", "letter")),
    "margins_mm": Key("map", "Page margins, in millimetres.", keys=_MARGINS),
    "fonts": Key("map", "Fonts.", keys={
        "families": Key("list", "Font families: the first is the text face; later ones are tried, in order, for "
                        "characters it lacks.", keys=_FAMILY, required=True),
        "replacement": Key("char", "Printed for a character no family covers.", "?"),
    }),
    "colors": Key("map", "Colours, each written #rrggbb.", keys=_COLORS),
    "sizes": Key("map", "Type sizes, in points.", keys=_SIZES),
    "layout": Key("map", "Widths and spaces of the layout and graphics, in points.", keys=_LAYOUT),
    "handout": Key("map", "Settings for handouts (--handout 2up or booklet): half a sheet per page, so narrower "
                   "margins and smaller display sizes; body text and labels keep their size.", keys={
                       "margins_mm": Key("map", "Margins of a handout's page.",
                                         keys={k: Key("number", v.doc, v.example, 0, 100, unit="mm")
                                               for k, v in _MARGINS.items()}),
                       "sizes": Key("map", "Sizes on a handout's page, over those above.",
                                    keys={k: Key("number", v.doc, v.example, 4, 144, unit="points")
                                          for k, v in _SIZES.items()}),
                   }),
    "max_pdf_mb": Key("number", "build warns when a PDF is larger than this, in megabytes (--max-size overrides "
                      "it).", 10, 0.01, 10000),
    "pdfa": Key("bool", "true: write PDF/A-2 for archiving unless --no-pdfa is given.", True),
    "numerals": Key("enum", "Digits of generated numbers (page numbers, citations, dates...) unless the briefing "
                    "says: native (the language's own, such as ۱۲۳ in Dari) or latin.", "latin",
                    values=("native", "latin")),
    "labels": Key("words", "The house's own words for fixed labels of the layout, by key (the keys of "
                  "docs/format.md, Languages); a briefing's own labels win.", {"masthead": "THE ASIA CABLE"}),
    # the house identity: a logo in the masthead, a cover page, a table of contents
    "logo": Key("text", "A logo shown at the start of page 1's masthead (and on the cover, twice as high): a PNG, "
                "JPEG or SVG file inside the styles folder, as a path relative to it (an absolute path, a .. or a "
                "symbolic link that leads out of the folder is an error); its type is read from its content; at "
                "most 20 MB and 20 million pixels. An SVG may not bring in other files.", "logos/house.svg"),
    "logo_height": Key("number", "The logo's height in the masthead (default 28; a logo wider than 40 % of the "
                       "text's width is drawn smaller).", 28, 6, 144, unit="points"),
    "logo_alt": Key("text", "What the logo shows, for readers who cannot see it: with it the logo is a figure of "
                    "the document, without it decoration.", "The Asia Cable"),
    "cover": Key("bool", "true: a cover page before page 1 (a briefing's `cover` overrides it).", True),
    "contents": Key("enum", "A table of contents after the cover (a briefing's `contents` overrides it): auto "
                    "when the briefing runs past eight pages (the default).", "auto", values=("auto", "true", "false")),
}
# Keys people write for the style's own.
SAME_AS = {"colours": "colors", "color": "colors", "colour": "colors", "margins": "margins_mm", "margin": "margins_mm",
           "font": "fonts", "size": "sizes", "font_size": "sizes", "fontsize": "sizes", "inherits": "parent",
           "extends": "parent", "base": "parent", "paper_size": "paper", "page": "paper", "pdf_a": "pdfa",
           "families": "fonts", "family": "fonts"}
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
NAME = re.compile(r"[A-Za-z0-9_-]+")


def _close(word: str, options: list[str], cutoff: float = 0.6) -> str | None:
    import difflib  # (only when a key is unknown: start-up time)

    near = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return near[0] if near else None


def _number_text(x: float) -> str:
    return f"{x:g}"


class Checker:
    """Checks one style file's nodes; `problems` holds what it found."""

    def __init__(self, styles: Callable[[], list[str]]):
        self.styles = styles
        self.problems: list[Problem] = []

    def err(self, pos: Pos, msg: str) -> None:
        self.problems.append(Problem(pos, msg))

    def mapping(self, node: YNode, keys: Mapping[str, Key], where: str) -> None:
        if not isinstance(node, YMap):
            self.err(node.pos, f"{where} must be a mapping of keys such as {next(iter(keys))!r}, got "
                               f"{kind_name(node)}")
            return
        for name, (knode, vnode) in node.items.items():
            key = keys.get(name)
            if key is None:
                near = SAME_AS.get(name) if keys is KEYS else None
                near = near or _close(name, list(keys))
                self.err(knode.pos, f"unknown key {name!r}" + (f"; did you mean {near!r}?" if near else ""))
                continue
            self.value(vnode, key, name)

    def value(self, node: YNode, key: Key, name: str) -> None:
        if key.kind == "map":
            self.mapping(node, key.keys, repr(name))
            return
        if key.kind == "words":  # (which keys a language has is checked with the briefing: briefing.pipeline)
            if not isinstance(node, YMap):
                self.err(node.pos, f"{name!r} must be a mapping of label keys to words, got {kind_name(node)}")
                return
            for label, (_, vnode) in node.items.items():
                self.value(vnode, Key("text", ""), label)
            return
        if key.kind == "list":
            if not isinstance(node, YSeq):
                self.err(node.pos, f"{name!r} must be a list, got {kind_name(node)}")
                return
            if not node.items and key.required:
                self.err(node.pos, f"{name!r} needs at least one entry")
            for item in node.items:
                self.mapping(item, key.keys, f"an entry of {name!r}")
                if isinstance(item, YMap):
                    for k in [k for k, v in key.keys.items() if v.required and k not in item.items]:
                        self.err(item.pos, f"missing required key {k!r} in an entry of {name!r}")
            return
        if not isinstance(node, YScalar) or node.value is None:
            what = "empty" if isinstance(node, YScalar) else kind_name(node)
            self.err(node.pos, f"{name!r} must be {_expected(key)}, got {what}")
            return
        v = node.value
        if key.kind in ("number", "integer"):
            whole = isinstance(v, int) or key.kind == "number"
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not whole:
                self.err(node.pos, f"{name!r} must be {_expected(key)}, got {_got(node)}")
            elif key.lo is not None and key.hi is not None and not key.lo <= v <= key.hi:
                self.err(node.pos, f"{name!r} must be from {_number_text(key.lo)} to {_number_text(key.hi)}"
                                   f"{' ' + key.unit if key.unit else ''}, got {node.raw}")
        elif key.kind == "bool":
            if not isinstance(v, bool):
                self.err(node.pos, f"{name!r} must be true or false, got {_got(node)}")
        elif key.kind == "color":
            if not (isinstance(v, str) and _COLOR.fullmatch(v)):
                self.err(node.pos, f"{name!r} must be a colour written #rrggbb (e.g. {key.example}), got {_got(node)}")
        elif key.kind == "enum":
            if isinstance(v, bool) and str(v).lower() in key.values:  # (true, false: YAML's booleans)
                pass
            elif v not in key.values:
                near = _close(str(v), list(key.values), 0.5)  # (as a briefing's choices)
                self.err(node.pos, f"{name!r} must be one of {', '.join(key.values)}, not {node.raw!r}"
                                   + (f"; did you mean {near!r}?" if near else ""))
        elif key.kind == "char":
            if not isinstance(v, str) or len(v) != 1:
                self.err(node.pos, f"{name!r} must be one character, got {_got(node)}")
        elif key.kind == "style":
            names = self.styles()
            if not isinstance(v, str) or not NAME.fullmatch(v) or v not in names:
                near = _close(str(v), names)
                self.err(node.pos, f"unknown style {node.raw!r} (known: {', '.join(names)})"
                                   + (f"; did you mean {near!r}?" if near else ""))
        elif not isinstance(v, str):  # text, font
            self.err(node.pos, f"{name!r} must be text, got {_got(node)}")


def _expected(key: Key) -> str:
    return {"number": "a number", "integer": "a whole number", "bool": "true or false",
            "color": "a colour written #rrggbb", "char": "one character"}.get(key.kind, "text")


def _got(node: YScalar) -> str:
    return f"{kind_name(node)} ({node.raw!r})" if kind_name(node) == "text" else f"{kind_name(node)} ({node.raw})"


def check(root: YNode, styles: Callable[[], list[str]]) -> list[Problem]:
    """Every problem in one style file's nodes (its parents are checked as files of their own)."""
    c = Checker(styles)
    c.mapping(root, KEYS, "a style")
    return c.problems


def missing(merged: Mapping[str, Any], keys: Mapping[str, Key] = KEYS, path: str = "") -> list[str]:
    """The settings a style lacks once its parents are merged in, as dotted names (`sizes.body`)."""
    out = []
    for name, key in keys.items():
        here = f"{path}{name}"
        if name not in merged:
            if key.required or key.kind == "map" and any(k.required for k in key.keys.values()):
                out.append(here)
            continue
        if key.kind == "map" and isinstance(merged[name], Mapping):
            out += missing(merged[name], key.keys, here + ".")
    return out


def style_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one style file, made from KEYS."""

    def one(key: Key) -> dict[str, Any]:
        out: dict[str, Any] = {"description": key.doc}
        if key.kind == "map":
            out |= {"type": "object", "additionalProperties": False,
                    "properties": {k: one(v) for k, v in key.keys.items()}}
        elif key.kind == "list":
            item = {"type": "object", "additionalProperties": False,
                    "required": [k for k, v in key.keys.items() if v.required],
                    "properties": {k: one(v) for k, v in key.keys.items()}}
            out |= {"type": "array", "items": item}
        elif key.kind in ("number", "integer"):
            out["type"] = key.kind
            if key.lo is not None:
                out |= {"minimum": key.lo, "maximum": key.hi}
        elif key.kind == "bool":
            out["type"] = "boolean"
        elif key.kind == "color":
            out |= {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}
        elif key.kind == "enum":
            out["enum"] = [{"true": True, "false": False}.get(v, v) for v in key.values]
        elif key.kind == "words":
            out |= {"type": "object", "additionalProperties": {"type": "string"}}
        elif key.kind == "char":
            out |= {"type": "string", "minLength": 1, "maxLength": 1}
        elif key.kind == "style":
            out |= {"type": "string", "pattern": f"^{NAME.pattern}$"}
        else:
            out["type"] = "string"
        if key.example is not None:
            out["examples"] = [key.example]
        return out

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://briefing.invalid/schema/style-1.json",
        "title": "A style of briefing, styles/<name>.yaml",
        **one(Key("map", "A style: paper, margins, fonts, colours, sizes and layout; with parent:, only what "
                         "differs from that style.", keys=KEYS)),
    }
