"""Every fixed word the layout prints, and how it writes dates and numbers, per language.

In: a briefing's `language` (a BCP 47 tag: `fr`, `fr-CA`, `de-AT`). Out: `Labels`, whose
`word(key, **values)` is a label in that language, `date` and `span` write partial dates as
that language does, and `number` writes a number with its separators.

A language is one entry of `LANGUAGES`: its words (every key of `ENGLISH`, with the same
`{placeholders}`: tests/test_labels.py checks), its month names and its date patterns. A tag
falls back to its base language (`fr-CA` -> `fr`), then to English. Layout modules take
every word they print from here; nothing else in the layout is written in a language.
"""

from __future__ import annotations

from functools import cache

from .dates import MONTHS, PDate
from .quantity import PlainNumber

NBSP = "\u00a0"

# The words, by key. Capitals where the layout prints capitals (table heads, labels).
ENGLISH: dict[str, str] = {
    # page 1 and every page
    "masthead": "Briefing",  # above the title when the briefing names no publisher
    "key_points": "KEY POINTS",
    "information_as_of": "Information as of {date}",
    "information_as_of_month": "Information as of {date}",  # a date known to the month or year only
    "page_of": "Page {page} of {total}",
    # headings of the components
    "timeline": "Timeline",
    "group_profiles": "Group profiles",
    "key_figures": "Key figures",
    "actors": "Regional and international positions",
    "outlook": "Outlook",
    "sources": "Sources",
    # timeline
    "present": "present",  # the end of an era still going on
    "continued": "{name} (continued)",  # an era or a card carried over to a new page
    "approximately": "c.{nbsp}{date}",
    # group profiles
    "kind": "TYPE", "status": "STATUS", "leader": "LEADER", "founded": "FOUNDED", "base": "BASE",
    "areas": "AREAS", "size": "SIZE", "orientation": "ORIENTATION", "goals": "GOALS",
    "capabilities": "CAPABILITIES", "activities": "ACTIVITIES", "support": "SUPPORT", "allies": "ALLIES",
    "rivals": "RIVALS",
    "sources_of": "Sources: ",  # before an item's source numbers
    # key figures
    "col_value": "VALUE", "col_what": "WHAT IT MEASURES", "col_as_of": "AS OF", "col_basis": "BASIS",
    "col_trend": "TREND", "col_source": "SRC",
    "claimed_by": "Claimed by {who}",
    "claimed_tag": "CLAIMED",  # over a claimed figure on page 1
    "basis_official": "official", "basis_reported": "reported", "basis_estimated": "estimated",
    "basis_claimed": "claimed",
    "trend_up": "rising", "trend_down": "falling", "trend_flat": "steady",
    "scale_of": "of {whole}",  # under a count: "3 of 10"
    # regional and international positions
    "col_actor": "ACTOR", "col_position": "POSITION", "col_summary": "SUMMARY",
    # outlook
    "likelihood": "LIKELIHOOD: {likelihood}",
    # sources
    "accessed": "Accessed {date}.",
    "source_link": "Source {n}: {title}",  # what a citation's link says to a screen reader
    "source_link_untitled": "Source {n}",
    # era strip
    "strip_exact": "exact date", "strip_approximate": "approximate date",
    "strip_year_only": "date known only to the year", "strip_span": "from start to end",
    "strip_numbers": "Numbers: the events of the timeline below, {count} in all",
    "strip_marks": "Each mark is one of the {count} events listed in the timeline below",
    "strip_alt": "Era strip: ",
    "strip_alt_events": "the {count} events of the timeline below on one axis, from {first} to {last}",
    "strip_alt_numbered": ", numbered as in the timeline",
    "strip_alt_eras": "eras: {spans}",
    "strip_alt_events_eras": ", in these eras: {spans}",
    # relations map
    "map_title": "ALLIES AND RIVALS",  # over the relations map
    "map_group": "group profiled here", "map_other": "named only as an ally or rival", "map_allies": "allies",
    "map_rivals": "rivals",
    "map_alt": "Relations map, {said}.",
    "map_alt_pairs": "{kind}: {pairs}",
    "map_alt_pair": "{a} and {b}",
    "map_left_out": "{count} names are linked in ways too many to draw on a page; each group's allies and rivals "
                    "are listed in its profile below.",
    # the body of a message that carries the briefing (`mail`)
    "mail_date": "Date: {date}", "mail_as_of": "Information as of: {date}", "mail_publisher": "Publisher: {name}",
    "mail_author": "Author: {names}", "mail_authors": "Authors: {names}", "mail_key_points": "Key points:",
    "mail_attached": "The full briefing is attached as {filename}.",
    # the sources list
    "source_published": "{publisher}, {date}",  # who published a source, and when
    # the era strip: too many events to number them all
    "strip_sample": "Numbers: {shown} of the {count} events of the timeline below, spread along it",
}


class Language:
    """A language's words, month names and date patterns."""

    def __init__(self, words: dict[str, str], months: tuple[str, ...], months_long: tuple[str, ...],
                 day: str = "{d} {m} {y}", day_long: str | None = None, month: str = "{m} {y}",
                 month_long: str | None = None, first_day: str = "1", decimal: str = ".", thousands: str = ","):
        self.words, self.months, self.months_long = words, months, months_long
        self.day, self.day_long = day, day_long or day
        self.month, self.month_long = month, month_long or month
        self.first_day, self.decimal, self.thousands = first_day, decimal, thousands


LANGUAGES: dict[str, Language] = {
    "en": Language(
        ENGLISH,
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        MONTHS),
    "fr": Language(
        {
            "masthead": "Note d’information", "key_points": "POINTS CLÉS",
            "information_as_of": "Informations à jour au {date}",
            "information_as_of_month": "Informations à jour en {date}", "page_of": "Page {page} sur {total}",
            "timeline": "Chronologie", "group_profiles": "Profils des groupes", "key_figures": "Chiffres clés",
            "actors": "Positions régionales et internationales", "outlook": "Perspectives", "sources": "Sources",
            "present": "aujourd’hui", "continued": "{name} (suite)", "approximately": "vers{nbsp}{date}",
            "kind": "TYPE", "status": "STATUT", "leader": "CHEF", "founded": "FONDATION", "base": "BASE",
            "areas": "ZONES", "size": "EFFECTIFS", "orientation": "ORIENTATION", "goals": "OBJECTIFS",
            "capabilities": "CAPACITÉS", "activities": "ACTIVITÉS", "support": "SOUTIENS", "allies": "ALLIÉS",
            "rivals": "RIVAUX", "sources_of": "Sources : ",
            "col_value": "VALEUR", "col_what": "CE QUE LE CHIFFRE MESURE", "col_as_of": "DATE",
            "col_basis": "BASE", "col_trend": "TENDANCE", "col_source": "SRC",
            "claimed_by": "Revendiqué par {who}", "claimed_tag": "REVENDIQUÉ",
            "basis_official": "officiel", "basis_reported": "rapporté", "basis_estimated": "estimé",
            "basis_claimed": "revendiqué",
            "trend_up": "en hausse", "trend_down": "en baisse", "trend_flat": "stable",
            "scale_of": "sur {whole}",
            "col_actor": "ACTEUR", "col_position": "POSITION", "col_summary": "RÉSUMÉ",
            "likelihood": "PROBABILITÉ : {likelihood}",
            "accessed": "Consulté le {date}.",
            "source_link": "Source {n} : {title}", "source_link_untitled": "Source {n}",
            "strip_exact": "date exacte", "strip_approximate": "date approximative",
            "strip_year_only": "date connue à l’année près", "strip_span": "du début à la fin",
            "strip_numbers": "Numéros : les événements de la chronologie ci-dessous, {count} en tout",
            "strip_marks": "Chaque repère est l’un des {count} événements de la chronologie ci-dessous",
            "strip_alt": "Frise des périodes : ",
            "strip_alt_events": "les {count} événements de la chronologie ci-dessous sur un axe, du {first} "
                                "au {last}",
            "strip_alt_numbered": ", numérotés comme dans la chronologie",
            "strip_alt_eras": "périodes : {spans}",
            "strip_alt_events_eras": ", dans ces périodes : {spans}",
            "map_title": "ALLIÉS ET RIVAUX",
            "map_group": "groupe présenté ici", "map_other": "cité seulement comme allié ou rival",
            "map_allies": "alliés", "map_rivals": "rivaux",
            "map_alt": "Carte des relations, {said}.", "map_alt_pairs": "{kind} : {pairs}",
            "map_alt_pair": "{a} et {b}",
            "map_left_out": "{count} noms sont liés de trop de façons pour tenir sur une page ; les alliés et "
                            "les rivaux de chaque groupe figurent dans son profil ci-dessous.",
            "mail_date": "Date : {date}", "mail_as_of": "Informations à jour au : {date}",
            "mail_publisher": "Éditeur : {name}", "mail_author": "Auteur : {names}",
            "mail_authors": "Auteurs : {names}",
            "mail_key_points": "Points clés :", "mail_attached": "La note complète est jointe : {filename}.",
            # the sources list
            "source_published": "{publisher}, {date}",
            "strip_sample": "Numéros : {shown} des {count} événements de la chronologie ci-dessous, répartis sur l’axe",
        },
        ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre"),
        first_day="1er", decimal=",", thousands=NBSP),  # (ReportLab breaks lines at a narrow one)
    "de": Language(
        {
            "masthead": "Lagebericht", "key_points": "DAS WICHTIGSTE",
            "information_as_of": "Stand: {date}", "information_as_of_month": "Stand: {date}",
            "page_of": "Seite {page} von {total}",
            "timeline": "Chronologie", "group_profiles": "Gruppenprofile", "key_figures": "Kennzahlen",
            "actors": "Regionale und internationale Positionen", "outlook": "Ausblick", "sources": "Quellen",
            "present": "heute", "continued": "{name} (Fortsetzung)", "approximately": "ca.{nbsp}{date}",
            "kind": "ART", "status": "STATUS", "leader": "FÜHRUNG", "founded": "GEGRÜNDET", "base": "BASIS",
            "areas": "GEBIETE", "size": "STÄRKE", "orientation": "AUSRICHTUNG", "goals": "ZIELE",
            "capabilities": "FÄHIGKEITEN", "activities": "AKTIVITÄTEN", "support": "UNTERSTÜTZUNG",
            "allies": "VERBÜNDETE", "rivals": "RIVALEN", "sources_of": "Quellen: ",
            "col_value": "WERT", "col_what": "WAS DIE ZAHL MISST", "col_as_of": "STAND", "col_basis": "GRUNDLAGE",
            "col_trend": "TREND", "col_source": "QU.",
            "claimed_by": "Behauptet von {who}", "claimed_tag": "BEHAUPTET",
            "basis_official": "amtlich", "basis_reported": "berichtet", "basis_estimated": "geschätzt",
            "basis_claimed": "behauptet",
            "trend_up": "steigend", "trend_down": "fallend", "trend_flat": "stabil",
            "scale_of": "von {whole}",
            "col_actor": "AKTEUR", "col_position": "POSITION", "col_summary": "ZUSAMMENFASSUNG",
            "likelihood": "WAHRSCHEINLICHKEIT: {likelihood}",
            "accessed": "Abgerufen am {date}.",
            "source_link": "Quelle {n}: {title}", "source_link_untitled": "Quelle {n}",
            "strip_exact": "genaues Datum", "strip_approximate": "ungefähres Datum",
            "strip_year_only": "nur das Jahr bekannt", "strip_span": "von Beginn bis Ende",
            "strip_numbers": "Nummern: die Ereignisse der Chronologie unten, {count} insgesamt",
            "strip_marks": "Jede Marke ist eines der {count} Ereignisse der Chronologie unten",
            "strip_alt": "Zeitleiste: ",
            "strip_alt_events": "die {count} Ereignisse der Chronologie unten auf einer Achse, von {first} "
                                "bis {last}",
            "strip_alt_numbered": ", nummeriert wie in der Chronologie",
            "strip_alt_eras": "Abschnitte: {spans}",
            "strip_alt_events_eras": ", in diesen Abschnitten: {spans}",
            "map_title": "VERBÜNDETE UND RIVALEN",
            "map_group": "hier vorgestellte Gruppe", "map_other": "nur als Verbündeter oder Rivale genannt",
            "map_allies": "Verbündete", "map_rivals": "Rivalen",
            "map_alt": "Beziehungskarte, {said}.", "map_alt_pairs": "{kind}: {pairs}",
            "map_alt_pair": "{a} und {b}",
            "map_left_out": "{count} Namen sind auf zu viele Arten verbunden, um auf eine Seite zu passen; die "
                            "Verbündeten und Rivalen jeder Gruppe stehen in ihrem Profil unten.",
            "mail_date": "Datum: {date}", "mail_as_of": "Stand: {date}", "mail_publisher": "Herausgeber: {name}",
            "mail_author": "Autor: {names}", "mail_authors": "Autoren: {names}", "mail_key_points": "Das Wichtigste:",
            "mail_attached": "Der vollständige Bericht ist als {filename} angehängt.",
            # the sources list
            "source_published": "{publisher}, {date}",
            "strip_sample": "Nummern: {shown} der {count} Ereignisse der Chronologie unten, über die Achse verteilt",
        },
        ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."),
        ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
         "November", "Dezember"),
        day="{d}. {m} {y}", decimal=",", thousands="."),
    "es": Language(
        {
            "masthead": "Informe", "key_points": "PUNTOS CLAVE",
            "information_as_of": "Información a {date}", "information_as_of_month": "Información de {date}",
            "page_of": "Página {page} de {total}",
            "timeline": "Cronología", "group_profiles": "Perfiles de los grupos", "key_figures": "Cifras clave",
            "actors": "Posiciones regionales e internacionales", "outlook": "Perspectivas", "sources": "Fuentes",
            "present": "hoy", "continued": "{name} (continuación)", "approximately": "h.{nbsp}{date}",
            "kind": "TIPO", "status": "SITUACIÓN", "leader": "LÍDER", "founded": "FUNDACIÓN", "base": "BASE",
            "areas": "ZONAS", "size": "EFECTIVOS", "orientation": "ORIENTACIÓN", "goals": "OBJETIVOS",
            "capabilities": "CAPACIDADES", "activities": "ACTIVIDADES", "support": "APOYOS", "allies": "ALIADOS",
            "rivals": "RIVALES", "sources_of": "Fuentes: ",
            "col_value": "VALOR", "col_what": "QUÉ MIDE", "col_as_of": "FECHA", "col_basis": "BASE",
            "col_trend": "TENDENCIA", "col_source": "FTE.",
            "claimed_by": "Según {who}", "claimed_tag": "REIVINDICADO",
            "basis_official": "oficial", "basis_reported": "informado", "basis_estimated": "estimado",
            "basis_claimed": "reivindicado",
            "trend_up": "al alza", "trend_down": "a la baja", "trend_flat": "estable",
            "scale_of": "de {whole}",
            "col_actor": "ACTOR", "col_position": "POSTURA", "col_summary": "RESUMEN",
            "likelihood": "PROBABILIDAD: {likelihood}",
            "accessed": "Consultado el {date}.",
            "source_link": "Fuente {n}: {title}", "source_link_untitled": "Fuente {n}",
            "strip_exact": "fecha exacta", "strip_approximate": "fecha aproximada",
            "strip_year_only": "solo se conoce el año", "strip_span": "del inicio al final",
            "strip_numbers": "Números: los sucesos de la cronología de abajo, {count} en total",
            "strip_marks": "Cada marca es uno de los {count} sucesos de la cronología de abajo",
            "strip_alt": "Franja de periodos: ",
            "strip_alt_events": "los {count} sucesos de la cronología de abajo en un eje, de {first} a {last}",
            "strip_alt_numbered": ", numerados como en la cronología",
            "strip_alt_eras": "periodos: {spans}",
            "strip_alt_events_eras": ", en estos periodos: {spans}",
            "map_title": "ALIADOS Y RIVALES",
            "map_group": "grupo descrito aquí", "map_other": "mencionado solo como aliado o rival",
            "map_allies": "aliados", "map_rivals": "rivales",
            "map_alt": "Mapa de relaciones, {said}.", "map_alt_pairs": "{kind}: {pairs}",
            "map_alt_pair": "{a} y {b}",
            "map_left_out": "{count} nombres están vinculados de demasiadas maneras para caber en una página; los "
                            "aliados y rivales de cada grupo figuran en su perfil, más abajo.",
            "mail_date": "Fecha: {date}", "mail_as_of": "Información a: {date}", "mail_publisher": "Editor: {name}",
            "mail_author": "Autor: {names}", "mail_authors": "Autores: {names}", "mail_key_points": "Puntos clave:",
            "mail_attached": "El informe completo va adjunto como {filename}.",
            # the sources list
            "source_published": "{publisher}, {date}",
            "strip_sample": "Números: {shown} de los {count} sucesos de la cronología de abajo, repartidos en el eje",
        },
        ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."),
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre"),
        day_long="{d} de {m} de {y}", month_long="{m} de {y}", decimal=",", thousands="."),
}


class Labels:
    """The words, dates and numbers of one briefing's language."""

    def __init__(self, lang: Language, tag: str):
        self.lang, self.tag = lang, tag

    def word(self, key: str, **values: object) -> str:
        """The label `key`, its placeholders filled (a key a language lacks is said in English)."""
        text = self.lang.words.get(key)
        if text is None:
            text = ENGLISH[key]
        return text.format(nbsp=NBSP, **values) if values or "{nbsp}" in text else text

    def date(self, d: PDate, long: bool = False, space: str = NBSP) -> str:
        """`2021`, `Aug 2021`, `15 Aug 2021` (long: `15 August 2021`) as the language writes them.

        Parts are joined by no-break spaces, so a printed date never breaks across lines; plain
        text (mail) passes `space=" "`.
        """
        if not d.month:
            return str(d.year)
        lang = self.lang
        m = (lang.months_long if long else lang.months)[d.month - 1]
        if not d.day:
            pattern = lang.month_long if long else lang.month
            return pattern.format(m=m, y=d.year).replace(" ", space)
        pattern = lang.day_long if long else lang.day
        day = lang.first_day if d.day == 1 else str(d.day)
        # (month names have no spaces; the pattern's spaces are the ones to keep together)
        return pattern.format(d=day, m=m, y=d.year).replace(" ", space)

    def span(self, start: PDate, end: PDate | None, approximate: bool = False) -> str:
        """`1979`, `Aug 2021`, `Dec 1979 – Feb 1989`, `c. 2022`: a line may break only at the dash."""
        text = self.date(start)
        if end is not None and end != start:
            text = f"{text} – {self.date(end)}"
        return self.word("approximately", date=text) if approximate else text

    def era(self, start: PDate, end: PDate | None) -> str:
        """An era's span: its end, or "present" while it goes on."""
        return f"{self.date(start)} – {self.date(end) if end else self.word('present')}"

    def value(self, v: str) -> str:
        """A figure's value as printed: as typed, but a plain decimal number (`60000`, see
        quantity.PlainNumber) grouped as the language groups it (`60,000`, `60 000`, `60.000`)."""
        return self._separated(v) if isinstance(v, PlainNumber) else str(v)

    def number(self, v: float) -> str:
        """A number as the language writes it: 34, 1,500, 2.5 (fr: 1 500, 2,5)."""
        return self._separated(f"{int(v):,}" if v == int(v) else f"{v:,}")

    def _separated(self, english: str) -> str:
        """A number written as in English (1,234.5) with the language's separators."""
        if self.lang.thousands == "," and self.lang.decimal == ".":
            return str(english)
        return english.replace(",", "\0").replace(".", self.lang.decimal).replace("\0", self.lang.thousands)


@cache
def labels_for(tag: str) -> Labels:
    """The labels of a BCP 47 tag: its language, else its base language, else English."""
    return Labels(_language(tag) or LANGUAGES["en"], tag)


def known(tag: str) -> bool:
    """Whether the layout speaks this tag's language (else it prints English)."""
    return _language(tag) is not None


def untranslated(tag: str) -> tuple[str, ...] | None:
    """None when the layout speaks this tag's language; else the languages it speaks (for validation's
    warning: see `briefing.schema.Untranslated`)."""
    return None if known(tag) else tuple(sorted(LANGUAGES))


def _language(tag: str) -> Language | None:
    low = tag.lower()
    return LANGUAGES.get(low) or LANGUAGES.get(low.split("-")[0])
