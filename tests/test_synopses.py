"""The synopsis of each command reads the same in the README, in docs/format.md and in `--help`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli

from briefing.cli import main, synopsis

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("build", "mail", "watch", "check", "schema")


def documented(doc: Path) -> dict[str, str]:
    """Each command's synopsis as an indented block of the document shows it: its continuation lines
    joined, a trailing `# comment` left out, runs of spaces made one."""
    out: dict[str, str] = {}
    lines = doc.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"( {4})make_briefing\.py (\w+)\b", line)
        if not m or m[2] not in COMMANDS:
            continue
        block = [line]
        for more in lines[i + 1:]:
            if not re.match(r" {5,}[\[-]", more):
                break
            block.append(more)
        text = " ".join(b.split("   #")[0] for b in block)
        assert m[2] not in out, f"{doc.name} shows the synopsis of {m[2]} twice"
        out[m[2]] = " ".join(text.split())
    return out


@pytest.mark.parametrize("doc", ["README.md", "docs/format.md"])
def test_the_documents_show_each_commands_synopsis_as_the_command_has_it(doc):
    shown = documented(ROOT / doc)
    for name in COMMANDS:
        assert shown.get(name) == synopsis(main.commands[name]), f"{doc}, {name}: run python tools/synopses.py"


def test_help_shows_the_same_synopsis():
    for name in COMMANDS:
        r = run_cli(name, "--help")
        usage = " ".join(r.stdout.decode().split("\n\n")[0].split())
        assert usage.startswith("Usage: ")
        # (the program's name is as it was run)
        assert usage.partition(f" {name}")[2] == synopsis(main.commands[name]).partition(f" {name}")[2], name


def test_a_new_option_shows_in_the_synopsis():
    import click

    cmd = click.Command("demo", params=[click.Argument(["source"]), click.Option(["--fast"], is_flag=True),
                                        click.Option(["-n", "--count"], metavar="N", required=True),
                                        click.Option(["--kind"], type=click.Choice(["a", "b"]))])
    assert synopsis(cmd) == "make_briefing.py demo SOURCE [--fast] -n/--count N [--kind a|b]"


def test_virtual_environments_are_not_committed():
    import subprocess

    r = subprocess.run(["git", "check-ignore", "-q", ".venv/lib/x.py"], cwd=ROOT)
    assert r.returncode == 0, ".venv/ is not in .gitignore"
