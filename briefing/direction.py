"""Which way a briefing reads: right to left for the languages written in a right-to-left script.

In: a `language` tag (BCP 47) and the optional `direction` key. Out: whether
the document is right to left. A regional or script tag resolves by its base
language (`ar-EG` -> `ar`), except a script subtag that says otherwise
(`ku-Arab` reads right to left, `ug-Latn` left to right).
"""

from __future__ import annotations

# Languages whose usual script is written right to left.
RTL_LANGUAGES = frozenset({"fa", "prs", "ps", "ar", "ur", "ckb", "sd", "ug", "he", "yi", "dv"})
# Script subtags (ISO 15924) written right to left.
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})


def is_rtl(language: str, override: str | None = None) -> bool:
    """Whether a briefing in `language` reads right to left; `override` (`rtl` or `ltr`) decides if given."""
    if override is not None:
        return override == "rtl"
    parts = language.replace("_", "-").lower().split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return script in RTL_SCRIPTS
    return parts[0] in RTL_LANGUAGES
