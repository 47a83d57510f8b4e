"""Language tags: what a talk is given in, and what a translation is in.

A language is kept as its BCP 47 tag (``ru``, ``kk``, ``en``, ``en-GB``) and
shown by name. ``langcodes`` (with its ``language_data``) reads a tag or a
name in many languages (``Russian``, ``русский``, ``қазақ тілі``) and names
a tag in any language: an academic conference in Almaty works in three.
It is imported only when a language is read or shown.
"""

from __future__ import annotations

from confrec.errors import InvalidValue

# Country codes typed for their language: none of them is a language's tag.
_COUNTRY_CODES = {"kz": "kk", "ua": "uk", "cn": "zh", "jp": "ja", "gr": "el", "dk": "da", "cz": "cs",
                  "kr": "ko", "vn": "vi", "by": "be", "il": "he", "ir": "fa", "rs": "sr"}


def _as_names(text: str) -> list[str]:
    """The text, and the language's name where it is said as one says 'in
    Kazakh': 'қазақша' (Kazakh: 'қазақ тілі'), 'по-русски' (Russian: 'русский')."""
    folded = text.casefold()
    names = [text]
    if folded.endswith(("ша", "ше")) and len(folded) > 3:
        names.append(folded[:-2] + " тілі")
    if folded.startswith("по-") and folded.endswith("и"):
        names.append(folded[3:-1] + "ий")
    return names


def parse_language(value: str, what: str = "language") -> str:
    """A tag from a tag or a language's name; InvalidValue otherwise."""
    import langcodes

    text = value.strip()
    if langcodes.tag_is_valid(text.replace("_", "-")):
        tag = langcodes.standardize_tag(text.replace("_", "-"))
        if langcodes.Language.get(tag).is_valid():
            return tag
    for name in _as_names(text):
        try:
            found = langcodes.find(name)
        except LookupError:
            continue
        # find() also takes near misses ('Quenya-ish' is Quenya): keep only a name
        # the language really has, in English, in itself, or in Russian or Kazakh.
        if name.casefold() in {found.display_name(shown_in).casefold() for shown_in in ("en", str(found), "ru", "kk")}:
            return str(found)
    if text.lower() in _COUNTRY_CODES:
        tag = _COUNTRY_CODES[text.lower()]
        raise InvalidValue(f"unknown {what} {value!r}, a country's code: did you mean {tag} ({language_name(tag)})?")
    raise InvalidValue(f"unknown {what} {value!r}: give a tag such as ru, kk or en, or a name such as Russian")


# The names langcodes gives the tags met most, in English: naming one of them
# then costs no loading of its name tables (~0.2 s). A test checks they agree.
COMMON_NAMES = {
    "en": "English", "ru": "Russian", "kk": "Kazakh", "de": "German", "fr": "French", "es": "Spanish",
    "it": "Italian", "zh": "Chinese", "tr": "Turkish", "uz": "Uzbek", "ky": "Kyrgyz", "ar": "Arabic",
}


def language_name(tag: str | None, shown_in: str | None = None) -> str:
    """'Russian' for 'ru' (or 'русский' shown in Russian); the value itself if it is no tag."""
    if not tag:
        return ""
    if shown_in in (None, "en") and tag in COMMON_NAMES:
        return COMMON_NAMES[tag]
    import langcodes

    try:
        return str(langcodes.Language.get(tag).display_name(shown_in or "en"))
    except (LookupError, ValueError):
        return tag
