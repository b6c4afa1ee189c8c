"""Load and validate a board's configuration: a directory of four TOML files.

Every problem becomes one ``ConfigError`` whose message names the file, the key path
(lists are counted from 1: ``group[2].slot[1].start`` is the first slot of the second
``[[group]]``) and what was expected. Nobody editing these files ever sees a traceback.
Reading a file is config_files's, checking a table's values config_table's; this module
holds what a config is and how each file fills it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.building_rules import BUILDINGS_FILE, BuildingRules, load_building_rules
from dutyboard.core.care_config import (
    CARE_FILE,
    TESTING_FILE,
    CareSpec,
    TestingSpec,
    load_care,
    load_testing,
)
from dutyboard.core.config_files import (
    DEFAULT_FILES,
    ROTATION_FILE,
    default_config_dir,
    display,
    optional_file,
    read_toml,
)
from dutyboard.core.config_table import MISSING, ConfigTable, key_and_names, refuse_duplicates
from dutyboard.core.supplies_config import SUPPLIES_FILE, SuppliesSpec, load_supplies
from dutyboard.storage.errors import ConfigError

_DEFAULT_REASONS = [
    {"key": "nobody_home", "zh": "家中无人", "en": "Nobody home"},
    {"key": "left_at_door", "zh": "已放门口", "en": "Left at door"},
    {"key": "refused", "zh": "拒收", "en": "Refused"},
    {"key": "wrong_address", "zh": "地址错误", "en": "Wrong address"},
]


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


def _load_board(t: ConfigTable) -> dict[str, Any]:
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
    reasons = [Reason(*key_and_names(r)) for r in rows]
    refuse_duplicates(rows, [r.key for r in reasons], "key", "reason key")
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


def _load_buildings(t: ConfigTable) -> tuple[BuildingSpec, ...]:
    fields = ("units", "floors", "rooms_per_floor")
    defaults = t.table("defaults", fields)
    rows = t.tables("building", ("number", *fields), required=True)
    limits = {"units": None, "floors": None, "rooms_per_floor": 99}
    base = {f: defaults.integer(f, None, 1, limits[f]) for f in fields if f in defaults.data}
    buildings = []
    for row in rows:
        number = row.integer("number", MISSING, 1)
        sizes = {}
        for f in fields:
            if f not in row.data and f not in base:
                raise row.fail(f, "missing required key (set it here or in [defaults])")
            sizes[f] = row.integer(f, base.get(f), 1, limits[f])
        buildings.append(BuildingSpec(number, **sizes))
    refuse_duplicates(rows, [b.number for b in buildings], "number", "building number")
    return tuple(buildings)


def _load_groups(t: ConfigTable) -> tuple[GroupSpec, ...]:
    rows = t.tables("group", ("key", "zh", "en", "slot"), required=True)
    groups = []
    for row in rows:
        key, zh, en = key_and_names(row)
        slot_rows = row.tables("slot", ("key", "zh", "en", "start", "end", "needed"))
        slots = []
        for s in slot_rows:
            names, start, end = key_and_names(s), s.time("start"), s.time("end")
            if start == end:
                raise s.fail("end", f"expected a time different from start {start!r}")
            slots.append(SlotSpec(*names, start, end, s.integer("needed", MISSING, 0)))
        refuse_duplicates(slot_rows, [s.key for s in slots], "key", "slot key")
        groups.append(GroupSpec(key, zh, en, tuple(slots)))
    refuse_duplicates(rows, [g.key for g in groups], "key", "group key")
    return tuple(groups)


def _load_disinfection(t: ConfigTable) -> DisinfectionSpec:
    item_rows = t.tables("item", ("key", "zh", "en", "scope", "due"))
    area_rows = t.tables("area", ("key", "zh", "en"))
    items = []
    for row in item_rows:
        names, scope = key_and_names(row), row.get("scope", MISSING)
        if scope not in ("building", "area"):
            raise row.expected("scope", "'building' or 'area'", scope)
        if scope == "area" and not area_rows:
            raise row.fail("scope", "scope is 'area' but no [[area]] is defined")
        items.append(ChecklistItem(*names, scope, row.time("due")))
    areas = [AreaSpec(*key_and_names(row)) for row in area_rows]
    refuse_duplicates(item_rows, [i.key for i in items], "key", "item key")
    refuse_duplicates(area_rows, [a.key for a in areas], "key", "area key")
    return DisinfectionSpec(
        tuple(items),
        tuple(areas),
        t.integer("positive_extra_rounds", 2, 0, 12),
        t.integer("extra_round_every_hours", 4, 1, 24),
    )


def _load_rotations(t: ConfigTable, groups: tuple[GroupSpec, ...]) -> tuple[RotationSpec, ...]:
    rows = t.tables("rotation", ("key", "zh", "en", "groups", "every_days", "start", "team"))
    slots = {f"{g.key}.{s.key}" for g in groups for s in g.slots}
    out = []
    for row in rows:
        key, zh, en = key_and_names(row)
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
            start = row.get("start", MISSING)
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
            every = row.integer("every_days", MISSING, 1, 28)
            out.append(RotationSpec(key, zh, en, tuple(chosen), every))
    refuse_duplicates(rows, [r.key for r in out], "key", "rotation key")
    return tuple(out)


def load_config(directory: str | Path | None = None) -> Config:
    """Read and check a config directory; raise one ConfigError for the first problem."""
    source = default_config_dir() if directory is None else Path(directory)
    if not source.is_dir():
        raise ConfigError(f"{display(source)}: config folder not found")
    files = {name: read_toml(source, name) for name in DEFAULT_FILES}

    def top(name: str, allowed: Sequence[str]) -> ConfigTable:
        return ConfigTable(display(source / name), "", files[name], allowed)

    board = _load_board(top("board.toml", ("community", "time", "rules", "delivery")))
    buildings = _load_buildings(top("community.toml", ("defaults", "building")))
    groups = _load_groups(top("groups.toml", ("group",)))
    rounds = ("positive_extra_rounds", "extra_round_every_hours")
    disinfection = _load_disinfection(top("disinfection.toml", (*rounds, "item", "area")))
    optional_files = (CARE_FILE, TESTING_FILE, SUPPLIES_FILE, BUILDINGS_FILE)
    optional = {n: optional_file(source, n) for n in optional_files}
    for name, present in optional.items():
        files[name] = read_toml(source, name) if present else {}
    care_keys = ("contact_every_days", "medicine", "need")
    care = load_care(top(CARE_FILE, care_keys), optional[CARE_FILE])
    numbers = [b.number for b in buildings]
    testing = load_testing(top(TESTING_FILE, ("route",)), optional[TESTING_FILE], numbers)
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
    table = ConfigTable(display(path), "", read_toml(source, ROTATION_FILE), ("rotation",))
    return _load_rotations(table, groups)
