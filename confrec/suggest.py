"""'Did you mean': the closest names to one that matched nothing.

rapidfuzz scores every candidate in C (a typo in a speaker's name against
10,000 speakers takes milliseconds); its WRatio weighs a close spelling of
the whole name and of a part of it (a surname) alike. Names are compared by
their search keys, so a misspelt Cyrillic name finds its Latin record too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from confrec.textutil import search_key

T = TypeVar("T")
CUTOFF = 75  # below this the suggestions were noise in the names tried
SHOWN = 3


def closest(typed: str, candidates: Sequence[tuple[str, T]]) -> list[T]:
    """The candidates (label, item) whose label is closest to what was typed, best first."""
    from rapidfuzz import fuzz, process

    keys = [search_key(label) for label, _ in candidates]
    found = process.extract(search_key(typed), keys, scorer=fuzz.WRatio, limit=SHOWN, score_cutoff=CUTOFF)
    return [candidates[index][1] for _, _, index in found]


def did_you_mean(shown: list[str]) -> str:
    return f" (did you mean {' or '.join(shown)}?)" if shown else ""
