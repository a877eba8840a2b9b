"""The reference for visual order: rule L2 of the Unicode bidi algorithm, character by character.

Written apart from the engine (which reorders whole runs) so that the tests compare two ways of
doing it.
"""

from __future__ import annotations


def l2(indices: list[int], levels: list[int]) -> list[int]:
    """`indices` (a line's characters, logical order) in visual order, left to right, given each one's level."""
    idx = list(indices)
    lv = [levels[i] for i in idx]
    if not lv:
        return idx
    low = min(lv)
    for level in range(max(lv), (low if low % 2 else low + 1) - 1, -1):
        i = 0
        while i < len(idx):
            if lv[i] >= level:
                j = i
                while j < len(idx) and lv[j] >= level:
                    j += 1
                idx[i:j], lv[i:j] = idx[i:j][::-1], lv[i:j][::-1]
                i = j
            else:
                i += 1
    return idx
