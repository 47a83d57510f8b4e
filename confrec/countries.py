"""Countries as people type them, told apart for counting.

A speaker's country is kept as it was typed ('Казахстан' in a Russian
program stays so). Counting by country, and telling a speaker from abroad,
go by the country a text names: 'Kazakhstan', 'Казахстан', 'Қазақстан' and
'KZ' are one. ``language_data`` (which ``langcodes`` already brings) has
the names CLDR gives each country in every language, and its codes.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from confrec.textutil import normalise

# The official form around a country's short name, as affiliations write it:
# 'Republic of Kazakhstan', 'Республика Казахстан', 'Қазақстан Республикасы'.
_OFFICIAL = re.compile(r"(?i)^(?:the\s+)?(?:republic\s+of|республика)\s+|\s+республикасы$")


# Codes in use for a country that ISO 3166 gives another: the United Kingdom, Greece in the EU.
_CODES_IN_USE = {"UK": "GB", "EL": "GR"}


@functools.lru_cache(maxsize=4096)  # (a record's speakers name a few dozen countries)
def country_key(text: str) -> str:
    """The ISO 3166 code of the country a name or code says ('KZ' for
    'Қазақстан'), else the text folded (case and accents), so that two
    spellings CLDR does not know still count together when they differ only so."""
    typed = " ".join(text.split())
    if len(typed) == 2 and typed.isascii() and typed.isalpha():  # a code, as ISO 3166 has it or as people write it
        return _CODES_IN_USE.get(typed.upper(), typed.upper())
    from language_data.names import name_to_code  # (not langcodes: its import and names cost 0.2 s)

    for name in (typed, _OFFICIAL.sub("", typed)):
        try:
            code = name_to_code("territory", name)
        except (LookupError, ValueError):
            code = None
        if code:
            return str(code)
    return normalise(typed)


def same_country(a: str, b: str) -> bool:
    return country_key(a) == country_key(b)


def by_country(countries: Iterable[str]) -> Counter[str]:
    """How many of each country, each shown as it was typed most often
    ('Kazakhstan' for 3 of those and 1 'Казахстан')."""
    spellings: dict[str, Counter[str]] = {}
    for typed in countries:
        spellings.setdefault(country_key(typed), Counter())[typed] += 1
    # ties: a name before a bare code ('Kazakhstan' before 'KZ'), then in order
    return Counter({min(c.items(), key=lambda kv: (-kv[1], len(kv[0]) <= 3, kv[0]))[0]: c.total()
                    for c in spellings.values()})
