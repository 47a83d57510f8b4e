"""Text helpers shared by the store, the renderers and the exporters."""

from __future__ import annotations

import functools
import re
import unicodedata

# C0 controls except TAB and LF, DEL, and the C1 controls (0x80-0x9f, which
# include the 8-bit CSI and OSC introducers). None of these may reach a terminal.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# and bidi embedding/override/isolate controls, which can reorder what a terminal shows.
_DEL_C1_BIDI = "\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_TERMINAL_OR_BIDI = re.compile(f"[\x00-\x08\x0b-\x1f{_DEL_C1_BIDI}]")
# The same characters as orjson's UTF-8 shows them: C0 escaped (\u00XX, or
# \r, \b, \f; TAB and LF, which stay, are \t and \n), DEL, C1 and bidi as
# their bytes. Each pattern starts with a fixed byte, which the regex engine
# finds at memchr speed: these look through a 12 MB book in 40 ms, where one
# character class over its text took 190 ms (the en dash of every time is
# not ASCII, so no ASCII shortcut helps).
_UNSAFE_IN_JSON = [re.compile(p) for p in (
    rb"\\(?:u00|[rbf])",
    rb"\xc2[\x80-\x9f]",  # U+0080-U+009F
    rb"\xe2\x80[\xaa-\xae]",  # U+202A-U+202E
    rb"\xe2\x81[\xa6-\xa9]",  # U+2066-U+2069
)]
# Lone surrogates cannot be encoded as UTF-8 and so cannot be stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise(text: str) -> str:
    """Fold case and accents so that 'Kukeeva', 'KUKEEVA' and 'Kükeeva' match."""
    if text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks: 8x faster
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def strip_controls(text: str) -> str:
    """Remove control characters (escape sequences, NUL, C1), keeping TAB and LF."""
    return _TERMINAL_UNSAFE.sub("", text)


_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\t]")


def without_controls(text: str, *, long: bool) -> tuple[str, int]:
    """Text from a file made safe to keep: control and bidi characters removed
    (long text keeps TAB, LF and CR; in a one-line value a line break or TAB
    becomes a space). Returns the text and how many characters were removed."""
    if long:
        cleaned, n = _CONTROL_BUT_LINES.subn("", text)
        return cleaned, n
    spaced, breaks = _LINE_BREAKS.subn(" ", text)
    cleaned, n = _ANY_CONTROL.subn("", spaced)
    return cleaned, n + breaks


def for_terminal(text: str) -> str:
    """User text made safe for a terminal: no controls, no bidi overrides."""
    # isprintable() (in C) is False for every control and bidi character, so
    # most text is passed without the regex: this runs on every text of every export.
    return text if text.isprintable() else _TERMINAL_OR_BIDI.sub("", text)


def json_may_need_for_terminal(json_utf8: bytes) -> bool:
    """Whether serialised JSON (UTF-8, as orjson writes it) may hold a string
    that for_terminal would change: one look at a whole document instead of
    a call per string. A backslash typed before an r looks the same: a false
    alarm costs only the full pass, never a character let through."""
    return b"\x7f" in json_utf8 or any(p.search(json_utf8) for p in _UNSAFE_IN_JSON)


_BREAKS = re.compile(r"\s*[\t\n]\s*")


def one_line(text: str) -> str:
    """User text for a one-line slot (a message, a calendar's SUMMARY): as
    ``for_terminal``, with each line break or tab (and the spaces around it) one space."""
    if text.isprintable():  # no control, no line break, no tab: nothing to fold
        return text.strip()
    return _BREAKS.sub(" ", for_terminal(text)).strip()


@functools.cache
def _xml_illegal() -> re.Pattern[str]:
    # What XML 1.0 allows at all; everything else would make the file
    # unparseable. Compiled on first use: it costs ~7 ms and only XML needs it.
    return re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def for_xml(text: str) -> str:
    """Text XML 1.0 can hold: C0 controls other than TAB, LF and CR cannot be
    written at all, not even as references, so they are left out. The rest
    is kept; ``xml_char_refs`` then writes the risky ones as references."""
    return _xml_illegal().sub("", text)


# CR (which XML parsers would turn into LF when written raw), DEL, the C1
# controls and the bidi controls: legal in XML, but written as character
# references so the file keeps them and a terminal showing it is not steered.
_XML_REFS = re.compile("[\r\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def xml_char_refs(serialized: str) -> str:
    return _XML_REFS.sub(lambda m: f"&#{ord(m.group())};", serialized)


def has_lone_surrogate(text: str) -> bool:
    return bool(_SURROGATE.search(text))


_NOT_SLUG = re.compile("[^a-z0-9]+")


def slugify(text: str, limit: int = 60) -> str:
    """An ASCII slug from a name in any script: 'Эволюция 2016' -> 'evolyutsiya-2016'."""
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text)
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")
    if len(slug) > limit:  # cut at a word, not inside one
        slug = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    return slug


# Spellings that differ between transliterations of one name (Байзакова:
# Bayzakova, Baizakova; Жакенов: Zhakenov, Jakenov; Хасенов: Khasenov,
# Hasenov; Цой: Tsoi, Coi), made one for searching.
_SPELLINGS = [("shch", "sh"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("y", "i")]


def sort_key(text: str) -> str:
    """A name for alphabetical order in any script: Latin letters, no case
    (Кукеева sorts with Kukeeva), but no merging of spellings."""
    from anyascii import anyascii

    return " ".join(anyascii(text).casefold().split())


def search_key(text: str) -> str:
    """A name or title as search sees it: any script in Latin letters, no case,
    no accents, one spelling for the usual transliteration variants, so that
    'Кукеева' finds 'F.T. Kukeeva' and 'kukeeva' finds 'Кукеева Ф.Т.'."""
    return search_keys(text)[1]


def search_keys(text: str) -> tuple[str, str]:
    """The text in Latin letters without case or accents, and the same with
    one spelling for the transliteration variants (``search_key``)."""
    from anyascii import anyascii

    plain = key = " ".join(anyascii(text).casefold().split())
    for spelling, one in _SPELLINGS:
        key = key.replace(spelling, one)
    return plain, key


def search_finds(typed: tuple[str, str], text: tuple[str, str]) -> bool:
    """Whether what was typed is part of the text (both as ``search_keys``
    gives them). The one spelling finds 'Zhakenov' for 'Jakenov'; the text
    as written finds 'Makhmutov' for 'Mak', which the one spelling cannot,
    as it has made 'Makh' 'Mah' by then."""
    return typed[1] in text[1] or typed[0] in text[0]
