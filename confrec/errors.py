"""The few exceptions confrec raises for user mistakes.

The library raises these; the CLI turns them into one ``Error: ...`` line and
the exit code, in one place (``confrec.cli.app``). Anything else is a bug and
is allowed to show a traceback.
"""

from __future__ import annotations


class ConfrecError(Exception):
    """A mistake in what the user asked for or in the file they gave."""

    exit_code = 1


class InvalidValue(ConfrecError):
    """A field value that cannot be stored (bad date, bad e-mail, ...).

    ``field`` names the record field when one is to blame, so an importer can
    leave that one value out instead of refusing the whole file.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(ConfrecError):
    """No record matches the id, slug or name given; ``suggested`` when the
    message names the closest ones (a misspelling, not someone new)."""

    def __init__(self, message: str, *, suggested: bool = False) -> None:
        super().__init__(message)
        self.suggested = suggested


class Ambiguous(ConfrecError):
    """A name matches several records."""


class Conflict(ConfrecError):
    """The change would break the record (duplicate slug, referenced record)."""


class DatabaseError(ConfrecError):
    """The database file cannot be read, written or understood."""
