"""The rich-text subset: Markdown text -> a small, safe inline structure.

In: a string written by a user (possibly a stranger).
Out: a tuple of blocks (`Para`, `ListBlock`) of inline `Span`s and `Cite`s, plus
problems (links that are not http(s)). Nothing here produces markup, and the
layout never writes any either: it hands each `Span`'s text to ReportLab as a
text node of a tuple tree, so tags, entities and anything else that looks like
markup stay literal text.

markdown-it-py parses the text with every rule off except the contract's subset
(paragraphs, emphasis, links, lists, backslash escapes); raw HTML, entities,
headings, code and images are not recognised and so stay literal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Cite:
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Break:
    """A hard line break inside a paragraph."""


class _Value:
    """A value compared, hashed and shown by its slots, as a frozen dataclass is (whose methods a dataclass
    would compile at every start-up: these classes are made without)."""

    __slots__: tuple[str, ...] = ()

    def _key(self) -> tuple:
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Value) and type(other) is type(self) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash((type(self), self._key()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={getattr(self, k)!r}' for k in self.__slots__)})"


class NoteRef(_Value):
    """A footnote reference (`[^name]`): note `n` of the text, numbered in order of first reference."""

    __slots__ = ("n",)

    def __init__(self, n: int):
        self.n = n


Inline = Span | Cite | Break | NoteRef


@dataclass(frozen=True, slots=True)
class Para:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Item:
    inlines: tuple[Inline, ...]
    level: int = 0
    number: int | None = None  # for an ordered list item


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[Item, ...]


class Quote(_Value):
    """A block quote (`> `): blocks of its own."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: tuple[Block, ...]):
        self.blocks = blocks


class TableBlock(_Value):
    """A pipe table: a header row, body rows (each as wide as the header) and each column's alignment
    ("left", "center", "right" or "": as the text runs)."""

    __slots__ = ("head", "rows", "align")

    def __init__(self, head: tuple[tuple[Inline, ...], ...], rows: tuple[tuple[tuple[Inline, ...], ...], ...],
                 align: tuple[str, ...]):
        self.head, self.rows, self.align = head, rows, align


class Notes(_Value):
    """The footnotes of a text, in the order of their first reference: note n is `notes[n - 1]`."""

    __slots__ = ("notes",)

    def __init__(self, notes: tuple[tuple[Inline, ...], ...]):
        self.notes = notes


Block = Para | ListBlock | Quote | TableBlock | Notes
RichText = tuple[Block, ...]


class Warn(str):
    """A problem of `parse` that is a warning (the text is laid out all the same), not an error."""


def note_mark(n: int) -> str:
    """The mark of footnote n: a, b, ... z, aa, ab, ... (letters: citations already print as numbers)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out

CITE = re.compile(r"\[\s*(@[A-Za-z0-9_-]+(?:\s*;\s*@[A-Za-z0-9_-]+)*)\s*\]")


# (Patterns used by `check` or for rarer text are compiled when first used: start-up time.)
@lru_cache(maxsize=1)
def _scheme() -> re.Pattern[str]:
    return re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


# Text that the enabled Markdown rules cannot touch: no emphasis, link, escape or
# line break characters, and no list marker at the start. Such text is one
# paragraph of literal text, and markdown-it is not needed (or imported) for it.
_SPECIAL = re.compile(r"[*_\\\n\r\t\x00]|\]\(|\[\^")
_LIST_START = re.compile(r"\s*([-+*]|\d{1,9}[.)])(\s|$)|\s{0,3}>")


NNBSP = "\u202f"  # narrow no-break space
# Quotation marks by language (CLDR): opening, closing, then those of a quotation inside a quotation.
# French also sets a narrow no-break space inside « » and before ; : ! ? (see _french).
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"), "pt": ("“", "”", "‘", "’"),
    "fr": ("«" + NNBSP, NNBSP + "»", "“", "”"), "es": ("«", "»", "“", "”"),
    "de": ("„", "“", "‚", "‘"), "ru": ("«", "»", "„", "“"), "uk": ("«", "»", "„", "“"),
    "ar": ("«", "»", "‹", "›"), "fa": ("«", "»", "‹", "›"), "prs": ("«", "»", "‹", "›"), "ps": ("«", "»", "‹", "›"),
    "ur": ("”", "“", "’", "‘"),
}


def quotes(lang: str) -> tuple[str, str, str, str]:
    """The quotation marks of a BCP 47 tag's language (English's for a language not listed)."""
    return QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])


@lru_cache(maxsize=4)
def _parser(marks: tuple[str, str, str, str] = QUOTES["en"]) -> MarkdownIt:
    from markdown_it import MarkdownIt  # (only for text with markup: start-up time; tests/test_imports.py)

    class Parser(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return True  # judge link targets ourselves, with an error

    from mdit_py_plugins.footnote import footnote_plugin  # (as markdown_it)

    md = Parser("zero", {"typographer": True, "quotes": list(marks)}).enable(
        ["emphasis", "link", "list", "escape", "newline", "smartquotes", "blockquote", "table"])
    return md.use(footnote_plugin, inline=False)  # [^name] and [^name]: text; not ^[inline] notes


@lru_cache(maxsize=4)
def _quotes(marks: tuple[str, str, str, str] = QUOTES["en"]):
    from markdown_it import MarkdownIt  # (as in _parser)

    return MarkdownIt("zero", {"typographer": True, "quotes": list(marks)}).enable(["smartquotes"])


def _retyped(text: str, lang: str) -> str:
    """Typed English double quotes “ ” as the language's (before smartquotes, which may make “ in German)."""
    if ("“" in text or "”" in text) and (marks := quotes(lang)) != QUOTES["en"]:
        text = text.translate(_marks(marks))
    return text


@lru_cache(maxsize=8)
def _marks(marks: tuple[str, str, str, str]) -> dict[int, str]:
    return {ord("“"): marks[0], ord("”"): marks[1]}


# French: a narrow no-break space inside « », and before ; : ! ? that end a word (typed with a space or
# without: `Paris : la ville`, `Quoi?`), but not in `10:30` or `https://`.
@lru_cache(maxsize=1)
def _french_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled when French text first needs them (start-up time of every other language)."""
    return (re.compile("«[ \u00a0\u202f]*"), re.compile("[ \u00a0\u202f]*»"),
            re.compile("(?<=\\S)[ \u00a0]+(?=[;:!?](?:\\s|$|[»)!?]))"),
            re.compile("(?<=[^\\W\\d_]|[»)])(?=[;:!?](?:\\s|$))"))


def _french(text: str) -> str:
    if "«" in text:
        fr_open, fr_close, _, _ = _french_patterns()
        text = fr_close.sub(NNBSP + "»", fr_open.sub("«" + NNBSP, text))
    if any(c in text for c in ";:!?"):
        _, _, fr_spaced, fr_bare = _french_patterns()
        text = fr_bare.sub(NNBSP, fr_spaced.sub(NNBSP, text))
    return text


# A range of years: 1979-1989 (the second later than the first) -> 1979–1989; in Persian or Arabic digits
# too (۱۳۵۸-۱۳۶۸: Solar Hijri years). A year is 1000-1999 or 2000-2099 in one of those digits: the pattern
# finds four digits of any script and `_years` keeps the years (a pattern naming the three sets of digits
# takes some twenty times longer to compile, at every start).
_DIGITS = frozenset("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
_YEARS = re.compile(r"(?<![\w.-])(\d{4})-(\d{4})(?![\w.-])")


def _year(s: str) -> bool:
    return (s[0] in "1۱١" or (s[0] in "2۲٢" and s[1] in "0۰٠")) and _DIGITS.issuperset(s)


def _years(m: re.Match[str]) -> str:
    return f"{m[1]}\u2013{m[2]}" if _year(m[1]) and _year(m[2]) and int(m[2]) > int(m[1]) else m[0]


def smart(text: str, lang: str = "en") -> str:
    """Text as printed in a language (a BCP 47 tag): its quotation marks and apostrophes, its spacing
    (French), en dashes in year ranges.

    The quotes come from markdown-it's smartquotes rule, run over the text as
    one literal run (no other rule is on, so nothing else changes). The
    source files are never changed; this is for the PDF only.
    """
    return _smart(_retyped(text, lang), lang)


def _smart(text: str, lang: str) -> str:
    """`smart` for text whose typed quotes are already the language's."""
    if "'" in text or '"' in text:
        out = []
        for t in _quotes(quotes(lang)).parseInline(text)[0].children or []:
            out.append(t.content if t.type == "text" else "\n" if t.type in ("softbreak", "hardbreak") else t.content)
        text = "".join(out)
    return _spaced(text, lang)


def _spaced(text: str, lang: str) -> str:
    """Year ranges with an en dash; French spacing."""
    if "-" in text:
        text = _YEARS.sub(_years, text)
    if lang[:2].lower() == "fr" and (len(lang) == 2 or lang[2] == "-"):
        text = _french(text)
    return text


# -- what never breaks across lines (the PDF's only) ------------------------------------------------------

NBSP = "\u00a0"
_ASCII_DIGITS = frozenset("0123456789")
# Languages whose day takes a full stop (`29. Januar`), and those that write a month before its day
# (`January 29, 2025`).
_DAY_DOT = frozenset({"de"})
_MONTH_FIRST = frozenset({"en"})


@lru_cache(maxsize=16)
def unbroken(lang: str, months: tuple[str, ...], group: str) -> Callable[[str], str]:
    """What keeps a language's typed dates and grouped numbers on one line: text -> the same text (each
    character in its place) with the plain spaces inside them made no-break spaces.

    `months`: the language's month names (full and abbreviated, their full stops optional); `group`: its
    thousands separator. Joined by U+00A0: a day and its month (`29 janvier`, `1er mars`, `29. Januar`,
    `15 de agosto`), a month and its year (`janvier 2025`, `agosto de 2021`, `января 2025 г.`), in English a
    month and its day (`January 29, 2025`). Where the language groups digits with a space (French, Russian,
    Ukrainian...), a group of one to three digits and the groups of exactly three after it take that
    separator (`1 500`, `12 000 000`); a year (four digits) is never a group, so `en 2023 150 attaques`
    stays two numbers.
    """
    base = lang.split("-")[0].lower()
    names = frozenset(m.rstrip(".").casefold() for m in months) - {""}
    grouped = group.isspace()
    # One scan of the text for runs of digits, which are few; each rule then looks at the text around a
    # run (a pattern that opens with a look-behind or a word is tried at every character of the text).
    runs = re.compile(r"\d+")
    day = re.compile(r"\d{1,2}(?:er|st|nd|rd|th)?(?!\w)" + ("\\.?" if base in _DAY_DOT else "")
                     + r" (?:de )?([^\W\d_]+)(?![^\W\d_])")
    year_end = re.compile(r"(?!\d)(?: [гр]\.)?")
    before_year = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?[,،]? (?:del? )?\Z")
    month_day = re.compile(r"\d{1,2}(?:st|nd|rd|th)?(?!\w)(?:, \d{4}(?!\d))?") if base in _MONTH_FIRST else None
    before_day = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.? \Z")

    def month_before(pattern: re.Pattern[str], text: str, at: int) -> int:
        """Where a month name ends the text before `at` (as `pattern` frames it), or -1."""
        if not at or text[at - 1] != " " or not names:
            return -1
        words = text[max(0, at - 40):at].split()  # (first the last word, or the one before `de`, in Python:
        word = words[-2] if len(words) > 1 and words[-1] in ("de", "del") else words[-1] if words else ""
        word = word.rstrip(".,،")  # a pattern searched over the text before every number costs far more)
        k = len(word)
        while k and word[k - 1].isalpha():
            k -= 1
        if word[k:].casefold() not in names:
            return -1
        w = pattern.search(text, max(0, at - 40), at)
        return w.start() if w is not None and w[1].casefold() in names else -1

    def keep(text: str) -> str:
        if " " not in text or (text.isascii() and _ASCII_DIGITS.isdisjoint(text)):
            return text
        spans: list[tuple[int, int, str]] = []  # what to join: from, to, with
        past = 0  # the end of the last grouped number
        for r in runs.finditer(text):
            at, end = r.span()
            before = text[at - 1] if at else ""
            if grouped and at >= past and end - at <= 3 and text[at:end].isascii() and not (
                    before.isdigit() or before in ".," and at > 1 and text[at - 2].isdigit()):
                j = end
                while text[j:j + 1] == " " and text[j + 1:j + 4].isdigit() and text[j + 1:j + 4].isascii() \
                        and len(text[j + 1:j + 4]) == 3 and not text[j + 4:j + 5].isdigit():
                    j += 4
                if j > end:
                    spans.append((at, j, group))
                    past = j
            if not names:
                continue
            if end - at <= 2 and not (before and (before.isalnum() or before in "_.,:/-")):  # ("" in "-" holds)
                m = day.match(text, at)  # a day, up to its month
                if m is not None and m[1].casefold() in names:
                    spans.append((at, m.start(1), NBSP))
            if end - at == 4 and (w := month_before(before_year, text, at)) >= 0:  # a month with its year
                spans.append((w, year_end.match(text, end).end(), NBSP))  # type: ignore[union-attr]
            if month_day is not None and end - at <= 2 and (w := month_before(before_day, text, at)) >= 0:
                m = month_day.match(text, at)  # a month with its day, and its year
                if m is not None:
                    spans.append((w, m.end(), NBSP))
        if not spans:
            return text
        chars = list(text)
        for lo, hi, space in spans:
            for k in range(lo, hi):
                if chars[k] == " ":
                    chars[k] = space
        return "".join(chars)

    return keep


def _spaces_made(space: str) -> Callable[[re.Match[str]], str]:
    """A match -> its text with each plain space made `space`."""
    return lambda m: m[0].replace(" ", space)


URL_MAX = 2048  # characters: longer addresses are not links people follow, and each line of a link repeats it


def is_http_url(url: str) -> bool:
    return bool(_scheme().match(url))


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a link target (not http(s), or too long), or None."""
    shown = url if len(url) <= 60 else url[:57] + "..."
    if not is_http_url(url):
        return f"link target {shown!r} is not an http or https URL"
    if len(url) > URL_MAX:
        return f"link target {shown!r} is {len(url):,} characters long; the limit is {URL_MAX:,}"
    return None


def plain(rich: RichText) -> str:
    """The text of rich text, without formatting (for metadata and search)."""
    return " ".join(_span_texts(rich))


def cited_in(rich: RichText) -> set[str]:
    """The source ids rich text cites."""
    out: set[str] = set()
    for block in rich:
        for run in _inline_runs(block):
            for i in run:
                if isinstance(i, Cite):
                    out.update(i.ids)
    return out


# Characters that can change which citations Markdown sees or make a link.
@lru_cache(maxsize=1)
def _not_scannable() -> re.Pattern[str]:
    return re.compile(r"[\\_\r\x00]|\]\(|\[\^")


# A line that may open a list nested deeper than the parser lays out (see parse).
@lru_cache(maxsize=1)
def _maybe_deep() -> re.Pattern[str]:
    return re.compile(r"^(?:[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+){9}|^[ \t]{16,}", re.MULTILINE)


def cites_only(text: str) -> list[str] | None:
    """The ids `parse` would find cited in `text`, when that needs no parser; else None.

    Without backslash escapes, underscores (an id may hold one, and `_` may
    open emphasis after `@`) and link syntax, Markdown can neither hide nor
    make a citation, nor a link to object to: a citation is one on a line of
    the text. (A citation broken over two lines is none for the parser either.)
    """
    if _not_scannable().search(text) or _maybe_deep().search(text):
        return None
    return [x.strip()[1:] for line in text.split("\n") for m in CITE.finditer(line) for x in m[1].split(";")]


def parse(text: str, lang: str = "en") -> tuple[RichText, list[str], list[str]]:
    """Parse rich text, typeset as `lang` (a BCP 47 tag) sets text. Returns (blocks, cited ids in order,
    problems as messages: errors, and warnings as `Warn`)."""
    text = _retyped(text, lang)
    s = text.strip(" \n")  # (markdown-it trims fewer characters than str.strip)
    cites: list[str] = []
    if s and not s[0].isspace() and not s[-1].isspace() and not _SPECIAL.search(s) and not _LIST_START.match(s):
        out: list[Inline] = []
        _text(_smart(s, lang), False, False, None, out, cites)
        return (Para(tuple(out)),), cites, []
    md = _parser(quotes(lang))
    env: dict = {}
    tokens = md.parse(text, env)
    problems: list[str] = []
    # An item this deep has its content at the parser's nesting limit, where it
    # stops and drops the rest of the text: say so rather than lose it.
    deep = next((t for t in tokens if t.type == "list_item_open" and t.level >= md.options.maxNesting - 1), None)
    if deep is not None:
        line = (deep.map[0] + 1) if deep.map else 1
        problems.append(f"a list nested {md.options.maxNesting // 2} or more levels deep (line {line} of this "
                        "text) cannot be laid out, and the text after it would be lost: flatten the list")
    blocks, _ = _blocks(tokens, 0, cites, problems, lang)
    problems += _note_problems(env, blocks)
    return tuple(blocks), cites, problems


def _blocks(tokens: list, i: int, cites: list[str], problems: list[str], lang: str,
            end: str = "") -> tuple[list[Block], int]:
    """The blocks of `tokens` from `i` up to the token of type `end` (or the last): (blocks, index after it)."""
    blocks: list[Block] = []
    while i < len(tokens):
        t = tokens[i].type
        if t == end:
            return blocks, i + 1
        if t == "inline":
            blocks.append(Para(_inlines(tokens[i].children or [], cites, problems, lang)))
        elif t in ("bullet_list_open", "ordered_list_open"):
            items, i = _list(tokens, i, cites, problems, lang)
            blocks.append(ListBlock(tuple(items)))
            continue
        elif t == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, cites, problems, lang, "blockquote_close")
            blocks.append(Quote(tuple(inner)))
            continue
        elif t == "table_open":
            table, i = _table(tokens, i + 1, cites, problems, lang)
            blocks.append(table)
            continue
        elif t == "footnote_block_open":
            notes, i = _notes(tokens, i + 1, cites, problems, lang)
            blocks.append(notes)
            continue
        i += 1
    return blocks, i


def _list(tokens: list, i: int, cites: list[str], problems: list[str], lang: str) -> tuple[list[Item], int]:
    """A list and the lists nested in it, as items with their level: (items, index after its close)."""
    items: list[Item] = []
    level = -1
    numbers: list[int | None] = []
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        i += 1
        if t in ("bullet_list_open", "ordered_list_open"):
            level += 1
            start = tok.attrGet("start")
            numbers.append((int(start) if start is not None else 1) if t == "ordered_list_open" else None)
        elif t in ("bullet_list_close", "ordered_list_close"):
            level -= 1
            numbers.pop()
            if level < 0:
                break
        elif t == "inline":
            number = numbers[-1]
            if number is not None:
                numbers[-1] = number + 1
            items.append(Item(_inlines(tok.children or [], cites, problems, lang), level, number))
    return items, i


@lru_cache(maxsize=1)
def _align() -> re.Pattern[str]:
    return re.compile(r"text-align:(left|center|right)")


def _table(tokens: list, i: int, cites: list[str], problems: list[str], lang: str) -> tuple[TableBlock, int]:
    """A pipe table from the token after `table_open`: (the table, index after `table_close`)."""
    rows: list[tuple[tuple[Inline, ...], ...]] = []
    row: list[tuple[Inline, ...]] = []
    align: list[str] = []
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.type == "table_close":
            break
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            rows.append(tuple(row))
        elif tok.type == "th_open":
            found = _align().search(str(tok.attrGet("style") or ""))
            align.append(found[1] if found else "")
        elif tok.type == "inline":
            row.append(_inlines(tok.children or [], cites, problems, lang))
    head = rows[0] if rows else ()
    return TableBlock(head, tuple(rows[1:]), tuple(align)), i


def _notes(tokens: list, i: int, cites: list[str], problems: list[str], lang: str) -> tuple[Notes, int]:
    """The footnotes from the token after `footnote_block_open`, each one paragraph (its paragraphs joined by
    line breaks): (the notes, index after `footnote_block_close`)."""
    notes: list[tuple[Inline, ...]] = []
    note: list[Inline] = []
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.type == "footnote_block_close":
            break
        if tok.type == "footnote_open":
            note = []
        elif tok.type == "footnote_close":
            notes.append(tuple(note))
        elif tok.type == "inline":
            if note:
                note.append(Break())
            note += _inlines(tok.children or [], cites, problems, lang)
    return Notes(tuple(notes)), i


_UNDEFINED_NOTE = re.compile(r"\[\^([^\]\s]+)\]")


def _note_problems(env: dict, blocks: list[Block]) -> list[str]:
    """A footnote reference without a definition is an error; a definition nothing refers to, a warning."""
    out: list[str] = []
    refs = env.get("footnotes", {}).get("refs", {})
    for label, n in refs.items():
        if n == -1:
            out.append(Warn(f"the footnote [^{label[1:]}] is defined but nothing refers to it, so it is not "
                            f"printed: refer to it in the text with [^{label[1:]}]"))
    seen: set[str] = set()
    for text in _span_texts(blocks):
        for m in _UNDEFINED_NOTE.finditer(text):
            if m[1] not in seen:
                seen.add(m[1])
                out.append(f"the footnote [^{m[1]}] has no definition: add a line '[^{m[1]}]: the note' after the "
                           "paragraph")
    return out


def _span_texts(blocks) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Quote):
            out += _span_texts(b.blocks)
            continue
        for inlines in _inline_runs(b):
            out.append("".join(i.text for i in inlines if isinstance(i, Span)))
    return out


def _inline_runs(block: Block) -> list[tuple[Inline, ...]]:
    """The runs of inlines of a block (a paragraph, each list item, each table cell, each note)."""
    if isinstance(block, Para):
        return [block.inlines]
    if isinstance(block, ListBlock):
        return [item.inlines for item in block.items]
    if isinstance(block, TableBlock):
        return [cell for row in (block.head, *block.rows) for cell in row]
    if isinstance(block, Notes):
        return list(block.notes)
    return [run for b in block.blocks for run in _inline_runs(b)]


# Markdown that the format does not lay out, and so prints as typed: said, so that it is not a surprise.
_LITERAL = (
    (re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)", re.MULTILINE),
     "a '{0}' heading is printed as typed, '{0}' and all: rich text has no headings (start a section instead)"),
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),
     "an image written in the text ('{0}') is printed as typed: list it in the section's 'images'"),
    (re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE),
     "a code block ('{0}') is printed as typed: rich text has no code blocks"),
)


def literal(text: str) -> list[tuple[str, Warn]]:
    """The Markdown constructs in `text` that are printed as typed rather than laid out: (what was
    written, the warning), the first of each kind."""
    out: list[tuple[str, Warn]] = []
    for rx, msg in _LITERAL:
        m = rx.search(text)
        if m:
            shown = m[1] if m.groups() else (m[0] if len(m[0]) <= 40 else m[0][:37] + "...")
            out.append((m[0].strip(), Warn(msg.format(shown))))
    return out


def _inlines(children: list, cites: list[str], problems: list[str], lang: str) -> tuple[Inline, ...]:
    out: list[Inline] = []
    bold = italic = 0
    href: str | None = None
    image: str | None = None  # the target of an image's link syntax, printed as typed
    for c in children:
        t = c.type
        if t == "text":  # (quotes are already typographic: the parser's smartquotes rule)
            _text(_spaced(c.content, lang), bool(bold), bool(italic), href, out, cites)
        elif t == "softbreak":
            _text(" ", bool(bold), bool(italic), href, out, cites)
        elif t == "hardbreak":
            out.append(Break())
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open" and out and isinstance(last := out[-1], Span) and last.text.endswith("!"):
            image = c.attrGet("href") or ""  # ![alt](file): no images in text; printed as typed (and said)
            _text("[", bool(bold), bool(italic), href, out, cites)
        elif t == "link_close" and image is not None:
            _text(f"]({image})", bool(bold), bool(italic), href, out, cites)
            image = None
        elif t == "link_open":
            url = c.attrGet("href") or ""
            title = c.attrGet("title")
            if title:  # [words](https://... "title"): a title is no part of the format, and would not be seen
                shown = title if len(title) <= 40 else title[:37] + "..."
                problems.append(f"the link title {shown!r} would not be printed: write it in the text, or remove it")
            why = url_problem(url)
            if why is None:
                href = url
            else:
                problems.append(why)
        elif t == "link_close":
            href = None
        elif t == "footnote_ref":
            out.append(NoteRef(int(c.meta["id"]) + 1))
        else:  # anything else the parser might yield is kept as its source text
            _text(c.content or c.markup or "", bool(bold), bool(italic), href, out, cites)
    return tuple(out)


def _text(s: str, bold: bool, italic: bool, href: str | None, out: list[Inline], cites: list[str]) -> None:
    pos = 0
    for m in CITE.finditer(s):
        if m.start() > pos:
            _span(s[pos:m.start()], bold, italic, href, out)
        last = out[-1] if out else None
        if isinstance(last, Span) and last.text.endswith((" ", "\t")):
            # "... rule. [@a]": the reference number sits against the word it follows
            out[-1] = Span(last.text.rstrip(" \t"), last.bold, last.italic, last.href)
        ids = tuple(x.strip()[1:] for x in m[1].split(";"))
        cites.extend(ids)
        out.append(Cite(ids))
        pos = m.end()
    if pos < len(s):
        _span(s[pos:], bold, italic, href, out)


def _span(s: str, bold: bool, italic: bool, href: str | None, out: list[Inline]) -> None:
    last = out[-1] if out else None
    if isinstance(last, Span) and (last.bold, last.italic, last.href) == (bold, italic, href):
        out[-1] = Span(last.text + s, bold, italic, href)
    else:
        out.append(Span(s, bold, italic, href))
