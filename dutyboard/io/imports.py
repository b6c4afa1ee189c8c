"""Applying a parsed sign-up sheet or household list to a board, all or nothing.

The parser (dutyboard.intake.signups) checks every row on its own; this module
checks the rows against the board (known buildings) and writes them in one save with
one audit entry per record. Volunteers are matched by phone, households by address:
an import run twice changes nothing the second time, and a re-import changes only
what the sheet says (a column it lacks, or a blank cell, keeps the board's value). A
sheet that makes someone a leader needs a leader to import it
(dutyboard/core/roles.py); the log names who.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutyboard.core import roles
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.intake import signups
from dutyboard.intake.signup_records import HouseholdRow, RowProblem, VolunteerRow


@dataclass
class ImportSummary:
    kind: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    encoding: str = ""
    dry_run: bool = False


def _known_buildings(board: Board) -> set[int]:
    return {b.number for b in board.buildings()}


def _building_problems(board: Board, rows: list[tuple[int, int | None]]) -> list[RowProblem]:
    known = _known_buildings(board)
    span = f"{min(known)}–{max(known)}" if known else "none"
    return [
        RowProblem(line, f"building {b} is not on this board (buildings {span})")
        for line, b in rows
        if b is not None and b not in known
    ]


def _volunteer_values(row: VolunteerRow, existing: dict[str, Any] | None) -> dict[str, Any]:
    groups = list(row.groups)
    if existing:
        groups = list(dict.fromkeys([*existing.get("groups", []), *groups]))
    values: dict[str, Any] = {
        "name": row.name,
        "phone": row.phone,
        "building": row.building,
        "room": row.room,
        "groups": groups,
        "party_member": row.party_member,
        "availability": row.availability,
        "note": row.note,
    }
    if existing is None:
        values["role"] = row.role
        return values
    if row.role == "leader":
        values["role"] = "leader"  # a sheet never demotes a leader
    # A re-import changes what the sheet says, nothing else: a column it lacks, or a
    # blank cell, keeps what the board holds (a sheet of names and phones alone must
    # not blank everyone's home and notes).
    return {k: v for k, v in values.items() if k in _ALWAYS or k in row.given}


_ALWAYS = frozenset({"name", "phone", "groups", "role"})  # required, matched, or merged


def promoted(board: Board, rows: list[VolunteerRow]) -> list[str]:
    """The names of the people a sheet would make leaders (new ones, or volunteers
    now); a sheet never makes a leader a volunteer again."""
    by_phone = {v.phone: v for v in board.volunteers()}
    out = []
    for row in rows:
        if row.role != "leader":
            continue
        now = by_phone.get(row.phone)
        if now is None or not now.is_leader:
            out.append(row.name)
    return out


def _upsert(
    board: Board,
    tx: Any,
    table: str,
    existing: dict[str, Any] | None,
    values: dict[str, Any],
    label: str,
    summary: ImportSummary,
    who: Volunteer | None = None,
) -> None:
    """Add a record, or update the one the sheet matches; one audit entry per change,
    naming who imported (None: nobody was named)."""
    if existing is None:
        doc = tx.insert(table, values)
        board.log(tx, who, "import", table, doc["id"], {}, values)
        summary.added.append(label)
        return
    before = tx.update(table, existing["id"], values)
    if before:
        after = {k: values[k] for k in before}
        board.log(tx, who, "import", table, existing["id"], before, after)
        summary.updated.append(label)
    else:
        summary.unchanged += 1


def _apply(board: Board, summary: ImportSummary, dry_run: bool, fill: Any) -> ImportSummary:
    """Run ``fill(tx)`` in one save; a dry run rolls it back and writes nothing."""
    try:
        with board.transaction() as tx:
            fill(tx)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def import_volunteers(
    board: Board, path: Path, *, dry_run: bool = False, who: Volunteer | None = None
) -> ImportSummary:
    """Add and update volunteers from a sign-up sheet. A sheet that makes someone a
    leader needs ``who`` to be a leader (a dry run too: it says what the run would
    do), except on a board with no leader yet: its first import names them."""
    groups = {g.key: (g.zh, g.en) for g in board.groups()}
    result = signups.parse_volunteers(path, groups)
    result.problems.extend(
        _building_problems(board, [(r.lines[0], r.building) for r in result.rows])
    )
    signups.refuse_if_problems(result, path)
    leaders = promoted(board, result.rows)
    if leaders and roles.has_leaders(board):
        roles.require_leader(board, who, "import_roles", names=roles.names(leaders))
    summary = ImportSummary("volunteers", encoding=result.encoding, dry_run=dry_run)

    def fill(tx: Any) -> None:
        by_phone = {d.get("phone"): d for d in board.store.rows("volunteers")}
        for row in result.rows:
            existing = by_phone.get(row.phone)
            values = _volunteer_values(row, existing)
            _upsert(board, tx, "volunteers", existing, values, row.name, summary, who)

    return _apply(board, summary, dry_run, fill)


def import_households(
    board: Board, path: Path, *, dry_run: bool = False, who: Volunteer | None = None
) -> ImportSummary:
    result = signups.parse_households(path)
    result.problems.extend(_building_problems(board, [(r.line, r.building) for r in result.rows]))
    signups.refuse_if_problems(result, path)
    summary = ImportSummary("households", encoding=result.encoding, dry_run=dry_run)

    def fill(tx: Any) -> None:
        by_address = {
            f"{d['building']}-{d['unit']}-{d['room']}": d for d in board.store.rows("households")
        }
        for row in result.rows:
            existing = by_address.get(row.address)
            values = _household_values(row)
            if existing is not None:  # as for volunteers: only what the sheet says
                values = {k: v for k, v in values.items() if k in _PLACE or k in row.given}
            _upsert(board, tx, "households", existing, values, row.address, summary, who)

    return _apply(board, summary, dry_run, fill)


def _household_values(row: HouseholdRow) -> dict[str, Any]:
    return {
        "building": row.building,
        "unit": row.unit,
        "room": row.room,
        "residents": row.residents,
        "elderly_alone": row.elderly_alone,
        "phone": row.phone,
        "note": row.note,
    }


_PLACE = frozenset({"building", "unit", "room"})  # the address: what the sheet matches by


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back without saving."""


def run_import(
    board: Board, kind: str, path: Path, *, dry_run: bool, who: Volunteer | None = None
) -> ImportSummary:
    fn = import_volunteers if kind == "volunteers" else import_households
    return fn(board, path, dry_run=dry_run, who=who)
