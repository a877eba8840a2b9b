"""Every fixed word the layout prints, and how it writes dates and numbers, per language.

In: a briefing's `language` (a BCP 47 tag: `fr`, `fa-AF`, `ar-EG`), and its `numerals`, `calendar` and
`labels` keys. Out: `Labels`, whose `word(key, **values)` is a label in that language, `date` and `span`
write partial dates as that language does, `number` and `digits` write generated numbers.

A language is one catalogue of package data, `briefing/languages/<tag>.json`: its words (every key of
English, with the same `{placeholders}`; a word that counts gives one form per CLDR plural category),
its separators for lists and citations, its Solar Hijri month names, and either hand-written month names
and date patterns or `"cldr": true`, which takes dates, plural rules and number symbols from CLDR through
Babel (imported only then: start-up time). A tag is tried whole, then its base (`fa-AF`, then `fa`;
`fr-CA`, then `fr`), then English. Layout modules take every word they print from here.
"""

from __future__ import annotations

import json
import os
import string
from datetime import date as Date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import PDate
from .quantity import PlainNumber

if TYPE_CHECKING:
    from babel import Locale

    from .model import Briefing

NBSP = "\u00a0"
FOLDER = Path(__file__).with_name("languages")
# The tags that have a catalogue, by lower case (`fa-af` -> `fa-AF`).
CODES: dict[str, str] = {n[:-5].lower(): n[:-5] for n in os.listdir(FOLDER) if n.endswith(".json")}
ALIASES = {"prs": "fa-af"}  # Dari's own code: the Persian of Afghanistan
# CLDR numbering systems -> their digits zero to nine (Babel writes Latin digits only).
DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹", "deva": "०१२३४५६७८९", "beng": "০১২৩৪৫৬৭৮৯"}
NUMERALS = ("native", "latin")
CALENDARS = ("gregorian", "solar-hijri", "both")

Word = str | dict[str, str]  # a label, or its forms by CLDR plural category (`one`, `few`, `other`...)


class Language:
    """One catalogue: a language's words, separators, month names and date patterns; `numbers`: the
    hand-written separators of Latin digits, else CLDR's; `lists`: "list" between items, "cite" between
    citations. (A plain class: a dataclass would compile its methods at every start-up.)"""

    __slots__ = ("words", "dates", "numbers", "lists", "solar_months", "code", "review")

    def __init__(self, words: dict[str, Word], dates: dict[str, Any] | None = None,
                 numbers: dict[str, str] | None = None, lists: dict[str, str] | None = None,
                 solar_months: tuple[str, ...] = (), code: str = "", review: str = ""):
        self.words = words
        self.dates: dict[str, Any] = {"cldr": True} if dates is None else dates
        self.numbers = numbers
        self.lists: dict[str, str] = {} if lists is None else lists
        self.solar_months, self.code, self.review = solar_months, code, review

    @classmethod
    def read(cls, code: str) -> Language:
        doc = json.loads((FOLDER / f"{code}.json").read_text("utf-8"))
        return cls(doc["words"], doc.get("dates", {"cldr": True}), doc.get("numbers"), doc.get("lists", {}),
                   tuple(doc.get("solar_months", ())), code, doc.get("review", ""))

    @property
    def cldr(self) -> bool:
        return bool(self.dates.get("cldr"))


# Catalogues read so far, by tag (each file read once, when a briefing first needs it).
LANGUAGES: dict[str, Language] = {}


def catalogue(code: str) -> Language:
    lang = LANGUAGES.get(code)
    if lang is None:
        lang = LANGUAGES[code] = Language.read(code)
    return lang


ENGLISH: dict[str, Word] = catalogue("en").words


def placeholders(text: Word) -> set[str]:
    """The `{names}` a label fills (of every plural form); ValueError for a stray brace."""
    forms = text.values() if isinstance(text, dict) else (text,)
    return {f for t in forms for _, f, _, _ in string.Formatter().parse(t) if f}


class Labels:
    """The words, dates and numbers of one briefing's language."""

    def __init__(self, lang: Language, tag: str, numerals: str | None = None, calendar: str = "gregorian",
                 overrides: tuple[tuple[str, str], ...] = ()):
        self.lang, self.tag, self.numerals, self.calendar = lang, tag, numerals, calendar
        self.overrides = dict(overrides)
        base = _language(tag.split("-")[0]) if "-" in lang.code else None
        # where a word, a separator or a month name the catalogue lacks is found
        self.chain = [x for x in (lang, base, catalogue("en")) if x is not None]

    # -- words -------------------------------------------------------------------
    def word(self, key: str, **values: object) -> str:
        """The label `key`, its placeholders filled; an `int` is written with the language's digits (a
        `count` also chooses the plural form). A key a catalogue lacks is said as its base language or
        English says it."""
        text: Word = self.overrides.get(key) or next(x.words[key] for x in self.chain if key in x.words)
        if isinstance(text, dict):
            text = self._plural(text, values.get("count"))
        for k, v in values.items():
            if isinstance(v, int) and not isinstance(v, bool):
                values[k] = self.number(v) if k == "count" else self.digits(v)
        return text.format(nbsp=NBSP, **values) if values or "{" in text else text

    def _plural(self, forms: dict[str, str], n: object) -> str:
        if not isinstance(n, int) or len(forms) == 1:
            return forms["other"]
        if not self.lang.cldr and self.lang.code == "en":
            category = "one" if n == 1 else "other"
        else:
            category = self._locale.plural_form(n)
        return forms.get(category, forms["other"])

    def join(self, items: list[str]) -> str:
        """Items of a list, with the language's separator (`, `; `، ` in Arabic script)."""
        return self._list("list").join(items)

    @property
    def cite_separator(self) -> str:
        """Between citation numbers: never the language's decimal mark (`3,6` reads as a number in French)."""
        return self._list("cite")

    def _list(self, kind: str) -> str:
        return next(x.lists[kind] for x in self.chain if kind in x.lists)

    # -- numbers -----------------------------------------------------------------
    def digits(self, n: int) -> str:
        """A generated whole number without grouping (a page, a citation, a year) in the briefing's digits."""
        return str(n).translate(self._digits) if self._digits else str(n)

    def number(self, v: float) -> str:
        """A number as the language writes it: 34, 1,500, 2.5 (fr: 1 500, 2,5; fa: ۱٬۵۰۰, ۲٫۵)."""
        return self._separated(f"{int(v):,}" if v == int(v) else f"{v:,}")

    def value(self, v: str) -> str:
        """A figure's value as printed: as typed, but a plain decimal number (`60000`, see
        quantity.PlainNumber) grouped as the language groups it (`60,000`, `60 000`, `۶۰٬۰۰۰`)."""
        return self._separated(v) if isinstance(v, PlainNumber) else str(v)

    def _separated(self, english: str) -> str:
        """A number written as in English (1,234.5) with the language's separators and digits."""
        decimal, group = self._symbols
        if (decimal, group) != (".", ","):
            english = english.replace(",", "\0").replace(".", decimal).replace("\0", group)
        return english.translate(self._digits) if self._digits else english

    @property
    def group_separator(self) -> str:
        """What the language puts between groups of digits (`,`; a narrow no-break space in French)."""
        return self._symbols[1]

    @cached_property
    def month_names(self) -> tuple[str, ...]:
        """Every name the language gives a month, in full and abbreviated (in a date and alone, for CLDR's),
        and its Solar Hijri months': how a date typed in its text is known (`richtext.unbroken`)."""
        if self.lang.cldr:
            months = self._locale.months
            names = [n for form in ("format", "stand-alone") for width in ("wide", "abbreviated")
                     for n in months[form][width].values()]
        else:
            names = [*self.lang.dates["months_long"], *self.lang.dates["months"]]
        solar = next((x.solar_months for x in self.chain if x.solar_months), ())
        return tuple(dict.fromkeys([*names, *solar]))

    @cached_property
    def _system(self) -> str:
        """The CLDR numbering system of generated numbers: the tag's default, or as `numerals` says."""
        if self.numerals == "latin" or (self.numerals is None and not self.lang.cldr):
            return "latn"
        loc = self._locale
        if self.numerals == "native":
            return loc.other_numbering_systems.get("native", loc.default_numbering_system)
        return loc.default_numbering_system

    @cached_property
    def _digits(self) -> dict[int, int] | None:
        native = DIGITS.get(self._system)
        return str.maketrans("0123456789", native) if native else None

    @cached_property
    def _symbols(self) -> tuple[str, str]:
        """(decimal mark, group separator)."""
        if self.lang.numbers is not None and self._system == "latn":
            return self.lang.numbers["decimal"], self.lang.numbers["group"]
        symbols = self._locale.number_symbols[self._system]
        return symbols["decimal"], symbols["group"]

    @cached_property
    def _locale(self) -> Locale:
        """The tag's CLDR locale (Babel: imported only for a language that needs it, for start-up time)."""
        from babel import Locale, UnknownLocaleError

        for tag in (self.tag, self.lang.code, "en"):
            try:
                return Locale.parse(tag, sep="-")
            except (ValueError, UnknownLocaleError):
                continue
        raise AssertionError("Babel knows English")  # pragma: no cover

    # -- dates -------------------------------------------------------------------
    def date(self, d: PDate, long: bool = False, space: str = NBSP, gregorian: bool = False) -> str:
        """`2021`, `Aug 2021`, `15 Aug 2021` (long: `15 August 2021`) as the language writes them, in the
        briefing's calendar (`gregorian`: always Gregorian, as for a source's dates).

        Parts are joined by no-break spaces, so a printed date never breaks across lines; plain
        text (mail) passes `space=" "`.
        """
        calendar = "gregorian" if gregorian else self.calendar
        if calendar == "gregorian":
            return self._gregorian(d, long, space)
        solar = self._solar(d, space)
        return f"{solar} ({self._gregorian(d, long, space)})" if calendar == "both" else solar

    def _gregorian(self, d: PDate, long: bool, space: str) -> str:
        if self.lang.cldr:
            text = self._cldr_date(d, long)
        elif not d.month:
            text = str(d.year)
        else:
            dates = self.lang.dates
            m = dates["months_long" if long else "months"][d.month - 1]
            if not d.day:
                text = dates["month_long" if long else "month"].format(m=m, y=d.year)
            else:
                day = dates.get("first_day", "1") if d.day == 1 else str(d.day)
                text = dates["day_long" if long else "day"].format(d=day, m=m, y=d.year)
        # (month names have no spaces; the pattern's spaces are the ones to keep together)
        text = text.replace(" ", space).replace("\u202f", space)
        return text.translate(self._digits) if self._digits else text

    def _cldr_date(self, d: PDate, long: bool) -> str:
        """CLDR's form: `15 августа 2021 г.` (a month in a date: its `format` form), `август 2021 г.`
        (alone: its `stand-alone` form); wide month names where the abbreviations are cut short (fa-AF)."""
        from babel.dates import format_skeleton  # (only for these languages: start-up time)

        months = "MMMM" if long or self.lang.dates.get("wide_months") else "MMM"
        skeleton = f"y{months}d" if d.day else f"y{months}" if d.month else "y"
        return format_skeleton(skeleton, Date(d.year, d.month or 1, d.day or 1), locale=self._locale)

    def _solar(self, d: PDate, space: str) -> str:
        """The date in the Solar Hijri calendar. A Gregorian month or year that spans two Solar months or
        years names both: `اسد–سنبله ۱۴۰۰`, `۱۳۹۹–۱۴۰۰`."""
        import jdatetime  # (only for a briefing in this calendar: start-up time)

        a, b = (jdatetime.date.fromgregorian(date=Date(*x)) for x in (d.first, d.last))
        months = next(x.solar_months for x in self.chain if x.solar_months)
        y = self.digits
        if d.day:
            text = f"{y(a.day)} {months[a.month - 1]} {y(a.year)}"
        elif d.month:
            if a.year == b.year:
                text = f"{months[a.month - 1]}–{months[b.month - 1]} {y(a.year)}"
            else:
                text = f"{months[a.month - 1]} {y(a.year)}–{months[b.month - 1]} {y(b.year)}"
        else:
            text = f"{y(a.year)}–{y(b.year)}" if a.year != b.year else y(a.year)
        return text.replace(" ", space)

    def span(self, start: PDate, end: PDate | None, approximate: bool = False) -> str:
        """`1979`, `Aug 2021`, `Dec 1979 – Feb 1989`, `c. 2022`: a line may break only at the dash."""
        text = self.date(start)
        if end is not None and end != start:
            text = f"{text} – {self.date(end)}"
        return self.word("approximately", date=text) if approximate else text

    def era(self, start: PDate, end: PDate | None) -> str:
        """An era's span: its end, or "present" while it goes on."""
        return f"{self.date(start)} – {self.date(end) if end else self.word('present')}"


def as_of_text(words: Labels, d: PDate, space: str = NBSP) -> str:
    """"Information as of <date>", in the words the language uses for a day or for a month or year
    (French `au 15 mai`, `en mai`): the same line in the PDF and in the mail."""
    key = "information_as_of" if d.day else "information_as_of_month"
    return words.word(key, date=words.date(d, long=True, space=space))


@cache
def labels_for(tag: str, numerals: str | None = None, calendar: str = "gregorian",
               overrides: tuple[tuple[str, str], ...] = ()) -> Labels:
    """The labels of a BCP 47 tag: its language, else its base language, else English."""
    return Labels(_language(tag) or catalogue("en"), tag, numerals, calendar, overrides)


def of(b: Briefing, numerals: str | None = None, house: tuple[tuple[str, str], ...] = ()) -> Labels:
    """The labels of a briefing: its language, digits (its own `numerals`, else those given: its style's),
    calendar and own words (over the `house` words of its style)."""
    words = tuple({**dict(house), **dict(b.labels)}.items()) if house else b.labels
    return labels_for(b.language, b.numerals or numerals, b.calendar, words)


def known(tag: str) -> bool:
    """Whether the layout speaks this tag's language (else it prints English)."""
    return _language(tag) is not None


def untranslated(tag: str) -> tuple[str, ...] | None:
    """None when the layout speaks this tag's language; else the languages it speaks (for validation's
    warning: see `briefing.schema.Untranslated`)."""
    return None if known(tag) else tuple(sorted(CODES.values()))


def label_problem(key: str, text: str) -> tuple[bool, str] | None:
    """What is wrong with a briefing's own word for `key` (for validation: `briefing.schema.LabelCheck`):
    (True, message) for a key the layout has not, (False, message) for the text; None when it is fine."""
    if key not in ENGLISH:
        import difflib  # (only when one is needed: start-up time)

        near = difflib.get_close_matches(key, list(ENGLISH), n=1, cutoff=0.6)
        return True, f"unknown label {key!r}" + (f"; did you mean {near[0]!r}?" if near else "")
    try:
        used = placeholders(text)
    except ValueError:
        return False, f"label {key!r}: a brace must be doubled ({{{{ or }}}}) to print as itself"
    allowed = placeholders(ENGLISH[key]) | {"nbsp"}
    if used - allowed:
        blanks = ", ".join("{" + f + "}" for f in sorted(placeholders(ENGLISH[key]))) or "none"
        return False, (f"label {key!r}: {', '.join('{' + f + '}' for f in sorted(used - allowed))} is not "
                       f"filled in (this label's blanks: {blanks})")
    return None


def _language(tag: str) -> Language | None:
    low = tag.lower()
    low = ALIASES.get(low.split("-")[0], low)
    code = CODES.get(low) or CODES.get(low.split("-")[0])
    return catalogue(code) if code else LANGUAGES.get(low) or LANGUAGES.get(low.split("-")[0])
