"""Email: a built briefing as a standard MIME message, written to a file or sent by SMTP.

In: the Briefing, the PDF bytes and addresses. Out: an EmailMessage with a
plain-text body (title, subtitle, key points) and the PDF attached as
`<slug>.pdf`. Sending failures become MailError with a one-line message.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from .model import Briefing
from .richtext import plain

DEFAULT_FROM = "briefing@localhost"
TLS_MODES = (None, "starttls", "ssl")


class MailError(Exception):
    """A failure to send, with a message fit for one line on stderr."""


def parse_address(raw: str) -> tuple[str, str] | None:
    """`raw` as (display name, address), or None if it is not one plain address."""
    if any(c in raw for c in "\r\n\0,;"):
        return None
    name, addr = parseaddr(raw)
    if not addr or any(c.isspace() for c in addr) or addr.count("@") != 1:
        return None
    local, domain = addr.split("@")
    if not local or not domain:
        return None
    return name, addr


def _one_line(text: str) -> str:
    return " ".join(text.split())


def body_text(b: Briefing, filename: str) -> str:
    lines = [b.title]
    if b.subtitle:
        lines.append(b.subtitle)
    if b.summary:
        lines += ["", "Key points:", ""]
        lines += [f"- {_one_line(plain(point))}" for point in b.summary]
    lines += ["", f"The full briefing is attached as {filename}.", ""]
    return "\n".join(lines)


def compose(b: Briefing, pdf_bytes: bytes, to: list[str], sender: str = DEFAULT_FROM,
            subject: str | None = None) -> EmailMessage:
    """The message: To/From/Subject/Date/Message-ID, a text body and the PDF attached."""
    parsed = [parse_address(a) for a in [sender, *to]]
    bad = [a for a, p in zip([sender, *to], parsed, strict=True) if p is None]
    if bad:
        raise ValueError(f"invalid email address: {bad[0]!r}")
    filename = f"{b.slug}.pdf"
    msg = EmailMessage()
    msg["From"] = formataddr(parsed[0])
    msg["To"] = ", ".join(formataddr(p) for p in parsed[1:])
    msg["Subject"] = _one_line(subject if subject is not None else b.title)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=parsed[0][1].split("@")[1])
    msg.set_content(body_text(b, filename))
    msg.add_attachment(pdf_bytes, maintype="application", subtype="pdf", filename=filename)
    return msg


def _server_says(e: smtplib.SMTPResponseException) -> str:
    text = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
    return _one_line(f"{e.smtp_code} {text}")


def send(msg: EmailMessage, host: str, port: int, tls_mode: str | None = None, user: str | None = None,
         password: str | None = None, timeout: float = 30) -> None:
    """Send `msg` to its To recipients. Raises MailError (one line) on any failure."""
    where = f"{host}:{port}"
    try:
        if tls_mode == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        with server:
            if tls_mode == "starttls":
                server.starttls(context=ssl.create_default_context())
            if user:
                server.login(user, password or "")
            refused = server.send_message(msg)
    except smtplib.SMTPAuthenticationError as e:
        raise MailError(f"the server {where} refused the login for {user!r}: {_server_says(e)}") from None
    except smtplib.SMTPRecipientsRefused as e:
        who = ", ".join(f"{a} ({_one_line(str(c))} {_one_line(r.decode('utf-8', 'replace'))})"
                        for a, (c, r) in e.recipients.items())
        raise MailError(f"the server {where} refused every recipient: {who}") from None
    except smtplib.SMTPSenderRefused as e:
        hint = " (set BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD)" if e.smtp_code == 530 and not user else ""
        raise MailError(f"the server {where} refused the sender {e.sender!r}: {_server_says(e)}{hint}") from None
    except smtplib.SMTPResponseException as e:
        raise MailError(f"the server {where} said: {_server_says(e)}") from None
    except smtplib.SMTPNotSupportedError as e:
        raise MailError(f"the server {where} does not support this: {_one_line(str(e))}") from None
    except smtplib.SMTPServerDisconnected as e:
        raise MailError(f"the server {where} closed the connection: {_one_line(str(e)) or 'no reason given'}") \
            from None
    except smtplib.SMTPException as e:
        raise MailError(f"sending through {where} failed: {_one_line(str(e))}") from None
    except ssl.SSLError as e:
        raise MailError(f"TLS with {where} failed: {_one_line(e.reason or str(e))}") from None
    except TimeoutError:
        raise MailError(f"cannot reach the mail server {where}: timed out") from None
    except OSError as e:
        raise MailError(f"cannot reach the mail server {where}: {_one_line(e.strerror or str(e))}") from None
    if refused:
        who = ", ".join(sorted(refused))
        raise MailError(f"the server {where} refused some recipients (the others were sent the message): {who}")
