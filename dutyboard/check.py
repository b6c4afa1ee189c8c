"""``dutyboard check``: verify a board file without ever writing to it.

Parses the file (unreadable → BoardFileError, exit 2), then checks the schema of
every record, the references between records, and the change stamps; also that stock
TinyDB can read it. Returns a list of problems (empty = healthy).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dutyboard import hlc, records
from dutyboard.errors import BoardFileError
from dutyboard.model import ASSIGNMENT_STATUSES, BUILDING_STATUSES, ROLES, TASK_KINDS, TASK_STATUSES
from dutyboard.store import BoardStore, archive_path, read_with_tinydb
from dutyboard.supplies.states import OFFER_STATES

Check = Callable[[Any], bool]
_STR: Check = lambda v: isinstance(v, str)  # noqa: E731
_INT: Check = lambda v: isinstance(v, int) and not isinstance(v, bool)  # noqa: E731
_DATE: Check = lambda v: isinstance(v, str) and len(v) == 10 and v[4] == "-"  # noqa: E731
_HHMM: Check = lambda v: isinstance(v, str) and len(v) == 5 and v[2] == ":"  # noqa: E731


def _one_of(values: tuple[str, ...]) -> Check:
    return lambda v: v in values


REQUIRED: dict[str, dict[str, Check]] = {
    "groups": {"key": _STR, "zh": _STR, "en": _STR},
    "buildings": {"number": _INT},
    "building_status": {"building": _INT, "date": _DATE, "status": _one_of(BUILDING_STATUSES)},
    "households": {"building": _INT, "unit": _INT, "room": _STR},
    "volunteers": {"name": _STR, "phone": _STR, "role": _one_of(ROLES)},
    "slots": {"group": _STR, "date": _DATE, "key": _STR, "start": _HHMM, "end": _HHMM},
    "assignments": {
        "slot": _STR,
        "volunteer": _STR,
        "date": _DATE,
        "status": _one_of(ASSIGNMENT_STATUSES),
    },
    "batches": {"date": _DATE},
    "tasks": {
        "kind": _one_of(TASK_KINDS),
        "group": _STR,
        "date": _DATE,
        "status": _one_of(TASK_STATUSES),
    },
    "audit": {"at": _STR, "action": _STR},
    "conflicts": {"table": _STR, "record": _STR, "field": _STR, "stamp": _STR},
    "care_register": {"household": _STR},
    "contacts": {"household": _STR, "at": _STR, "day": _DATE},
    "rounds": {"number": _INT, "date": _DATE, "started_at": _STR},
    "offers": {"title": _STR, "state": _one_of(OFFER_STATES)},
    "orders": {"offer": _STR, "household": _STR, "address": _STR},
    "building_events": {
        "building": _INT,
        "state": _one_of(BUILDING_STATUSES),
        "day": _DATE,
        "at": _STR,
    },
}

# (table, field, table it points at, by which field of the target)
REFERENCES = (
    ("assignments", "slot", "slots", "id"),
    ("assignments", "volunteer", "volunteers", "id"),
    ("assignments", "group", "groups", "key"),
    ("slots", "group", "groups", "key"),
    ("tasks", "group", "groups", "key"),
    ("tasks", "household", "households", "id"),
    ("tasks", "batch", "batches", "id"),
    ("tasks", "building", "buildings", "number"),
    ("tasks", "done_by", "volunteers", "id"),
    ("tasks", "carrier", "volunteers", "id"),
    ("households", "building", "buildings", "number"),
    ("building_status", "building", "buildings", "number"),
    ("care_register", "household", "households", "id"),
    ("contacts", "household", "households", "id"),
    ("contacts", "by", "volunteers", "id"),
    ("orders", "offer", "offers", "id"),
    ("orders", "household", "households", "id"),
    ("building_events", "building", "buildings", "number"),
    ("building_events", "by", "volunteers", "id"),
)


def check_store(store: BoardStore, other: BoardStore | None = None) -> list[str]:
    """Problems in one file; ``other`` (live or archive) also satisfies references."""
    problems: list[str] = []
    name = store.path.name
    seen_ids: dict[str, str] = {}
    for table, required in REQUIRED.items():
        for key, doc in store.table(table).items():
            where = f"{name}: {table}[{key}]"
            rid = str(doc.get("id"))
            if rid in seen_ids:
                problems.append(f"{where}: id {rid} also used in {seen_ids[rid]}")
            seen_ids[rid] = f"{table}[{key}]"
            problems.extend(_stamp_problems(doc, where))
            if records.is_deleted(doc):
                continue
            for field, ok in required.items():
                if field not in doc:
                    problems.append(f"{where}: missing field '{field}'")
                elif not ok(doc[field]):
                    problems.append(f"{where}: field '{field}' has a bad value {doc[field]!r}")
    targets: dict[tuple[str, str], set[Any]] = {}
    for table, field, target, by in REFERENCES:
        values = targets.get((target, by))
        if values is None:
            values = {d.get(by) for d in store.table(target).values()}
            if other is not None:
                values |= {d.get(by) for d in other.table(target).values()}
            targets[(target, by)] = values
        for key, doc in store.table(table).items():
            ref = doc.get(field)
            if ref is None or records.is_deleted(doc):
                continue
            if ref not in values:
                problems.append(
                    f"{name}: {table}[{key}].{field} = {ref!r} points at no {target} record"
                )
    return problems


def _stamp_problems(doc: dict[str, Any], where: str) -> list[str]:
    out = []
    created = doc.get("_c")
    if not hlc.is_valid(created):
        return [f"{where}: bad creation stamp {created!r}"]
    for f, s in (doc.get("_s") or {}).items():
        if not hlc.is_valid(s):
            out.append(f"{where}: bad change stamp for '{f}': {s!r}")
        elif s < created:
            out.append(f"{where}: field '{f}' stamped before the record was made")
    if "_del" in doc and not hlc.is_valid(doc["_del"]):
        out.append(f"{where}: bad deletion stamp {doc['_del']!r}")
    return out


def check_file(path: Path, device: str = "check") -> tuple[list[str], dict[str, int]]:
    """Check a board and its archive. Raises BoardFileError when unreadable."""
    store = BoardStore.open(path, device=device)
    archive = None
    apath = archive_path(path)
    if apath.exists():
        archive = BoardStore.open(apath, device=device)
    problems = check_store(store, archive)
    if archive is not None:
        if archive.board_id != store.board_id:
            problems.append(f"{apath.name}: belongs to another board ({archive.board_id})")
        problems.extend(check_store(archive, store))
    try:
        counts = read_with_tinydb(path)
    except Exception as exc:  # stock TinyDB must read it; say so if it cannot
        raise BoardFileError(f"{path}: stock TinyDB cannot read it ({exc}).") from None
    return problems, counts
