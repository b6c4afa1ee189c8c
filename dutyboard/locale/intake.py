"""Strings of order intake: the 接龙 and 快团团 parsers and their problems."""

STRINGS: dict[str, tuple[str, str]] = {}
