"""The folder form of a briefing: its component files, and the keys each may hold.

A briefing folder holds `briefing.yaml` and, optionally, these files, in the contract's order
(`docs/format.md`). The loader reads them; the JSON Schema has one schema for each; `watch`
waits on them.
"""

from __future__ import annotations

PARTS: dict[str, tuple[str, ...]] = {
    "timeline.yaml": ("timeline", "eras"),
    "groups.yaml": ("groups",),
    "figures.yaml": ("figures",),
    "actors.yaml": ("actors",),
    "outlook.yaml": ("outlook",),
    "sources.yaml": ("sources",),
}
