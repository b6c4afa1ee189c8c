"""``dutyboard check``: verify a board file without ever writing to it.

Parses the file (unreadable → BoardFileError, exit 2, naming the copies it can be
restored from), then checks every value with the one validation every file and copy
goes through (dutyboard/storage/validate.py: types, ranges, stamps, repeated keys), the
references between records (the archive satisfies them too), and that stock TinyDB
can read it. Returns a list of problems (empty = healthy), one line each naming the
file, table, record and field.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dutyboard.storage import validate
from dutyboard.storage.archive_parts import PART_NAME
from dutyboard.storage.board_bytes import (
    Table,
    archive_dir,
    archive_path,
    parse_board_bytes,
    read_regular,
    real_path,
    with_recovery,
)
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.store import BoardStore, read_with_tinydb
from dutyboard.storage.tables import TABLES

# The checks live in dutyboard/storage/validate.py (and board_schema.py); kept here by name.
REFERENCES = validate.REFERENCES
Data = Mapping[str, Table]


def _read(path: Path) -> tuple[bytes, dict[str, Table]]:
    _st, raw = read_regular(path)
    try:
        return raw, parse_board_bytes(raw, path, records=False)
    except BoardFileError as exc:
        raise with_recovery(exc, path) from None


def check_data(
    name: str,
    raw: bytes | None,
    data: Data,
    other: Data | None = None,
    *,
    lang: str = "en",
) -> list[str]:
    """Problems in one file's ``data`` (``raw``: its bytes, for repeated keys);
    ``other`` (live or archive) also satisfies references."""
    limit = validate.MAX_PROBLEMS
    found = validate.value_problems(data, limit=limit)
    if raw is not None:
        repeated = validate.repeated_key(raw)
        if repeated is not None:
            found.append(repeated)
    found += validate.duplicate_ids(data, limit=limit)
    problems = [f"{name}: {p.text(lang)}" for p in found]
    if found:  # values of the wrong type: the checks below would trip over them
        return problems
    problems += _across_tables(name, data) + _stamp_order(name, data)
    also: Callable[[str, str], set[Any]] | None = None
    if other is not None:
        ref_other = other

        def also(target: str, by: str) -> set[Any]:
            return {d.get(by) for d in (ref_other.get(target) or {}).values()}

    refs = validate.reference_problems(data, also, limit=limit)
    problems += [f"{name}: {p.text(lang)}" for p in refs]
    return problems


def check_store(store: BoardStore, other: BoardStore | None = None) -> list[str]:
    """Problems in a board held in memory (its values, references and stamps)."""

    def tables(s: BoardStore) -> dict[str, Table]:
        return {name: s.table(name) for name in TABLES}

    return check_data(store.path.name, None, tables(store), tables(other) if other else None)


def _across_tables(name: str, data: Data) -> list[str]:
    """An id used by records of two tables (ids are unique over the whole board)."""
    out = []
    seen: dict[str, str] = {}
    for table, docs in data.items():
        for doc in docs.values():
            rid = str(doc.get("id"))
            if rid in seen and seen[rid] != table:
                out.append(f"{name}: {table}[{rid}]: id also used in {seen[rid]}")
            seen.setdefault(rid, table)
    return out


def _stamp_order(name: str, data: Data) -> list[str]:
    out = []
    for table, docs in data.items():
        for doc in docs.values():
            created = doc["_c"]
            for f, s in (doc.get("_s") or {}).items():
                if s < created:
                    out.append(
                        f"{name}: {table}[{doc['id']}].{f}: stamped before the record was made"
                    )
    return out


def check_file(
    path: Path, device: str = "check", *, lang: str = "en"
) -> tuple[list[str], dict[str, int]]:
    """Check a board and its archive, every part of it (and an archive in one file
    that an older dutyboard left, not split yet). Raises BoardFileError when the board
    is unreadable."""
    path = real_path(Path(path))
    raw, data = _read(path)
    board_id = next(iter(data["meta"].values())).get("board_id")
    archives = _archive_files(path)
    # What references may point at in the archive, gathered first (a part at a time).
    targets: dict[str, Table] = {}
    for apath in archives:
        with contextlib.suppress(BoardFileError):
            _araw, adata = _read(apath)
            for name in REFERENCED:
                targets.setdefault(name, {}).update(
                    {str(d.get("id")): d for d in (adata.get(name) or {}).values()}
                )
    problems = check_data(path.name, raw, data, targets, lang=lang)
    with_live = {name: {**(data.get(name) or {}), **targets.get(name, {})} for name in data}
    for apath in archives:
        name = apath.name if apath.parent == path.parent else f"{apath.parent.name}/{apath.name}"
        try:
            araw, archive = _read(apath)
        except BoardFileError as exc:
            problems.append(f"{name}: {exc.message}")
            continue
        other_id = next(iter(archive["meta"].values())).get("board_id")
        if other_id != board_id:
            problems.append(f"{name}: belongs to another board ({other_id})")
        problems.extend(check_data(name, araw, archive, with_live, lang=lang))
        try:
            read_with_tinydb(apath, count=False)
        except Exception as exc:  # noqa: BLE001 - each part is a TinyDB file too
            problems.append(f"{name}: stock TinyDB cannot read it ({exc})")
    try:
        counts = read_with_tinydb(path)
    except Exception as exc:  # stock TinyDB must read it; say so if it cannot
        raise BoardFileError(f"{path}: stock TinyDB cannot read it ({exc}).") from None
    return problems, counts


# Tables of the archive that references point at (validate.REFERENCES).
REFERENCED = ("slots", "batches", "offers")


def _archive_files(path: Path) -> list[Path]:
    """The archive's files: the single file of an older dutyboard, then the parts."""
    out = [archive_path(path)] if archive_path(path).exists() else []
    folder = archive_dir(path)
    with contextlib.suppress(OSError):
        out += [folder / n for n in sorted(os.listdir(folder)) if PART_NAME.fullmatch(n)]
    return out
