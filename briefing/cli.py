"""The command line: parse options, call one pipeline function, print its result.

`--help`, `check` and `schema` never import ReportLab; only `build` does.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from . import __version__
from .errors import BriefingError

PAPERS = ("a4", "letter")
HANDOUTS = ("2up", "booklet")


def _print_problems(problems) -> None:
    for p in problems:
        click.echo(str(p), err=True)


def _check_style(style: str | None) -> None:
    from .theme import style_names

    if style and style not in style_names():
        raise click.BadParameter(f"unknown style {style!r} (known: {', '.join(style_names())})",
                                 param_hint="--style")


def _build_one(path: str, output: str | None, style: str | None, paper: str | None, max_mb: float | None,
               tags: bool = True, pdfa: bool | None = None):
    """Build one briefing in this process and report it."""
    from .batch import Options, build_one

    res = build_one(path, Options(output, style, paper, False, max_mb, tags=tags, pdfa=pdfa))
    _report(res)
    return res


def _addresses(ctx: click.Context, param: click.Parameter, value):
    """Each address must be one plain address (usage error naming it otherwise)."""
    from .mail import parse_address

    for raw in (value,) if isinstance(value, str) else value:
        if parse_address(raw) is None:
            raise click.BadParameter(f"invalid email address {raw!r}", ctx, param)
    return value


def _host_port(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    host, _, port = value.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"expected HOST:PORT, got {value!r}", ctx, param)
    return host, int(port)


MAX_SIZE = click.option("--max-size", "max_size", type=click.FloatRange(min=0, min_open=True), metavar="MB",
                        help="Warn when the PDF is larger than this (default: the style's max_pdf_mb).")
NO_TAGS = click.option("--no-tags", "no_tags", is_flag=True,
                       help="Write an untagged PDF (no structure tree for screen readers).")
PDFA = click.option("--pdfa/--no-pdfa", default=None,
                    help="Write PDF/A-2 for archiving (2a when tagged, 2b with --no-tags); default: the style's pdfa.")


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
@click.option("--handout", type=click.Choice(HANDOUTS),
              help="Also write out/<slug>-2up.pdf or -booklet.pdf: two pages per landscape sheet.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Build up to N briefings at once (default: the number of CPU cores).")
@MAX_SIZE
@NO_TAGS
@PDFA
def build(sources: tuple[str, ...], output: str | None, style: str | None, paper: str | None,
          strict: bool, handout: str | None, jobs: int | None, max_size: float | None, no_tags: bool,
          pdfa: bool | None) -> None:
    """Build each SOURCE (default: every briefing in sources/) into out/<slug>.pdf.

    Several briefings build in parallel; a summary line (built, failed, pages,
    time) ends the run.
    """
    import time

    from .batch import Options, default_jobs, run
    from .pipeline import discover

    t0 = time.perf_counter()
    if output and len(sources) > 1:
        raise click.UsageError("-o/--output needs exactly one SOURCE")
    _check_style(style)
    paths = list(sources) or discover()
    if not paths:
        raise click.UsageError("no SOURCE given and no briefings found in sources/")
    if output and not sources:
        raise click.UsageError("-o/--output needs exactly one SOURCE")
    if handout and output == "-":
        raise click.UsageError("--handout needs a file output, not '-'")
    opt = Options(output, style, paper, strict, max_size, handout, tags=not no_tags, pdfa=pdfa)
    bar = _progress(len(paths))
    failed = pages = 0

    def done(res) -> None:
        nonlocal failed, pages
        if bar is None:
            _report(res)
        else:
            bar.update(1)
            held.append(res)
        pages += res.pages if res.ok else 0
        failed += not res.ok

    held: list = []
    if bar is None:
        run(paths, opt, jobs or default_jobs(), done)
    else:
        with bar:
            run(paths, opt, jobs or default_jobs(), done)
        for res in held:
            _report(res)
    if len(paths) > 1:
        built = len(paths) - failed
        click.echo(f"built {built} of {_count(len(paths), 'briefing')} ({_count(pages, 'page')}), {failed} failed, "
                   f"in {time.perf_counter() - t0:.1f} s", err=True)
    if failed:
        sys.exit(1)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _progress(n: int):
    """A progress bar on standard error, when it is a terminal and the batch is more than a few."""
    if n <= 3 or not sys.stderr.isatty():
        return None
    return click.progressbar(length=n, label="building", file=sys.stderr, show_pos=True)


def _report(res) -> None:
    """Print one briefing's problems, then its output path(s) or that it failed."""
    _print_problems(res.problems)
    if res.ok:
        if res.output != "-":
            click.echo(f"{res.output} ({_count(res.pages, 'page')}, {res.size / 1024:.0f} KB)")
        if res.handout:
            click.echo(res.handout)
    else:
        click.echo(f"failed: {res.source}", err=True)


@main.command()
@click.argument("source", type=click.Path(exists=True))
@click.option("--to", "to", multiple=True, required=True, metavar="ADDR", callback=_addresses,
              help="Recipient (repeat for more).")
@click.option("--from", "sender", default="briefing@localhost", show_default=True, metavar="ADDR",
              callback=_addresses, help="Sender address.")
@click.option("--subject", metavar="TEXT", help="Subject (default: the briefing's title).")
@click.option("--eml", metavar="PATH", help="Write the message to this file (.eml).")
@click.option("--smtp", metavar="HOST:PORT", callback=_host_port,
              help="Send through this SMTP server; login from env BRIEFING_SMTP_USER / BRIEFING_SMTP_PASSWORD.")
@click.option("--starttls", is_flag=True, help="Upgrade the SMTP connection with STARTTLS.")
@click.option("--ssl", "use_ssl", is_flag=True, help="Connect to the SMTP server over TLS (SMTPS).")
@click.option("--style", metavar="NAME", help="Style from styles/ (overrides the briefing's own).")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size (overrides the style).")
@MAX_SIZE
@NO_TAGS
@PDFA
def mail(source: str, to: tuple[str, ...], sender: str, subject: str | None, eml: str | None,
         smtp: tuple[str, int] | None, starttls: bool, use_ssl: bool, style: str | None, paper: str | None,
         max_size: float | None, no_tags: bool, pdfa: bool | None) -> None:
    """Build SOURCE and email it as a PDF attachment: to an .eml file (--eml) and/or by SMTP (--smtp)."""
    import os

    from .mail import MailError, compose, send
    from .pipeline import check as check_one
    from .write import write_atomic

    if not eml and not smtp:
        raise click.UsageError("give --eml PATH and/or --smtp HOST:PORT")
    if starttls and use_ssl:
        raise click.UsageError("give --starttls or --ssl, not both")
    if (starttls or use_ssl) and not smtp:
        raise click.UsageError("--starttls/--ssl need --smtp HOST:PORT")
    tls = "ssl" if use_ssl else "starttls" if starttls else None
    _check_style(style)
    res = _build_one(source, None, style, paper, max_size, not no_tags, pdfa)
    b = check_one(source, False, style)[0] if res.ok else None
    if b is None:
        sys.exit(1)
    with open(res.output, "rb") as fh:
        msg = compose(b, fh.read(), list(to), sender, subject)
    try:
        if eml:
            write_atomic(eml, msg.as_bytes())
            click.echo(eml)
        if smtp:
            send(msg, *smtp, tls, os.environ.get("BRIEFING_SMTP_USER"), os.environ.get("BRIEFING_SMTP_PASSWORD"))
            click.echo(f"sent to {', '.join(to)} through {smtp[0]}:{smtp[1]}")
    except MailError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    except BriefingError as e:
        _print_problems(e.problems)
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--style", metavar="NAME", help="Check fonts against this style.")
def check(sources: tuple[str, ...], strict: bool, style: str | None) -> None:
    """Validate each SOURCE without writing anything."""
    from .pipeline import check as check_one

    _check_style(style)
    failed = 0
    for path in sources:
        b, problems = check_one(path, strict, style, full=False)
        _print_problems(problems)
        if b is None:
            failed += 1
        else:
            click.echo(f"ok: {path}")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("source", type=click.Path(exists=True))
@click.option("-o", "--output", metavar="PATH", help="Output file (default out/<slug>.pdf).")
@click.option("--style", metavar="NAME", help="Style from styles/ (overrides the briefing's own).")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size (overrides the style).")
@NO_TAGS
@PDFA
def watch(source: str, output: str | None, style: str | None, paper: str | None, no_tags: bool,
          pdfa: bool | None) -> None:
    """Rebuild SOURCE on every save of its files or its style (Ctrl-C stops).

    A save with problems prints them and keeps the last good PDF.
    """
    from .watch import watch_and_build

    _check_style(style)
    watch_and_build(source, lambda: _build_one(source, output, style, paper, None, not no_tags, pdfa), style)


# The component files of a briefing folder (briefing.load.PARTS), named here so that
# `--help` needs no YAML; a test checks the two agree.
SCHEMA_PARTS = ("timeline", "groups", "figures", "actors", "outlook", "sources")


@main.command()
@click.option("--part", type=click.Choice(SCHEMA_PARTS),
              help="The schema of that component file of a briefing folder (e.g. timeline.yaml): "
                   "the list itself or a mapping with its key.")
def schema(part: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the briefing format.

    Without --part: of a whole briefing (one file, or a folder's briefing.yaml).
    """
    import json

    from .schema import schema_json

    click.echo(json.dumps(schema_json(part), indent=2, ensure_ascii=False))


def run() -> None:
    """Entry point: no input, however broken, prints a traceback (unless --debug)."""
    debug = "--debug" in sys.argv[1:]
    try:
        main(standalone_mode=True)
        code: object = 0
    except SystemExit as e:
        code = e.code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        code = 130
    except Exception as e:  # a bug: say so briefly
        if debug:
            raise
        click.echo(f"internal error: {type(e).__name__}: {e} (run with --debug for a traceback)", err=True)
        code = 1
    _exit(code)


def _exit(code: object) -> NoReturn:
    """Exit at once, without tearing the interpreter down.

    Everything is written (output files are closed and renamed before this),
    so freeing some hundred thousand objects one by one only delays the shell
    prompt, by about a tenth of the whole run of a small build.
    """
    if isinstance(code, str):  # sys.exit("message")
        click.echo(code, err=True)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        code = code or 1
    os._exit(code if isinstance(code, int) else 0)
