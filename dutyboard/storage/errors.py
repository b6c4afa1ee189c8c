"""Errors a user may see. Each carries one clear line, optional details and an exit code.

Exit codes follow the CLI contract: 1 = refused or problems found, 2 = usage error or
unreadable input. Nothing that reaches a user is ever a traceback.
"""

from __future__ import annotations


class DutyboardError(Exception):
    exit_code = 1

    def __init__(
        self,
        message: str,
        details: list[str] | None = None,
        *,
        key: str | None = None,
        fields: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])
        self.key = key  # a catalogue key (dutyboard/i18n/catalogues/errors.py) if it has one
        self.fields = dict(fields or {})

    def text(self, lang: str) -> str:
        """The message in ``lang`` (English ``message`` if it has no catalogue key)."""
        if self.key is None:
            return self.message
        from dutyboard.i18n import t

        return t(self.key, lang, **self.fields)

    def details_in(self, lang: str) -> list[str]:
        """The details in ``lang`` (as they are, unless a subclass translates them)."""
        return self.details

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join("  " + d for d in self.details)


class Refused(DutyboardError):
    """The action is not allowed or its input names something unknown."""

    exit_code = 1


def refused(key: str, details: list[str] | None = None, /, **fields: object) -> Refused:
    """A refusal from the catalogue: its ``message`` in English (the CLI's, the logs'),
    ``text(lang)`` in the language of the screen that shows it."""
    from dutyboard.i18n import t

    return Refused(t(key, "en", **fields), details, key=key, fields=fields)


class UsageError(DutyboardError):
    exit_code = 2


class ConfigError(DutyboardError):
    """A configuration file is missing, unparsable or has a wrong key or value."""

    exit_code = 2


class BoardFileError(DutyboardError):
    """The board file cannot be read (broken, truncated, wrong format, newer version)."""

    exit_code = 2


class BoardBusy(DutyboardError):
    """Another program held the board's lock for too long."""

    exit_code = 1


class SaveError(DutyboardError):
    """Writing the board failed (disk full, read-only folder, permission)."""

    exit_code = 1


class ImportRefused(DutyboardError):
    """A CSV import had invalid rows; nothing was written."""

    exit_code = 1
