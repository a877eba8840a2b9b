"""The command line: parse options, call one pipeline function, print its result.

`--help`, `check` and `schema` never import ReportLab; only `build` does.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
from functools import cache
from typing import NoReturn

import click

from . import __version__
from .errors import BriefingError, Stopped

PAPERS = ("a4", "letter")
HANDOUTS = ("2up", "booklet")

@cache
def _unprintable() -> re.Pattern[str]:
    """Control characters, and the bytes of a file name that are not UTF-8 (as os.fsdecode gives them), and
    bidi overrides: each one `str.isprintable` refuses (compiled when a line first has one: start-up time)."""
    return re.compile(r"[\x00-\x1f\x7f-\x9f\udc80-\udcff\u202a-\u202e]")


def _shown(text: str) -> str:
    """`text` as one printable line: a control character or a file name's undecodable byte as an escape."""
    def escape(m: re.Match[str]) -> str:
        c = ord(m.group())
        if 0x202A <= c <= 0x202E:  # would turn the rest of the line around on a terminal
            return f"\\u{c:04x}"
        return {9: "\\t", 10: "\\n", 13: "\\r"}.get(c) or f"\\x{c & 0xFF:02x}"

    return text if text.isprintable() else _unprintable().sub(escape, text)


def _print_problems(problems) -> None:
    for p in problems:
        click.echo(_shown(str(p)), err=True)


class _OneLineUsageError(click.UsageError):
    """A usage error shown as one line (the usage synopsis would only bury it); exit status 2."""

    def show(self, file=None) -> None:
        click.echo(f"Error: {_shown(self.format_message())}", err=True)


def _check_epoch() -> None:
    """Usage error if SOURCE_DATE_EPOCH is set to something that is not a time a PDF can hold."""
    from .errors import UsageError
    from .pipeline import source_date_epoch

    try:
        source_date_epoch()
    except UsageError as e:
        raise _OneLineUsageError(str(e)) from None


def _check_style(style: str | None) -> None:
    from .theme import style_names

    if style and style not in style_names():
        import difflib  # (here: start-up time of every command)

        near = difflib.get_close_matches(style, style_names(), n=1, cutoff=0.5)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise click.BadParameter(f"unknown style {style!r} (known: {', '.join(style_names())}){hint}",
                                 param_hint="--style")


def _build_one(path: str, output: str | None, style: str | None, paper: str | None, max_mb: float | None,
               tags: bool = True, pdfa: bool | None = None, also: tuple[tuple[str, str], ...] = (),
               since: str | None = None):
    """Build one briefing in this process and report it."""
    from .batch import Options, build_one

    _check_epoch()
    res = build_one(path, Options(output, style, paper, False, max_mb, tags=tags, pdfa=pdfa, also=also,
                                  since=since))
    _report(res)
    return res


def _addresses(ctx: click.Context, param: click.Parameter, value):
    """Each address parsed to (name, address); a usage error names one that is not a plain address."""
    from .mail import parse_address

    parsed = []
    for raw in (value,) if isinstance(value, str) else value:
        try:
            parsed.append(parse_address(raw))
        except ValueError as e:
            raise click.BadParameter(f"invalid email address {raw!r}: {e}", ctx, param) from None
    return parsed[0] if isinstance(value, str) else tuple(parsed)


def _not_nan(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A number that is a number (FloatRange lets NaN through: every comparison with it is false)."""
    if value is not None and value != value:
        raise click.BadParameter("not a number", ctx, param)
    return value


def _host_port(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    host, _, port = value.rpartition(":")
    host = host.strip("[]")
    if not host or not host.isprintable() or " " in host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"expected HOST:PORT, got {value!r}", ctx, param)
    return host, int(port)


class _Source(click.Path):
    """A SOURCE that exists; for one that does not, the name beside it that was probably meant."""

    def __init__(self) -> None:
        super().__init__(exists=True)

    def convert(self, value, param, ctx):
        if not os.path.lexists(value):
            from .files import near_name

            near = near_name(value)
            hint = f"; did you mean {near!r}?" if near else "."
            self.fail(f"Path {value!r} does not exist{hint}", param, ctx)
        return super().convert(value, param, ctx)


SOURCE = _Source()
MAX_SIZE = click.option("--max-size", "max_size", type=click.FloatRange(min=0, min_open=True), metavar="MB",
                        callback=_not_nan,
                        help="Warn when the PDF is larger than this (default: the style's max_pdf_mb).")
NO_TAGS = click.option("--no-tags", "no_tags", is_flag=True,
                       help="Write an untagged PDF (no structure tree for screen readers).")
SINCE = click.option("--since", metavar="PREVIOUS",
                     help="Compare with the previous edition: a file or folder, or git:REV (the same SOURCE at "
                          "that git revision); new and changed items are marked and every change listed. Default: "
                          "the briefing's `previous`; 'none' compares with nothing.")
PDFA = click.option("--pdfa/--no-pdfa", default=None,
                    help="Write PDF/A-2 for archiving (2a when tagged, 2b with --no-tags); default: the style's pdfa.")


def _option_synopsis(o: click.Option) -> str:
    """`[--paper a4|letter]`, `[-o/--output PATH]`, `--to ADDR...`, `[--pdfa|--no-pdfa]`."""
    names = "/".join(sorted(o.opts, key=len))
    if o.is_flag and o.secondary_opts:
        names = "|".join([*o.opts, *o.secondary_opts])
    if o.is_flag:
        text = names
    else:
        what = "|".join(o.type.choices) if isinstance(o.type, click.Choice) else o.metavar or o.type.name.upper()
        text = f"{names} {what}{'...' if o.multiple else ''}"
    return text if o.required else f"[{text}]"


def synopsis(cmd: click.Command, prog: str = "make_briefing.py") -> str:
    """One line naming every argument and option of a command, arguments first: `--help` shows it, and
    the README and docs/format.md show the same (a test holds them to it)."""
    pieces = [prog, cmd.name or ""]
    for p in cmd.params:
        if isinstance(p, click.Argument):
            name = (p.name or "").upper()
            if p.nargs == -1:
                name = name.removesuffix("S") + "..."
                name = name if p.required else f"[{name}]"
            pieces.append(name)
    pieces += [_option_synopsis(p) for p in cmd.params
               if isinstance(p, click.Option) and not p.hidden and "--help" not in p.opts]
    return " ".join(pieces)


class _Command(click.Command):
    """A command whose usage line is its full synopsis, wrapped between its bracketed parts."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        tail = synopsis(self).split(f" {self.name} ", 1)[1]
        head = f"Usage: {ctx.command_path} "
        width = max((formatter.width or 80) - len(head), 30)
        lines = [""]
        for piece in re.findall(r"\[[^\]]*\]|\S+", tail):
            if lines[-1] and len(lines[-1]) + 1 + len(piece) > width:
                lines.append("")
            lines[-1] = f"{lines[-1]} {piece}".strip()
        formatter.write(head + ("\n" + " " * len(head)).join(lines) + "\n")


class _Group(click.Group):
    command_class = _Command


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.argument("sources", nargs=-1, type=SOURCE)
@click.option("-o", "--output", metavar="PATH", help="Output file (one SOURCE only); '-' for standard output.")
@click.option("--style", metavar="NAME", help="Style from styles/ (overrides the briefing's own).")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size (overrides the style).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--handout", type=click.Choice(HANDOUTS),
              help="Also write a handout beside the PDF, laid out on half-sheet pages (A5 on A4, half-letter "
                   "on Letter) at full type size, two to a landscape sheet. 2up: out/<slug>-2up.pdf, pages in "
                   "order, 1-2, 3-4, ... booklet: out/<slug>-booklet.pdf, pages ordered for printing double-sided "
                   "(flip on the short edge), folding in the middle and stapling.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Build up to N briefings at once (default: the number of CPU cores).")
@MAX_SIZE
@NO_TAGS
@PDFA
@SINCE
def build(sources: tuple[str, ...], output: str | None, style: str | None, paper: str | None,
          strict: bool, handout: str | None, jobs: int | None, max_size: float | None, no_tags: bool,
          pdfa: bool | None, since: str | None) -> None:
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
    if handout and output and os.path.exists(output) and not os.path.isfile(output):
        raise _OneLineUsageError(f"--handout needs a file output; {output} is not a regular file")
    _check_since(since, tuple(paths))
    _check_epoch()
    opt = Options(output, style, paper, strict, max_size, handout, tags=not no_tags, pdfa=pdfa, since=since)
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
    """Print one briefing's problems, then its output path(s) or that it failed; a usage error (an output
    the user named would replace a file the briefing reads) ends the command with status 2."""
    if res.usage:
        raise _OneLineUsageError(res.usage)
    _print_problems(res.problems)
    if res.ok:
        if res.output != "-":
            click.echo(f"{_shown(res.output)} ({_count(res.pages, 'page')}, {res.size / 1024:.0f} KB)")
        if res.handout:
            click.echo(f"{_shown(res.handout)} ({_count(res.handout_pages, 'sheet side')}, "
                       f"{res.handout_size / 1024:.0f} KB)")
    else:
        click.echo(f"failed: {_shown(res.source)}", err=True)


@main.command()
@click.argument("source", type=SOURCE)
@click.option("--to", "to", multiple=True, required=True, metavar="ADDR", callback=_addresses,
              help="Recipient, as a@b.c or 'Name <a@b.c>' (repeat for more).")
@click.option("--cc", "cc", multiple=True, metavar="ADDR", callback=_addresses, help="Copy to (repeat for more).")
@click.option("--bcc", "bcc", multiple=True, metavar="ADDR", callback=_addresses,
              help="Blind copy to (repeat for more): sent to, never named in the message. Needs --smtp.")
@click.option("--from", "sender", default="briefing@localhost", show_default=True, metavar="ADDR",
              callback=_addresses, help="Sender address.")
@click.option("--subject", metavar="TEXT", help="Subject (default: the briefing's title; the marking is put first).")
@click.option("--note", metavar="TEXT", help="A cover note, printed above the key points.")
@click.option("--note-file", metavar="PATH", help="Read the cover note from this UTF-8 text file.")
@click.option("--eml", metavar="PATH", help="Write the message to this file (.eml).")
@click.option("--smtp", metavar="HOST:PORT", callback=_host_port,
              help="Send through this SMTP server; login from env BRIEFING_SMTP_USER / BRIEFING_SMTP_PASSWORD.")
@click.option("--starttls", is_flag=True, help="Upgrade the SMTP connection with STARTTLS.")
@click.option("--ssl", "use_ssl", is_flag=True, help="Connect to the SMTP server over TLS (SMTPS).")
@click.option("--insecure-login", is_flag=True,
              help="Allow sending the login over a connection with neither --starttls nor --ssl.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True, max=3600), default=20.0, show_default=True,
              metavar="SECONDS", callback=_not_nan,
              help="Give up on the SMTP server after this long, for the whole exchange.")
@click.option("--style", metavar="NAME", help="Style from styles/ (overrides the briefing's own).")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size (overrides the style).")
@MAX_SIZE
@NO_TAGS
@PDFA
@SINCE
def mail(source: str, to: tuple, cc: tuple, bcc: tuple, sender: tuple[str, str], subject: str | None,  # noqa: PLR0913
         note: str | None, note_file: str | None, eml: str | None, smtp: tuple[str, int] | None, starttls: bool,
         use_ssl: bool, insecure_login: bool, timeout: float, style: str | None, paper: str | None,
         max_size: float | None, no_tags: bool, pdfa: bool | None, since: str | None) -> None:
    """Build SOURCE and email it as a PDF attachment: to an .eml file (--eml) and/or by SMTP (--smtp).

    The subject and the body start with the briefing's marking; the body gives
    the title, date, publisher and authors, the cover note and the key points.
    """
    from . import labels
    from .mail import MailError, Recipients, as_bytes, compose, cover_note, send
    from .pdf.write import write_atomic
    from .pipeline import check_since
    from .theme import load_theme

    if not eml and not smtp:
        raise click.UsageError("give --eml PATH and/or --smtp HOST:PORT")
    if starttls and use_ssl:
        raise click.UsageError("give --starttls or --ssl, not both")
    if (starttls or use_ssl or insecure_login) and not smtp:
        raise click.UsageError("--starttls/--ssl/--insecure-login need --smtp HOST:PORT")
    if bcc and not smtp:
        raise click.UsageError("--bcc needs --smtp HOST:PORT (the .eml file never names blind-copy recipients)")
    tls = "ssl" if use_ssl else "starttls" if starttls else None
    user, password = _smtp_login() if smtp else (None, None)
    if user and not tls and not insecure_login:
        raise click.UsageError("refusing to send the SMTP password unencrypted: give --starttls or --ssl "
                               "(or --insecure-login for a server you trust)")
    if subject is not None:
        _check_text(subject, "--subject")
    try:
        note = cover_note(note, note_file)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    _check_style(style)
    if eml == "-":  # standard output carries what the command prints: a message there would be mixed with it
        raise _OneLineUsageError("--eml needs a file path, not '-'")
    _check_since(since, (source,))
    res = _build_one(source, None, style, paper, max_size, not no_tags, pdfa, (("--eml", eml),) if eml else (),
                     since)
    b, _, changes = check_since(source, False, style, since=since) if res.ok else (None, [], None)
    if b is None:
        sys.exit(1)
    recipients = Recipients(to, cc, bcc)
    house = load_theme(style or b.style)  # (the PDF's words: the style's numerals and house labels too)
    with open(res.output, "rb") as fh:
        msg = compose(b, fh.read(), recipients, sender, subject, note, changes,
                      labels.of(b, house.numerals, house.labels))
    try:
        if eml:
            write_atomic(eml, as_bytes(msg), "the message")
            click.echo(eml)
        if smtp:
            send(msg, *smtp, sender[1], recipients.envelope(), tls, user, password, timeout, insecure_login)
            click.echo(f"sent to {recipients.described()} through {smtp[0]}:{smtp[1]}")
    except MailError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    except BriefingError as e:
        _print_problems(e.problems)
        sys.exit(1)


def _check_text(text: str, option: str) -> None:
    """Text from the command line must be valid UTF-8 (invalid bytes arrive as lone surrogates)."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise click.BadParameter("not valid UTF-8 text", param_hint=option)


def _smtp_login() -> tuple[str | None, str | None]:
    """The login from the environment; the password is never shown, not even where it is wrong."""
    user = os.environ.get("BRIEFING_SMTP_USER") or None
    password = os.environ.get("BRIEFING_SMTP_PASSWORD")
    for name, value in (("BRIEFING_SMTP_USER", user), ("BRIEFING_SMTP_PASSWORD", password)):
        if value and any("\ud800" <= c <= "\udfff" for c in value):
            raise click.UsageError(f"{name} is not valid UTF-8")
    return user, password


@main.command()
@click.argument("sources", nargs=-1, required=True, type=SOURCE)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--style", metavar="NAME", help="Check fonts against this style.")
@SINCE
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="How the changes since the previous edition are printed: a line each, or JSON for tools "
                   "(its JSON Schema: schema --part changes).")
def check(sources: tuple[str, ...], strict: bool, style: str | None, since: str | None, fmt: str) -> None:
    """Validate each SOURCE without writing anything; with a previous edition (--since, or the briefing's
    `previous`), print what changed since it, one line a change (FILE:LINE:COLUMN of the item)."""
    from .pipeline import check_since

    _check_style(style)
    _check_since(since, sources)
    failed = 0
    found = []
    for path in sources:
        b, problems, changes = check_since(path, strict, style, full=False, since=since, kept=True)
        _print_problems(problems)
        if b is None:
            failed += 1
            continue
        if fmt == "json":
            found.append(_changes_json(path, changes))
            continue
        if changes is not None:
            _print_changes(changes)
        click.echo(f"ok: {_shown(path)}")
    if fmt == "json":
        import json

        click.echo(json.dumps({"briefings": found}, indent=2, ensure_ascii=False))
    if failed:
        sys.exit(1)


def _changes_json(path: str, changes) -> dict:
    from .editions import as_json

    if changes is None:  # nothing to compare with
        return {"source": path, "previous": None, "previous_date": None, "previous_edition": None,
                "counts": None, "changes": []}
    return as_json(changes, path)


def _print_changes(changes) -> None:
    """Every change, one line each: `FILE:LINE:COLUMN: added event 2024-11 'Title'`, then the counts."""
    from .editions import line

    for c in changes.changes:
        click.echo(_shown(f"{changes.place(c)}: {line(c)}"))
    kept = sum(changes.unchanged.values())
    click.echo(f"since {_shown(changes.label)}: {changes.count('added')} added, {changes.count('changed')} changed, "
               f"{changes.count('removed')} removed, {kept} unchanged")


def _check_since(since: str | None, sources: tuple[str, ...]) -> None:
    """A path given to --since is the previous edition of one briefing; git:REV and none suit any number."""
    if since is None or since == "none" or since.startswith("git:"):
        return
    if len(sources) != 1:
        raise click.BadParameter("a path is the previous edition of one SOURCE; give one SOURCE, or git:REV",
                                 param_hint="--since")
    if not os.path.exists(since):
        raise click.BadParameter(f"{since!r} does not exist (a file or folder of the previous edition, git:REV, "
                                 "or none)", param_hint="--since")


@main.command()
@click.argument("source", type=SOURCE)
@click.option("-o", "--output", metavar="PATH", help="Output file (default out/<slug>.pdf).")
@click.option("--style", metavar="NAME", help="Style from styles/ (overrides the briefing's own).")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size (overrides the style).")
@NO_TAGS
@PDFA
@SINCE
def watch(source: str, output: str | None, style: str | None, paper: str | None, no_tags: bool,
          pdfa: bool | None, since: str | None) -> None:
    """Rebuild SOURCE on every save of its files or its style (Ctrl-C stops).

    A save with problems prints them and keeps the last good PDF.
    """
    from .watch import watch_and_build

    _check_style(style)
    _check_since(since, (source,))
    watch_and_build(source, lambda: _build_one(source, output, style, paper, None, not no_tags, pdfa, since=since),
                    style)


# The component files of a briefing folder (briefing.parts.PARTS), named here so that
# `--help` needs no YAML; a test checks the two agree.
SCHEMA_PARTS = ("timeline", "groups", "figures", "actors", "outlook", "sources")


@main.command()
@click.option("--part", type=click.Choice([*SCHEMA_PARTS, "style", "changes"]),
              help="The schema of that component file of a briefing folder (e.g. timeline.yaml): "
                   "the list itself or a mapping with its key; style: of a style, styles/<name>.yaml; "
                   "changes: of what check --since --format json prints.")
def schema(part: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the briefing format.

    Without --part: of a whole briefing (one file, or a folder's briefing.yaml).
    """
    import json

    if part == "changes":
        from .editions import CHANGES_SCHEMA

        click.echo(json.dumps(CHANGES_SCHEMA, indent=2, ensure_ascii=False))
        return
    from .labels import ENGLISH
    from .schema import schema_json
    from .stylespec import style_schema

    words = {k: v if isinstance(v, str) else v["other"] for k, v in ENGLISH.items()}
    click.echo(json.dumps(style_schema() if part == "style" else schema_json(part, words), indent=2,
                          ensure_ascii=False))


class StdoutError(OSError):
    """Standard output cannot take what is written: closed, a pipe closed early, a full disk.

    No errno, so that Click does not take a closed pipe for its own and exit quietly with it.
    """


class _Stdout(io.RawIOBase):
    """File descriptor 1, whose failed writes raise StdoutError (and so are never taken for bugs)."""

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1

    def isatty(self) -> bool:
        return os.isatty(1)

    def write(self, data) -> int:
        try:
            return os.write(1, data)
        except OSError as e:
            raise StdoutError(e.strerror or str(e)) from None


def _guard_stdio() -> None:
    """Standard streams whose failures are seen: a closed one fails when written, a file never takes its place.

    Started with a standard stream closed, a file this process opens would get
    its number, and what is printed would go into that file; /dev/null holds
    the number instead (read-only for standard output, so writing it fails).
    """
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            held = os.open(os.devnull, flags)
            if held != fd:
                os.dup2(held, fd)
                os.close(held)
    old = sys.stdout
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Stdout()), encoding=getattr(old, "encoding", None) or "utf-8",
                                  errors="backslashreplace", line_buffering=os.isatty(1))


def _say(message: str) -> None:
    """One line on standard error, if it can still be written."""
    try:
        click.echo(_shown(message), err=True)
    except OSError:
        pass


def run() -> None:
    """Entry point: no input, however broken, prints a traceback (unless --debug).

    Ctrl-C and SIGTERM end the command with one line and status 130 or 143;
    the workers of a batch die with it (see briefing.batch).
    """
    debug = "--debug" in sys.argv[1:]
    _guard_stdio()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, Stopped.on_signal)
    sys.unraisablehook = _unraisable
    try:
        main(standalone_mode=True)
        code: object = 0
    except SystemExit as e:
        code = e.code
    except (Stopped, KeyboardInterrupt) as e:
        Stopped.last = e.signum if isinstance(e, Stopped) else signal.SIGINT
    except StdoutError as e:
        _say(f"error: cannot write to standard output: {e}")
        code = 1
    except Exception as e:  # a bug: say so briefly
        if debug:
            raise
        _say(f"internal error: {type(e).__name__}: {e} (run with --debug for a traceback)")
        code = 1
    if Stopped.last:  # (also when the signal's exception was swallowed where Python ignores exceptions)
        _say("interrupted" if Stopped.last == signal.SIGINT else "terminated")
        code = 128 + Stopped.last
    _exit(code)


def _unraisable(info, default=sys.unraisablehook) -> None:
    """A signal's Stopped raised where Python can only ignore it (an after-fork callback, a finaliser) is
    noted in Stopped.last and acted on later: it is no error to print."""
    if not isinstance(info.exc_value, Stopped):
        default(info)


def _exit(code: object) -> NoReturn:
    """Exit at once, without tearing the interpreter down.

    Everything is written (output files are closed and renamed before this),
    so freeing some hundred thousand objects one by one only delays the shell
    prompt, by about a tenth of the whole run of a small build.
    """
    if isinstance(code, str):  # sys.exit("message")
        _say(code)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # what is left cannot be written: said already, or nowhere to say it
            code = code or 1
    os._exit(code if isinstance(code, int) else 0)
