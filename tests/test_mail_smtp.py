"""`mail --smtp` against servers that stall, trickle, flood or echo, and the rules for sending a login.

The misbehaving servers are plain sockets in a thread, each following a
script; each test gives `--timeout` a short value so that it ends quickly.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import run_cli
from test_mail import Collect, free_port, one_line_error, tiny


class Scripted:
    """A one-connection server that runs `script(conn, self)`; `stop` is set when the test ends."""

    def __init__(self, script: Callable[[socket.socket, Scripted], None]):
        self.script = script
        self.stop = threading.Event()
        self.received = bytearray()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.conn: socket.socket | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            self.conn, _ = self.listener.accept()
            self.script(self.conn, self)
        except OSError:  # the client went away (or the test ended): the script is over
            pass

    def lines(self) -> Iterator[bytes]:
        """Lines the client sends, until it hangs up."""
        buf = b""
        while True:
            data = self.conn.recv(4096)
            if not data:
                return
            self.received += data
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                yield line.rstrip(b"\r")

    def close(self) -> None:
        self.stop.set()
        for s in (self.conn, self.listener):
            if s is not None:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
        self.thread.join(timeout=30)


@pytest.fixture
def scripted():
    servers: list[Scripted] = []

    def start(script: Callable[[socket.socket, Scripted], None]) -> Scripted:
        servers.append(Scripted(script))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def mail_through(tmp_path: Path, port: int, *args: str, env: dict | None = None):
    """`mail` of a small briefing through 127.0.0.1:port; a generous deadline for the process itself."""
    return run_cli("mail", str(tiny(tmp_path)), "--to", "ann@example.org", "--smtp", f"127.0.0.1:{port}", *args,
                   cwd=tmp_path, env=env, timeout=90)


# --- one deadline, bounded replies ---------------------------------------------------------------------------

def silent(conn: socket.socket, srv: Scripted) -> None:
    for _ in srv.lines():
        pass


def trickle(conn: socket.socket, srv: Scripted) -> None:
    """A greeting that never ends, one byte at a time: each byte comes well within any per-read timeout."""
    conn.sendall(b"220 ")
    while not srv.stop.wait(0.1):
        conn.sendall(b"x")


def flood(conn: socket.socket, srv: Scripted) -> None:
    """Continuation lines of a greeting, without end."""
    line = b"220-" + b"x" * 70 + b"\r\n"
    while not srv.stop.is_set():
        conn.sendall(line * 100)


def mute_after_greeting(conn: socket.socket, srv: Scripted) -> None:
    conn.sendall(b"220 ready\r\n")
    for _ in srv.lines():
        pass


@pytest.mark.parametrize(("script", "expected"), [
    (silent, "sent no greeting within 1 s (--timeout)"),
    (trickle, "was still sending its greeting after 1 s ("),
    (flood, "sent a greeting of more than 100 lines"),
    (mute_after_greeting, "sent no answer to EHLO within 1 s (--timeout)"),
])
def test_server_that_stalls_or_floods_is_given_up(tmp_path, scripted, script, expected):
    srv = scripted(script)
    r = mail_through(tmp_path, srv.port, "--timeout", "1")
    assert r.returncode == 1
    err = one_line_error(r)
    assert f"the mail server 127.0.0.1:{srv.port} " in err
    assert expected in err


def test_timeout_given_is_the_time_waited(tmp_path, scripted):
    """A server that takes the connection and never answers is hung up on after --timeout, not the default
    20 s; timed by the server, from the connection to the hang-up, so that building the PDF does not count."""
    times: dict[str, float] = {}

    def timed_silence(conn: socket.socket, srv: Scripted) -> None:
        times["connected"] = time.monotonic()
        for _ in srv.lines():
            pass
        times["hung up"] = time.monotonic()

    srv = scripted(timed_silence)
    r = mail_through(tmp_path, srv.port, "--timeout", "1")
    assert r.returncode == 1
    assert "sent no greeting within 1 s (--timeout)" in one_line_error(r)
    srv.thread.join(timeout=10)
    assert 0.5 <= times["hung up"] - times["connected"] < 4


def test_an_answer_that_is_not_smtp_is_quoted_as_sent(tmp_path, scripted):
    def babble(conn: socket.socket, srv: Scripted) -> None:
        conn.sendall(b"hi\r\n")
        for _ in srv.lines():
            pass

    srv = scripted(babble)
    r = mail_through(tmp_path, srv.port, "--timeout", "5")
    assert r.returncode == 1
    err = one_line_error(r)
    assert f"127.0.0.1:{srv.port}" in err and "something that is not an SMTP reply: 'hi'" in err
    assert "-1" not in err


def test_timeout_is_checked(tmp_path):
    for bad in ("0", "-1", "nan", "inf"):
        r = run_cli("mail", str(tiny(tmp_path)), "--to", "a@b.c", "--smtp", "h:25", "--timeout", bad, cwd=tmp_path)
        assert r.returncode == 2, (bad, r.stderr.decode())


# --- the login -----------------------------------------------------------------------------------------------

class Logins:
    """An authenticator that records each login and accepts one user and password."""

    def __init__(self, user: str, password: str):
        self.expected = (user.encode("utf-8"), password.encode("utf-8"))
        self.seen: list[tuple[bytes, bytes]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=(auth_data.login, auth_data.password) == self.expected)


@pytest.fixture
def login_server():
    """A server that requires a login and, like many, offers it without TLS."""
    logins = Logins("ann", "pässwörd€")
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), auth_required=True,
                            auth_require_tls=False, authenticator=logins)
    controller.start()
    try:
        yield handler, logins, controller.port
    finally:
        controller.stop()


LOGIN = {"BRIEFING_SMTP_USER": "ann", "BRIEFING_SMTP_PASSWORD": "pässwörd€"}


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_no_login_over_an_unencrypted_connection(tmp_path, login_server):
    handler, logins, port = login_server
    r = mail_through(tmp_path, port, env=LOGIN)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "unencrypted" in err and "--insecure-login" in err
    assert logins.seen == [] and handler.envelopes == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_non_ascii_password_is_sent_as_utf8(tmp_path, login_server):
    handler, logins, port = login_server
    r = mail_through(tmp_path, port, "--insecure-login", env=LOGIN)
    assert r.returncode == 0, r.stderr.decode()
    assert logins.seen == [(b"ann", "pässwörd€".encode())]
    assert len(handler.envelopes) == 1


def echo_auth(conn: socket.socket, srv: Scripted) -> None:
    """A server that quotes back whatever login data it is sent when it refuses it."""
    conn.sendall(b"220 ready\r\n")
    for line in srv.lines():
        verb = line.split(b" ", 1)[0].upper()
        if verb == b"EHLO":
            conn.sendall(b"250-echo\r\n250 AUTH PLAIN LOGIN\r\n")
        elif line.upper().startswith(b"AUTH LOGIN"):
            conn.sendall(b"334 UGFzc3dvcmQ6\r\n")
        elif verb == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            return
        else:  # AUTH PLAIN <data>, or a response to a challenge
            conn.sendall(b"535 5.7.8 cannot accept " + line + b"\r\n")


@pytest.mark.parametrize("password", ["pässwörd€", "plain-ascii-secret"])
def test_password_is_never_echoed(tmp_path, scripted, password):
    srv = scripted(echo_auth)
    r = mail_through(tmp_path, srv.port, "--insecure-login",
                     env={"BRIEFING_SMTP_USER": "ann", "BRIEFING_SMTP_PASSWORD": password})
    assert r.returncode == 1
    assert "refused the login for 'ann'" in one_line_error(r)
    secret = password.encode()
    derived = {secret, base64.b64encode(secret), base64.b64encode(b"\0ann\0" + secret)}
    assert all(d in srv.received for d in derived - {secret})  # the server was sent them, and quoted them back
    out = r.stdout + r.stderr
    assert not [d for d in derived if d in out]


# --- over TLS, a login needs no flag ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (key, cert); trusted by `mail` through SSL_CERT_FILE."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                       serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "key.pem", folder / "cert.pem"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("mode", ["--starttls", "--ssl"])
def test_login_over_tls(tmp_path, certificate, mode):
    import ssl

    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = Logins("ann", "pässwörd€")
    handler = Collect()
    # aiosmtpd does not count implicit TLS as TLS, so it must be told to offer AUTH there
    tls = ({"tls_context": context, "require_starttls": True} if mode == "--starttls"
           else {"ssl_context": context, "auth_require_tls": False})
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), auth_required=True,
                            authenticator=logins, **tls)
    controller.start()
    try:
        r = run_cli("mail", str(tiny(tmp_path)), "--to", "ann@example.org", "--smtp", f"127.0.0.1:{controller.port}",
                    mode, cwd=tmp_path, env={**LOGIN, "SSL_CERT_FILE": str(cert)}, timeout=90)
    finally:
        controller.stop()
    assert r.returncode == 0, r.stderr.decode()
    assert logins.seen == [(b"ann", "pässwörd€".encode())]
    assert len(handler.envelopes) == 1


def test_password_with_invalid_bytes_is_a_usage_error(tmp_path):
    r = mail_through(tmp_path, free_port(), "--insecure-login",
                     env={"BRIEFING_SMTP_USER": "ann", "BRIEFING_SMTP_PASSWORD": "se\udcffcret-word"})
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "BRIEFING_SMTP_PASSWORD is not valid UTF-8" in err
    assert "cret" not in err and "Traceback" not in err
