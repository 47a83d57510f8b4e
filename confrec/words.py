"""Talk types and statuses as other systems and other languages name them,
in confrec's words: what an import reads from a file and what an organiser
types (``--type доклад``, ``--status подтверждён``) mean the same."""

from __future__ import annotations

from confrec.errors import InvalidValue
from confrec.record.models import TALK_STATUSES, TALK_TYPES

# (The source's own word is kept beside ours by the imports: Talk.type_label.)
TYPES = {
    "talk": "talk", "lecture": "talk", "presentation": "talk", "paper": "talk", "lightning": "talk",
    "lightning talk": "talk", "lightning_talk": "talk", "vortrag": "talk", "short talk": "talk",
    "keynote": "keynote", "plenary": "keynote",
    "panel": "panel", "discussion": "panel", "podium": "panel", "podiumsdiskussion": "panel",
    "workshop": "workshop", "hands-on": "workshop", "tutorial": "workshop", "workshop hands-on": "workshop",
    "welcome": "welcome", "opening": "welcome", "welcome speech": "welcome", "other": "other",
    "break": "break", "coffee break": "break", "pause": "break", "lunch": "break", "meal": "break",
    "registration": "registration", "ceremony": "ceremony", "opening ceremony": "ceremony",
    "closing ceremony": "ceremony",
    # Russian and Kazakh programs
    "доклад": "talk", "сообщение": "talk", "лекция": "talk", "баяндама": "talk", "дәріс": "talk",
    "пленарный доклад": "keynote",
    "пленарлық баяндама": "keynote", "круглый стол": "panel", "дискуссия": "panel", "дөңгелек үстел": "panel",
    "мастер-класс": "workshop", "шеберлік сынып": "workshop", "приветственное слово": "welcome",
    "приветствие": "welcome", "открытие": "welcome", "құттықтау сөз": "welcome", "перерыв": "break",
    "кофе-брейк": "break", "обед": "break", "үзіліс": "break", "түскі ас": "break", "регистрация": "registration",
    "тіркеу": "registration", "церемония открытия": "ceremony", "церемония закрытия": "ceremony",
}

STATUSES = {
    "submitted": "submitted", "accepted": "accepted", "confirmed": "confirmed",
    "scheduled": "confirmed", "rejected": "rejected", "withdrawn": "withdrawn",
    "cancelled": "cancelled", "canceled": "cancelled", "tentative": "accepted", "draft": "submitted",
    "delayed": "confirmed",
    # Russian (either gender of the word, with е for ё) and Kazakh
    "подана": "submitted", "подан": "submitted", "на рассмотрении": "submitted", "принят": "accepted",
    "принята": "accepted", "подтвержден": "confirmed", "подтверждена": "confirmed", "отклонен": "rejected",
    "отклонена": "rejected", "отозван": "withdrawn", "отозвана": "withdrawn", "отменен": "cancelled",
    "отменена": "cancelled", "қабылданды": "accepted", "расталды": "confirmed", "қабылданбады": "rejected",
    "болдырылмады": "cancelled",
}


def _key(value: object) -> str:
    return " ".join(str(value).lower().replace("ё", "е").split())


def talk_type(value: object) -> tuple[str, str | None]:
    """A file's type: (ours, the source's own word when it says more than
    ours). A word we do not know is 'other', its word kept."""
    label = " ".join(str(value or "").split())
    if not label:
        return "talk", None
    key = _key(label)
    ours = TYPES.get(key, "other")
    return ours, (None if key == ours else label)


def talk_status(value: str | None) -> str | None:
    """A file's status; None for unknown words: the caller decides whether that is an error."""
    if not value or not value.strip():
        return "submitted"
    return STATUSES.get(_key(value))


def typed(name: str, value: str | None, words: dict[str, str], choices: tuple[str, ...],
          example: str) -> str | None:
    """An option as typed (``--type доклад``, ``--status Confirmed``): confrec's
    word for it; None and '' pass through (not given; cleared). A word
    nobody uses for one of ``choices`` is refused, listing them."""
    if not value:
        return value
    ours = words.get(_key(value))
    if ours is None:
        raise InvalidValue(f"invalid {name} {value!r}: choose one of {', '.join(choices)} "
                           f"(or the word in Russian or Kazakh: {example})")
    return ours


def typed_type(value: str | None) -> str | None:
    return typed("type", value, TYPES, TALK_TYPES, "доклад, баяндама, круглый стол, перерыв")


def typed_status(value: str | None) -> str | None:
    return typed("status", value, STATUSES, TALK_STATUSES, "принят, подтверждён, расталды")
