"""What a figure's value says as a number, when it says one plainly.

In: a value as printed (`27%`, `2×`, `Nearly 20`, `207+`, `60,000`).
Out: a `Quantity` (the number, its kind, whether it is a lower bound or an
approximation) or None for anything else (`3:1`, `2,000-3,000`, words).
Only what is read here is ever drawn to scale; the value itself always
prints exactly as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = r"at least|more than|just over|over|above|upwards of|in excess of"
_APPROX = (r"about|around|approximately|approx\.|nearly|almost|roughly|some|just under|under|up to|"
           r"less than|fewer than|circa|ca\.|c\.|~|≈")
_VALUE = re.compile(
    rf"(?:(?P<open>{_OPEN})|(?P<approx>{_APPROX}))?\s*"
    r"(?P<num>[-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
    r"(?:(?P<pct>%)|(?P<times>[×xX])(?![A-Za-z]))?\s*(?P<plus>\+)?"
    r"(?:\s+(?P<unit>[^\W\d_]+(?:[\s'’-]+[^\W\d_]+)*))?",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    number: float
    kind: str  # "percent", "times" or "count"
    open: bool = False  # a lower bound: 207+, at least 22
    approx: bool = False  # nearly, about
    unit: str = ""  # what is counted, when written after the number (years, provinces)


def parse(value: str) -> Quantity | None:
    """The quantity a value states, or None if it states none plainly."""
    m = _VALUE.fullmatch(value.strip())
    if not m:
        return None
    number = float(m["num"].replace(",", "").replace("\u2212", "-"))
    kind = "percent" if m["pct"] else "times" if m["times"] else "count"
    if kind != "count" and m["unit"]:
        return None  # "27% of GDP" says more than a share of 100
    return Quantity(number, kind, bool(m["open"] or m["plus"]), bool(m["approx"]), (m["unit"] or "").strip())


def number_text(v: float) -> str:
    """A number as people write it: 34, 1,500, 2.5."""
    return f"{int(v):,}" if v == int(v) else f"{v:,}"
