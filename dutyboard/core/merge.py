"""Merging other copies of the same board into this one (``dutyboard merge``).

Copies travel by USB stick, chat file transfer or a synced folder, and diverge. A
merge takes every record of the other copy in, field by field (records.merge: the
later change stamp wins each field; different fields of one record both survive;
a deletion holds while it is later than every edit). The result does not depend on
the order of copies, and merging a copy twice changes nothing.

Only true conflicts reach a person: the same field set to different values on two
copies, neither having seen the other. The winner applies; the losing value is kept
in the ``conflicts`` table, keyed by the losing edit itself, so the same conflict found
on two laptops is one record, and a leader can restore it.

Syncthing keeps the loser of a concurrent file change as
``NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.json`` beside the board; those copies are
merged automatically and then moved into ``NAME.merged/`` (never deleted).
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutyboard.core.archive_copies import (
    archived,
    copy_archives,
    merge_copy_archives,
    merge_part_conflict_copies,
)
from dutyboard.core.board import Board
from dutyboard.core.copies import read_copy
from dutyboard.core.model import Volunteer
from dutyboard.storage import records, validate
from dutyboard.storage.board_bytes import (
    Table,
    refused_dir,
)
from dutyboard.storage.conflicts import conflict_id, conflict_record
from dutyboard.storage.errors import BoardFileError, Refused, refused
from dutyboard.storage.records import Doc, FieldConflict
from dutyboard.storage.store import BoardStore
from dutyboard.storage.tables import TABLES
from dutyboard.storage.transaction import Transaction

__all__ = ["conflict_id", "conflicts", "merge_copies", "merge_conflict_copies", "resolve_conflict"]

# Bookkeeping that is not the community's data: never counted as "changed".
_QUIET = {"meta"}


@dataclass
class TableChanges:
    added: int = 0
    changed: int = 0
    deleted: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted)


@dataclass
class MergeSummary:
    sources: list[str] = field(default_factory=list)
    tables: dict[str, TableChanges] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    dry_run: bool = False
    moved: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.tables.values()) or bool(self.conflicts)

    def lines(self) -> list[str]:
        out = []
        for name, ch in self.tables.items():
            if ch:
                out.append(f"{name}: {ch.added} added, {ch.changed} changed, {ch.deleted} deleted")
        # One per losing edit (as `dutyboard conflicts` and the app count them), however
        # many fields that edit set.
        losers = {(c.record, c.loser_stamp) for c in self.conflicts}
        out.append(f"conflicts: {len(losers)}")
        return out


def check_references(
    store: BoardStore,
    copies: list[tuple[Path, dict[str, Table]]],
    archives: list[dict[str, Table]] | None = None,
) -> list[tuple[Path, validate.Problem]]:
    """The copies (with the first problem of each) holding a reference to a record
    that neither they, their archives, the board, its archive nor another of the
    copies holds, or changing a key (a group's, a building's number) that records
    point at: merged, it would be a board that ``check`` calls broken. The board's
    archive is read only when something is not found elsewhere."""
    cache: dict[tuple[str, str], set[Any]] = {}
    datas = [d for _p, d in copies]

    def elsewhere(target: str, by: str) -> set[Any]:
        values = cache.get((target, by))
        if values is None:
            if by == "id":
                tables = [store.table(target) if target in store._data else {}]
                tables += [d.get(target) or {} for d in datas]
            else:  # a key can change: what it will be after the merge
                tables = [_merged(store, datas, target)]
            tables += [d.get(target) or {} for d in archives or []]
            tables.append(archived(store, target))  # from the parts' indexes
            values = {d.get(by) for table in tables for d in table.values()}
            cache[(target, by)] = values
        return values

    bad = []
    for p, data in copies:
        found = validate.reference_problems(data, elsewhere)
        found = found or _lost_keys(store, data, elsewhere)
        if found:
            bad.append((p, found[0]))
    return bad


def _merged(store: BoardStore, datas: list[dict[str, Table]], target: str) -> Table:
    """The records of ``target`` as the merge will leave them (by id)."""
    out = {d["id"]: d for d in (store.table(target) if target in store._data else {}).values()}
    for data in datas:
        for doc in (data.get(target) or {}).values():
            here = out.get(doc["id"])
            out[doc["id"]] = doc if here is None else records.merge(here, doc)
    return out


def _lost_keys(store: BoardStore, data: dict[str, Table], after: Any) -> list[validate.Problem]:
    """A key of the board (a group's, a building's number) that the merge would
    change while the board's records still point at it."""
    for table, name, target, by in validate.REFERENCES:
        if by == "id" or not data.get(target) or target not in store._data:
            continue
        lost = {d.get(by) for d in store.table(target).values()} - after(target, by)
        if not any(
            d.get(name) in lost and not records.is_deleted(d) for d in store.table(table).values()
        ):
            continue
        was = {d["id"] for d in store.table(target).values() if d.get(by) in lost}
        for doc in data[target].values():
            if doc.get("id") in was:
                return [
                    validate.Problem(target, doc["id"], by, doc.get(by), "validate.key_changed")
                ]
    return []


def _merge_tables(
    store: BoardStore, tx: Transaction, data: dict[str, Table], summary: MergeSummary
) -> None:
    closed: dict[str, list[Doc]] = {}
    day_before = store.live_day()
    for name, table in data.items():
        if name == "conflicts":
            for doc in table.values():
                tx.put(name, doc)
            continue
        changes = summary.tables.setdefault(name, TableChanges())
        for doc in table.values():
            if store.closed_record(name, doc):
                # A closed day's record (the copy is still on an older day): it goes
                # to the archive, where the day swap put that day (dutyboard.core.swap).
                closed.setdefault(name, []).append(doc)
                continue
            local = store.raw(name, doc["id"])
            found: list[FieldConflict] = []
            if local is None:
                tx.put(name, doc)
                if name not in _QUIET and not records.is_deleted(doc):
                    changes.added += 1
                continue
            merged = records.merge(local, doc, found)
            if merged is local or merged == local:
                continue
            was_deleted = records.is_deleted(local)
            tx.put(name, doc)
            for c in found:
                _record_conflict(tx, name, c)
                summary.conflicts.append(c)
            if name in _QUIET:
                continue
            if records.is_deleted(merged) and not was_deleted:
                changes.deleted += 1
            elif any(merged.get(k) != local.get(k) for k in records.fields(merged)):
                changes.changed += 1
    if closed and not summary.dry_run:
        store.route_closed(closed)
    if not summary.dry_run:  # a copy that swapped: our records of the day it closed go too
        store.note_left_behind(data, day_before)


def _record_conflict(tx: Transaction, table: str, c: FieldConflict) -> None:
    tx.put("conflicts", conflict_record(table, c))


class _DryRun(Exception):
    pass


def merge_copies(
    board: Board, paths: list[Path], *, dry_run: bool = False, who: Volunteer | None = None
) -> MergeSummary:
    """Merge other copies (and their archives) into the board, in one save."""
    board_id = board.store.board_id
    copies = [(p, read_copy(p, board_id)) for p in paths]  # refuse before writing
    # Their archives' parts that differ from ours, read (and validated) before
    # anything is written; what they hold that references point at, kept meanwhile.
    pending, held = copy_archives(board, paths)
    for p, problem in check_references(board.store, copies, held)[:1]:
        raise validate.InvalidFile("integrity.copy_invalid", problem, path=p)
    return _merge_read(board, copies, pending, dry_run=dry_run, who=who)


def _merge_read(
    board: Board,
    copies: list[tuple[Path, dict[str, Table]]],
    archives: list[tuple[str | None, Path]],
    *,
    dry_run: bool = False,
    who: Volunteer | None = None,
) -> MergeSummary:
    paths = [p for p, _data in copies]
    summary = MergeSummary(sources=[str(p) for p in paths], dry_run=dry_run)
    if not dry_run:
        # The archives first (as the swap writes its archive first): a copy that
        # swapped carried some of our open tasks; our ticks on them, sent to the
        # archive below, then meet those records and are passed on to the carried ones.
        merge_copy_archives(board, archives)
    try:
        with board.transaction() as tx:
            for _path, data in copies:
                _merge_tables(board.store, tx, data, summary)
            if summary.changed and not dry_run:
                board.log(
                    tx,
                    who,
                    "merge",
                    "meta",
                    board.meta["id"],
                    {},
                    {"sources": [p.name for p in paths], "conflicts": len(summary.conflicts)},
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


# ----------------------------------------------------------------- Syncthing

_SYNC = re.compile(r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]+$")


def conflict_copies(path: Path) -> list[Path]:
    """Syncthing's conflict copies of the board beside it (not of its archive)."""
    stem, suffix = path.stem, path.suffix or ".json"
    try:
        names = os.listdir(path.parent or ".")
    except OSError:
        return []
    out = []
    for name in names:
        if not (name.startswith(stem + ".sync-conflict-") and name.endswith(suffix)):
            continue
        if _SYNC.search(name[: -len(suffix)]) and name[: -len(suffix)].startswith(stem + ".sync"):
            out.append(path.parent / name)
    return sorted(out)


def readable_copies(board: Board) -> list[Path]:
    """The conflict copies beside the board that can be merged now; one that does not
    parse may still be arriving, and one of another board is not ours: both stay."""
    return [p for p, _data in _read_conflict_copies(board, set_aside=False)]


def _read_conflict_copies(
    board: Board, *, set_aside: bool = True
) -> list[tuple[Path, dict[str, Table]]]:
    """Each readable conflict copy with its tables, read once: Syncthing may delete a
    copy at any moment (the other laptop merged it and moved it aside), so a second
    read could fail the command that merges it (``done``, ``merge``). A copy that
    parses but fails the validation is refused whole: with ``set_aside`` moved into
    ``NAME.refused/`` (never deleted) and told once (``store.refusals``)."""
    good: list[tuple[Path, dict[str, Table]]] = []
    for p in conflict_copies(board.store.path):
        try:
            good.append((p, read_copy(p, board.store.board_id)))
        except validate.InvalidFile as exc:
            if set_aside:
                _set_aside(board, p, exc.problem or exc.message)
        except (BoardFileError, Refused):
            continue  # still arriving, of another board, or gone already: not now
    bad = dict(check_references(board.store, good))
    for p, problem in bad.items():
        if set_aside:
            _set_aside(board, p, problem)
    return [(p, data) for p, data in good if p not in bad]


def _set_aside(board: Board, path: Path, problem: validate.Problem | str | None) -> None:
    folder = refused_dir(board.store.path)
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.replace(path, folder / path.name)
        board.store.refusals.append(
            ("sync.refused_copy", {"problem": problem or path.name, "folder": folder})
        )


def merged_dir(path: Path) -> Path:
    return path.with_name(path.name + ".merged")


def merge_conflict_copies(board: Board) -> MergeSummary | None:
    """Merge Syncthing conflict copies beside the board and of its archive's parts,
    then move them aside."""
    path = board.store.path
    parts_moved = merge_part_conflict_copies(board)  # of the archive's parts, each alone
    good = _read_conflict_copies(board)
    if not good:
        return MergeSummary(moved=parts_moved) if parts_moved else None
    summary = _merge_read(board, good, [])
    summary.moved += parts_moved
    target = merged_dir(path)
    target.mkdir(mode=0o700, exist_ok=True)
    for p, _data in good:
        with contextlib.suppress(OSError):
            os.replace(p, target / p.name)
            summary.moved.append(p.name)
    return summary


# ----------------------------------------------------------------- conflicts


@dataclass(frozen=True)
class ConflictView:
    """One losing edit of one record: the fields it set and what applies now instead."""

    id: str  # the first of its field conflicts' ids (any of them names it)
    ids: tuple[str, ...]
    table: str
    record: str
    stamp: str  # the losing edit
    device: str
    status: str  # open, restored, dismissed
    lost: dict[str, Any]  # field -> the version that lost
    current: dict[str, Any]  # field -> the version that applies now

    @property
    def fields(self) -> list[str]:
        return list(self.lost)


def conflicts(board: Board, *, include_closed: bool = False) -> list[ConflictView]:
    groups: dict[tuple[str, str, str], list[Doc]] = {}
    for d in board.store.rows("conflicts"):
        groups.setdefault((d["table"], d["record"], d["stamp"]), []).append(d)
    out = []
    for (table, record, stamp), docs in groups.items():
        docs.sort(key=lambda d: d["id"])
        status = (
            "open" if any(d.get("status", "open") == "open" for d in docs) else docs[0]["status"]
        )
        if status != "open" and not include_closed:
            continue
        rec = board.store.raw(table, record) if table in TABLES else None
        out.append(
            ConflictView(
                docs[0]["id"],
                tuple(d["id"] for d in docs),
                table,
                record,
                stamp,
                docs[0].get("device", ""),
                status,
                {d["field"]: d.get("value") for d in docs},
                {d["field"]: (rec.get(d["field"]) if rec else None) for d in docs},
            )
        )
    out.sort(key=lambda c: c.stamp)
    return out


def resolve_conflict(board: Board, ref: str, who: Volunteer, *, restore: bool) -> ConflictView:
    """Restore the losing version (it becomes the current one) or dismiss the conflict."""
    board.require_leader(who, "resolve conflicts")
    matches = [
        c for c in conflicts(board, include_closed=True) if any(i.startswith(ref) for i in c.ids)
    ]
    if len(matches) != 1:
        raise Refused(
            f"no conflict matches '{ref}'" if not matches else f"'{ref}' is ambiguous",
            [c.id for c in matches[:10]],
        )
    c = matches[0]
    with board.transaction() as tx:
        if restore:
            if board.store.get(c.table, c.record) is None:
                raise refused("refused.conflict_record_gone")
            before = tx.update(c.table, c.record, dict(c.lost))
            board.log(
                tx,
                who,
                "restore",
                c.table,
                c.record,
                before,
                dict(c.lost),
                reason=f"conflict {c.id}",
            )
        for cid in c.ids:
            tx.update(
                "conflicts",
                cid,
                {"status": "restored" if restore else "dismissed", "resolved_by": who.id},
            )
    return c
