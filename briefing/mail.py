"""Email: a built briefing as a standard MIME message, written to a file or sent by SMTP.

In: the Briefing, the PDF bytes and parsed addresses. Out: an EmailMessage
with a plain-text body (marking, title, date, publisher, authors, an optional
cover note, key points) and the PDF attached as `<slug>.pdf`. Sending has one
deadline for the whole exchange and a bound on what the server may send;
every failure becomes MailError with a one-line message that never holds
anything derived from the password.

smtplib and ssl are imported only when a message is sent.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate, make_msgid

from . import labels
from .editions import Changes, counts, since, top_text
from .files import NotRegular, TooLarge, read_regular
from .labels import as_of_text
from .model import BIDI_CONTROLS, Briefing
from .richtext import plain, smart

DEFAULT_FROM = "briefing@localhost"
DEFAULT_TIMEOUT = 20.0
TLS_MODES = (None, "starttls", "ssl")

# What a server may send before it is given up on. RFC 5321 allows reply
# lines of 512 octets; EHLO replies run to a few dozen lines.
MAX_REPLY_LINE = 8192
MAX_REPLY_LINES = 100
MAX_REPLY_BYTES = 64 * 1024

Address = tuple[str, str]  # (display name, addr-spec)


class MailError(Exception):
    """A failure to send, with a message fit for one line on stderr."""


# --- text that goes into headers and file names ---------------------------------------------------------------

# What no header may hold: C0 and C1 controls and DEL, the line and paragraph separators,
# bidi overrides and embeddings (U+202A-202E; isolates, U+2066-2069, stay), and lone
# surrogates (bytes that were not UTF-8).
_NOT_IN_HEADER = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\ud800-\udfff]")


def header_problem(text: str, what: str) -> str | None:
    """Why `text` may not go into a header as it is (see _NOT_IN_HEADER), or None. The one rule for headers."""
    m = _NOT_IN_HEADER.search(text)
    if m is None:
        return None
    c = m.group()
    if "\ud800" <= c <= "\udfff":
        return f"{what} is not valid UTF-8"
    if c in BIDI_CONTROLS:
        return f"{what} contains the bidi control U+{ord(c):04X}"
    if c in "\u2028\u2029":
        return f"{what} contains the {'line' if c == chr(0x2028) else 'paragraph'} separator U+{ord(c):04X}"
    return f"{what} contains the control character U+{ord(c):04X}"


def header_text(text: str) -> str:
    """`text` fit for a header: one line, single spaces; what header_problem refuses is dropped (bidi
    overrides and embeddings) or made a space."""
    return " ".join(_NOT_IN_HEADER.sub(lambda m: "" if m.group() in BIDI_CONTROLS else " ", text).split())


MAX_LINE = 78  # RFC 5322's recommended limit for a header line
_WORD_CHARS = MAX_LINE - len("Subject: ")  # a word or encoded-word that fits on a line after the name
MAX_DISPLAY_NAME = 150  # characters: as one encoded-word, at most 812, within a line's 998


def _encoded_word(data: bytes) -> str:
    """UTF-8 bytes as one RFC 2047 encoded-word, Q or B, whichever is shorter; its Q encoding keeps only
    what a display name may hold (RFC 2047, 5 (3))."""
    import base64

    q = "".join(chr(c) if chr(c).isalnum() and c < 128 or c in b"!*+-/" else "_" if c == 32 else f"={c:02X}"
                for c in data)
    b = base64.b64encode(data).decode("ascii")
    return f"=?utf-8?q?{q}?=" if len(q) <= len(b) else f"=?utf-8?b?{b}?="


def _encoded_words(text: str, split: bool = True) -> list[str]:
    """`text` as RFC 2047 encoded-words (whole characters in each), which a reader joins back into exactly
    `text` in unstructured text such as a subject, where the space between two encoded-words is not part
    of the text. Without `split`, one encoded-word, however long."""
    words: list[bytes] = []
    chunk = b""
    for c in text:
        b = c.encode("utf-8")
        if split and chunk and len(_encoded_word(chunk + b)) > _WORD_CHARS:
            words.append(chunk)
            chunk = b""
        chunk += b
    words.append(chunk)
    return list(map(_encoded_word, words))


def _literal(text: str) -> bool:
    """Whether a reader takes `text` as written: printable ASCII with no encoded-word to decode (`=?`)."""
    return text.isascii() and text.isprintable() and "=?" not in text


def _plain(text: str) -> bool:
    """Whether `text` can be written as it is in an unstructured header: literal, single spaces, and no
    word too long for a header line."""
    return (_literal(text) and "  " not in text and text == text.strip()
            and all(len(w) <= _WORD_CHARS for w in text.split(" ")))


def _fold(name: str, atoms: list[str], linesep: str) -> str:
    """`Name: atom atom ...`, a new line (starting with a space) wherever the next atom would pass MAX_LINE."""
    lines = [f"{name}:"]
    for atom in atoms:
        if len(lines[-1]) + 1 + len(atom) > MAX_LINE and lines[-1] != f"{name}:":
            lines.append("")
        lines[-1] += " " + atom
    return linesep.join(lines) + linesep


class _Header(str):
    """A header value that Python's email writes by this class's own rule, never decoding or re-encoding it.

    EmailPolicy stores a value whose `name` is the header's as it is, and folds
    it by calling its `fold`. Python's own folder would parse the text as a header
    first, and so decode any encoded-word in it: `=?utf-8?q?a=0D=0AReply-To...?=`
    in a title would become a real line break, and with it a header of the
    title's choosing.
    """

    name: str

    def __new__(cls, name: str, text: str):
        problem = header_problem(text, f"the {name} header")
        if problem:
            raise ValueError(problem)
        self = super().__new__(cls, text)
        self.name = name
        return self

    def atoms(self) -> list[str]:
        """The words of the value, each kept on one line."""
        text = str(self)
        return text.split(" ") if _plain(text) else _encoded_words(text)

    def fold(self, *, policy) -> str:
        return _fold(self.name, self.atoms(), policy.linesep)


class _AddressHeader(_Header):
    """From, To or Cc: each mailbox's display name written so that it reads back exactly as given."""

    mailboxes: tuple[Address, ...]

    def __new__(cls, name: str, mailboxes: tuple[Address, ...]):
        self = super().__new__(cls, name, ", ".join(map(_shown_address, mailboxes)))
        self.mailboxes = mailboxes
        return self

    def atoms(self) -> list[str]:
        atoms: list[str] = []
        for i, (display, addr) in enumerate(self.mailboxes):
            comma = "," if i < len(self.mailboxes) - 1 else ""
            if not display:
                atoms.append(addr + comma)
                continue
            if _literal(display):  # a quoted-string, folded at its spaces
                atoms += ('"' + display.replace("\\", "\\\\").replace('"', '\\"') + '"').split(" ")
            else:
                # one encoded-word: between two, a reader may keep the space or drop it (Python's
                # keeps it in a display name, RFC 2047 drops it), and the name would not read back
                atoms += _encoded_words(display, split=False)
            atoms.append(f"<{addr}>{comma}")
        return atoms


def _shown_address(a: Address) -> str:
    name, addr = a
    return f"{name} <{addr}>" if name else addr


def attachment_name(slug: str) -> str:
    """The PDF's file name in the message: the slug made safe for any mail program and file system."""
    name = re.sub(r'[/\\:*?"<>|]', "-", header_text(slug)).strip(". ")
    return f"{name[:100] or 'briefing'}.pdf"


_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # any space but the no-break ones typography adds


def _one_line(text: str) -> str:
    return _BREAKING_SPACE.sub(" ", text).strip(" ")


def _printable(text: str) -> str:
    """A server's words made safe for a terminal: no escapes or other controls."""
    return _one_line("".join(c if c.isprintable() else " " for c in text))


# --- addresses ----------------------------------------------------------------------------------------------

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]|[^\x00-\x7f]"
_LOCAL = re.compile(rf"(?:{_ATEXT})+(?:\.(?:{_ATEXT})+)*")
_LABEL = r"[^\W_]+(?:-+[^\W_]+)*"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")


def parse_address(raw: str) -> Address:
    """`raw` (`a@b.c`, `Name <a@b.c>` or `"Name" <a@b.c>`) as (display name, address); ValueError says why not.

    Exactly one mailbox: what is printed, written in the header and sent to is
    this address and nothing else. The display name is written to read back as
    given (an encoded-word in it, `=?...?=`, stays those characters), its runs
    of spaces made one; text no header may hold (header_problem) is refused.
    """
    bad = header_problem(raw, "it")
    if bad:
        raise ValueError(bad)
    text = raw.strip()
    name, addr = "", text
    if text.endswith(">") and "<" in text:
        cut = text.rindex("<")
        name, addr = text[:cut].strip(), text[cut + 1:-1].strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = re.sub(r"\\(.)", r"\1", name[1:-1])
        elif any(c in name for c in ',;<>"'):
            raise ValueError('put a display name holding , ; < > or " in double quotes')
        # what a reader makes of an encoded name: runs of spaces one, no blank (U+00A0 too) at either end
        name = " ".join(w for w in name.strip().split(" ") if w)
        if len(name) > MAX_DISPLAY_NAME:
            raise ValueError(f"the name is longer than {MAX_DISPLAY_NAME} characters")
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain:
        raise ValueError("expected name@domain")
    if any(c.isspace() for c in addr):
        raise ValueError("an address has no spaces")
    if any(unicodedata.category(c)[0] in "CZ" for c in addr):
        raise ValueError("the address contains an invisible character")
    if not _LOCAL.fullmatch(local) or len(local) > 64:
        raise ValueError(f"{local!r} is not a valid name before the @")
    if not _DOMAIN.fullmatch(domain) or len(addr) > 254:
        raise ValueError(f"{domain!r} is not a valid domain")
    return name, addr


def needs_smtputf8(addrs: list[str]) -> bool:
    """Whether any address is non-ASCII (RFC 6531: only a server offering SMTPUTF8 takes it)."""
    return not all(a.isascii() for a in addrs)


# --- the message --------------------------------------------------------------------------------------------

def subject_line(b: Briefing, subject: str | None = None, updated: bool = False,
                 words: labels.Labels | None = None) -> str:
    """`[MARKING] Title` (or the given subject after the marking), safe for a header; `(updated)` after it
    when the briefing is compared with its previous edition. `words`: the PDF's (`labels.of` with its
    style's numerals and house words), else the briefing's own."""
    text = header_text(subject if subject is not None else b.title)
    if updated:
        text = f"{text} {(words or labels.of(b)).word('mail_updated')}"
    mark = header_text(b.marking or "")
    if mark and not text.startswith(f"[{mark}]"):
        text = f"[{mark}] {text}".strip()
    return text


def body_text(b: Briefing, filename: str, note: str | None = None, changes: Changes | None = None,
              words: labels.Labels | None = None) -> str:
    """The plain-text body: marking, title, the facts under it, the cover note, key points, what changed
    since the previous edition (the changes that matter most, as on page 1), marking again.

    The briefing's text is typeset as the PDF prints it (`smart`: quotes, apostrophes, dashes) and the
    facts use the PDF's own words (`words`, as for `subject_line`); the cover note is the sender's and
    stays as typed.
    """
    lines: list[str] = []
    if b.marking:
        lines += [_one_line(b.marking), ""]
    lines.append(_printed(b.title, b.language))
    if b.subtitle:
        lines.append(_printed(b.subtitle, b.language))
    w = words or labels.of(b)  # (the briefing's numerals, calendar and own words, over its style's)
    facts = []
    if b.date:
        facts.append(w.word("mail_date", date=w.date(b.date, long=True, space=" ")))
    if b.as_of:
        facts.append(as_of_text(w, b.as_of, space=" "))
    if b.publisher:
        facts.append(w.word("mail_publisher", name=_printed(b.publisher, b.language)))
    if b.authors:
        facts.append(w.word("mail_author" if len(b.authors) == 1 else "mail_authors",
                            names=", ".join(_printed(a, b.language) for a in b.authors)))
    if facts:
        lines += ["", *facts]
    if note and note.strip():
        lines += ["", note.strip("\n")]
    if b.summary:
        lines += ["", w.word("mail_key_points"), ""]
        lines += [f"- {_one_line(plain(point))}" for point in b.summary]  # (rich text is typeset when parsed)
    if changes is not None:
        lines += ["", w.word("mail_changes", since=since(changes, w, " ")), ""]
        if not changes.changes:
            lines.append(w.word("no_changes", since=since(changes, w, " ")))
        else:
            lines.append(counts(changes, w))
            top = changes.top()
            lines += [f"- {_one_line(top_text(c, w, ' '))}" for c in top]
            if len(changes.changes) > len(top):
                lines.append(w.word("changes_more", count=len(changes.changes) - len(top)))
    lines += ["", w.word("mail_attached", filename=filename)]
    if b.marking:
        lines += ["", _one_line(b.marking)]
    return "\n".join(lines) + "\n"


def _printed(text: str, lang: str) -> str:
    """Plain text of the briefing as the PDF prints it (in its language), on one line."""
    return _one_line(smart(text, lang))


MAX_NOTE_BYTES = 100_000


def cover_note(note: str | None, note_file: str | None) -> str | None:
    """The cover note of --note TEXT or --note-file PATH: UTF-8 text, no control characters but tabs.

    ValueError says what is wrong, naming the option.
    """
    if note is not None and note_file is not None:
        raise ValueError("give --note or --note-file, not both")
    option = "--note"
    if note_file is not None:
        option = "--note-file"
        try:
            data = read_regular(note_file, MAX_NOTE_BYTES)
        except NotRegular:
            raise ValueError(f"{option}: {note_file!r} is not a regular file") from None
        except TooLarge:
            raise ValueError(f"{option}: {note_file!r} is over {MAX_NOTE_BYTES // 1000} KB") from None
        except OSError as e:
            raise ValueError(f"{option}: cannot read {note_file!r}: {e.strerror or e}") from None
        try:
            note = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ValueError(f"{option}: {note_file!r} is not UTF-8 text (byte {e.start + 1})") from None
    if note is None:
        return None
    if any("\ud800" <= c <= "\udfff" for c in note):
        raise ValueError(f"{option}: not valid UTF-8 text")
    note = note.replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(note.split("\n"), 1):
        for c in line:
            if c != "\t" and unicodedata.category(c) == "Cc":
                raise ValueError(f"{option}: line {number} contains the control character U+{ord(c):04X}")
    return note


@dataclass(frozen=True)
class Recipients:
    """Who gets the message. Bcc addresses are sent to but never written in the message."""

    to: tuple[Address, ...]
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()

    def envelope(self) -> list[str]:
        """Every address the message goes to, each once, in the order given (To, Cc, Bcc)."""
        return list(dict.fromkeys(a for _, a in (*self.to, *self.cc, *self.bcc)))

    def described(self) -> str:
        """What was sent to, for the user: `a@b.c, d@e.f; cc g@h.i; bcc j@k.l`."""
        seen: set[str] = set()
        parts = []
        for label, group in (("", self.to), ("cc ", self.cc), ("bcc ", self.bcc)):
            addrs = [a for _, a in group if a not in seen]
            seen.update(addrs)
            if addrs:
                parts.append(label + ", ".join(addrs))
        return "; ".join(parts)


def compose(b: Briefing, pdf_bytes: bytes, recipients: Recipients, sender: Address = ("", DEFAULT_FROM),
            subject: str | None = None, note: str | None = None, changes: Changes | None = None,
            words: labels.Labels | None = None) -> EmailMessage:
    """The message: From/To/Cc/Subject/Date/Message-ID, a text body and the PDF attached (no Bcc header);
    `words`: the PDF's (see `subject_line`)."""
    filename = attachment_name(b.slug)
    msg = EmailMessage()
    for name, group in (("From", (sender,)), ("To", recipients.to), ("Cc", recipients.cc)):
        if group:
            header = _AddressHeader(name, tuple(group))
            # the header must name exactly the mailboxes the message is sent to, as given
            back = _policy(msg).header_factory(name, " ".join(header.atoms()))
            if [(a.display_name, a.addr_spec) for a in back.addresses] != list(group):
                raise ValueError(f"the {name} header does not read back as written")
            msg[name] = header
    msg["Subject"] = _Header("Subject", subject_line(b, subject, changes is not None, words))
    msg["Date"] = formatdate(localtime=True)
    domain = sender[1].rpartition("@")[2]
    msg["Message-ID"] = make_msgid(domain=domain if domain.isascii() else "localhost")
    msg.set_content(body_text(b, filename, note, changes, words))
    msg.add_attachment(pdf_bytes, maintype="application", subtype="pdf", filename=filename)
    return msg


def as_bytes(msg: EmailMessage, linesep: str = "\n") -> bytes:
    """The message as bytes; with non-ASCII addresses, as UTF-8 headers (RFC 6532), the only way to write them."""
    addrs = [a for h in ("From", "To", "Cc") for _, a in getattr(msg[h], "mailboxes", ())]
    return msg.as_bytes(policy=_policy(msg).clone(linesep=linesep, utf8=needs_smtputf8(addrs)))


def _policy(msg: EmailMessage) -> EmailPolicy:
    """The message's policy: an `EmailMessage`'s is the email policy, which knows header objects and UTF-8."""
    policy = msg.policy
    assert isinstance(policy, EmailPolicy)
    return policy


# --- SMTP ---------------------------------------------------------------------------------------------------

class _GiveUp(Exception):
    """The exchange is abandoned; the message says why, whole."""


@dataclass
class _Exchange:
    """One SMTP exchange: its deadline, what it is waiting for, and the secrets no message may show."""

    where: str
    timeout: float
    deadline: float
    phase: str = "connect"  # "connect", "TLS", "greeting", "message" or a command verb
    got: int = 0  # bytes of the reply being read
    secrets: list[str] = field(default_factory=list)

    def left(self, reading: bool = True) -> float:
        """Seconds left before the deadline; raises _GiveUp when none are."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.late(reading)
        return left

    def late(self, reading: bool = True) -> _GiveUp:
        """The message for running out of time in the current phase."""
        limit = f"within {self.timeout:g} s (--timeout)"
        if self.phase == "connect":
            return _GiveUp(f"cannot reach the mail server {self.where}: no connection {limit}")
        if self.phase == "TLS":
            return _GiveUp(f"TLS with the mail server {self.where} was not set up {limit}")
        what = {"greeting": "greeting", "message": "confirmation of the message"}.get(
            self.phase, f"answer to {self.phase}")
        if not reading:
            what = "the message" if self.phase == "message" else f"the {self.phase} command"
            return _GiveUp(f"the mail server {self.where} did not take {what} {limit}")
        if self.got:
            return _GiveUp(f"the mail server {self.where} was still sending its {what} after {self.timeout:g} s "
                           f"({self.got} bytes so far; --timeout)")
        return _GiveUp(f"the mail server {self.where} sent no {what} {limit}")

    def oversized(self, how: str) -> _GiveUp:
        what = "greeting" if self.phase == "greeting" else f"answer to {self.phase}"
        return _GiveUp(f"the mail server {self.where} sent a {what} {how}; giving up")

    def redact(self, text: str) -> str:
        """`text` without any secret in it (a server may echo what it was sent)."""
        for s in sorted(self.secrets, key=len, reverse=True):
            if len(s) >= 4:
                text = text.replace(s, "[hidden]")
        return text


def _within(seconds: float, fn, *args):
    """`fn(*args)` if it returns within `seconds`, else TimeoutError; a resolver obeys no socket timeout."""
    import threading

    result: dict[str, object] = {}
    failed: list[Exception] = []

    def run() -> None:
        try:
            result["ok"] = fn(*args)
        except Exception as e:  # noqa: BLE001 - raised again in the caller's thread
            failed.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(max(seconds, 0))
    if t.is_alive():
        raise TimeoutError
    if failed:
        raise failed[0]
    return result["ok"]


def _ehlo_name(sock, seconds: float) -> str:
    """This host's name for EHLO, or its address literal (RFC 5321) when the name is not known in `seconds`."""
    import socket

    try:
        name = _within(seconds, socket.getfqdn)
    except (TimeoutError, OSError):
        name = ""
    if "." in name and name.isascii():
        return name
    ip = sock.getsockname()[0]
    return f"[IPv6:{ip}]" if ":" in ip else f"[{ip}]"


def _connect(ex: _Exchange, host: str, port: int, tls_mode: str | None, context):
    """An smtplib client held to the exchange's deadline and reply limits, connected and greeted."""
    import base64
    import hmac
    import smtplib
    import socket

    class TimedContext:
        """Gives the TLS handshake what is left of the deadline."""

        def wrap_socket(self, sock, server_hostname=None):
            ex.phase = "TLS"
            sock.settimeout(ex.left())
            try:
                wrapped = context.wrap_socket(sock, server_hostname=server_hostname)
            except TimeoutError:
                raise ex.late() from None
            ex.phase = "greeting"
            return wrapped

    class Client(smtplib.SMTP):
        """smtplib, but every read and write is held to one deadline and a reply is bounded in size.

        smtplib's own limits are per socket operation and per line: a server
        trickling bytes, or sending continuation lines forever, outlasts and
        outgrows them.
        """

        _inbuf = b""
        _in_cmd = False
        _in_auth = False
        _host: str  # smtplib's own attribute, which its type stubs leave out (set in _connect)

        def _get_socket(self, host, port, timeout):
            ex.phase = "connect"
            error: OSError | None = None
            try:
                addresses = _within(ex.deadline - time.monotonic(), socket.getaddrinfo, host, port, 0,
                                    socket.SOCK_STREAM)
            except TimeoutError:
                raise _GiveUp(f"cannot reach the mail server {ex.where}: looking up {host} took longer than "
                              f"{ex.timeout:g} s (--timeout)") from None
            except UnicodeError:
                raise _GiveUp(f"cannot reach the mail server {ex.where}: not a valid host name") from None
            for family, kind, proto, _, addr in addresses:
                sock = socket.socket(family, kind, proto)
                try:
                    sock.settimeout(ex.left())
                    sock.connect(addr)
                except TimeoutError:
                    sock.close()
                    raise ex.late() from None
                except OSError as e:
                    sock.close()
                    error = e
                    continue
                ex.phase = "greeting"
                return sock
            raise error or OSError(f"no address for {host}")

        def _readline(self) -> bytes:
            while True:
                end = self._inbuf.find(b"\n")
                if end >= 0:
                    line, self._inbuf = self._inbuf[:end + 1], self._inbuf[end + 1:]
                    if len(line) > MAX_REPLY_LINE:
                        break
                    return line
                if len(self._inbuf) > MAX_REPLY_LINE:
                    break
                if self.sock is None:
                    raise smtplib.SMTPServerDisconnected("please run connect() first")
                try:
                    self.sock.settimeout(ex.left())
                    data = self.sock.recv(4096)
                except TimeoutError:
                    self.close()
                    raise ex.late() from None
                except _GiveUp:
                    self.close()
                    raise
                except OSError as e:
                    self.close()
                    raise smtplib.SMTPServerDisconnected(f"Connection unexpectedly closed: {e}") from None
                if not data:
                    self.close()
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
                self._inbuf += data
                ex.got += len(data)
            self.close()
            raise ex.oversized(f"with a line longer than {MAX_REPLY_LINE // 1024} KB")

        def getreply(self):
            lines: list[bytes] = []
            size = 0
            ex.got = 0
            while True:
                line = self._readline()
                size += len(line)
                if len(lines) >= MAX_REPLY_LINES or size > MAX_REPLY_BYTES:
                    self.close()
                    raise ex.oversized(f"of more than {MAX_REPLY_LINES} lines or {MAX_REPLY_BYTES // 1024} KB")
                lines.append(line[4:].strip(b" \t\r\n"))
                try:
                    code = int(line[:3])
                except ValueError:  # not a reply: the whole line is what the server said
                    code = -1
                    lines[-1] = line.strip(b" \t\r\n")
                    break
                if line[3:4] != b"-":
                    break
            return code, b"\n".join(lines)

        def putcmd(self, cmd, args=""):
            # a login response is sent as a "command": never name it, it is the secret
            ex.phase = "AUTH" if self._in_auth else cmd.split(" ", 1)[0].upper()
            self._in_cmd = True
            try:
                super().putcmd(cmd, args)
            finally:
                self._in_cmd = False

        def send(self, s):
            if not self._in_cmd:
                ex.phase = "message"
            if isinstance(s, str):
                s = s.encode(self.command_encoding)
            if not self.sock:
                raise smtplib.SMTPServerDisconnected("please run connect() first")
            view = memoryview(s)
            try:
                # chunks, so that a TLS socket (whose sendall has no overall timeout) keeps to the deadline
                for start in range(0, len(view), 16384):
                    self.sock.settimeout(ex.left(reading=False))
                    self.sock.sendall(view[start:start + 16384])
            except TimeoutError:
                self.close()
                raise ex.late(reading=False) from None
            except _GiveUp:
                self.close()
                raise
            except OSError:
                self.close()
                raise smtplib.SMTPServerDisconnected("Server not connected") from None

        def starttls(self, *args, **kwargs):
            reply = super().starttls(context=TimedContext())  # type: ignore[call-overload]  # uses only wrap_socket
            self._inbuf = b""  # bytes sent before the handshake are not to be trusted (RFC 3207)
            return reply

        def auth(self, mechanism, authobject, *, initial_response_ok=True):
            # smtplib's, but in UTF-8 (RFC 4954) where it insists on ASCII, never
            # naming a response in a message, and remembering every response so
            # that no reply can echo one back
            def encoded(answer: str) -> str:
                response = base64.b64encode(answer.encode("utf-8")).decode("ascii")
                ex.secrets.append(response)
                return response

            self._in_auth = True
            try:
                mechanism = mechanism.upper()
                first = authobject() if initial_response_ok else None
                if first is not None:
                    code, resp = self.docmd("AUTH", f"{mechanism} {encoded(first)}")
                    self._auth_challenge_count = 1
                else:
                    code, resp = self.docmd("AUTH", mechanism)
                    self._auth_challenge_count = 0
                while code == 334:
                    self._auth_challenge_count += 1
                    if self._auth_challenge_count > 5:
                        raise smtplib.SMTPException("the server keeps asking for more login data")
                    try:
                        challenge = base64.b64decode(resp)
                    except ValueError:
                        raise smtplib.SMTPException("the server sent a malformed login challenge") from None
                    code, resp = self.docmd(encoded(authobject(challenge)))
            finally:
                self._in_auth = False
            if code in (235, 503):
                return code, resp
            raise smtplib.SMTPAuthenticationError(code, resp)

        def auth_cram_md5(self, challenge=None):
            if challenge is None:
                return None
            return self.user + " " + hmac.HMAC(self.password.encode("utf-8"), challenge, "md5").hexdigest()

    if tls_mode == "ssl":
        class SslClient(smtplib.SMTP_SSL, Client):
            pass

        server: Client = SslClient(  # type: ignore[call-overload]  # smtplib uses only the context's wrap_socket
            local_hostname="localhost", context=TimedContext())
    else:
        server = Client(local_hostname="localhost")
    # connected here rather than by the constructor, which would look this host's name up with no time limit
    server._host = host  # the name TLS checks the certificate against
    code, reply = server.connect(host, port)
    if code != 220:
        server.close()
        raise smtplib.SMTPConnectError(code, reply)
    server.local_hostname = _ehlo_name(server.sock, min(2.0, ex.deadline - time.monotonic()))
    return server


def send(msg: EmailMessage, host: str, port: int, sender: str, recipients: list[str],  # noqa: PLR0912, PLR0915
         tls_mode: str | None = None, user: str | None = None, password: str | None = None,
         timeout: float = DEFAULT_TIMEOUT, insecure_login: bool = False) -> None:
    """Send `msg` from `sender` to `recipients`, all within `timeout` seconds.

    Raises MailError (one line) on any failure. A login is refused over an
    unencrypted connection unless `insecure_login`.
    """
    import smtplib
    import ssl

    where = f"{host}:{port}"
    if user and tls_mode is None and not insecure_login:
        raise MailError(f"refusing to send the password for {user!r} to {where} unencrypted: "
                        f"use --starttls or --ssl (or --insecure-login for a trusted server)")
    ex = _Exchange(where, timeout, time.monotonic() + timeout, secrets=[password] if password else [])
    international = needs_smtputf8([sender, *recipients])
    data = as_bytes(msg, linesep="\r\n")
    server = None
    done = False
    try:
        try:
            context = ssl.create_default_context() if tls_mode else None
            server = _connect(ex, host, port, tls_mode, context)
            if tls_mode == "starttls":
                server.starttls()
            if user:
                server.login(user, password or "")
            server.ehlo_or_helo_if_needed()
            options: list[str] = []
            if international:
                if not server.has_extn("smtputf8"):
                    first = next(a for a in [sender, *recipients] if not a.isascii())
                    raise MailError(f"the mail server {where} does not accept addresses such as {first} "
                                    f"(it does not offer SMTPUTF8)")
                options = ["SMTPUTF8", "BODY=8BITMIME"]
            refused = server.sendmail(sender, recipients, data, mail_options=options)
            done = True
        except _GiveUp as e:
            raise MailError(str(e)) from None
        except smtplib.SMTPAuthenticationError as e:
            raise MailError(f"the server {where} refused the login for {user!r}: {_server_says(e)}") from None
        except smtplib.SMTPRecipientsRefused as e:
            who = ", ".join(f"{a} ({c} {_printable(r.decode('utf-8', 'replace'))})"
                            for a, (c, r) in e.recipients.items())
            raise MailError(f"the server {where} refused every recipient: {who}") from None
        except smtplib.SMTPSenderRefused as e:
            hint = " (set BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD)" if e.smtp_code == 530 and not user else ""
            raise MailError(f"the server {where} refused the sender {e.sender!r}: {_server_says(e)}{hint}") from None
        except smtplib.SMTPResponseException as e:
            raise MailError(f"the server {where} said: {_server_says(e)}") from None
        except smtplib.SMTPNotSupportedError as e:
            raise MailError(f"the server {where} does not support this: {_printable(str(e))}") from None
        except smtplib.SMTPServerDisconnected as e:
            raise MailError(f"the server {where} closed the connection: {_printable(str(e)) or 'no reason given'}") \
                from None
        except smtplib.SMTPException as e:
            raise MailError(f"sending through {where} failed: {_printable(str(e))}") from None
        except ssl.SSLError as e:
            raise MailError(f"TLS with {where} failed: {_printable(e.reason or str(e))}") from None
        except UnicodeError:
            # never say where in the text: the text may be the password
            raise MailError(f"sending through {where} failed: text that SMTP cannot carry") from None
        except OSError as e:
            raise MailError(f"cannot reach the mail server {where}: {_printable(e.strerror or str(e))}") from None
    except MailError as e:
        raise MailError(ex.redact(str(e))) from None
    finally:
        if server is not None:
            _close(server, ex, polite=done)
    if refused:
        who = ", ".join(sorted(refused))
        raise MailError(f"the server {where} refused some recipients (the others were sent the message): {who}")


def _close(server, ex: _Exchange, polite: bool) -> None:
    """Say QUIT after a message was sent (briefly: it is sent whatever the answer), then hang up."""
    if polite:
        ex.deadline = min(ex.deadline, time.monotonic() + 2)
        try:
            server.quit()
        except Exception:  # noqa: BLE001 - the message is delivered; a failed goodbye changes nothing
            pass
    server.close()


def _server_says(e) -> str:
    """What the server answered: its code and words; or, when the answer was not an SMTP reply (smtplib
    then gives the code -1), what it sent, quoted."""
    text = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
    if not (isinstance(e.smtp_code, int) and 100 <= e.smtp_code <= 599):
        return _printable(f"something that is not an SMTP reply: {text.strip()[:200]!r}")
    return _printable(f"{e.smtp_code} {text}")
