"""The demo board: Jingtai Jiayuan on 2022-04-26, reproducible to the byte."""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.core.config import Config, load_config
from dutyboard.core.newboard import create_board
from dutyboard.demo import board as demo
from dutyboard.demo import numbers
from dutyboard.storage.board_bytes import archive_dir, archive_path
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused, SaveError, UsageError
from dutyboard.storage.store import BoardStore, read_with_tinydb
from tests.factories import archive_files, archived_rows

DATE = pendulum.date(2022, 4, 26)
TZ = "Asia/Shanghai"
CLOCK = FixedClock(pendulum.datetime(2022, 4, 26, 9, 30, tz=TZ))


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, config: Config) -> tuple[Board, Path]:
    path = tmp_path_factory.mktemp("demo") / "board.json"
    board = demo.build_demo(path, date=DATE, config=config, clock=CLOCK, device_id="test")
    return board, path


@pytest.fixture(scope="module")
def board(built: tuple[Board, Path]) -> Board:
    return built[0]


Parts = dict[str, BoardStore]  # the archive's parts by day, each opened on its own


def open_parts(path: Path) -> Parts:
    """Every part of the archive beside the board at ``path``, opened as a file."""
    return {
        name.removesuffix(".json"): BoardStore.open(archive_dir(path) / name, device="test")
        for name in archive_files(path)
    }


def rows(parts: Parts, table: str) -> list[dict[str, Any]]:
    """The records of ``table`` over every part."""
    return [d for part in parts.values() if table in part._data for d in part.rows(table)]


@pytest.fixture(scope="module")
def archive(built: tuple[Board, Path]) -> Parts:
    return open_parts(built[1])


def _build(path: Path, config: Config, **kwargs: Any) -> Board:
    return demo.build_demo(path, date=DATE, config=config, clock=CLOCK, device_id="test", **kwargs)


# ------------------------------------------------------------------ the community


def test_community_numbers(board: Board) -> None:
    assert board.today == DATE
    assert board.meta["today"] == "2022-04-26"
    assert board.community("zh") == "景泰嘉苑"
    assert len(board.buildings()) == 13
    households = board.households()
    assert 190 <= len(households) <= 200
    rooms = sum(b.units * b.floors * b.rooms_per_floor for b in board.buildings())
    assert len(households) < rooms  # some flats stand empty
    assert 540 <= sum(h.residents for h in households) <= 580
    assert sum(h.elderly_alone for h in households) == 34
    assert len({h.address for h in households}) == len(households)
    assert all(len(h.phone) == 11 and h.phone.isdigit() for h in households)


def test_the_old_couple_in_building_5(board: Board) -> None:
    couple = [h for h in board.households() if h.note == numbers.ELDERLY_COUPLE_NOTE]
    assert len(couple) == 1
    home = couple[0]
    assert home.building == 5 and home.elderly_alone and home.residents == 2
    upstairs = f"{home.unit}-{int(home.room[0]) + 1}{home.room[1:]}"
    helpers = [v for v in board.volunteers() if v.building == 5 and v.room == upstairs]
    assert helpers and home.address in helpers[0].note


def test_volunteers(board: Board) -> None:
    people = board.volunteers()
    assert len(people) == 128
    groups = Counter(g for v in people for g in v.groups)
    assert set(groups) == {g.key for g in board.groups()}
    leaders = Counter(g for v in people if v.is_leader for g in v.groups)
    for g in board.groups():
        assert groups[g.key] > 0 and 1 <= leaders[g.key] <= 2, g.key
    largest = {k for k, _ in groups.most_common(2)}
    assert largest == {"delivery", "testing"}
    assert 2 <= sum(len(v.groups) == 2 for v in people) <= 12
    assert 0.2 <= sum(v.party_member for v in people) / len(people) <= 0.4
    assert len({v.phone for v in people}) == len(people)
    for v in people:
        assert len(v.phone) == 11 and v.phone.isdigit()
        assert 2 <= len(v.name) <= 3
        assert v.building in {b.number for b in board.buildings()}
        unit, room = v.room.split("-")
        assert unit.isdigit() and room.isdigit()
        assert v.availability


def test_duplicate_name(board: Board) -> None:
    names = Counter(v.name for v in board.volunteers())
    assert [n for n, c in names.items() if c > 1] == [numbers.DUPLICATE_NAME]
    assert names[numbers.DUPLICATE_NAME] == 2
    with pytest.raises(Refused, match="ambiguous"):
        board.resolve_person(numbers.DUPLICATE_NAME)
    twin = next(v for v in board.volunteers() if v.name == numbers.DUPLICATE_NAME)
    assert board.resolve_person(twin.phone) == twin


def test_building_status_today(board: Board) -> None:
    status = Counter(board.building_status(b.number) for b in board.buildings())
    assert status["positive"] == 1 and status["sealed"] == 2
    assert board.building_status(9) == "positive"


# ------------------------------------------------------------------ today


def test_today_batch_and_deliveries(board: Board) -> None:
    (batch,) = board.batches(DATE)
    assert batch.name == "团购蔬菜包" and batch.items and batch.arrives == "10:30"
    deliveries = board.tasks(DATE, kind="delivery")
    n = len(board.households())
    assert 0.65 * n <= len(deliveries) <= 0.75 * n
    assert all(t.status == "open" and t.batch == batch.id for t in deliveries)
    on_duty = {a.volunteer for s in board.slots(DATE, "delivery") for a in board.assignments(s.id)}
    by_building: dict[int | None, set[str | None]] = defaultdict(set)
    for t in deliveries:
        h = board.household(t.household or "")
        assert h is not None and t.address == h.address and t.building == h.building
        assert t.carrier in on_duty
        by_building[t.building].add(t.carrier)
        assert t.code.startswith("D")
    assert all(len(c) == 1 for c in by_building.values())  # split by building
    assert len({c for cs in by_building.values() for c in cs}) > 1


def test_today_disinfection(board: Board, config: Config) -> None:
    tasks = board.tasks(DATE, kind="disinfection")
    assert tasks and all(t.status == "open" for t in tasks)
    per_building = Counter(t.building for t in tasks if t.building is not None)
    assert set(per_building) == {b.number for b in board.buildings()}
    items = sum(1 for i in config.disinfection.items if i.scope == "building")
    rounds = 1 + config.disinfection.positive_extra_rounds
    assert per_building[9] == items * rounds
    assert all(per_building[b] == items for b in per_building if b != 9)
    assert all(t.status == "open" for t in board.tasks(DATE))


def test_roster_today_short_and_no_overlaps(board: Board) -> None:
    for day in (board.today, board.tomorrow):
        roster = board.roster(day)
        slots = [s for g in roster.groups for s in g.slots]
        assert len(slots) == 11
        short = [s for s in slots if s.short]
        assert 2 <= len(short) <= 3 if day == board.today else 1 <= len(short) <= 3
        assert sum(1 for s in slots if not s.short) >= 8
        spans: dict[str, list[tuple[pendulum.DateTime, pendulum.DateTime]]] = defaultdict(list)
        for s in slots:
            for a, v in s.people:
                assert a.status == "scheduled" and a.date == day
                assert s.slot.group in v.groups
                spans[v.id].append(s.slot.span(board.tz))
        for mine in spans.values():
            mine.sort()
            for (_, end), (start, _) in zip(mine, mine[1:], strict=False):
                assert end <= start
    # Nobody from a sealed or positive building is on today's roster.
    shut = {b.number for b in board.buildings() if board.building_status(b.number) != "normal"}
    for g in board.roster(board.today).groups:
        for s in g.slots:
            assert all(v.building not in shut for _, v in s.people)


# ------------------------------------------------------------------ history


def test_history_is_in_the_archive_only(board: Board, archive: Parts) -> None:
    live_days = {DATE.isoformat(), DATE.add(days=1).isoformat()}
    for table in ("slots", "assignments", "tasks", "batches", "building_status"):
        assert {d["date"] for d in board.store.rows(table)} <= live_days, table
    history = {DATE.subtract(days=k).isoformat() for k in range(1, 8)}
    assert history <= set(archive)  # one part per closed day
    for table in ("slots", "assignments", "tasks", "batches", "building_status"):
        assert {d["date"] for d in rows(archive, table)} == history, table
        for day, part in archive.items():  # each day's records in its own part
            assert {d["date"] for d in part.rows(table)} <= {day}, (table, day)
    for day, part in archive.items():  # older parts: care calls made on their day
        if day not in history:
            assert {t for t, docs in part._data.items() if docs} == {"meta", "contacts"}, day
        for c in part.rows("contacts"):
            assert pendulum.parse(c["at"]).in_timezone(TZ).date().isoformat() == day  # type: ignore[union-attr]
    for day, part in archive.items():
        assert part.board_id == board.store.board_id
        assert part.meta["kind"] == "archive" and part.meta["part"] == day


def test_history_days_are_closed(board: Board, archive: Parts, config: Config) -> None:
    reasons = {r.key for r in config.fail_reasons}
    people = {v.id for v in board.volunteers()}
    statuses: Counter[tuple[str, str]] = Counter()
    for t in rows(archive, "tasks"):
        statuses[t["kind"], t["status"]] += 1
        assert t["status"] in ("done", "failed")
        assert t["done_by"] in people
        done_at = pendulum.parse(t["done_at"])
        assert isinstance(done_at, pendulum.DateTime)
        assert done_at.in_timezone(TZ).date().isoformat() == t["date"]
        assert t["done_at"].endswith("+08:00")
        if t["status"] == "failed":
            assert t["kind"] == "delivery" and t["fail_reason"] in reasons
    assert statuses["delivery", "done"] > 500
    assert 0 < statuses["delivery", "failed"] < 0.05 * statuses["delivery", "done"]
    assert statuses["disinfection", "done"] > 7 * 13 * 5
    assignments = Counter(a["status"] for a in rows(archive, "assignments"))
    assert set(assignments) == {"arrived", "no_show"}
    assert assignments["no_show"] < 0.1 * assignments["arrived"]
    per_day = Counter(b["date"] for b in rows(archive, "batches"))
    assert all(1 <= n <= 2 for n in per_day.values())
    history: dict[str, dict[int, str]] = defaultdict(dict)
    for s in rows(archive, "building_status"):
        history[s["date"]][s["building"]] = s["status"]
    assert all(len(v) == 13 for v in history.values())
    assert len({tuple(sorted(v.items())) for v in history.values()}) > 1  # days vary


# ------------------------------------------------------------------ the file


def test_file_opens(built: tuple[Board, Path]) -> None:
    board, path = built
    again = Board.open(path, CLOCK, device_id="other")
    assert len(again.households()) == len(board.households())
    assert len(archived_rows(again.store, "tasks")) > 1000  # the board finds its own archive
    counts = read_with_tinydb(path)
    assert counts["volunteers"] == 128 and counts["tasks"] == len(board.tasks())
    archive = again.store.archive()
    assert len(archive.days()) >= 7  # every part plain TinyDB too
    assert sum(read_with_tinydb(archive.path(day))["tasks"] for day in archive.days()) > 1000
    assert (path.stat().st_mode & 0o777) == 0o600


def test_stamps_are_fixed(board: Board) -> None:
    start = pendulum.datetime(2022, 4, 26, 6, tz=TZ).int_timestamp * 1000
    for doc in board.store.rows("tasks"):
        wall, _, device = doc["_c"].split(".")
        assert device == numbers.DEMO_DEVICE and int(wall) >= start
    assert board.store.clock.device == "test"  # the board handed back edits as this laptop


def test_same_seed_same_bytes(tmp_path: Path, config: Config) -> None:
    a, b, c = tmp_path / "a" / "board.json", tmp_path / "b" / "board.json", tmp_path / "c.json"
    for p in (a, b):
        p.parent.mkdir()
        _build(p, config)
    _build(c, config, seed=7)
    assert a.read_bytes() == b.read_bytes()
    parts = archive_files(a)
    assert len(parts) >= 7 and parts == archive_files(b)  # every part, byte for byte
    assert a.read_bytes() != c.read_bytes()
    others = archive_files(c)
    assert all(others.get(name) != raw for name, raw in parts.items())  # other bytes


def test_refuses_to_overwrite(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "board.json"
    path.write_text("precious")
    with pytest.raises(SaveError):
        _build(path, config)
    assert path.read_text() == "precious"
    other = tmp_path / "other.json"
    archive_path(other).write_text("old archive")
    with pytest.raises(SaveError):
        _build(other, config)
    assert not other.exists()


def test_date_defaults_to_the_operational_day(tmp_path: Path, config: Config) -> None:
    early = FixedClock(pendulum.datetime(2022, 4, 27, 3, 0, tz=TZ))  # before 06:00
    board = demo.build_demo(tmp_path / "b.json", config=config, clock=early, device_id="t")
    assert board.today == DATE


def test_ids_are_uuid4_from_the_seed() -> None:
    a, b = random.Random(1), random.Random(1)
    new_id = demo._id_factory(a)
    for _ in range(1000):
        assert new_id() == str(uuid.UUID(int=b.getrandbits(128), version=4))


def test_default_build_is_quick(tmp_path: Path, config: Config) -> None:
    t = time.perf_counter()
    _build(tmp_path / "b.json", config)
    assert time.perf_counter() - t < 2.0


def test_scaled_build(tmp_path: Path, config: Config) -> None:
    board = _build(tmp_path / "b.json", config, households=1200, volunteers=200, days=10)
    assert len(board.households()) == 1200
    rooms = sum(b.units * b.floors * b.rooms_per_floor for b in board.buildings())
    assert 0.75 <= 1200 / rooms <= 0.9
    assert len(board.buildings()) > 13
    assert len(board.volunteers()) == 200
    groups = Counter(v.groups[0] for v in board.volunteers())
    assert groups["delivery"] > groups["medicine"] > 0
    archive = open_parts(tmp_path / "b.json")
    assert len(archive) >= 10 and len({d["date"] for d in rows(archive, "slots")}) == 10
    assert any(s.short for g in board.roster(board.today).groups for s in g.slots)


def test_bad_sizes_are_refused_without_a_file(tmp_path: Path, config: Config) -> None:
    for kwargs in ({"households": 0}, {"volunteers": 5}, {"days": -1}):
        with pytest.raises(UsageError):
            _build(tmp_path / "b.json", config, **kwargs)
    assert not list(tmp_path.iterdir())


def test_no_history(tmp_path: Path, config: Config) -> None:
    board = _build(tmp_path / "b.json", config, days=0)
    assert board.tasks(DATE, kind="delivery")
    assert not archive_path(tmp_path / "b.json").exists()
    assert not archive_dir(tmp_path / "b.json").exists()


@pytest.mark.slow
def test_big_build_under_30_seconds(tmp_path: Path, config: Config) -> None:
    t = time.perf_counter()
    board = _build(tmp_path / "b.json", config, households=5000, volunteers=500, days=90)
    elapsed = time.perf_counter() - t
    assert elapsed < 30, f"{elapsed:.1f} s"
    assert len(board.households()) == 5000 and len(board.volunteers()) == 500


def test_create_board_still_makes_an_empty_board(tmp_path: Path, config: Config) -> None:
    board = create_board(tmp_path / "b.json", config, CLOCK, today=DATE, device_id="t")
    assert len(board.buildings()) == 13 and not board.households()
    assert len(board.slots(DATE)) == 11 and len(board.slots(DATE.add(days=1))) == 11
    assert board.tasks(DATE, kind="disinfection")
