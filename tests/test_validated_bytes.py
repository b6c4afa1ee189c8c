"""Bytes validated once per laptop (dutyboard.storage.validated): the same file from
another laptop is checked at its first open, not at every open; what failed is never
remembered; the digests are kept in this laptop's folder, 0600; a copy (every field
required) and a board are remembered apart."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import orjson
import pytest

from dutyboard.core.copies import read_copy
from dutyboard.storage import validate, validated
from dutyboard.storage.board_bytes import parse_checked, shadow_path
from dutyboard.storage.device import user_dir
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.store import BoardStore
from tests.factories import person, slot, tiny_board


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per run of the validation (its ``required`` flag)."""
    seen: list[bool] = []
    real = validate.value_problems

    def counting(data: Any, *, required: bool = True, **kw: Any) -> Any:
        seen.append(required)
        return real(data, required=required, **kw)

    monkeypatch.setattr(validate, "value_problems", counting)
    return seen


def another_laptops_file(tmp_path: Path) -> Path:
    """A board made on one laptop, its bytes brought to this one (no shadow here)."""
    (tmp_path / "a").mkdir()
    made = tiny_board(
        tmp_path / "a",
        volunteers=[person("lead", role="leader"), person("li")],
        slots=[slot("am")],
        assignments=[("li", "am")],
    )
    here = tmp_path / "b" / "board.json"
    here.parent.mkdir()
    shutil.copyfile(made.store.path, here)
    assert not shadow_path(here).exists()
    return here


def test_a_file_from_another_laptop_is_validated_once(tmp_path: Path, calls: list[bool]) -> None:
    path = another_laptops_file(tmp_path)
    BoardStore.open(path, device="here")
    assert calls == [False]
    BoardStore.open(path, device="here")  # the same bytes: not again
    assert calls == [False]
    # Changed bytes are new bytes: checked again, once.
    data = orjson.loads(path.read_bytes())
    next(iter(data["volunteers"].values()))["phone"] = "13800000000"
    path.write_bytes(orjson.dumps(data))
    BoardStore.open(path, device="here")
    BoardStore.open(path, device="here")
    assert calls == [False, False]


def test_bytes_that_failed_are_never_remembered(tmp_path: Path, calls: list[bool]) -> None:
    path = another_laptops_file(tmp_path)
    data = orjson.loads(path.read_bytes())
    next(iter(data["slots"].values()))["needed"] = "four"  # a number expected
    path.write_bytes(orjson.dumps(data))
    raw = path.read_bytes()
    for n in (1, 2):
        with pytest.raises(BoardFileError, match="needed"):
            BoardStore.open(path, device="here")
        assert len(calls) == n  # checked again each time
    assert not validated.known(raw, "board")
    digests = user_dir() / "validated"
    assert not digests.exists() or validated.digest(raw, "board") not in digests.read_text()


def test_the_digests_are_kept_in_this_laptops_folder_0600(
    tmp_path: Path, calls: list[bool]
) -> None:
    path = another_laptops_file(tmp_path)
    BoardStore.open(path, device="here")
    digests = user_dir() / "validated"
    assert digests.parent == Path(os.environ["DUTYBOARD_HOME"])
    assert stat.S_IMODE(os.stat(digests).st_mode) == 0o600
    raw = path.read_bytes()
    assert validated.digest(raw, "board") in digests.read_text().split()
    # Nothing of it beside the board (another laptop's word must not skip a check).
    assert not any("validated" in p.name for p in path.parent.iterdir())


def test_the_digests_are_read_back_from_the_file(tmp_path: Path, calls: list[bool]) -> None:
    """A new program (the digests read from the file, not kept from this one)."""
    path = another_laptops_file(tmp_path)
    BoardStore.open(path, device="here")
    validated._known.clear()
    BoardStore.open(path, device="here")
    assert calls == [False]


def test_a_copy_and_a_board_are_remembered_apart(tmp_path: Path, calls: list[bool]) -> None:
    path = another_laptops_file(tmp_path)
    raw = path.read_bytes()
    board_id = next(iter(orjson.loads(raw)["meta"].values()))["board_id"]
    parse_checked(raw, path)
    assert calls == [False]
    # Passed as a board; as a copy every field is required: checked as one, once.
    read_copy(path, board_id)
    assert calls == [False, True]
    read_copy(path, board_id)
    parse_checked(raw, path)
    assert calls == [False, True]
    assert validated.known(raw, "board") and validated.known(raw, "copy")
    assert validated.digest(raw, "board") != validated.digest(raw, "copy")


def test_a_copy_that_fails_only_as_a_copy_is_not_taken_for_a_passed_board(
    tmp_path: Path, calls: list[bool]
) -> None:
    """Bytes that pass as a board but not as a copy (a volunteer without the phone
    field, which a copy must hold) are refused as a copy every time, though remembered
    as a board."""
    path = another_laptops_file(tmp_path)
    data = orjson.loads(path.read_bytes())
    del next(iter(data["volunteers"].values()))["phone"]
    path.write_bytes(orjson.dumps(data))
    raw = path.read_bytes()
    parse_checked(raw, path)  # a board: passes
    for _ in range(2):
        with pytest.raises(BoardFileError, match="phone"):
            parse_checked(raw, path, "integrity.copy_invalid", required=True)
    assert calls == [False, True, True]
    assert validated.known(raw, "board") and not validated.known(raw, "copy")
