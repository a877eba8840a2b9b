"""The command line: parse options, call one pipeline function, print its result.

`--help`, `check` and `schema` never import ReportLab; only `build` does.
"""

from __future__ import annotations

import sys

import click

from . import __version__

PAPERS = ("a4", "letter")


def _print_problems(problems) -> None:
    for p in problems:
        click.echo(str(p), err=True)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="make-briefing")
@click.option("--debug", is_flag=True, help="Show a Python traceback for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn YAML briefing sources into printable PDF briefings.

    With no command, builds every briefing in sources/ into out/.
    """
    ctx.obj = {"debug": debug}
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", metavar="PATH", help="Output file (one SOURCE only); '-' for standard output.")
@click.option("--style", metavar="NAME", help="Style from styles/ (overrides the briefing's own).")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size (overrides the style).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build(sources: tuple[str, ...], output: str | None, style: str | None, paper: str | None,
          strict: bool) -> None:
    """Build each SOURCE (default: every briefing in sources/) into out/<slug>.pdf."""
    from .pipeline import build as build_one
    from .pipeline import discover
    from .theme import style_names

    if output and len(sources) > 1:
        raise click.UsageError("-o/--output needs exactly one SOURCE")
    if style and style not in style_names():
        raise click.BadParameter(f"unknown style {style!r} (known: {', '.join(style_names())})",
                                 param_hint="--style")
    paths = list(sources) or discover()
    if not paths:
        raise click.UsageError("no SOURCE given and no briefings found in sources/")
    if output and not sources:
        raise click.UsageError("-o/--output needs exactly one SOURCE")
    failed = 0
    for path in paths:
        res = build_one(path, output, style, paper, strict)
        _print_problems(res.problems)
        if res.ok:
            if res.output != "-":
                click.echo(f"{res.output} ({res.pages} pages, {res.size / 1024:.0f} KB)")
        else:
            failed += 1
            click.echo(f"failed: {path}", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--style", metavar="NAME", help="Check fonts against this style.")
def check(sources: tuple[str, ...], strict: bool, style: str | None) -> None:
    """Validate each SOURCE without writing anything."""
    from .pipeline import check as check_one

    failed = 0
    for path in sources:
        b, problems = check_one(path, strict, style)
        _print_problems(problems)
        if b is None:
            failed += 1
        else:
            click.echo(f"ok: {path}")
    if failed:
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the briefing format."""
    import json

    from .schema import schema_json

    click.echo(json.dumps(schema_json(), indent=2, ensure_ascii=False))


def run() -> None:
    """Entry point: no input, however broken, prints a traceback (unless --debug)."""
    debug = "--debug" in sys.argv[1:]
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # a bug: say so briefly
        if debug:
            raise
        click.echo(f"internal error: {type(e).__name__}: {e} (run with --debug for a traceback)", err=True)
        sys.exit(1)
