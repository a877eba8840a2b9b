"""PDF text strings: the one encoder of text the document holds outside its pages.

The outline, the document information, alternative and replacement text in the
structure tree, and link descriptions are all written through `pdf_string`:
PDFDocEncoding where it can say the text, else UTF-16BE with its byte order
mark (`text`), cut to the bytes a PDF string may hold (`fit`), spelled as a
literal string (`literal`). No ReportLab here: `check` warns of values too
long (`briefing.pdf.tagpdf.long_strings`) without loading it.
"""

from __future__ import annotations

import re
from functools import cache

# Bytes of a string: ISO 32000-1's annex C, a limit PDF/A-2 makes a rule (ISO 19005-2, 6.1.13).
STRING_MAX = 32767

# PDFDocEncoding where it is not Latin-1 (ISO 32000-1, annex D): 0x18-0x1F and 0x80-0xA0.
_PDFDOC_HIGH = ("\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc"
                "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018"
                "\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e\ufffd"
                "\u20ac")
_PDFDOC = {ch: i for i, ch in enumerate(_PDFDOC_HIGH[:8], 0x18)}
_PDFDOC.update({ch: i for i, ch in enumerate(_PDFDOC_HIGH[8:], 0x80)})
del _PDFDOC["\ufffd"]  # (0x9F is undefined: readers differ; U+FFFD is written as UTF-16)
_PLAIN_TEXT = re.compile("[\x20-\x7e]*\\Z")
# What PDFDocEncoding says: the ASCII and Latin-1 it shares with Unicode (not 0x18-0x1F, 0x7F-0xA0 nor the
# soft hyphen, 0xAD), and the characters above.
_PDFDOC_TEXT = re.compile("[\x00-\x17\x20-\x7e\xa1-\xac\xae-\xff" + "".join(_PDFDOC) + "]*\\Z")
_PDFDOC_CODES = {ord(ch): i for ch, i in _PDFDOC.items()}


def text(s: str) -> bytes:
    """A text string's bytes: PDFDocEncoding when it can say `s`, else UTF-16BE after its mark.

    (Not ReportLab's encoding: it writes a soft hyphen as a byte PDFDocEncoding leaves undefined,
    and text that begins "þÿ" as bytes that read as UTF-16.)
    """
    if _PLAIN_TEXT.match(s):
        return s.encode("ascii")
    if not _PDFDOC_TEXT.match(s):
        return b"\xfe\xff" + s.encode("utf-16-be", "surrogatepass")
    out = s.translate(_PDFDOC_CODES).encode("latin-1")
    if out.startswith((b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf")):  # (would read as a byte order mark)
        return b"\xfe\xff" + s.encode("utf-16-be", "surrogatepass")
    return bytes(out)


def fit(s: str, limit: int = STRING_MAX) -> str:
    """`s` if `text` writes it in `limit` bytes, else as much of it as fits ended by an ellipsis."""
    if 4 * len(s) + 2 <= limit or len(text(s)) <= limit:  # (UTF-16 takes at most 4 bytes a character)
        return s
    lo, hi = 0, len(s)  # the longest head that fits, found by halving: `text` may change encoding on the way
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(text(s[:mid] + "\u2026")) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return s[:lo].rstrip() + "\u2026"


_PRINTABLE = re.compile(rb"[\x20-\x7e]*\Z")
_ESCAPED = {c: (b"\\" + bytes([c]) if c in b"\\()" else b"%c" % c if 0x20 <= c <= 0x7E else b"\\%03o" % c)
            for c in range(256)}


def literal(b: bytes) -> bytes:
    """A string's bytes spelled between the brackets of a literal string: a backslash and brackets
    escaped (the backslash first: it escapes the others), other bytes than printable ASCII in octal."""
    if _PRINTABLE.match(b):
        return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"".join(_ESCAPED[c] for c in b)


@cache
def _not_xml() -> re.Pattern[str]:
    """Characters XML 1.0 does not allow at all (controls but tab and line breaks, surrogates, U+FFFE and
    U+FFFF); compiled when a text first has a character that is not printable (start-up time)."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(s: str) -> str:
    """`s` without the characters XML cannot hold (each of them is one `str.isprintable` refuses)."""
    return s if s.isprintable() else _not_xml().sub("", s)


def metadata_text(s: str) -> str:
    """Text as both the document information and the XMP metadata hold it (PDF/A wants them the same):
    without the characters XML cannot hold, and cut to the bytes a PDF string may have."""
    return fit(xml_chars(s))


def pdf_string(s: str):  # -> reportlab.pdfbase.pdfdoc.PDFString
    """`s` as a PDF text string object, cut to fit: what the outline, the document information, the
    structure tree and link annotations hold. (ReportLab writes it as spelled here, and keeps the
    spelling when it copies the object, as its outline does.)"""
    from reportlab.pdfbase.pdfdoc import PDFString  # (here: `check` loads this module without ReportLab)

    return PDFString(literal(text(fit(s))), escape=0, enc="raw")
