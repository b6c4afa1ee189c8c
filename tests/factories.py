"""Tiny boards for unit tests: a few people and slots, a fixed clock, a file on tmp_path.

    board = tiny_board(
        tmp_path,
        volunteers=[person("lead", role="leader"), person("li", building=5)],
        slots=[slot("am", "delivery", "07:00", "11:00")],
        assignments=[("li", "am")],
        building_status=[(5, "sealed")],
    )

Records are plain dicts as stored in the board file; give an "id" to refer to them
(the helpers below take the id first; an assignment given as a pair gets "li@am"). Dates default to TODAY and the clock stands at
NOW (2022-04-26 09:00 Shanghai); ``board.clock.advance(hours=1)`` moves it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.store import BoardStore
from dutyboard.storage.transaction import Transaction

TZ = "Asia/Shanghai"
TODAY = "2022-04-26"
NOW = pendulum.datetime(2022, 4, 26, 9, 0, tz=TZ)

GROUPS: tuple[tuple[str, str, str], ...] = (
    ("supplies", "物资组", "Supplies"),
    ("delivery", "快递组", "Delivery"),
    ("disinfection", "消杀组", "Disinfection"),
    ("medicine", "配药组", "Medicine"),
    ("testing", "核酸组", "Testing"),
    ("care", "关爱组", "Care"),
)
BUILDINGS = tuple(range(1, 7))

Record = dict[str, Any]


def meta(**overrides: Any) -> Record:
    """The least a board's meta needs; rules can be overridden with rules={...}."""
    out: Record = {
        "kind": "live",
        "community_zh": "测试小区",
        "community_en": "Test Court",
        "today": TODAY,
        "timezone": TZ,
        "day_start_hour": 6,
        "rules": {"max_hours_per_day": 8, "max_days_in_a_row": 6},
    }
    out.update(overrides)
    return out


def person(
    vid: str,
    name: str | None = None,
    *,
    building: int | None = 1,
    room: str = "1-101",
    groups: Sequence[str] = ("delivery",),
    role: str = "volunteer",
    phone: str = "",
    party_member: bool = False,
) -> Record:
    return {
        "id": vid,
        "name": name or vid,
        "phone": phone,
        "building": building,
        "room": room,
        "groups": list(groups),
        "role": role,
        "party_member": party_member,
    }


def slot(
    sid: str,
    group: str = "delivery",
    start: str = "07:00",
    end: str = "11:00",
    *,
    date: str = TODAY,
    needed: int = 1,
    key: str | None = None,
    zh: str | None = None,
    en: str | None = None,
) -> Record:
    return {
        "id": sid,
        "group": group,
        "date": date,
        "key": key or sid,
        "zh": zh or sid,
        "en": en or sid,
        "start": start,
        "end": end,
        "needed": needed,
    }


def tiny_board(
    tmp_path: Path,
    *,
    volunteers: Iterable[Record] = (),
    slots: Iterable[Record] = (),
    assignments: Iterable[tuple[str, str] | tuple[str, str, str] | Record] = (),
    building_status: Iterable[tuple[int, str] | tuple[int, str, str]] = (),
    groups: Iterable[tuple[str, str, str]] = GROUPS,
    buildings: Iterable[int] = BUILDINGS,
    now: pendulum.DateTime = NOW,
    name: str = "board.json",
    **meta_overrides: Any,
) -> Board:
    """A new board file at tmp_path/name, opened with a FixedClock at ``now``.

    assignments: (volunteer id, slot id[, status]), which get the id "volunteer@slot",
    or full records; date and group come from the slot. building_status: (number,
    status[, date]), date TODAY.
    """
    slot_list = list(slots)
    by_id = {s["id"]: s for s in slot_list}

    def build(tx: Transaction) -> None:
        for order, (key, zh, en) in enumerate(groups):
            tx.insert("groups", {"key": key, "zh": zh, "en": en, "order": order})
        for number in buildings:
            tx.insert(
                "buildings", {"number": number, "units": 2, "floors": 6, "rooms_per_floor": 2}
            )
        for st in building_status:
            number, state, *on = st
            tx.insert(
                "building_status",
                {"building": number, "date": on[0] if on else TODAY, "status": state},
            )
        for v in volunteers:
            tx.insert("volunteers", dict(v))
        for s in slot_list:
            tx.insert("slots", dict(s))
        for a in assignments:
            if isinstance(a, dict):
                rec = dict(a)
            else:
                vid, sid, *given = a
                rec = {
                    "id": f"{vid}@{sid}",
                    "volunteer": vid,
                    "slot": sid,
                    "status": given[0] if given else "scheduled",
                }
            s = by_id[rec["slot"]]
            rec.setdefault("date", s["date"])
            rec.setdefault("group", s["group"])
            rec.setdefault("status", "scheduled")
            tx.insert("assignments", rec)

    store = BoardStore.create(tmp_path / name, meta(**meta_overrides), device="t", build=build)
    return Board(store, FixedClock(now))


# ------------------------------------------------------------------ the archive in parts


def archived(store: BoardStore, table: str, rid: str, *, day: str | None = None) -> Record | None:
    """A record of the archive by id: from the part of ``day``, or from whichever part
    holds it (newest day first). None if no part holds it (or only as deleted)."""
    archive = store.archive()
    for d in reversed(archive.days()) if day is None else [day]:
        part = archive.part(d)
        doc = None if part is None else part.get(table, rid)
        if doc is not None:
            return doc
    return None


def archived_rows(store: BoardStore, table: str) -> list[Record]:
    """Every live record of ``table`` over all the parts (oldest day first)."""
    archive = store.archive()
    out: list[Record] = []
    for d in archive.days():
        part = archive.part(d)
        if part is not None and table in part._data:
            out += part.rows(table)
    return out


def archive_files(path: Path) -> dict[str, bytes]:
    """The bytes of every part of the archive of the board at ``path``, by file name
    (empty if it has none): what "the archive did not change" compares."""
    from dutyboard.storage.archive_parts import PART_NAME
    from dutyboard.storage.board_bytes import archive_dir

    folder = archive_dir(path)
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if PART_NAME.fullmatch(p.name)}


def copy_archive(src: Path, dst: Path) -> None:
    """Copy the parts of the archive of the board at ``src`` beside the board at ``dst``
    (the part files only, as a USB stick or Syncthing would carry them)."""
    import shutil

    from dutyboard.storage.archive_parts import PART_NAME
    from dutyboard.storage.board_bytes import archive_dir

    folder = archive_dir(dst)
    folder.mkdir(mode=0o700, exist_ok=True)
    for p in sorted(archive_dir(src).iterdir()):
        if PART_NAME.fullmatch(p.name):
            shutil.copy(p, folder / p.name)


@contextlib.contextmanager
def part_transaction(store: BoardStore, day: str) -> Iterator[Transaction]:
    """A transaction on the archive's part of ``day`` (made if there is none yet), as
    a swap or a merge writes it: saved when the block ends."""
    archive = store.archive()
    part = archive.for_writing(day)
    with part.transaction() as tx:
        yield tx
    archive.saved(day, part)
