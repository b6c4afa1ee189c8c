"""The file format version: newer files are refused untouched, older ones upgraded by code."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from dutyboard.storage import board_bytes, migrations
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.store import BoardStore


def _board(path: Path) -> BoardStore:
    return BoardStore.create(
        path,
        {"today": "2022-04-26", "timezone": "Asia/Shanghai"},
        device="t",
        build=lambda tx: tx.insert("tasks", {"kind": "delivery", "status": "open", "note": "x"}),
    )


def test_newer_version_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    _board(path)
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["format_version"] = board_bytes.FORMAT_VERSION + 1
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    with pytest.raises(BoardFileError, match="newer dutyboard"):
        BoardStore.open(path, device="t")
    assert path.read_bytes() == before


def test_older_version_upgraded_by_its_step_and_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.json"
    _board(path)
    # A file of the version before the current one (format 1 -> 2).
    older = board_bytes.FORMAT_VERSION - 1
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["format_version"] = older
    path.write_bytes(orjson.dumps(data))
    # As an older dutyboard left it: no shadow of a save by this one.
    board_bytes.shadow_path(path).unlink(missing_ok=True)

    real_step = migrations.STEPS[older]

    def rename_note(data: migrations.Data) -> migrations.Data:
        data = real_step(data)
        for doc in data["tasks"].values():
            doc["remark"] = doc.pop("note")
        return data

    monkeypatch.setitem(migrations.STEPS, older, rename_note)
    s = BoardStore.open(path, device="t")
    doc = next(iter(s.rows("tasks")))
    assert doc["remark"] == "x" and "note" not in doc
    assert s.meta["format_version"] == board_bytes.FORMAT_VERSION
    with s.transaction() as tx:
        tx.update("tasks", doc["id"], {"status": "done"})
    saved = orjson.loads(path.read_bytes())
    assert saved["meta"]["1"]["format_version"] == board_bytes.FORMAT_VERSION
    assert next(iter(saved["tasks"].values()))["remark"] == "x"


def test_the_step_from_1_leaves_the_records_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    _board(path)
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["format_version"] = 1
    tasks = orjson.dumps(data["tasks"], option=orjson.OPT_SORT_KEYS)
    upgraded = migrations.upgrade(data)
    assert upgraded["meta"]["1"]["format_version"] == 2 == board_bytes.FORMAT_VERSION
    assert orjson.dumps(upgraded["tasks"], option=orjson.OPT_SORT_KEYS) == tasks
