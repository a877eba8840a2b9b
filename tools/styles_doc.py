"""Write docs/styles.md, the reference of every key a style may hold, from `briefing.stylespec.KEYS`.

    python tools/styles_doc.py

tests/test_style_docs.py fails while docs/styles.md differs from what this writes, and builds a
briefing with the example style the page shows (every key set to its example).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.stylespec import KEYS, Key  # noqa: E402 - after the path is set

PICTURED = ("margins_mm", "colors", "sizes", "layout")  # keys drawn by tools/style_pictures.py

INTRO = """\
# Styles: how a briefing looks

A style is a YAML file in `styles/`: `styles/print.yaml` is the style named
`print`. A briefing picks one with `style: print` (default: `default`), and
`--style NAME` on the command line overrides it for one build.

A style usually starts with `parent: default` and writes only what it
changes; settings are merged key by key, so `sizes: {body: 11}` changes the
body size and keeps every other size of the parent. A style without a parent
must set every required key below.

Styles are checked like briefings: `make_briefing.py check --style NAME
SOURCE` (and every build) reports each unknown key (with the nearest known
one), each value of the wrong type or out of range, and a `parent` chain that
loops, at `FILE:LINE:COLUMN`:

    styles/mine.yaml:2:1: unknown key 'colours'; did you mean 'colors'?
    styles/mine.yaml:6:9: 'body' must be a number, got text ('ten')

`make_briefing.py schema --part style` prints the JSON Schema of a style, for
completion and checking in an editor (see
[docs/format.md](format.md#completion-and-checking-in-your-editor)):

```yaml
# styles/mine.yaml
# yaml-language-server: $schema=../style.schema.json
```
"""


def _kind(key: Key) -> str:
    if key.kind in ("number", "integer"):
        what = "number" if key.kind == "number" else "whole number"
        unit = f" {key.unit}" if key.unit else ""
        return f"{what}, {key.lo:g} to {key.hi:g}{unit}" if key.lo is not None else what
    return {"color": "colour `#rrggbb`", "bool": "true or false", "char": "one character",
            "font": "font file", "style": "style name", "text": "text",
            "enum": " or ".join(f"`{v}`" for v in key.values)}.get(key.kind, key.kind)


def _yaml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value).lower() \
        if isinstance(value, bool) else str(value)


def _table(keys: dict[str, Key], prefix: str = "") -> list[str]:
    rows = ["| key | value | what it changes | example |", "|---|---|---|---|"]
    for name, key in keys.items():
        need = " (required)" if key.required else ""
        rows.append(f"| `{prefix}{name}` | {_kind(key)} | {key.doc}{need} | `{_yaml(key.example)}` |")
    return rows


def example_style() -> str:
    """A style that sets every key to its example (inheriting nothing it does not write)."""
    out: list[str] = []

    def write(keys: dict[str, Key], indent: str) -> None:
        for name, key in keys.items():
            if name == "parent":
                continue
            if key.kind == "map":
                out.append(f"{indent}{name}:")
                write(dict(key.keys), indent + "  ")
            elif key.kind == "list":
                out.append(f"{indent}{name}:")
                first = True
                for k, v in key.keys.items():
                    out.append(f"{indent}  {'- ' if first else '  '}{k}: {_yaml(v.example)}")
                    first = False
            else:
                out.append(f"{indent}{name}: {_yaml(key.example)}")

    write(KEYS, "")
    return "\n".join(out) + "\n"


def page() -> str:
    parts = [INTRO]
    top = {k: v for k, v in KEYS.items() if v.kind != "map"}
    parts += ["## Top-level keys", "", *_table(top), ""]
    for name, key in KEYS.items():
        if key.kind != "map":
            continue
        parts += [f"## `{name}`", "", key.doc, ""]
        plain = {k: v for k, v in key.keys.items() if v.kind not in ("map", "list")}
        if plain:
            parts += [*_table(plain, f"{name}."), ""]
        if name in PICTURED:
            parts += ["What each key changes: the seed briefing with that key pushed far (a colour made magenta, "
                      "a size or width larger), on the first page it changes, all else washed out "
                      "(`python tools/style_pictures.py` draws it again):", "",
                      f"![What each {name} key changes](styles/{name}.png)", ""]
        for sub, inner in key.keys.items():
            if inner.kind in ("map", "list"):
                label = f"{name}.{sub}" + ("[]" if inner.kind == "list" else "")
                parts += [f"### `{label}`", "", inner.doc, "", *_table(dict(inner.keys), f"{label}."), ""]
    parts += ["## A style that sets every key", "",
              "Each key at its example value (the example the tests build a briefing with):", "",
              "```yaml", example_style().rstrip("\n"), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    (ROOT / "docs" / "styles.md").write_text(page(), encoding="utf-8")
