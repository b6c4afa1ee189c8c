"""Strings of the terminal app's screens and widgets."""

STRINGS: dict[str, tuple[str, str]] = {}
