"""Strings of supplies_tui (see dutyboard/i18n.py)."""

STRINGS: dict[str, tuple[str, str]] = {}
