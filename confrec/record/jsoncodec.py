"""Pretty JSON, fast.

The database file, ``--json`` output and the JSON exports are all
``json.dumps(value, ensure_ascii=False, indent=2)``. With ``indent`` the
standard library falls back to its pure-Python encoder: 545 ms for a
10,000-talk record. orjson writes the very same bytes in about 20 ms (a test
checks they are identical), so it is used when it can encode the value; the
standard library remains the reference and the fallback. Characters that
could steer a terminal are then written as escapes (``pretty_bytes``).
"""

from __future__ import annotations

import re
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency, but stay correct without it
    orjson = None  # type: ignore[assignment]  # (the module, or None: the fallback below)


# DEL, the C1 controls, the line and paragraph separators and the bidi
# embeddings, overrides and isolates, as UTF-8 bytes. JSON escapes the C0
# controls itself; with non-ASCII written as it is, these would reach a
# terminal raw (a `cat`, a `git diff` of the record). They only occur inside
# JSON strings, where ``\\u00XX`` is the same value. 0xC2 and 0xE2 are only
# ever lead bytes, so these patterns cannot match across characters.
_UNSAFE = re.compile(b"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")


def _escape(m: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(m.group().decode("utf-8"))


def plain_bytes(value: Any, *, sort_keys: bool = False) -> bytes:
    """UTF-8 bytes of ``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=...) + "\\n"``."""
    if orjson is not None:
        option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
        if sort_keys:
            option |= orjson.OPT_SORT_KEYS
        try:
            return orjson.dumps(value, option=option)
        except TypeError:  # orjson.JSONEncodeError: e.g. an int beyond 64 bits
            pass
    import json  # (only here: the record's every write pays for an import it rarely needs)

    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n").encode("utf-8")


def escape_unsafe(data: bytes) -> bytes:
    """The JSON with those characters escaped. A regular expression over the
    whole file took 160 ms at 15 MB; finding their lead bytes (memchr) and
    looking only there takes milliseconds, as most records have none."""
    hits = []
    for lead in (b"\x7f", b"\xc2", b"\xe2"):
        at = data.find(lead)
        while at >= 0:
            m = _UNSAFE.match(data, at)
            if m:
                hits.append(m)
            at = data.find(lead, at + 1)
    if not hits:
        return data
    hits.sort(key=lambda m: m.start())
    parts, last = [], 0
    for m in hits:
        parts += [data[last:m.start()], _escape(m)]
        last = m.end()
    parts.append(data[last:])
    return b"".join(parts)


def pretty_bytes(value: Any, *, sort_keys: bool = False) -> bytes:
    """What confrec writes as JSON (the record, --json, the exports): readable
    UTF-8, with the characters that could steer a terminal escaped."""
    return escape_unsafe(plain_bytes(value, sort_keys=sort_keys))


def pretty(value: Any, *, sort_keys: bool = False) -> str:
    return pretty_bytes(value, sort_keys=sort_keys).decode("utf-8")
