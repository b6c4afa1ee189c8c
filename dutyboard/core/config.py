"""Load and validate a board's configuration: a directory of four TOML files.

Every problem becomes one ``ConfigError`` whose message names the file, the key path
(lists are counted from 1: ``group[2].slot[1].start`` is the first slot of the second
``[[group]]``) and what was expected. Nobody editing these files ever sees a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.building_rules import BUILDINGS_FILE, BuildingRules, load_building_rules
from dutyboard.core.care_config import CareSpec, TestingSpec
from dutyboard.core.supplies_config import SUPPLIES_FILE, SuppliesSpec, load_supplies
from dutyboard.storage.errors import ConfigError
from dutyboard.storage.outfiles import CONFIG_CAP, read_input

DEFAULT_FILES = ("board.toml", "community.toml", "groups.toml", "disinfection.toml")
# Optional: rotation templates for planning tomorrow's roster (dutyboard.core.plan).
ROTATION_FILE = "rotation.toml"

_DEFAULT_REASONS = [
    {"key": "nobody_home", "zh": "家中无人", "en": "Nobody home"},
    {"key": "left_at_door", "zh": "已放门口", "en": "Left at door"},
    {"key": "refused", "zh": "拒收", "en": "Refused"},
    {"key": "wrong_address", "zh": "地址错误", "en": "Wrong address"},
]
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})\Z")
_MISSING: Any = object()


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class SlotSpec:
    key: str
    zh: str
    en: str
    start: str
    end: str
    needed: int

    @property
    def crosses_midnight(self) -> bool:
        return _minutes(self.end) <= _minutes(self.start)

    @property
    def hours(self) -> float:
        length = _minutes(self.end) - _minutes(self.start)
        return (length + 24 * 60 if length <= 0 else length) / 60


@dataclass(frozen=True)
class GroupSpec:
    key: str
    zh: str
    en: str
    slots: tuple[SlotSpec, ...]


@dataclass(frozen=True)
class BuildingSpec:
    number: int
    units: int
    floors: int
    rooms_per_floor: int

    def rooms(self) -> list[tuple[int, str]]:
        """All rooms as (unit, room) in order: unit, then floor, then room ("301")."""
        return [
            (unit, f"{floor}{room:02d}")
            for unit in range(1, self.units + 1)
            for floor in range(1, self.floors + 1)
            for room in range(1, self.rooms_per_floor + 1)
        ]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    zh: str
    en: str
    scope: str
    due: str


@dataclass(frozen=True)
class AreaSpec:
    key: str
    zh: str
    en: str


@dataclass(frozen=True)
class DisinfectionSpec:
    items: tuple[ChecklistItem, ...]
    areas: tuple[AreaSpec, ...]
    positive_extra_rounds: int = 2
    extra_round_every_hours: int = 4


@dataclass(frozen=True)
class Reason:
    key: str
    zh: str
    en: str


@dataclass(frozen=True)
class TeamSpec:
    """One team of a rotation: who goes into which slot ("group.slot" -> names or phones)."""

    zh: str
    en: str
    slots: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class RotationSpec:
    """A way to fill a day's roster: copy the day ``every_days`` before, or the team
    whose turn it is (teams take turns day by day from ``start``)."""

    key: str
    zh: str
    en: str
    groups: tuple[str, ...]  # empty: every group
    every_days: int = 0
    start: str = ""  # YYYY-MM-DD: the first team's day
    teams: tuple[TeamSpec, ...] = ()


@dataclass(frozen=True)
class Config:
    source: Path
    community_zh: str
    community_en: str
    timezone: str
    day_start_hour: int
    max_hours_per_day: float
    max_days_in_a_row: int
    buildings: tuple[BuildingSpec, ...]
    groups: tuple[GroupSpec, ...]
    disinfection: DisinfectionSpec
    fail_reasons: tuple[Reason, ...]
    care: CareSpec = CareSpec()  # config/care.toml (optional file)
    testing: TestingSpec = TestingSpec()  # config/testing.toml (optional file)
    rotations: tuple[RotationSpec, ...] = ()  # config/rotation.toml (optional file)
    supplies: SuppliesSpec = SuppliesSpec()  # config/supplies.toml (optional file)
    building_rules: BuildingRules = BuildingRules()  # config/buildings.toml (optional file)
    late_after_minutes: int = 15  # board.toml [rules]: after a slot starts, not there = late

    def group(self, key: str) -> GroupSpec:
        return {group.key: group for group in self.groups}[key]

    def group_keys(self) -> tuple[str, ...]:
        return tuple(group.key for group in self.groups)

    def to_dict(self) -> dict[str, Any]:
        return _plain(dataclasses.asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, Path) else value


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return "a table" if isinstance(value, dict) else "a list"
    if isinstance(value, bool | dt.time | dt.date):
        return str(value).lower() if isinstance(value, bool) else value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


class _Table:
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
        if default is _MISSING:
            raise self.fail(key, "missing required key")
        return default

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.expected(key, "a non-empty text in quotes", value)
        return value.strip()

    def ident(self, key: str) -> str:
        value = self.get(key, _MISSING)
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
        value = self.get(key, _MISSING)
        if isinstance(value, dt.time) and not (value.second or value.microsecond):
            return f"{value.hour:02d}:{value.minute:02d}"
        match = _TIME_RE.match(value) if isinstance(value, str) else None
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise self.expected(key, "a time HH:MM from 00:00 to 23:59, in quotes", value)
        return f"{int(match[1]):02d}:{match[2]}"

    def tables(
        self, key: str, allowed: Sequence[str], required: bool = False, default: Any = ()
    ) -> list[_Table]:
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
            _Table(self.file, f"{self.where(key)}[{i}]", v, allowed) for i, v in enumerate(value, 1)
        ]

    def table(self, key: str, allowed: Sequence[str], required: bool = False) -> _Table:
        value = self.get(key, _MISSING if required else {})
        if not isinstance(value, dict):
            raise self.expected(key, f"a [{self.where(key)}] table", value)
        return _Table(self.file, self.where(key), value, allowed)


def _unique(tables: list[_Table], values: list[Any], key: str, what: str) -> None:
    seen: dict[Any, _Table] = {}
    for table, value in zip(tables, values, strict=True):
        if value in seen:
            used = seen[value].path
            raise table.fail(key, f"duplicate {what} {_show(value)}; already used by {used}")
        seen[value] = table


def _named(t: _Table) -> tuple[str, str, str]:
    return t.ident("key"), t.text("zh"), t.text("en")


def default_config_dir() -> Path:
    """The shipped defaults: inside an installed wheel, else the checkout's ``config/``."""
    package = Path(__file__).resolve().parent.parent  # dutyboard/, where the wheel puts them
    installed = package / "default_config"
    return installed if installed.is_dir() else package.parent / "config"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    shown = _display(path)
    if not path.exists():
        needs = ", ".join(DEFAULT_FILES)
        raise ConfigError(f"{shown}: file not found (a config folder needs {needs})")
    # A folder, FIFO or device is refused without waiting on it, a huge file unread.
    raw = read_input(path, CONFIG_CAP, error=ConfigError, shown=shown)
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None


def _load_board(t: _Table) -> dict[str, Any]:
    community = t.table("community", ("name_zh", "name_en"), required=True)
    time = t.table("time", ("timezone", "day_start_hour"))
    rules = t.table("rules", ("max_hours_per_day", "max_days_in_a_row", "late_after_minutes"))
    timezone = time.text("timezone", "Asia/Shanghai")
    try:
        pendulum.timezone(timezone)
    except Exception:
        raise time.expected("timezone", "a time zone name like 'Asia/Shanghai'", timezone) from None
    delivery = t.table("delivery", ("fail_reasons",))
    rows = delivery.tables(
        "fail_reasons", ("key", "zh", "en"), required=True, default=_DEFAULT_REASONS
    )
    reasons = [Reason(*_named(r)) for r in rows]
    _unique(rows, [r.key for r in reasons], "key", "reason key")
    return {
        "community_zh": community.text("name_zh"),
        "community_en": community.text("name_en"),
        "timezone": timezone,
        "day_start_hour": time.integer("day_start_hour", 6, 0, 23),
        "max_hours_per_day": rules.number("max_hours_per_day", 8, 0, 24),
        "max_days_in_a_row": rules.integer("max_days_in_a_row", 6, 1, 366),
        "late_after_minutes": rules.integer("late_after_minutes", 15, 0, 240),
        "fail_reasons": tuple(reasons),
    }


def _load_buildings(t: _Table) -> tuple[BuildingSpec, ...]:
    fields = ("units", "floors", "rooms_per_floor")
    defaults = t.table("defaults", fields)
    rows = t.tables("building", ("number", *fields), required=True)
    limits = {"units": None, "floors": None, "rooms_per_floor": 99}
    base = {f: defaults.integer(f, None, 1, limits[f]) for f in fields if f in defaults.data}
    buildings = []
    for row in rows:
        number = row.integer("number", _MISSING, 1)
        sizes = {}
        for f in fields:
            if f not in row.data and f not in base:
                raise row.fail(f, "missing required key (set it here or in [defaults])")
            sizes[f] = row.integer(f, base.get(f), 1, limits[f])
        buildings.append(BuildingSpec(number, **sizes))
    _unique(rows, [b.number for b in buildings], "number", "building number")
    return tuple(buildings)


def _load_groups(t: _Table) -> tuple[GroupSpec, ...]:
    rows = t.tables("group", ("key", "zh", "en", "slot"), required=True)
    groups = []
    for row in rows:
        key, zh, en = _named(row)
        slot_rows = row.tables("slot", ("key", "zh", "en", "start", "end", "needed"))
        slots = []
        for s in slot_rows:
            names, start, end = _named(s), s.time("start"), s.time("end")
            if start == end:
                raise s.fail("end", f"expected a time different from start {start!r}")
            slots.append(SlotSpec(*names, start, end, s.integer("needed", _MISSING, 0)))
        _unique(slot_rows, [s.key for s in slots], "key", "slot key")
        groups.append(GroupSpec(key, zh, en, tuple(slots)))
    _unique(rows, [g.key for g in groups], "key", "group key")
    return tuple(groups)


def _load_disinfection(t: _Table) -> DisinfectionSpec:
    item_rows = t.tables("item", ("key", "zh", "en", "scope", "due"))
    area_rows = t.tables("area", ("key", "zh", "en"))
    items = []
    for row in item_rows:
        names, scope = _named(row), row.get("scope", _MISSING)
        if scope not in ("building", "area"):
            raise row.expected("scope", "'building' or 'area'", scope)
        if scope == "area" and not area_rows:
            raise row.fail("scope", "scope is 'area' but no [[area]] is defined")
        items.append(ChecklistItem(*names, scope, row.time("due")))
    areas = [AreaSpec(*_named(row)) for row in area_rows]
    _unique(item_rows, [i.key for i in items], "key", "item key")
    _unique(area_rows, [a.key for a in areas], "key", "area key")
    return DisinfectionSpec(
        tuple(items),
        tuple(areas),
        t.integer("positive_extra_rounds", 2, 0, 12),
        t.integer("extra_round_every_hours", 4, 1, 24),
    )


def _load_rotations(t: _Table, groups: tuple[GroupSpec, ...]) -> tuple[RotationSpec, ...]:
    rows = t.tables("rotation", ("key", "zh", "en", "groups", "every_days", "start", "team"))
    slots = {f"{g.key}.{s.key}" for g in groups for s in g.slots}
    out = []
    for row in rows:
        key, zh, en = _named(row)
        chosen = row.get("groups", [])
        if not isinstance(chosen, list) or not all(isinstance(g, str) for g in chosen):
            raise row.expected("groups", "a list of group keys in quotes", chosen)
        for g in chosen:
            if g not in {gr.key for gr in groups}:
                keys = ", ".join(gr.key for gr in groups)
                raise row.fail("groups", f"unknown group {g!r}; expected one of: {keys}")
        team_rows = row.tables("team", ("zh", "en", "slots"))
        if ("every_days" in row.data) == bool(team_rows):
            raise row.fail(
                "every_days",
                "give either every_days = N (copy the day N days before) "
                "or [[rotation.team]] blocks, not both and not neither",
            )
        if team_rows:
            start = row.get("start", _MISSING)
            if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
                start = start.isoformat()
            try:
                pendulum.Date.fromisoformat(start if isinstance(start, str) else "")
            except ValueError:
                what = "a date YYYY-MM-DD (the first team's day)"
                raise row.expected("start", what, start) from None
            teams = []
            for team in team_rows:
                tz, te = team.text("zh"), team.text("en")
                table = team.table("slots", sorted(slots), required=True)
                pairs = []
                for ref, people in table.data.items():
                    if not isinstance(people, list) or not all(
                        isinstance(p, str) and p.strip() for p in people
                    ):
                        raise table.expected(ref, "a list of names or phones in quotes", people)
                    pairs.append((ref, tuple(p.strip() for p in people)))
                teams.append(TeamSpec(tz, te, tuple(pairs)))
            out.append(RotationSpec(key, zh, en, tuple(chosen), 0, str(start), tuple(teams)))
        else:
            every = row.integer("every_days", _MISSING, 1, 28)
            out.append(RotationSpec(key, zh, en, tuple(chosen), every))
    _unique(rows, [r.key for r in out], "key", "rotation key")
    return tuple(out)


def load_config(directory: str | Path | None = None) -> Config:
    """Read and check a config directory; raise one ConfigError for the first problem."""
    source = default_config_dir() if directory is None else Path(directory)
    if not source.is_dir():
        raise ConfigError(f"{_display(source)}: config folder not found")
    files = {name: _read(source, name) for name in DEFAULT_FILES}

    def top(name: str, allowed: Sequence[str]) -> _Table:
        return _Table(_display(source / name), "", files[name], allowed)

    board = _load_board(top("board.toml", ("community", "time", "rules", "delivery")))
    buildings = _load_buildings(top("community.toml", ("defaults", "building")))
    groups = _load_groups(top("groups.toml", ("group",)))
    rounds = ("positive_extra_rounds", "extra_round_every_hours")
    disinfection = _load_disinfection(top("disinfection.toml", (*rounds, "item", "area")))
    from dutyboard.core import care_config as cc

    optional_files = (cc.CARE_FILE, cc.TESTING_FILE, SUPPLIES_FILE, BUILDINGS_FILE)
    optional = {n: cc.optional_file(source, n) for n in optional_files}
    for name, present in optional.items():
        files[name] = _read(source, name) if present else {}
    care_keys = ("contact_every_days", "medicine", "need")
    care = cc.load_care(top(cc.CARE_FILE, care_keys), optional[cc.CARE_FILE])
    numbers = [b.number for b in buildings]
    testing = cc.load_testing(top(cc.TESTING_FILE, ("route",)), optional[cc.TESTING_FILE], numbers)
    supplies = load_supplies(top(SUPPLIES_FILE, ("rest_minutes", "paper")), optional[SUPPLIES_FILE])
    return Config(
        source,
        buildings=buildings,
        groups=groups,
        disinfection=disinfection,
        care=care,
        testing=testing,
        supplies=supplies,
        building_rules=load_building_rules(
            top(BUILDINGS_FILE, ("lift",)), optional[BUILDINGS_FILE]
        ),
        rotations=_rotations(source, groups),
        **board,
    )


def _rotations(source: Path, groups: tuple[GroupSpec, ...]) -> tuple[RotationSpec, ...]:
    path = source / ROTATION_FILE
    if not path.is_file():
        return ()
    table = _Table(_display(path), "", _read(source, ROTATION_FILE), ("rotation",))
    return _load_rotations(table, groups)
