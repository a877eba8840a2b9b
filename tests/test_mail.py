"""`mail`: the message sent to a real SMTP server (aiosmtpd) or written as .eml, and its failures."""

from __future__ import annotations

import email
import email.parser
import json
import os
import socket
from email import policy
from email.utils import getaddresses
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import SEED, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.mail import parse_address

TITLE = "The Last Holdouts: Resistance in Taliban-Controlled Afghanistan"
MARKING = "For information — open source"
SLUG = "afghanistan-resistance"
REFUSED = "nobody@refused.example"


class Collect:
    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


@pytest.fixture
def auth_server():
    def reject(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), auth_required=True,
                            auth_require_tls=False, authenticator=reject)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def built_pdf(seed_pdf) -> bytes:
    """The seed built by `build SEED -o PATH` (the session's one build)."""
    return seed_pdf.read_bytes()


def check_message(msg, to: list[str], subject: str, pdf: bytes) -> None:
    assert msg["Subject"] == subject
    assert sorted(a for _, a in getaddresses(msg.get_all("To", []))) == sorted(to)
    assert msg["From"] == "briefing@localhost"
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert TITLE in body
    assert "Key points" in body
    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1
    att = attachments[0]
    assert att.get_content_type() == "application/pdf"
    assert att.get_filename() == f"{SLUG}.pdf"
    assert att.get_content() == pdf


def one_line_error(r) -> str:
    err = r.stderr.decode()
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_sent_message_arrives_whole(tmp_path, smtp_server, built_pdf):
    handler, port = smtp_server
    to = ["ann@example.org", "bob@example.net"]
    r = run_cli("mail", str(SEED), "--to", to[0], "--to", f"Bob <{to[1]}>", "--smtp", f"127.0.0.1:{port}",
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert b"sent to" in r.stdout
    assert len(handler.envelopes) == 1
    env = handler.envelopes[0]
    assert sorted(env.rcpt_tos) == sorted(to)
    assert env.mail_from == "briefing@localhost"
    msg = email.message_from_bytes(env.content, policy=policy.default)
    check_message(msg, to, f"[{MARKING}] {TITLE}", built_pdf)
    # the PDF is also built to out/<slug>.pdf as usual
    assert (tmp_path / "out" / f"{SLUG}.pdf").read_bytes() == built_pdf


def test_eml_file(tmp_path, built_pdf):
    eml = tmp_path / "brief.eml"
    r = run_cli("mail", str(SEED), "--to", "ann@example.org", "--subject", "Weekly brief", "--eml", str(eml),
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    with open(eml, "rb") as fh:
        msg = email.message_from_binary_file(fh, policy=policy.default)
    check_message(msg, ["ann@example.org"], f"[{MARKING}] Weekly brief", built_pdf)
    assert not [n for n in (tmp_path).iterdir() if n.name.endswith(".tmp")]


def test_max_size_warns_but_succeeds(tmp_path):
    for cmd in (["build", str(SEED)], ["mail", str(SEED), "--to", "a@b.c", "--eml", str(tmp_path / "m.eml")]):
        r = run_cli(*cmd, "--max-size", "0.01", cwd=tmp_path)
        assert r.returncode == 0, r.stderr.decode()
        warnings = [line for line in r.stderr.decode().splitlines() if "over the" in line]
        assert len(warnings) == 1 and "over the 10 KB limit" in warnings[0]
        assert "KB)" in r.stdout.decode()  # the size is printed


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_refused_login(tmp_path, auth_server):
    handler, port = auth_server
    r = run_cli("mail", str(SEED), "--to", "ann@example.org", "--smtp", f"127.0.0.1:{port}", "--insecure-login",
                cwd=tmp_path, env={"BRIEFING_SMTP_USER": "ann", "BRIEFING_SMTP_PASSWORD": "wrong"})
    assert r.returncode == 1
    assert "login" in one_line_error(r)
    assert handler.envelopes == []


def test_refused_recipient(tmp_path, smtp_server):
    handler, port = smtp_server
    r = run_cli("mail", str(SEED), "--to", REFUSED, "--smtp", f"127.0.0.1:{port}", cwd=tmp_path)
    assert r.returncode == 1
    assert REFUSED in one_line_error(r)
    assert handler.envelopes == []


def test_unreachable_server(tmp_path):
    r = run_cli("mail", str(SEED), "--to", "ann@example.org", "--smtp", f"127.0.0.1:{free_port()}", cwd=tmp_path)
    assert r.returncode == 1
    assert "cannot reach" in one_line_error(r)


@pytest.mark.parametrize("bad", ["no-at-sign", "two@@example.org", "@example.org", "ann@", "ann smith@example.org",
                                 "a@b.c, d@e.f", "ann@example.org\nBcc: x@y.z"])
def test_invalid_address_is_a_usage_error(tmp_path, bad):
    r = run_cli("mail", str(SEED), "--to", bad, "--eml", str(tmp_path / "m.eml"), cwd=tmp_path)
    assert r.returncode == 2
    assert "invalid email address" in r.stderr.decode()
    assert not (tmp_path / "m.eml").exists()


def test_invalid_sender_is_a_usage_error(tmp_path):
    r = run_cli("mail", str(SEED), "--to", "a@b.c", "--from", "me", "--eml", str(tmp_path / "m.eml"), cwd=tmp_path)
    assert r.returncode == 2
    assert "'me'" in r.stderr.decode()


@pytest.mark.parametrize("args", [[], ["--smtp", "nohost"], ["--smtp", "h:1", "--ssl", "--starttls"],
                                  ["--eml", "m.eml", "--ssl"]])
def test_usage_errors(tmp_path, args):
    r = run_cli("mail", str(SEED), "--to", "a@b.c", *args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr.decode()


# --- what a reader opens ---------------------------------------------------------------------------------

PARTNER = "UNCLASSIFIED // FOR PARTNER DISTRIBUTION"
TINY = f"""\
title: A Small Briefing
subtitle: What changed this week
marking: "{PARTNER}"
date: 2024-03-05
publisher: The Desk
authors: [Ann Author, Bob Writer]
summary:
  - "The **first** point."
  - The second point.
"""


def tiny(tmp_path: Path, text: str = TINY, name: str = "tiny.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_eml(path: Path):
    with open(path, "rb") as fh:
        return email.message_from_binary_file(fh, policy=policy.default)


def utf8_headers(data: bytes, headersonly: bool = False):
    """The headers of a message with UTF-8 headers (RFC 6532), read as text: the bytes parser sees them as
    undecodable. (Its body, parsed from text, is not to be trusted.)"""
    return email.parser.Parser(policy=policy.default).parsestr(data.decode("utf-8"), headersonly=headersonly)


def body_of(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def test_marking_leads_subject_and_body_and_facts_follow_the_title(tmp_path):
    src = tiny(tmp_path)
    r = run_cli("mail", str(src), "--to", "ann@example.org", "--note", "Dear partners,\nfor Thursday.",
                "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    msg = read_eml(tmp_path / "m.eml")
    assert msg["Subject"] == f"[{PARTNER}] A Small Briefing"
    lines = body_of(msg).splitlines()
    assert lines[0] == PARTNER
    assert lines[-1] == PARTNER
    title = lines.index("A Small Briefing")
    assert lines[title + 1] == "What changed this week"
    facts = lines[title + 2:lines.index("Dear partners,")]
    assert [f for f in facts if f] == ["Date: 5 March 2024", "Publisher: The Desk", "Authors: Ann Author, Bob Writer"]
    note = lines.index("Dear partners,")
    assert lines[note + 1] == "for Thursday."
    assert note < lines.index("Key points:") < lines.index("- The first point.")


def test_no_marking_no_brackets(tmp_path):
    src = tiny(tmp_path, "title: Plain Title\nsummary: [One point.]\n")
    r = run_cli("mail", str(src), "--to", "a@b.c", "--subject", "Weekly", "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    msg = read_eml(tmp_path / "m.eml")
    assert msg["Subject"] == "Weekly"
    assert body_of(msg).splitlines()[0] == "Plain Title"


def test_note_file_is_the_same_note(tmp_path):
    src = tiny(tmp_path)
    (tmp_path / "note.txt").write_bytes("\ufeffDear partners,\r\nsee below — Ann.\r\n".encode())
    r = run_cli("mail", str(src), "--to", "a@b.c", "--note-file", "note.txt", "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    body = body_of(read_eml(tmp_path / "m.eml"))
    assert "\nDear partners,\nsee below — Ann.\n\nKey points:\n" in body


@pytest.mark.parametrize("args", [["--note", "a", "--note-file", "note.txt"], ["--note-file", "missing.txt"],
                                  ["--note-file", "latin1.txt"], ["--note-file", "fifo"], ["--note", "bell\x07"],
                                  ["--note-file", "."]])
def test_bad_note_is_a_usage_error(tmp_path, args):
    src = tiny(tmp_path)
    (tmp_path / "note.txt").write_text("note", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    os.mkfifo(tmp_path / "fifo")  # no writer: reading it would wait forever
    r = run_cli("mail", str(src), "--to", "a@b.c", *args, "--eml", "m.eml", cwd=tmp_path, timeout=60)
    assert r.returncode == 2, r.stderr.decode()
    assert "Traceback" not in r.stderr.decode()
    assert "note" in r.stderr.decode()
    assert not (tmp_path / "m.eml").exists()


def test_cc_and_bcc(tmp_path, smtp_server):
    handler, port = smtp_server
    src = tiny(tmp_path)
    r = run_cli("mail", str(src), "--to", "ann@example.org", "--cc", "Cy <cy@example.org>", "--cc", "dee@example.org",
                "--bcc", "hidden@example.org", "--smtp", f"127.0.0.1:{port}", "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode()
    assert (f"sent to ann@example.org; cc cy@example.org, dee@example.org; bcc hidden@example.org "
            f"through 127.0.0.1:{port}") in out
    env = handler.envelopes[0]
    assert env.rcpt_tos == ["ann@example.org", "cy@example.org", "dee@example.org", "hidden@example.org"]
    for data in (env.content, (tmp_path / "m.eml").read_bytes()):
        assert b"hidden@example.org" not in data
        msg = email.message_from_bytes(data, policy=policy.default)
        assert [a.addr_spec for a in msg["Cc"].addresses] == ["cy@example.org", "dee@example.org"]
        assert msg["Bcc"] is None


def test_bcc_without_smtp_is_a_usage_error(tmp_path):
    r = run_cli("mail", str(tiny(tmp_path)), "--to", "a@b.c", "--bcc", "d@e.f", "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 2
    assert "--bcc" in r.stderr.decode()


# --- addresses -------------------------------------------------------------------------------------------

def test_what_is_printed_is_what_was_sent(tmp_path, smtp_server):
    handler, port = smtp_server
    r = run_cli("mail", str(tiny(tmp_path)), "--to", "x@y: <a@b.c>", "--smtp", f"127.0.0.1:{port}",
                "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert handler.envelopes[0].rcpt_tos == ["a@b.c"]
    sent = [line for line in r.stdout.decode().splitlines() if line.startswith("sent to")]
    assert sent == [f"sent to a@b.c through 127.0.0.1:{port}"]
    for data in (handler.envelopes[0].content, (tmp_path / "m.eml").read_bytes()):
        msg = email.message_from_bytes(data, policy=policy.default)
        assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [("x@y:", "a@b.c")]


@pytest.fixture
def ascii_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=False)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def test_international_address_with_smtputf8(tmp_path, smtp_server):
    handler, port = smtp_server
    r = run_cli("mail", str(tiny(tmp_path)), "--to", "Jürgen <ü@bücher.example>", "--smtp", f"127.0.0.1:{port}",
                "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert "sent to ü@bücher.example through" in r.stdout.decode()
    env = handler.envelopes[0]
    assert env.rcpt_tos == ["ü@bücher.example"]
    assert "SMTPUTF8" in env.mail_options
    for data in (env.content, (tmp_path / "m.eml").read_bytes()):
        msg = utf8_headers(data)
        assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [("Jürgen", "ü@bücher.example")]
        assert msg["Subject"] == f"[{PARTNER}] A Small Briefing"


def test_international_address_without_smtputf8(tmp_path, ascii_server):
    handler, port = ascii_server
    r = run_cli("mail", str(tiny(tmp_path)), "--to", "ü@b.c", "--smtp", f"127.0.0.1:{port}", cwd=tmp_path)
    assert r.returncode == 1
    err = one_line_error(r)
    assert "ü@b.c" in err and "SMTPUTF8" in err
    assert handler.envelopes == []


@pytest.mark.parametrize("option", ["--to", "--cc", "--from"])
@pytest.mark.parametrize("raw", [b"a\xff@b.c", b"Ann \xc3 <a@b.c>", b"a@b\xed\xa0\x80.c"])
def test_address_with_invalid_bytes_is_a_usage_error(tmp_path, option, raw):
    args = ["--to", "a@b.c"] if option != "--to" else []
    r = run_cli("mail", str(SEED), *args, option, os.fsdecode(raw), "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 2, r.stderr.decode()
    err = r.stderr.decode()
    assert "invalid email address" in err and "UTF-8" in err
    assert "Traceback" not in err and "internal error" not in err


def test_subject_with_invalid_bytes_is_a_usage_error(tmp_path):
    r = run_cli("mail", str(SEED), "--to", "a@b.c", "--subject", os.fsdecode(b"caf\xe9"), "--eml", "m.eml",
                cwd=tmp_path)
    assert r.returncode == 2, r.stderr.decode()
    assert "--subject" in r.stderr.decode() and "Traceback" not in r.stderr.decode()


# --- headers and file names carry no controls --------------------------------------------------------------

BIDI_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e"


def test_bidi_overrides_never_reach_subject_or_file_name(tmp_path):
    src = tiny(tmp_path, 'title: "Evil \u202egnp.exe\u202c name, \u2067عربي\u2069"\nmarking: "A\u202bB\u202c"\n',
               name="evil\u202egnp.yaml")
    r = run_cli("mail", str(src), "--to", "a@b.c", "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    msg = read_eml(tmp_path / "m.eml")
    assert msg["Subject"] == "[AB] Evil gnp.exe name, \u2067عربي\u2069"  # isolates are legitimate and stay
    (att,) = msg.iter_attachments()
    assert att.get_filename() == "evilgnp.pdf"


def test_controls_never_reach_headers():
    from briefing.mail import Recipients, compose
    from briefing.model import Briefing

    b = Briefing(title="Title\x00with\x1b[31mcontrols\x85and\r\nlines", marking="SECRET\x00\u202e//",
                 slug="bad\x00\u202ename\n/..")
    msg = compose(b, b"%PDF-", Recipients((("", "a@b.c"),)), subject=None)
    data = msg.as_bytes()
    back = email.message_from_bytes(data, policy=policy.default)
    assert back["Subject"] == "[SECRET //] Title with [31mcontrols and lines"
    (att,) = back.iter_attachments()
    assert att.get_filename() == "bad name -.pdf"  # no path separators, controls or overrides
    for c in [*map(chr, range(32)), "\x7f", *map(chr, range(0x80, 0xa0)), *BIDI_OVERRIDES]:
        assert c not in back["Subject"] and c not in att.get_filename()



# --- headers read back as typed ----------------------------------------------------------------------------

# an encoded-word that a reader would decode into line breaks: headers and a body of its own
INJECTED = "=?utf-8?q?Quarterly=0D=0AReply-To=3A_attacker=40evil.org=0D=0ABcc=3A_x=40evil.org=0D=0A=0D=0A<h1>Hi?="
RLO_WORD = "=?utf-8?q?=E2=80=AE?="  # U+202E, encoded


def mail_in_process(tmp_path: Path, monkeypatch, *args: str) -> tuple[int, str]:
    """`mail` run by click's test runner in tmp_path: (exit status, stderr)."""
    from click.testing import CliRunner

    from briefing.cli import main

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["mail", *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r.exit_code, r.stderr


def assert_headers_as_typed(data: bytes, subject: str, mailboxes: dict[str, list[tuple[str, str]]],
                            max_line: int = 78, marking: str = PARTNER) -> None:
    """The message has exactly its own headers, in order; the subject and every display name read back as
    typed, by the bytes parser and (for UTF-8 headers, RFC 6532) the text parser alike; header lines fit
    in `max_line` characters."""
    expected = ["From", "To", *(["Cc"] if "Cc" in mailboxes else []), "Subject", "Date", "Message-ID",
                "MIME-Version", "Content-Type"]
    msg = email.message_from_bytes(data, policy=policy.default)
    as_text = utf8_headers(data)
    for m in (msg, as_text):
        assert list(m.keys()) == expected
    assert msg["Subject"] == as_text["Subject"] == subject
    for name, want in mailboxes.items():
        assert [(a.display_name, a.addr_spec) for a in as_text[name].addresses] == want, name
        if data.isascii():
            assert [(a.display_name, a.addr_spec) for a in msg[name].addresses] == want, name
    head = data.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    assert max(len(line) for line in head.split(b"\n")) <= max_line, head.decode()
    (att,) = msg.iter_attachments()
    assert att.get_content_type() == "application/pdf" and att.get_content().startswith(b"%PDF-")
    assert body_of(msg).splitlines()[0] == marking


@pytest.mark.parametrize(("title", "marking", "subject", "expected"), [
    (INJECTED, PARTNER, None, f"[{PARTNER}] {INJECTED}"),
    ("Title", PARTNER, INJECTED, f"[{PARTNER}] {INJECTED}"),
    ("Title", f"{RLO_WORD} {INJECTED}", "Sub", f"[{RLO_WORD} {INJECTED}] Sub"),
    ("Title", PARTNER, f"{RLO_WORD}gnp.exe", f"[{PARTNER}] {RLO_WORD}gnp.exe"),
    (f"{RLO_WORD} =?utf-8?b?4oCu?=", PARTNER, None, f"[{PARTNER}] {RLO_WORD} =?utf-8?b?4oCu?="),
    ("Line\u2028and\u2029paragraph", PARTNER, None, f"[{PARTNER}] Line and paragraph"),
    ("Ünïcödé — " * 12 + "end", PARTNER, None, f"[{PARTNER}] " + "Ünïcödé — " * 12 + "end"),
    ("T", PARTNER, "a" * 150 + " " + "word " * 30, f"[{PARTNER}] " + "a" * 150 + " " + ("word " * 30).strip()),
    ("T", PARTNER, "Plain  ASCII\tsubject\r\nthat folds " * 4,
     f"[{PARTNER}] " + " ".join(("Plain ASCII subject that folds " * 4).split())),
])
@pytest.mark.parametrize("to", ["ann@example.org", "Jürgen <ü@bücher.example>"])  # ASCII, and SMTPUTF8
def test_subject_reads_back_as_typed(tmp_path, monkeypatch, smtp_server, title, marking, subject, expected, to):
    """No text in a title, marking or --subject becomes another header or a body; it reads back literally."""
    handler, port = smtp_server
    src = tiny(tmp_path, f"title: {json.dumps(title)}\nmarking: {json.dumps(marking)}\n")
    args = ["--subject", subject] if subject is not None else []
    status, err = mail_in_process(tmp_path, monkeypatch, str(src), "--to", to, *args, "--eml", "m.eml",
                                  "--smtp", f"127.0.0.1:{port}")
    assert status == 0, err
    mailbox = parse_address(to)
    (env,) = handler.envelopes
    assert env.rcpt_tos == [mailbox[1]]
    for data in ((tmp_path / "m.eml").read_bytes(), env.content):
        assert_headers_as_typed(data, expected, {"From": [("", "briefing@localhost")], "To": [mailbox]},
                                marking=marking)


@pytest.mark.parametrize("option", ["--to", "--cc", "--from"])
@pytest.mark.parametrize(("raw", "problem"), [
    ("Ann\u2028Bcc: x@evil.org <a@b.c>", "the line separator U+2028"),
    ("Ann\u2029 <a@b.c>", "the paragraph separator U+2029"),
    ('"Ann \u202egnp.exe" <a@b.c>', "the bidi control U+202E"),
    ("Ann\u202a <a@b.c>", "the bidi control U+202A"),
    ("Ann\x85Smith <a@b.c>", "the control character U+0085"),
])
def test_display_name_no_header_may_hold_is_a_usage_error(tmp_path, monkeypatch, option, raw, problem):
    """Refused before anything is built: no PDF, no message."""
    args = ["--to", "a@b.c"] if option != "--to" else []
    status, err = mail_in_process(tmp_path, monkeypatch, str(tiny(tmp_path)), *args, option, raw, "--eml", "m.eml")
    assert status == 2, err
    (line,) = [line for line in err.splitlines() if line.startswith("Error:")]
    assert f"'{option}'" in line and "invalid email address" in line and problem in line
    assert not {"\u2028", "\u2029", "\u202e", "\u202a", "\x85"} & set(err)
    assert "Traceback" not in err and "internal error" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.yaml"]  # no out/, no m.eml


@pytest.mark.parametrize(("raw", "name"), [
    (f'"{INJECTED}" <a@b.c>', INJECTED),
    (f'"{RLO_WORD} Ann" <a@b.c>', f"{RLO_WORD} Ann"),
    ("=?utf-8?q?Ann=0D=0A?=  Smith <a@b.c>", "=?utf-8?q?Ann=0D=0A?= Smith"),
    ('"Smith, Ann \\"the\\" (boss)" <a@b.c>', 'Smith, Ann "the" (boss)'),
    ("Jürgen Müller-Lüdenscheidt von und zu Ünterwössen-Überlingen am See <a@b.c>",
     "Jürgen Müller-Lüdenscheidt von und zu Ünterwössen-Überlingen am See"),
    ('"x@y: <z@evil.org>, ' + "w" * 80 + '" <a@b.c>', "x@y: <z@evil.org>, " + "w" * 80),
])
def test_display_names_read_back_as_typed(tmp_path, monkeypatch, smtp_server, raw, name):
    """--to, --cc and --from display names, encoded-words included, are written to read back literally."""
    handler, port = smtp_server
    status, err = mail_in_process(tmp_path, monkeypatch, str(tiny(tmp_path)), "--to", raw, "--to", "Bob <b@c.d>",
                                  "--cc", raw.replace("a@b.c", "c@d.e"), "--from", raw.replace("a@b.c", "me@d.e"),
                                  "--eml", "m.eml", "--smtp", f"127.0.0.1:{port}")
    assert status == 0, err
    (env,) = handler.envelopes
    assert env.rcpt_tos == ["a@b.c", "b@c.d", "c@d.e"] and env.mail_from == "me@d.e"
    for data in ((tmp_path / "m.eml").read_bytes(), env.content):
        assert_headers_as_typed(data, f"[{PARTNER}] A Small Briefing",
                                {"From": [(name, "me@d.e")], "To": [(name, "a@b.c"), ("Bob", "b@c.d")],
                                 "Cc": [(name, "c@d.e")]}, max_line=998)


def _encoded(text: str) -> str:
    from email.header import Header

    return Header(text, "utf-8").encode(linesep=" ")


_PIECES = ["=?", "?=", "=?utf-8?q?", "=?utf-8?b?", "=0D=0A", "\r\n", "\n", " ", "  ", "\t", "\u2028", "\u202e",
           "\u2067", "\x85", "\x00", "Reply-To: x@y.z", "Bcc:", "<h1>", '"', "\\", ",", "ü", "€", "😀", "a" * 90]
_HOSTILE = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=30).map("".join),
    st.text(max_size=120).map(_encoded),  # an encoded-word of anything, CR LF and overrides included
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_HOSTILE, marking=_HOSTILE, subject=st.none() | _HOSTILE, name=_HOSTILE, utf8=st.booleans())
def test_headers_read_back_as_typed_property(title, marking, subject, name, utf8):
    """Whatever the title, marking, subject or display name: the headers are the message's own, the
    subject reads back as the cleaned typed text and a display name as typed, or it is refused."""
    from briefing.mail import Recipients, as_bytes, compose, header_problem, header_text, subject_line
    from briefing.model import Briefing

    raw = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '" <a@b.c>'
    try:
        mailbox = parse_address(raw)
    except ValueError:
        assert header_problem(name, "it") or len(" ".join(name.split(" "))) > 150 or not name.strip()
        mailbox = ("", "a@b.c")
    else:
        assert mailbox[0] == " ".join(w for w in name.strip().split(" ") if w)
    b = Briefing(title=title or "t", marking=marking, slug="s")
    to = ("Jü", "ü@b.c") if utf8 else ("Jo", "j@b.c")
    msg = compose(b, b"%PDF-1.7", Recipients((mailbox, to)), sender=mailbox, subject=subject)
    data = as_bytes(msg, linesep="\r\n")
    head = data.split(b"\r\n\r\n", 1)[0]
    assert head.isascii() != utf8
    typed = subject_line(b, subject)
    assert typed == header_text(typed) and header_problem(typed, "it") is None
    # (headers only: the body is no part of this)
    from_bytes = email.parser.BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
    back = utf8_headers(data, headersonly=True)
    for m in (from_bytes, back):
        assert list(m.keys()) == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]
        assert m["Subject"] == typed
    assert [(a.display_name, a.addr_spec) for a in back["To"].addresses] == [mailbox, to]
    assert [(a.display_name, a.addr_spec) for a in back["From"].addresses] == [mailbox]
    lines = head.split(b"\r\n")
    assert all(len(line) <= 998 for line in lines)
    subject = lines.index(next(line for line in lines if line.startswith(b"Subject:")))
    assert all(len(line) <= 78 for line in lines[subject:])


def test_the_mail_speaks_with_the_styles_words_and_digits_as_the_pdf_does(tmp_path, monkeypatch):
    """A style's house labels and numerals are the PDF's; the mail's subject and body use them too (the
    briefing's own words still over them)."""
    import shutil

    from briefing import theme

    styles = tmp_path / "styles"
    styles.mkdir()
    shutil.copy(Path(theme.styles_dir()) / "default.yaml", styles / "default.yaml")
    (styles / "house.yaml").write_text("parent: default\nnumerals: latin\n"
                                       "labels: {mail_key_points: 'Our points:', mail_attached: 'Read {filename}.'}\n",
                                       "utf-8")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(styles))
    theme.load_theme.cache_clear()
    try:
        src = tmp_path / "b.yaml"
        src.write_text("title: T\nlanguage: fa-AF\ndate: 2024-03-05\nsummary: [Point.]\n"
                       "labels: {mail_attached: 'Own {filename}.'}\n", "utf-8")
        r = run_cli("mail", str(src), "--to", "a@b.c", "--style", "house", "--eml", "m.eml", cwd=tmp_path)
        assert r.returncode == 0, r.stderr.decode()
        body = body_of(read_eml(tmp_path / "m.eml"))
        assert "Our points:" in body and "Own b.pdf." in body and "Read" not in body
        assert "2024" in body and "۲۰۲۴" not in body  # the style's Latin digits, as in its PDF
    finally:
        theme.load_theme.cache_clear()
