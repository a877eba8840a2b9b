"""What a figure's value says as a number, when it says one plainly.

In: a value as printed (`27%`, `2×`, `Nearly 20`, `207+`, `60,000`).
Out: a `Quantity` (the number, its kind, whether it is a lower bound or an
approximation) or None for anything else (`3:1`, `2,000-3,000`, words).
Only what is read here is ever drawn to scale; the value itself always
prints exactly as typed.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Words before a number: a lower bound, or an approximation (matched on the lower-cased value).
_OPEN = ("at least ", "more than ", "just over ", "over ", "above ", "upwards of ", "in excess of ")
_APPROX = ("about ", "around ", "approximately ", "approx. ", "nearly ", "almost ", "roughly ", "some ",
           "just under ", "under ", "up to ", "less than ", "fewer than ", "circa ", "ca. ", "c. ", "~", "≈")
# the number (1,234.5; a minus sign may be typed as U+2212), a % or × (or x), a +, then what is counted
_NUMBER = re.compile(r"([-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?) *(?:(%)|([×x])(?![a-z]))? *(\+)?"
                     r"(?: +([^\W\d_]+(?:[ '’-]+[^\W\d_]+)*))?")


class PlainNumber(str):
    """A figure's value typed as a plain decimal number (`60000`), as text grouped as in English
    (`60,000`): the layout writes it with the separators of the briefing's language."""


class Quantity:
    __slots__ = ("number", "kind", "open", "approx", "unit", "text")

    def __init__(self, number: float, kind: str, open: bool = False, approx: bool = False, unit: str = "",
                 text: str = ""):
        self.number = number  # for drawing only: what is printed is `text`
        self.text = text or number_text(number)  # the number as written in the value (`1,500`, `2.5`)
        self.kind = kind  # "percent", "times" or "count"
        self.open = open  # a lower bound: 207+, at least 22
        self.approx = approx  # nearly, about
        self.unit = unit  # what is counted, when written after the number (years, provinces)

    def __repr__(self) -> str:
        return f"Quantity({self.number}, {self.kind!r}, open={self.open}, approx={self.approx}, unit={self.unit!r})"


def parse(value: str) -> Quantity | None:
    """The quantity a value states, or None if it states none plainly."""
    text = " ".join(value.split()).lower()
    opened = approx = False
    for words, flag in ((_OPEN, "open"), (_APPROX, "approx")):
        word = next((w for w in words if text.startswith(w)), None)
        if word:
            text = text[len(word):].lstrip()
            opened, approx = flag == "open", flag == "approx"
            break
    m = _NUMBER.fullmatch(text)
    if not m:
        return None
    number = float(m[1].replace(",", "").replace("\u2212", "-"))  # (inf past 1e308: validation refuses that)
    kind = "percent" if m[2] else "times" if m[3] else "count"
    if kind != "count" and m[5]:
        return None  # "27% of GDP" says more than a share of 100
    unit = " ".join(value.split())[-len(m[5]):] if m[5] else ""  # as written, not lower-cased
    return Quantity(number, kind, opened or bool(m[4]), approx, unit, m[1])


def number_text(v: float) -> str:
    """A number as people write it: 34, 1,500, 2.5 (for a number the program counted, not one typed)."""
    return f"{int(v):,}" if v == int(v) else f"{v:,}"


def exact(text: str) -> Decimal:
    """A number as typed (`1,500`, `010`, `2.5`, `−3`), exactly, however many digits it has."""
    return Decimal(text.replace(",", "").replace("\u2212", "-"))
