"""Strings of the Deliveries and Disinfection panes."""

STRINGS: dict[str, tuple[str, str]] = {}
