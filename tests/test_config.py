"""Config loading: the shipped defaults, and one clear error for each kind of mistake."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dutyboard.core.config import Config, SlotSpec, load_config
from dutyboard.core.config_files import DEFAULT_FILES, default_config_dir
from dutyboard.storage.errors import ConfigError

REPO_CONFIG = Path(__file__).resolve().parent.parent / "config"


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the default config at ./config inside a temporary working directory."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "config"
    target.mkdir()
    for name in DEFAULT_FILES:
        shutil.copy(REPO_CONFIG / name, target / name)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def error(directory: Path | str) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(directory)
    exc = info.value
    assert "\n" not in exc.message and not exc.details, "one line, no details"
    assert "Traceback" not in str(exc)
    return exc.message


# --- the defaults -------------------------------------------------------------------


def test_defaults_load() -> None:
    config = load_config()
    assert isinstance(config, Config)
    assert config.source == default_config_dir()
    assert (config.community_zh, config.community_en) == ("景泰嘉苑", "Jingtai Jiayuan")
    assert config.timezone == "Asia/Shanghai"
    assert config.day_start_hour == 6
    assert config.max_hours_per_day == 8.0
    assert config.max_days_in_a_row == 6
    assert config.group_keys() == (
        "supplies",
        "delivery",
        "disinfection",
        "medicine",
        "testing",
        "care",
    )
    assert [g.zh for g in config.groups] == [
        "物资组",
        "快递组",
        "消杀组",
        "配药组",
        "核酸组",
        "关爱组",
    ]
    assert [b.number for b in config.buildings] == list(range(1, 14))
    rooms = sum(len(b.rooms()) for b in config.buildings)
    assert 200 < rooms < 230
    assert [r.key for r in config.fail_reasons] == [
        "nobody_home",
        "left_at_door",
        "refused",
        "wrong_address",
    ]


def test_buildings_and_rooms() -> None:
    buildings = {b.number: b for b in load_config().buildings}
    assert buildings[5].units == 3 and buildings[1].units == 2
    assert buildings[13].units == 1 and buildings[13].floors == 5
    rooms = buildings[1].rooms()
    assert len(rooms) == 2 * 4 * 2
    assert rooms[:3] == [(1, "101"), (1, "102"), (1, "201")]
    assert rooms[-1] == (2, "402")
    assert len(set(rooms)) == len(rooms)
    assert len(buildings[5].rooms()) == 24


def test_groups_and_slots() -> None:
    config = load_config()
    delivery = config.group("delivery")
    assert [s.key for s in delivery.slots] == ["morning", "afternoon", "night"]
    assert (delivery.slots[0].start, delivery.slots[0].end, delivery.slots[0].needed) == (
        "07:00",
        "11:00",
        6,
    )
    assert config.group("testing").slots[0].needed == 10
    assert config.group("testing").slots[0].hours == 3.0
    assert config.group("care").slots[0].hours == 2.5
    with pytest.raises(KeyError):
        config.group("nope")


def test_night_slot_crosses_midnight() -> None:
    night = load_config().group("delivery").slots[-1]
    assert (night.start, night.end) == ("22:00", "06:00")
    assert night.crosses_midnight
    assert night.hours == 8.0
    day = load_config().group("delivery").slots[0]
    assert not day.crosses_midnight and day.hours == 4.0


@given(st.integers(0, 24 * 60 - 1), st.integers(0, 24 * 60 - 1))
def test_slot_hours_always_between_0_and_24(start: int, end: int) -> None:
    slot = SlotSpec("s", "班", "Slot", f"{start // 60:02d}:{start % 60:02d}",
                    f"{end // 60:02d}:{end % 60:02d}", 1)  # fmt: skip
    assert 0 < slot.hours <= 24
    assert slot.crosses_midnight == (end <= start)
    assert slot.hours * 60 == pytest.approx((end - start) % (24 * 60) or 24 * 60)


def test_disinfection() -> None:
    d = load_config().disinfection
    assert (d.positive_extra_rounds, d.extra_round_every_hours) == (2, 4)
    assert [a.zh for a in d.areas] == ["小区大门", "垃圾站", "快递点"]
    building = [i for i in d.items if i.scope == "building"]
    assert [i.zh for i in building] == ["电梯按钮", "楼梯扶手", "单元门", "信报箱与走廊", "垃圾点"]
    assert all("09:00" <= i.due <= "11:00" for i in building)
    assert {i.key for i in d.items if i.scope == "area"} == {"surfaces", "floor"}


def test_frozen_and_to_dict() -> None:
    config = load_config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.timezone = "UTC"  # type: ignore[misc]
    data = config.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert orjson.loads(orjson.dumps(data)) == data
    assert data["source"] == str(config.source)
    assert data["groups"][1]["slots"][2]["start"] == "22:00"
    assert data["buildings"][4] == {"number": 5, "units": 3, "floors": 4, "rooms_per_floor": 2}


def test_default_config_dir_is_repo_config() -> None:
    assert default_config_dir() == REPO_CONFIG
    for name in DEFAULT_FILES:
        assert (default_config_dir() / name).is_file()


def test_copy_loads_and_relative_path(cfg: Path) -> None:
    config = load_config("config")
    assert config.source == Path("config")
    assert config.to_dict()["groups"] == load_config().to_dict()["groups"]


# --- optional keys and friendly forms ---------------------------------------------------


def test_optional_sections_get_defaults(cfg: Path) -> None:
    board = cfg / "board.toml"
    text = board.read_text(encoding="utf-8")
    board.write_text(text[: text.index("[time]")], encoding="utf-8")
    edit(cfg / "disinfection.toml", "positive_extra_rounds = 2", "")
    config = load_config(cfg)
    assert config.timezone == "Asia/Shanghai" and config.day_start_hour == 6
    assert config.max_hours_per_day == 8 and config.max_days_in_a_row == 6
    assert [r.key for r in config.fail_reasons][0] == "nobody_home"
    assert config.disinfection.positive_extra_rounds == 2


def test_toml_time_and_short_hour_accepted(cfg: Path) -> None:
    edit(cfg / "groups.toml", 'start = "07:00"', "start = 07:00:00")
    edit(cfg / "groups.toml", 'start = "08:00"', 'start = "8:00"')
    config = load_config(cfg)
    assert config.group("delivery").slots[0].start == "07:00"
    assert config.group("supplies").slots[0].start == "08:00"


# --- errors: each names the file, the key path and what was expected ----------------------


def test_bad_time_exact_message(cfg: Path) -> None:
    edit(cfg / "groups.toml", 'start = "07:00"', 'start = "7am"')
    assert error("config") == (
        "config/groups.toml: group[2].slot[1].start: "
        "expected a time HH:MM from 00:00 to 23:59, in quotes, got '7am'"
    )


def test_unknown_key_exact_message(cfg: Path) -> None:
    edit(cfg / "groups.toml", "needed = 6", "nedded = 6")
    assert error("config") == (
        "config/groups.toml: group[2].slot[1]: unknown key 'nedded' (did you mean 'needed'?); "
        "expected one of: key, zh, en, start, end, needed"
    )


def test_syntax_error_has_line_and_column(cfg: Path) -> None:
    edit(cfg / "groups.toml", "needed = 6", "needed = ")
    message = error(cfg)
    assert "groups.toml" in message and "not valid TOML" in message
    assert "line " in message and "column " in message


def test_missing_file(cfg: Path) -> None:
    (cfg / "disinfection.toml").unlink()
    message = error("config")
    assert message.startswith("config/disinfection.toml: file not found")


def test_missing_directory(tmp_path: Path) -> None:
    assert "config folder not found" in error(tmp_path / "nowhere")


def test_not_utf8(cfg: Path) -> None:
    (cfg / "board.toml").write_bytes('name_zh = "景泰嘉苑"'.encode("gbk"))
    assert "board.toml" in error(cfg) and "UTF-8" in error(cfg)


# (file, text to replace, replacement, fragments the message must contain)
# fmt: off
ERROR_CASES = [
    # unknown keys, at the top and inside tables
    ("board.toml", "[rules]", "[rule]", ["board.toml: unknown key 'rule'", "rules"]),
    ("board.toml", "[community]", "[commune]", ["unknown key 'commune'"]),
    ("community.toml", "floors = 5", "flors = 5", ["building[9]: unknown key 'flors'"]),
    ("disinfection.toml", 'scope = "area"\ndue', 'scop = "area"\ndue', ["item[6]: unknown key"]),
    # wrong types and out-of-range values
    ("groups.toml", "needed = 6", 'needed = "6"', ["group[2].slot[1].needed", "remove the quotes"]),
    ("groups.toml", "needed = 6", "needed = -1", ["group[2].slot[1].needed", "whole number >= 0"]),
    ("board.toml", "day_start_hour = 6", "day_start_hour = 24", ["time.day_start_hour", "<= 23"]),
    ("board.toml", "max_hours_per_day = 8", "max_hours_per_day = true", ["rules.max_hours_per_day", "got true"]),
    ("board.toml", "max_days_in_a_row = 6", "max_days_in_a_row = 2.5", ["rules.max_days_in_a_row", "whole number"]),
    ("community.toml", "units = 2", "units = 0", ["defaults.units", "whole number >= 1"]),
    ("community.toml", "rooms_per_floor = 2", "rooms_per_floor = 100", ["defaults.rooms_per_floor", "<= 99"]),
    ("community.toml", "number = 3", 'number = "3"', ["building[3].number", "whole number"]),
    ("groups.toml", 'key = "delivery"', 'key = "Delivery Group"', ["group[2].key", "lowercase"]),
    ("groups.toml", 'zh = "物资组"', 'zh = ""', ["group[1].zh", "non-empty text"]),
    ("board.toml", '{ key = "refused",       zh = "拒收",     en = "Refused" }', '"refused"',
     ["delivery.fail_reasons[3]: expected a table", "got 'refused'"]),
    ("disinfection.toml", 'scope = "area"\ndue', 'scope = "room"\ndue',
     ["item[6].scope", "'building' or 'area'", "got 'room'"]),
    ("disinfection.toml", "extra_round_every_hours = 4", "extra_round_every_hours = 0",
     ["extra_round_every_hours", ">= 1"]),
    # bad times
    ("groups.toml", 'end = "06:00"', 'end = "24:00"', ["group[2].slot[3].end", "HH:MM", "'24:00'"]),
    ("groups.toml", 'end = "06:00"', 'end = "6.00"', ["group[2].slot[3].end", "'6.00'"]),
    ("groups.toml", 'end = "06:00"', 'end = "22:00"', ["group[2].slot[3].end", "different from start"]),
    ("groups.toml", 'start = "07:00"', "start = 07:00:30", ["group[2].slot[1].start", "07:00:30"]),
    ("disinfection.toml", 'due = "09:00"', 'due = "9 am"', ["item[1].due", "HH:MM"]),
    # bad timezone
    ("board.toml", '"Asia/Shanghai"', '"Asia/Shangai"', ["board.toml: time.timezone", "'Asia/Shangai'"]),
    ("board.toml", '"Asia/Shanghai"', '"../etc"', ["time.timezone", "time zone name"]),
    # duplicates
    ("groups.toml", 'key = "medicine"', 'key = "delivery"',
     ["group[4].key", "duplicate group key 'delivery'", "already used by group[2]"]),
    ("groups.toml", 'key = "afternoon"', 'key = "morning"',
     ["group[1].slot[2].key", "duplicate slot key 'morning'", "already used by group[1].slot[1]"]),
    ("community.toml", "number = 7", "number = 6",
     ["building[7].number", "duplicate building number 6", "already used by building[6]"]),
    ("disinfection.toml", 'key = "floor"', 'key = "surfaces"', ["item[7].key", "duplicate item key"]),
    ("disinfection.toml", 'key = "parcel_point"', 'key = "main_gate"', ["area[3].key", "duplicate area key"]),
    ("board.toml", 'key = "refused"', 'key = "nobody_home"', ["delivery.fail_reasons[3].key", "duplicate"]),
    # missing required keys
    ("board.toml", 'name_zh = "景泰嘉苑"', "", ["board.toml: community.name_zh: missing required key"]),
    ("groups.toml", 'start = "07:00"', "", ["group[2].slot[1].start: missing required key"]),
    ("groups.toml", "needed = 10", "", ["group[5].slot[1].needed: missing required key"]),
    ("groups.toml", 'en = "Care"', "", ["group[6].en: missing required key"]),
    ("community.toml", "number = 13", "", ["building[13].number: missing required key"]),
    ("community.toml", "units = 2 ", "", ["building[1].units", "[defaults]"]),
    ("disinfection.toml", 'due = "11:00"', "", ["item[5].due: missing required key"]),
]
# fmt: on


@pytest.mark.parametrize(("file", "old", "new", "fragments"), ERROR_CASES)
def test_errors_name_file_and_key_path(
    cfg: Path, file: str, old: str, new: str, fragments: list[str]
) -> None:
    edit(cfg / file, old, new)
    message = error("config")
    assert message.startswith(f"config/{file}: "), message
    for fragment in fragments:
        assert fragment in message, message


def test_no_groups(cfg: Path) -> None:
    (cfg / "groups.toml").write_text("# nothing\n", encoding="utf-8")
    assert error("config") == "config/groups.toml: group: expected at least one [[group]]"


def test_no_buildings_and_wrong_shape(cfg: Path) -> None:
    (cfg / "community.toml").write_text("[defaults]\nunits = 2\n", encoding="utf-8")
    assert "community.toml: building: expected at least one [[building]]" in error(cfg)
    (cfg / "community.toml").write_text("building = 5\n", encoding="utf-8")
    assert "building: expected [[building]] blocks (double brackets), got 5" in error(cfg)


def test_single_bracket_slot(cfg: Path) -> None:
    text = (cfg / "groups.toml").read_text(encoding="utf-8")
    at = text.index("[[group.slot]]", text.index('key = "medicine"'))
    single = text[:at] + "[group.slot]" + text[at + len("[[group.slot]]") :]
    (cfg / "groups.toml").write_text(single, encoding="utf-8")
    assert error("config") == (
        "config/groups.toml: group[4].slot: expected [[group.slot]] blocks (double brackets), "
        "got a table"
    )


def test_area_items_need_areas(cfg: Path) -> None:
    text = (cfg / "disinfection.toml").read_text(encoding="utf-8")
    (cfg / "disinfection.toml").write_text(text[: text.index("[[area]]")], encoding="utf-8")
    assert "item[6].scope: scope is 'area' but no [[area]] is defined" in error(cfg)
