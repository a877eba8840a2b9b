"""A small reader for the PDFs this program writes, and objects written back as qpdf writes them.

In: a PDF's bytes (ReportLab's output: a cross-reference table; pypdf's handouts; our own
tagged files: cross-reference streams, compressed object streams, incremental updates).
Out: its objects as Python values, and `unparse`, which writes a value in the one spelling
qpdf (and so pikepdf) gives it, so an amended object reads as it did when pikepdf wrote it.

Values: dict (keys are names with their slash, "/Type"), list, int, `Real` (its text, as
written), bytes (a string), `Name`, `Ref`, True/False, None (null).

The post-pass over a built PDF (`briefing.pdf.tagpdf`) needs to find pages, annotations and fonts
and amend a few dictionaries; doing that here rather than through pikepdf keeps pikepdf's
import (a tenth of a cold build) out of every build. Not a general PDF parser: no encryption,
no repair of broken files; a file it cannot read is a `PdfReadError`.
"""

from __future__ import annotations

import re
import zlib
from typing import Any, NamedTuple


class PdfReadError(Exception):
    """The PDF is not one this reader understands (a bug of ours: it only reads our own files)."""


class Ref(NamedTuple):
    num: int
    gen: int = 0


class Name(str):
    """A name, with its slash: "/Page"."""


class Real(str):
    """A real number, kept as written (qpdf writes it back as it was read)."""


_TOKEN_END = re.compile(rb"[ \t\n\r\f\x00()<>\[\]{}/%]")
_SKIP = re.compile(rb"(?:[ \t\n\r\f\x00]+|%[^\r\n]*)*")
_INT = re.compile(rb"[+-]?\d+\Z")
_REF = re.compile(rb"[ \t\n\r\f\x00]+(\d+)[ \t\n\r\f\x00]+R(?=[ \t\n\r\f\x00()<>\[\]{}/%]|\Z)")
_REAL = re.compile(rb"[+-]?(\d+\.\d*|\.\d+)\Z")
_NUM = rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
# An array of numbers only (a font's widths: most of what the pass reads), read in one step.
_NUMBERS = re.compile(rb"\[[ \t\n\r\f\x00]*((?:%s(?:[ \t\n\r\f\x00]+%s)*)?)[ \t\n\r\f\x00]*\]" % (_NUM, _NUM))
_OCTAL = re.compile(rb"[0-7]{1,3}")
_HEX_JUNK = re.compile(rb"[^0-9A-Fa-f]")
_OBJ = re.compile(rb"[ \t\n\r\f\x00]*\d+[ \t\n\r\f\x00]+\d+[ \t\n\r\f\x00]+obj")
_XREF_SUB = re.compile(rb"[ \t\n\r\f\x00]*(\d+)[ \t\n\r\f\x00]+(\d+)[ \t\r]*\r?\n?")
_ESC = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
        ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def parse(data: bytes, pos: int = 0) -> tuple[Any, int]:
    """The object at `pos` in `data` and the position after it."""
    pos = _SKIP.match(data, pos).end()
    if pos >= len(data):
        raise PdfReadError("unexpected end of data")
    c = data[pos]
    if c == 0x2F:  # /
        m = _TOKEN_END.search(data, pos + 1)
        end = m.start() if m else len(data)
        return Name(_name(data[pos:end])), end
    if c == 0x3C:  # <
        if data[pos + 1:pos + 2] == b"<":
            d: dict[str, Any] = {}
            pos += 2
            while True:
                pos = _SKIP.match(data, pos).end()
                if data[pos:pos + 2] == b">>":
                    return d, pos + 2
                key, pos = parse(data, pos)
                if not isinstance(key, Name):
                    raise PdfReadError(f"a dictionary key that is not a name at {pos}")
                d[key], pos = parse(data, pos)
        end = data.index(b">", pos)
        digits = _HEX_JUNK.sub(b"", data[pos + 1:end])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()), end + 1
    if c == 0x5B:  # [
        m = _NUMBERS.match(data, pos)
        if m:
            return [int(t) if _INT.match(t) else Real(t.decode()) for t in m.group(1).split()], m.end()
        a: list[Any] = []
        pos += 1
        while True:
            pos = _SKIP.match(data, pos).end()
            if data[pos:pos + 1] == b"]":
                return a, pos + 1
            v, pos = parse(data, pos)
            a.append(v)
    if c == 0x28:  # (
        return _literal(data, pos + 1)
    m = _TOKEN_END.search(data, pos)
    end = m.start() if m else len(data)
    tok = data[pos:end]
    if _INT.match(tok):
        r = _REF.match(data, end)
        if r:
            return Ref(int(tok), int(r.group(1))), r.end()
        return int(tok), end
    if tok in (b"true", b"false"):
        return tok == b"true", end
    if tok == b"null":
        return None, end
    if _REAL.match(tok):
        return Real(tok.decode()), end
    raise PdfReadError(f"unknown token {tok[:20]!r} at {pos}")


def _name(tok: bytes) -> str:
    if b"#" not in tok:
        return tok.decode("latin-1")
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), tok).decode("latin-1")


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    out, depth = bytearray(), 1
    n = len(data)
    while pos < n:
        c = data[pos]
        if c == 0x5C:  # backslash
            e = data[pos + 1]
            if e in _ESC:
                out += _ESC[e]
                pos += 2
            elif 0x30 <= e <= 0x37:
                m = _OCTAL.match(data, pos + 1)
                out.append(int(m.group(), 8) & 0xFF)
                pos = m.end()
            elif e in (0x0D, 0x0A):  # a line continued
                pos += 3 if data[pos + 1:pos + 3] == b"\r\n" else 2
            else:
                out.append(e)
                pos += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos + 1
        out.append(c)
        pos += 1
    raise PdfReadError("a string does not end")


# -- writing back, as qpdf does ----------------------------------------------------------------


def unparse(v: Any) -> str:
    """`v` as qpdf writes it: single spaces, dictionaries in key order, numbers and strings canonical."""
    if isinstance(v, Name):
        return _unparse_name(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Real):
        return str.__str__(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Ref):
        return f"{v.num} {v.gen} R"
    if isinstance(v, bytes):
        return string(v)
    if isinstance(v, dict):
        # (a null entry is no entry: qpdf leaves it out)
        return "<< " + "".join(f"{_unparse_name(k)} {unparse(v[k])} " for k in sorted(v) if v[k] is not None) + ">>"
    if isinstance(v, list):
        if all(type(x) is int for x in v):
            return "[ " + "".join(f"{x} " for x in v) + "]"
        return "[ " + "".join(unparse(x) + " " for x in v) + "]"
    if v is None:
        return "null"
    raise TypeError(f"cannot write {type(v).__name__} into a PDF")


def _unparse_name(n: str) -> str:
    if _PLAIN_NAME.match(n):
        return n
    return "/" + "".join(c if 33 <= ord(c) <= 126 and c not in "#()<>[]{}/%" else f"#{ord(c):02x}"
                         for c in n[1:])


_PLAIN_NAME = re.compile(r"/[A-Za-z0-9+.\-_]*\Z")
_PRINTABLE = re.compile(rb"[\x20-\x7e]*\Z")
_PLAIN_TEXT = re.compile("[\x20-\x7e]*\\Z")
_LITERAL_ESC = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f", 0x28: "\\(", 0x29: "\\)",
                0x5C: "\\\\"}


def string(b: bytes) -> str:
    """A string as qpdf writes it (text in latin-1, one character a byte): literal unless it holds
    control characters or more than a fifth of non-ASCII bytes, then hexadecimal."""
    if _PRINTABLE.match(b):
        return "(" + b.decode("ascii").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    non_ascii = 0
    for c in b:
        if c > 126 or 24 <= c < 32:
            non_ascii += 1
        elif c < 24 and c not in (0x0A, 0x0D, 0x09, 0x08, 0x0C):
            return "<" + b.hex() + ">"
    if 5 * non_ascii > len(b):
        return "<" + b.hex() + ">"
    return "(" + "".join(_LITERAL_ESC.get(c) or (chr(c) if 32 <= c <= 126 or c >= 160 else f"\\{c:03o}")
                         for c in b) + ")"


# PDFDocEncoding where it is not Latin-1 (PDF 32000-1, annex D): 0x18-0x1F and 0x80-0xA0.
_PDFDOC_HIGH = ("\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc"
                "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018"
                "\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e\ufffd"
                "\u20ac")
_PDFDOC = {ch: i for i, ch in enumerate(_PDFDOC_HIGH[:8], 0x18)}
_PDFDOC.update({ch: i for i, ch in enumerate(_PDFDOC_HIGH[8:], 0x80)})
# (0x9F is undefined: qpdf reads it as U+FFFD; `text` writes U+FFFD as UTF-16 instead)


def text(s: str) -> bytes:
    """A text string's bytes as pikepdf makes them: PDFDocEncoding when it can say `s`, else UTF-16BE
    (and UTF-16BE for U+FFFD, which pikepdf alone would write as the undefined 0x9F)."""
    if _PLAIN_TEXT.match(s):
        return s.encode("ascii")
    if "\ufffd" in s:  # (pikepdf writes it as 0x9F, which PDFDocEncoding leaves undefined: readers differ)
        return b"\xfe\xff" + s.encode("utf-16-be", "surrogatepass")
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if ch in _PDFDOC:
            out.append(_PDFDOC[ch])
        elif o < 0x18 or 0x20 <= o < 0x7F or 0xA0 < o <= 0xFF and o != 0xAD:
            out.append(o)
        else:
            return b"\xfe\xff" + s.encode("utf-16-be", "surrogatepass")
    if out.startswith((b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf")):  # (would read as a byte order mark)
        return b"\xfe\xff" + s.encode("utf-16-be", "surrogatepass")
    return bytes(out)


# Bytes of a string: ISO 32000-1's annex C, a limit PDF/A-2 makes a rule (ISO 19005-2, 6.1.13).
STRING_MAX = 32767


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


def decode_pdfdoc(b: bytes) -> str:
    """Bytes in PDFDocEncoding as text."""
    return "".join(_PDFDOC_BACK.get(c) or chr(c) for c in b)


def decoded(v: Any) -> str:
    """A text string's bytes as text (the inverse of `text`): UTF-16 after its mark, else PDFDocEncoding;
    anything that is not a string, empty."""
    if not isinstance(v, bytes):
        return ""
    if v.startswith(b"\xfe\xff"):
        return v[2:].decode("utf-16-be", "replace")
    return decode_pdfdoc(v)


_PDFDOC_BACK = {i: ch for ch, i in _PDFDOC.items()}


# A link annotation as ReportLab writes it (every annotation of our files): in qpdf's spelling but for
# the line breaks around its dictionaries, when its numbers are (an integer without a sign or leading
# zero, or a real as qpdf keeps it) and its string has no escapes but for ( ) \.
_QNUM = rb"(?:-?(?:\d+\.\d*|\.\d+)|0|-?[1-9]\d*)"
_RECT = (rb"/Rect \[ (" + _QNUM + rb" " + _QNUM + rb" " + _QNUM + rb" " + _QNUM
         + rb") \] /Subtype /Link /Type /Annot\n>>\nendobj")
_HEAD = rb"[ \t\n\r\f\x00]*[1-9]\d* 0 obj\n<<\n"
_LINK = re.compile(_HEAD + rb"/Border \[ 0 0 0 \] /Contents \(\) /Dest \[ ([1-9]\d* 0 R /XYZ " + _QNUM + rb" " + _QNUM
                   + rb" " + _QNUM + rb") \] " + _RECT)
_URI = re.compile(_HEAD + rb"/A <<\n/S /URI /Type /Action /URI (\((?:[\x20-\x27\x2a-\x5b\x5d-\x7e]|\\[()\\])*\))\n>> "
                  rb"/Border \[ 0 0 0 \] " + _RECT)


def _link_annotation(data: bytes, at: int) -> dict[str, str] | None:
    """The entries of the link annotation at `at`, key -> value in qpdf's spelling; None for any
    other object (or one written otherwise: it is read the careful way)."""
    m = _LINK.match(data, at)
    if m is not None:
        return {"/Border": "[ 0 0 0 ]", "/Contents": "()", "/Dest": f"[ {m.group(1).decode()} ]",
                "/Rect": f"[ {m.group(2).decode()} ]", "/Subtype": "/Link", "/Type": "/Annot"}
    m = _URI.match(data, at)
    if m is not None:
        return {"/A": f"<< /S /URI /Type /Action /URI {m.group(1).decode()} >>", "/Border": "[ 0 0 0 ]",
                "/Rect": f"[ {m.group(2).decode()} ]", "/Subtype": "/Link", "/Type": "/Annot"}
    return None


def _amend(d: dict[str, Any], changes: dict[str, Any]) -> None:
    """Set the entries of `changes` in `d`; a None removes its entry."""
    for k, v in changes.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v


# -- the file -------------------------------------------------------------------------------


class Pdf:
    """A PDF's objects, read as they are asked for."""

    def __init__(self, data: bytes):
        self.data = data
        m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
        if m is None:
            raise PdfReadError("the PDF does not end with startxref")
        self.where: dict[int, tuple[int, int]] = {}  # object -> (1, offset) or (2, object stream) ... index
        self.trailer: dict[str, Any] = {}
        self._cache: dict[int, Any] = {}
        self._streams: dict[int, tuple[bytes, int, list[int]]] = {}
        self._pages: list[int] | None = None  # object stream -> data, /First, offsets
        start: int | None = int(m.group(1))
        seen: set[int] = set()
        while start is not None and start not in seen:  # newest section first: it wins
            seen.add(start)
            trailer = self._section(start)
            for k, v in trailer.items():
                self.trailer.setdefault(k, v)
            start = trailer.get("/Prev")

    def _section(self, at: int) -> dict[str, Any]:
        data = self.data
        if data.startswith(b"xref", at):
            pos = at + 4
            while True:
                m = _XREF_SUB.match(data, pos)
                if m is None or data.startswith(b"trailer", _SKIP.match(data, pos).end()):
                    break
                first, count = int(m.group(1)), int(m.group(2))
                pos = m.end()
                for i in range(count):
                    row = data[pos:pos + 20]
                    if row[17:18] == b"n":
                        self.where.setdefault(first + i, (1, int(row[:10])))
                    pos += 20
            pos = _SKIP.match(data, pos).end()
            if not data.startswith(b"trailer", pos):
                raise PdfReadError("no trailer after the cross-reference table")
            trailer, _ = parse(data, pos + 7)
            return trailer
        d, stream = self._object_at(at)
        if d.get("/Type") != "/XRef":
            raise PdfReadError(f"no cross-reference at {at}")
        rows = zlib.decompress(stream) if d.get("/Filter") == "/FlateDecode" else stream
        widths = d["/W"]
        index = d.get("/Index") or [0, d["/Size"]]
        step, pos = sum(widths), 0
        for first, count in zip(index[::2], index[1::2], strict=True):
            for num in range(first, first + count):
                fields, p = [], pos
                for w in widths:
                    fields.append(int.from_bytes(rows[p:p + w], "big") if w else 1)
                    p += w
                pos += step
                if fields[0] == 1:
                    self.where.setdefault(num, (1, fields[1]))
                elif fields[0] == 2:
                    self.where.setdefault(num, (2, fields[1], fields[2]))
        return d

    def _object_at(self, at: int) -> tuple[Any, bytes | None]:
        """The object whose "N G obj" is at `at`, and its stream's raw bytes if it has one."""
        m = _OBJ.match(self.data, at)
        if m is None:
            raise PdfReadError(f"no object at {at}")
        v, pos = parse(self.data, m.end())
        s = _SKIP.match(self.data, pos).end()
        if isinstance(v, dict) and self.data.startswith(b"stream", s):
            s += 6
            s += 2 if self.data.startswith(b"\r\n", s) else 1
            length = self.resolve(v.get("/Length"))
            if not isinstance(length, int) or isinstance(length, bool) or length < 0:
                raise PdfReadError(f"a stream at {at} with no length")
            return v, self.data[s:s + length]
        return v, None

    def amended(self, num: int, changes: dict[str, Any]) -> str:
        """Dictionary `num` with `changes` made (None: an entry removed), as qpdf writes it.

        A link annotation as ReportLab writes it is amended as text, its values not read one by
        one: they are in qpdf's spelling already. Anything else is read and written again.
        """
        w = self.where.get(num)
        if num not in self._cache and w is not None and w[0] == 1:
            entries = _link_annotation(self.data, w[1])
            if entries is not None:
                _amend(entries, {k: v if v is None else unparse(v) for k, v in changes.items()})
                return "<< " + "".join(f"{k} {entries[k]} " for k in sorted(entries)) + ">>"
        d = self.get(num)
        _amend(d, changes)
        return unparse(d)

    def get(self, num: int) -> Any:
        """Object `num` (the same Python value each time: amend it, then write it back)."""
        if num in self._cache:
            return self._cache[num]
        w = self.where.get(num)
        if w is None:
            v = None
        elif w[0] == 1:
            v = self._object_at(w[1])[0]
        else:
            v = self._in_stream(w[1], w[2])
        self._cache[num] = v
        return v

    def _in_stream(self, stm: int, index: int) -> Any:
        if stm not in self._streams:
            d, raw = self._object_at(self.where[stm][1])
            data = zlib.decompress(raw) if d.get("/Filter") == "/FlateDecode" else raw
            head = data[:d["/First"]].split()
            self._streams[stm] = (data, d["/First"], [int(x) for x in head[1::2]])
        data, first, offsets = self._streams[stm]
        if index >= len(offsets):
            raise PdfReadError(f"object stream {stm} has no object {index}")
        return parse(data, first + offsets[index])[0]

    def resolve(self, v: Any) -> Any:
        return self.get(v.num) if isinstance(v, Ref) else v

    @property
    def root(self) -> Ref:
        return self.trailer["/Root"]

    def pages(self) -> list[int]:
        """The object numbers of the pages, in order (the tree walked once)."""
        if self._pages is not None:
            return self._pages
        out: list[int] = []
        seen: set[int] = set()

        def walk(ref: Ref) -> None:
            if ref.num in seen:
                raise PdfReadError("the page tree has a loop")
            seen.add(ref.num)
            node = self.get(ref.num)
            if node.get("/Type") == "/Pages":
                for kid in self.resolve(node.get("/Kids", [])):
                    walk(kid)
            else:
                out.append(ref.num)

        walk(self.get(self.root.num)["/Pages"])
        self._pages = out
        return out
