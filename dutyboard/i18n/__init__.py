"""Translations. Every user-facing string has a Chinese and an English text.

Catalogues live in ``dutyboard/i18n/catalogues/`` as plain dicts ``{key: (zh, en)}``, one module
per part of the program so that people working on different parts do not edit the
same file. ``t(key, lang, **fields)`` formats; an unknown key is a bug that the test
suite catches (tests/test_catalogue_keys.py), shown as the key itself rather than crashing.

An English text that counts something may be ``{"one": ..., "other": ...}``: the field
``n`` chooses ("1 task", "2 tasks"). Chinese has one form, so its text is always a str.
"""

from __future__ import annotations

import pendulum
from rich.cells import cell_len

from dutyboard.i18n.catalogues import buildings as _buildings
from dutyboard.i18n.catalogues import care as _care
from dutyboard.i18n.catalogues import cli as _cli
from dutyboard.i18n.catalogues import cli_help as _cli_help
from dutyboard.i18n.catalogues import core as _core
from dutyboard.i18n.catalogues import deliveries_tui as _deliveries_tui
from dutyboard.i18n.catalogues import errors as _errors
from dutyboard.i18n.catalogues import files as _files
from dutyboard.i18n.catalogues import intake as _intake
from dutyboard.i18n.catalogues import integrity as _integrity
from dutyboard.i18n.catalogues import people as _people
from dutyboard.i18n.catalogues import roles as _roles
from dutyboard.i18n.catalogues import slots as _slots
from dutyboard.i18n.catalogues import staffing as _staffing
from dutyboard.i18n.catalogues import supplies as _supplies
from dutyboard.i18n.catalogues import supplies_cli as _supplies_cli
from dutyboard.i18n.catalogues import supplies_tui as _supplies_tui
from dutyboard.i18n.catalogues import swap as _swap
from dutyboard.i18n.catalogues import tasks_ui as _tasks_ui
from dutyboard.i18n.catalogues import tui as _tui

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

# An English text, or its plural forms keyed "one" and "other".
English = str | dict[str, str]

CATALOG: dict[str, tuple[str, English]] = {
    **_core.STRINGS,
    **_staffing.STRINGS,
    **_tasks_ui.STRINGS,
    **_tui.STRINGS,
    **_care.STRINGS,
    **_swap.STRINGS,
    **_errors.STRINGS,
    **_files.STRINGS,
    **_cli.STRINGS,
    **_cli_help.STRINGS,
    **_intake.STRINGS,
    **_integrity.STRINGS,
    **_supplies.STRINGS,
    **_supplies_tui.STRINGS,
    **_supplies_cli.STRINGS,
    **_deliveries_tui.STRINGS,
    **_buildings.STRINGS,
    **_people.STRINGS,
    **_roles.STRINGS,
    **_slots.STRINGS,
}


def t(key: str, lang: str, /, **fields: object) -> str:
    pair = CATALOG.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    if not isinstance(text, str):
        text = text["one" if fields.get("n") == 1 else "other"]
    return text.format(**fields) if fields else text


# Terminal cells of a text (a Chinese character takes two, a combining mark none):
# rich's measure, the one Textual draws with, so the CLI lines up as the app does.
cells = cell_len


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal cells (a Chinese character takes two)."""
    return text + " " * max(0, width - cells(text))


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(day: pendulum.Date, lang: str) -> str:
    """4月26日 星期二 / Tue 26 Apr. By hand: pendulum's formatter loads a locale file
    first, which cost 5 ms of the first screen."""
    if lang == "zh":
        return f"{day.month}月{day.day}日 {_WEEKDAYS_ZH[day.weekday()]}"
    return f"{_WEEKDAYS_EN[day.weekday()]} {day.day} {_MONTHS_EN[day.month - 1]}"


def status_name(kind: str, value: str, lang: str) -> str:
    """Names of statuses: kind is 'task', 'assignment' or 'building'."""
    return t(f"{kind}.{value}", lang)
