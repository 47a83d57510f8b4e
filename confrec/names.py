"""A person's name as family name and given names, for indexes and citations.

Programs write names every way: 'F.T. Kukeeva', 'Kukeeva F.T.', 'Kukeeva,
Farida', 'Farida Kukeeva', 'Кукеева Ф.Т.'. The family name is what is
before a comma; else the word that is not an initial, the last such word
when initials come first ('F.T. Kukeeva', 'Sh. Brennan') and the first when
they follow ('Kukeeva F.T.'). A full Russian or Kazakh name with a
patronymic is read by it: 'Кукеева Фарида Тураровна' (family name first, as
official lists write it) and 'Фарида Тураровна Кукеева'. Any other name with
no initials is given name(s) then family name, as most programs in Latin
letters write it.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from confrec.textutil import search_key, sort_key

# 'F.', 'F.T.', 'Sh.', 'Zh.', 'Ф.Т.', 'A/Prof' is not one
_INITIALS = re.compile(r"(?:[^\W\d_]{1,2}\.)+(?:[^\W\d_]{1,2})?|[^\W\d_]")


# Russian and Kazakh patronymics, in Cyrillic and in Latin letters:
# Турарович, Тураровна, Ильинична, Әбішұлы, Нұрланқызы; Turarovich, Abishuly.
_PATRONYMIC = re.compile(r"(?:ович|евич|ьич|овна|евна|ична|[уұ]лы|[кқ]ызы|ovich|evich|ovna|evna|ichna|uly|[kq]yzy)$",
                         re.IGNORECASE)


# Titles and degrees written into a name ('Prof. F.T. Kukeeva', 'Dr Ana
# Müller', 'проф. Кукеева Ф.Т.', 'Ana Berg, PhD', 'д.и.н. Кукеева'): not part
# of the family or given names, so an index or a citation leaves them out.
# (No 'Ma' or 'Md': they are names too.)
_HONORIFICS = {"prof", "professor", "dr", "doctor", "mr", "mrs", "ms", "mx", "assoc", "asst", "assist", "sir",
               "dame", "phd", "ph.d", "dsc", "d.sc", "проф", "профессор", "д-р", "доц", "доцент", "акад",
               "академик"}
_DEGREE = re.compile(r"[дк]\.[а-яәғқңөұүһі]{1,6}\.н\.?", re.IGNORECASE)  # д.и.н., к.полит.н.: a Russian degree


def _is_honorific(word: str) -> bool:
    return word.casefold().rstrip(".") in _HONORIFICS or bool(_DEGREE.fullmatch(word))


def _without_honorifics(name: str) -> str:
    """The name without the titles and degrees before it, or after it (after a comma, or last)."""
    while True:  # 'Д.Т. Жакенов, д.и.н., профессор'
        head, sep, tail = name.rpartition(",")
        if not (sep and tail.split() and all(_is_honorific(w) for w in tail.split())):
            break
        name = head.strip()
    words = name.split(" ")
    while len(words) > 1 and _is_honorific(words[0].rstrip(",")):
        words = words[1:]
    while len(words) > 1 and _is_honorific(words[-1]):
        words = words[:-1]
    return " ".join(words)


_PARTICLES = {"de", "da", "di", "du", "del", "della", "des", "dos", "das", "van", "von", "der", "den", "ter",
              "ten", "la", "le", "al", "el", "bin", "ibn"}


_LEADING_MARKS = re.compile(r"^[\W_]+")


class Name(NamedTuple):
    family: str
    given: str  # initials or given names, as written

    def inverted(self) -> str:
        """'Kukeeva, F.T.', for an index."""
        return f"{self.family}, {self.given}" if self.given else self.family

    def sort_key(self) -> tuple[str, str]:
        """Family name first, in Latin letters, so an index in several scripts
        interleaves; a handle's '@' or '_' before it is not sorted by."""
        return sort_key(_LEADING_MARKS.sub("", self.family)), sort_key(self.given)


def _is_initials(word: str) -> bool:
    return bool(_INITIALS.fullmatch(word))


# What a program writes after a name and is not part of it: a handle or an
# organisation in brackets, an @handle ('Leonid Evdokimov (darkk)', 'Caro
# (NSU-Watch)', 'Claudia Frick - @FuzzyLeapfrog'). It stays with the name,
# after the given names, but is neither the family name nor sorted by.
_ASIDE = re.compile(r"\s+(?:\([^()]*\)|\[[^\[\]]*\]|(?:[-–—/|]\s+)?@\S+)$")


@functools.lru_cache(maxsize=8192)  # the book, the index and the citations each split every name
def split_name(name: str) -> Name:
    name = " ".join(name.split())
    aside = _ASIDE.search(name)
    if aside is None:
        return _split(name)
    family, given = _split(name[:aside.start()])
    if given:
        return Name(family, f"{given}{aside.group()}")
    if "," in name[:aside.start()]:  # 'Frick, @FuzzyLeapfrog': after the comma, the handle is all there is
        return Name(family, aside.group().strip())
    return Name(f"{family}{aside.group()}", "")  # 'Caro (NSU-Watch)': one name, as written


def _split(name: str) -> Name:
    name = _without_honorifics(name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        if given:
            return Name(family, given)
        name = family  # 'Ana Berg,': a stray comma, not 'Family, Given' with nothing given
    words = name.split(" ")
    if len(words) == 1:
        return Name(name, "")
    if len(words) >= 3:
        patronymics = [i for i, w in enumerate(words) if _PATRONYMIC.search(w)]
        if len(patronymics) == 1:
            # 'Кукеева Фарида Тураровна' (the official order: family name first)
            # or 'Фарида Тураровна Кукеева': the patronymic stands after the given name
            if patronymics[0] == len(words) - 1:
                return Name(words[0], " ".join(words[1:]))
            if patronymics[0] == len(words) - 2:
                return Name(words[-1], " ".join(words[:-1]))
    initial = [_is_initials(w) for w in words]  # (each word tested once)
    if initial[0] or not any(initial):
        # 'F.T. Kukeeva', 'Sh. Brennan', 'Farida Kukeeva', 'Jean-Paul de Vries'
        firsts = sum(initial)
        if not (firsts and all(initial[:firsts])):
            firsts = 0
        # the last word is the family name, with its particles ('Jean-Paul de
        # Vries', 'A. de Vries'); given names may follow initials ('J. Alex Halderman')
        cut, floor = len(words) - 1, firsts or 1
        while cut > floor and words[cut - 1] in _PARTICLES:
            cut -= 1
        return Name(" ".join(words[cut:]), " ".join(words[:cut]))
    # 'Kukeeva F.T.', 'Кукеева Ф. Т.': the family name first, initials after
    return Name(" ".join(w for w, i in zip(words, initial, strict=True) if not i),
                " ".join(w for w, i in zip(words, initial, strict=True) if i))


def person_key(name: str) -> tuple[str, str]:
    """Family and given names in Latin letters, without case, titles or the
    spaces and dots between initials: 'Кукеева Ф. Т.', 'F.T. Kukeeva' and
    'Prof. Kukeeva, F.T.' give one key ('Farida Kukeeva' another: an
    initial does not say which given name it stands for)."""
    split = split_name(name)
    return _latin(split.family), _latin(split.given)


def _latin(part: str) -> str:
    """A part of a name as person_key and initials_key compare it: Latin
    letters, no case, no spaces or dots between initials."""
    return search_key(part).replace(" ", "").replace(".", "")


def with_initials(name: str) -> bool:
    """A name of a family name and initials ('Кукеева Ф.Т.', 'F.T. Kukeeva',
    'A. de Vries'), as academic programs write co-authors; not 'Kukeeva'
    alone, nor a name written out ('Farida Kukeeva')."""
    words = name.split()
    return len(words) >= 2 and any(_is_initials(w) for w in words) and not all(_is_initials(w) for w in words)


_WORD = re.compile(r"[^\W\d_]+")


def initials_key(name: str) -> tuple[tuple[str, str], bool] | None:
    """The family name in Latin letters and the initials of the given names,
    and whether the name gives only initials: 'Ф.Т. Кукеева' and 'Фарида
    Тураровна Кукеева' share ('kukeeva', 'ft'), the first with initials only.
    A program typed by hand writes initials where a registration form has
    the names in full. None for a name with no given names."""
    split = split_name(name)
    words = _WORD.findall(split.given)
    if not words:
        return None
    initials = "".join(search_key(w)[:1] for w in words)
    return (_latin(split.family), initials), all(_is_initials(w) for w in split.given.split())
