"""A record's title and text in other languages, and the record as shown in one.

A translation is kept on the record it translates (``translations``:
language tag -> field -> text). Shown in a language, each field is its
translation where there is one, and the original where there is not: field
by field, so a talk with a translated title and no translated abstract
shows both, the abstract in its own language.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any, TypeVar, cast

from confrec.errors import InvalidValue
from confrec.languages import parse_language
from confrec.record.models import TRANSLATABLE, Record

R = TypeVar("R", bound=Record)


def translate(record: R, lang: str, changes: dict[str, str | None]) -> R:
    """The record with these fields of its ``lang`` translation set ('' removes one)."""
    tag = parse_language(lang)
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise InvalidValue(f"nothing to translate: give {' or '.join('--' + f for f in TRANSLATABLE[record.noun])}")
    had: dict[str, dict[str, str]] = getattr(record, "translations", {})  # events and talks have them
    entry = {k: v for k, v in {**had.get(tag, {}), **given}.items() if v and v.strip()}
    translations = {**had, tag: entry}
    if not entry:
        del translations[tag]
    return cast(R, dataclasses.replace(cast(Any, record), translations=translations))


def translation_said(record: Record, lang: str, changes: dict[str, str | None]) -> str:
    """What a translate command did, in the tag it kept: 'Translated talk 2
    into kk (title, abstract)', and what '' removed: 'Removed the kk title of talk 2'."""
    tag = parse_language(lang)
    label = f"{record.noun} {getattr(record, 'slug', None) or record.id}"
    given = [f for f, v in changes.items() if v is not None and v.strip()]
    removed = [f for f, v in changes.items() if v is not None and not v.strip()]
    said = [f"Translated {label} into {tag} ({', '.join(given)})"] if given else []
    if removed:
        said.append(f"{'removed' if given else 'Removed'} the {tag} {' and '.join(removed)} of {label}")
    return "; ".join(said)


def shown_in(record: R, lang: str | None) -> R:
    """The record as shown in ``lang``: translated fields, the original where none is given."""
    translations = getattr(record, "translations", {})
    if not lang or lang not in translations:
        return record
    shown = copy.copy(record)
    for name, value in translations[lang].items():
        setattr(shown, name, value)
    return shown


def languages_of(record: Record) -> list[str]:
    return sorted(getattr(record, "translations", {}))
