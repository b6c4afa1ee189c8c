"""Strings of supplies_cli (see dutyboard/i18n.py)."""

STRINGS: dict[str, tuple[str, str]] = {}
