"""The Unicode bidirectional algorithm, as the text engine uses it: levels once per paragraph, order per line.

In: a paragraph's logical text and its base direction. Out: the embedding level of each character
(rules up to I2, from python-bidi, whose Rust core resolves them, bracket pairs included), and the
visual order of the runs of a line (rules L1 and L2, done here: python-bidi reorders only whole
paragraphs). Rule L3 (combining marks) is not applied: the shaper keeps marks with their base.
Brackets at odd levels are mirrored by the shaper (HarfBuzz, for a right-to-left run).

python-bidi 0.6 gives levels only in its debug report (one `Level(n)` per UTF-8 byte of the text);
`levels` reads it, and a test pins that format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character of `text` (base level 1 if `rtl`, else 0).

    A line feed ends a bidi paragraph; the next begins at the same base level.
    """
    if not text:
        return []
    found = _left_to_right_only(text, rtl)
    return found if found is not None else _uba(text, rtl)


def _uba(text: str, rtl: bool) -> list[int]:
    """`levels`, from python-bidi."""
    from bidi import get_display  # (imported here: only right-to-left and Arabic-script builds need it)

    report = get_display(text, base_dir="R" if rtl else "L", debug=True)
    start, end = report.find("levels:"), report.find("paragraphs:")
    if start < 0 or end < start:
        raise RuntimeError("python-bidi's debug report has no levels: its format changed")
    per_byte = [int(x) for x in _LEVEL.findall(report, start, end)]
    size = len(text.encode("utf-8"))
    if len(per_byte) != size:
        raise RuntimeError(f"python-bidi gave {len(per_byte)} levels for {size} bytes: its format changed")
    out, b = [], 0
    for c in text:
        out.append(per_byte[b])
        b += len(c.encode("utf-8"))
    return out


def visual_order(run_levels: Sequence[int]) -> list[int]:
    """Indices of a line's runs (each at one level, in logical order) in visual order, left to right (L2).

    From the highest level down to the lowest odd level, every maximal sequence of runs at that level
    or higher is reversed. A run's own content is reversed when its level is odd (the shaper does it).
    """
    order = list(range(len(run_levels)))
    if not order:
        return order
    lv = list(run_levels)
    top = max(lv)
    low = min(lv)
    if top == low:  # (one level: as it is, or reversed if odd)
        return order[::-1] if low % 2 else order
    lowest_odd = low if low % 2 else low + 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if lv[i] >= level:
                j = i
                while j < len(order) and lv[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                lv[i:j] = lv[i:j][::-1]
                i = j
            else:
                i += 1
    return order


# -- text with no right-to-left character ----------------------------------------------------------------
# Most paragraphs of a right-to-left document that hold no right-to-left letter (a Latin name, a number, a
# URL's title) need none of the algorithm's explicit, isolate or Arabic rules: for text whose characters
# are only of the bidi classes L, EN, ES, ET, CS, WS and ON (brackets only the ASCII pairs), with no line
# feed, the rules W4-W7, N0-N2 and I1-I2 are resolved here on a string of one letter a class, which is
# what python-bidi would give (a test compares the two), at a fraction of its cost.

class _Classes(dict):
    """Code point -> one letter for its class: L, "1" (EN), "+" (ES), "$" (ET), "," (CS), " " (WS), "o"
    (ON), "(" or ")" (an ASCII bracket); "!" for anything else (the full algorithm is needed)."""

    def __missing__(self, cp: int) -> str:
        c = chr(cp)
        cls = unicodedata.bidirectional(c)
        if c in "([{":
            out = "("
        elif c in ")]}":
            out = ")"
        elif cp >= 0x3000 or (cls == "ON" and unicodedata.mirrored(c)):  # (other brackets; recent characters)
            out = "!"
        else:
            out = {"L": "L", "EN": "1", "ES": "+", "ET": "$", "CS": ",", "WS": " ", "ON": "o"}.get(cls, "!")
        self[cp] = out
        return out


_CLASSES = _Classes()
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_W4 = re.compile(r"(?<=1)[+,](?=1)")  # a single separator between two European numbers
_W5 = re.compile(r"\$+(?=1)|(?<=1)\$+")  # terminators next to a European number
_W6 = re.compile(r"[+,$]")  # other separators and terminators: neutral
_N1 = re.compile(r"(?<=L)[ o()](?=L)")  # a neutral between left-to-right text (a space between words)
_N1_MORE = re.compile(r"(?<=L)[ o()]{2,}(?=L)")  # several
_LEVELS = bytes.maketrans(b"L1R o()", b"\x02\x02\x01\x01\x01\x01\x01")


def _left_to_right_only(text: str, rtl: bool) -> list[int] | None:
    """The levels of `text` if it has no right-to-left character (see above), else None."""
    cls = text.translate(_CLASSES)
    if "!" in cls:
        return None
    if not rtl:  # (every character resolves to L at level 0)
        return [0] * len(text)
    cls = _W4.sub("1", cls)
    cls = _W5.sub(lambda m: "1" * len(m.group()), cls)
    cls = _W6.sub("o", cls)
    first_l = cls.find("L")  # W7: a European number after left-to-right text is left to right
    if first_l > 0:
        cls = cls[:first_l] + cls[first_l:].replace("1", "L")
    elif first_l == 0:
        cls = cls.replace("1", "L")
    if "(" in cls:
        found = _brackets(text, cls)
        if found is None:
            return None
        cls = found
    cls = _N1.sub("L", cls)  # N1; the rest (N1 between R, N2) is R, level 1
    cls = _N1_MORE.sub(lambda m: "L" * len(m.group()), cls)
    return list(cls.encode("ascii").translate(_LEVELS))


def _brackets(text: str, cls: str) -> str | None:
    """N0 at an odd embedding level (R), European numbers counting as R: each bracket pair (BD16) with R
    inside is R; with only L inside, L if the strong type before it is L, else R; with none, neutral."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for k, t in enumerate(cls):
        if t == "(":
            if len(stack) == 63:  # (BD16 stops here: left to python-bidi)
                return None
            stack.append((_PAIRS[text[k]], k))
        elif t == ")":
            for d in range(len(stack) - 1, -1, -1):
                if stack[d][0] == text[k]:
                    pairs.append((stack[d][1], k))
                    del stack[d:]
                    break
    out = list(cls)
    for o, c in sorted(pairs):
        inside = out[o + 1:c]
        if "R" in inside or "1" in inside:
            t = "R"
        elif "L" in inside:
            before = next((x for x in reversed(out[:o]) if x in "LR1"), "R")
            t = "L" if before == "L" else "R"
        else:
            continue
        out[o] = out[c] = t
    return "".join(out)
