"""Write each command's synopsis, made from its Click options, into README.md and docs/format.md.

    python tools/synopses.py

Each document holds one indented block per command (`    make_briefing.py build ...` and its
continuation lines); the block is replaced in place, its trailing `# comment` kept.
tests/test_synopses.py fails while a document and a command disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.cli import main, synopsis  # noqa: E402 - after the path is set

WIDTH = 104
DOCS = ("README.md", "docs/format.md")


def block(name: str, comment: str = "") -> list[str]:
    """The synopsis of `name` as the documents show it: wrapped between its bracketed parts."""
    head = f"make_briefing.py {name} "
    lines = [""]
    for piece in re.findall(r"\[[^\]]*\]|\S+", synopsis(main.commands[name])[len(head):]):
        if lines[-1] and len(head) + len(lines[-1]) + 1 + len(piece) > WIDTH:
            lines.append("")
        lines[-1] = f"{lines[-1]} {piece}".strip()
    out = [f"    {head}{lines[0]}", *(f"    {' ' * len(head)}{x}" for x in lines[1:])]
    if comment:
        out[-1] += f"   # {comment}"
    return out


def rewrite(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = re.match(r" {4}make_briefing\.py (\w+)\b", lines[i])
        if not m or m[1] not in main.commands:
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and re.match(r" {5,}[\[-]", lines[j]):
            j += 1
        comment = next((x.split("   # ", 1)[1] for x in lines[i:j] if "   # " in x), "")
        out += block(m[1], comment)
        i = j
    return "\n".join(out)


if __name__ == "__main__":
    for doc in DOCS:
        path = ROOT / doc
        path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
