"""Reading one TOML table of a config file: each value checked, and every problem one
``ConfigError`` naming the file, the key path (lists counted from 1:
``group[2].slot[1].start``) and what was expected."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from typing import Any

from dutyboard.storage.errors import ConfigError

_KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})\Z")
MISSING: Any = object()


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return "a table" if isinstance(value, dict) else "a list"
    if isinstance(value, bool | dt.time | dt.date):
        return str(value).lower() if isinstance(value, bool) else value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


class ConfigTable:
    """One TOML table being read: knows its file and key path for error messages."""

    def __init__(self, file: str, path: str, data: dict[str, Any], allowed: Sequence[str]):
        self.file, self.path, self.data = file, path, data
        for key in data:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                where = f"{self.file}: {self.path}" if self.path else self.file
                raise ConfigError(
                    f"{where}: unknown key '{key}'{hint}; expected one of: {', '.join(allowed)}"
                )

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.file}: {self.where(key)}: {message}")

    def expected(self, key: str, what: str, got: Any) -> ConfigError:
        quoted = isinstance(got, str) and "number" in what
        hint = " (text in quotes; remove the quotes)" if quoted else ""
        return self.fail(key, f"expected {what}, got {_show(got)}{hint}")

    def get(self, key: str, default: Any) -> Any:
        if key in self.data:
            return self.data[key]
        if default is MISSING:
            raise self.fail(key, "missing required key")
        return default

    def text(self, key: str, default: Any = MISSING) -> str:
        value = self.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.expected(key, "a non-empty text in quotes", value)
        return value.strip()

    def ident(self, key: str) -> str:
        value = self.get(key, MISSING)
        if not isinstance(value, str) or not _KEY_RE.match(value):
            what = "a short key of lowercase letters, digits and _ (like 'night_gate')"
            raise self.expected(key, what, value)
        return value

    def integer(self, key: str, default: Any, low: int, high: int | None = None) -> int:
        value = self.get(key, default)
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or value < low or (high is not None and value > high):
            top = f" and <= {high}" if high is not None else ""
            raise self.expected(key, f"a whole number >= {low}{top}", value)
        return int(value)

    def number(self, key: str, default: Any, low: float, high: float) -> float:
        value = self.get(key, default)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not low < value <= high:
            raise self.expected(key, f"a number above {low:g} and at most {high:g}", value)
        return float(value)

    def time(self, key: str) -> str:
        value = self.get(key, MISSING)
        if isinstance(value, dt.time) and not (value.second or value.microsecond):
            return f"{value.hour:02d}:{value.minute:02d}"
        match = _TIME_RE.match(value) if isinstance(value, str) else None
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise self.expected(key, "a time HH:MM from 00:00 to 23:59, in quotes", value)
        return f"{int(match[1]):02d}:{match[2]}"

    def tables(
        self, key: str, allowed: Sequence[str], required: bool = False, default: Any = ()
    ) -> list[ConfigTable]:
        value = self.data.get(key, list(default))
        header = "[[" + re.sub(r"\[\d+\]", "", self.where(key)) + "]]"
        if not isinstance(value, list):
            raise self.expected(key, f"{header} blocks (double brackets)", value)
        for i, v in enumerate(value, 1):
            if not isinstance(v, dict):
                raise self.expected(f"{key}[{i}]", "a table { key = ..., ... }", v)
        if required and not value:
            raise self.fail(key, f"expected at least one {header}")
        return [
            ConfigTable(self.file, f"{self.where(key)}[{i}]", v, allowed)
            for i, v in enumerate(value, 1)
        ]

    def table(self, key: str, allowed: Sequence[str], required: bool = False) -> ConfigTable:
        value = self.get(key, MISSING if required else {})
        if not isinstance(value, dict):
            raise self.expected(key, f"a [{self.where(key)}] table", value)
        return ConfigTable(self.file, self.where(key), value, allowed)


def refuse_duplicates(tables: list[ConfigTable], values: list[Any], key: str, what: str) -> None:
    seen: dict[Any, ConfigTable] = {}
    for table, value in zip(tables, values, strict=True):
        if value in seen:
            used = seen[value].path
            raise table.fail(key, f"duplicate {what} {_show(value)}; already used by {used}")
        seen[value] = table


def key_and_names(t: ConfigTable) -> tuple[str, str, str]:
    return t.ident("key"), t.text("zh"), t.text("en")
