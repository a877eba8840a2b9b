"""`mail`: the message sent to a real SMTP server (aiosmtpd) or written as .eml, and its failures."""

from __future__ import annotations

import email
import socket
from email import policy
from email.utils import getaddresses

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import SEED, run_cli

TITLE = "The Last Holdouts: Resistance in Taliban-Controlled Afghanistan"
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
def built_pdf(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("built") / f"{SLUG}.pdf"
    r = run_cli("build", str(SEED), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return out.read_bytes()


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
    check_message(msg, to, TITLE, built_pdf)
    # the PDF is also built to out/<slug>.pdf as usual
    assert (tmp_path / "out" / f"{SLUG}.pdf").read_bytes() == built_pdf


def test_eml_file(tmp_path, built_pdf):
    eml = tmp_path / "brief.eml"
    r = run_cli("mail", str(SEED), "--to", "ann@example.org", "--subject", "Weekly brief", "--eml", str(eml),
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    with open(eml, "rb") as fh:
        msg = email.message_from_binary_file(fh, policy=policy.default)
    check_message(msg, ["ann@example.org"], "Weekly brief", built_pdf)
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
    r = run_cli("mail", str(SEED), "--to", "ann@example.org", "--smtp", f"127.0.0.1:{port}", cwd=tmp_path,
                env={"BRIEFING_SMTP_USER": "ann", "BRIEFING_SMTP_PASSWORD": "wrong"})
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
