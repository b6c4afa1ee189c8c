"""The gate and the shelves on the command line (issue 12): ``dutyboard batch`` from a
new draft to delivery tasks, ``dutyboard parcel``, ``dutyboard export batch``, the open
batches on the supplies group's handover sheet, and the supplies fields of ``tasks``."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from tests.test_supplies_cli import (
    Cli,
    ambiguous_room,
    approve,
    demo_cli,
    entries,
    homes,
    post,
    someone,
)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return demo_cli(tmp_path, capsys)


def imported(cli: Cli, tmp_path: Path, quantities: list[int], title: str = "蔬菜包") -> list:
    """A clean post for households of buildings 1 and 2 taken in as a new draft."""
    b = cli.board()
    half = (len(quantities) + 1) // 2
    good = homes(b, [1], half) + homes(b, [2], len(quantities) - half)
    source = tmp_path / "post.txt"
    source.write_text(post(entries(good, quantities)), encoding="utf-8")
    code, _, err = cli("orders", "import", str(source), "--batch", title,
                       "--as", someone(b, leader=False))  # fmt: skip
    assert code == 0, err
    return good


def test_from_a_new_name_to_delivery_tasks(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = cli.board()
    leader, volunteer = someone(b, leader=True), someone(b, leader=False)
    good = imported(cli, tmp_path, [2, 1, 1, 1, 1, 1, 1, 1, 2])  # 9 households, 11 units
    per_building = Counter(h.building for h in good)
    assert set(per_building) == {1, 2}
    (row,) = cli.json("batch", "list")  # type: ignore[misc]
    assert (row["name"], row["state"], row["stage"], row["batch"]) == (
        "蔬菜包",
        "draft",
        "draft",
        None,
    )
    code_ = row["code"]

    # a draft is never released; a volunteer releases nothing
    code, _, err = cli("batch", "release", "蔬菜包", "--as", leader, "--lang", "en")
    assert code == 1 and "is not approved" in err
    approve(cli, code_, leader)
    code, _, err = cli("batch", "spray", code_, "--as", volunteer, "--lang", "en")
    assert code == 1 and "has not arrived" in err

    code, out, _ = cli("batch", "arrive", code_, "--as", volunteer, "--lang", "en")
    assert code == 0 and "has arrived" in out
    assert cli("batch", "arrive", code_, "--as", volunteer)[0] == 1  # once
    # one unit short: the last to join is left short, named with the address
    code, out, _ = cli(
        "batch", "count", code_, "--received", "10", "--as", volunteer, "--lang", "en"
    )
    assert code == 0 and "1 household left short" in out
    last = good[-1]
    assert f"{last.address}" in out and "邻居8" in out and "short of 蔬菜包×1" in out
    assert "邻居0" not in out
    code, _, err = cli("batch", "count", code_, "土豆=3", "--as", volunteer, "--lang", "en")
    assert code == 1 and "'土豆'" in err
    assert cli("batch", "count", code_, "nonsense", "--as", volunteer)[0] == 2
    code, out, _ = cli("batch", "show", code_, "--lang", "en")
    assert "11 ordered, 10 received" in out and last.address in out

    code, out, _ = cli("batch", "spray", code_, "--as", volunteer, "--lang", "en")
    assert code == 0 and "30 minutes" in out
    assert cli.json("batch", "list")[0]["stage"] == "resting"  # type: ignore[index]
    monkeypatch.setenv("DUTYBOARD_NOW", "2022-04-26T09:45:00+08:00")
    before = cli.db.read_bytes()
    code, _, err = cli("batch", "release", code_, "--as", leader, "--lang", "en")
    assert code == 1 and "still resting: 15 more minute(s)" in err
    code, _, err = cli("batch", "release", code_, "--as", volunteer, "--lang", "en")
    assert code == 1 and "not a shift leader" in err
    assert cli.db.read_bytes() == before

    monkeypatch.setenv("DUTYBOARD_NOW", "2022-04-26T10:01:00+08:00")
    assert cli.json("batch", "list")[0]["stage"] == "ready"  # type: ignore[index]
    code, out, err = cli("batch", "release", code_, "--as", leader, "--lang", "en")
    assert code == 0, err
    assert "released: 9 delivery tasks" in out
    assert f"Building 1: {per_building[1]} households → " in out
    assert f"Building 2: {per_building[2]} households → " in out and "nobody" not in out

    (row,) = cli.json("batch", "list", "--all")  # type: ignore[misc]
    assert row["state"] == "released" and row["stage"] == "released" and row["batch"]
    batch_id = row["batch"]
    by_household = {
        x.household: x for x in cli.board().tasks(kind="delivery") if x.batch == batch_id
    }
    listed = {t["id"]: t for t in cli.json("tasks", "--kind", "delivery", "--status", "open")}  # type: ignore[union-attr]
    ours = [listed[x.id] for x in by_household.values()]  # one open task per household
    assert len(ours) == 9 and all(t["door_only"] is False for t in ours)
    assert all(t["title"].startswith(t_address) for t, t_address in
               ((listed[x.id], x.address) for x in by_household.values()))  # fmt: skip
    assert set(by_household) == {h.id for h in good}
    assert by_household[last.id].extra["short"] == "蔬菜包×1"
    carriers = {x.building: x.carrier for x in by_household.values()}
    assert len(carriers) == 2 and all(carriers.values())

    # a leader changes who carries building 2, by the offer or the delivery batch
    other = next(
        v for v in cli.board().volunteers() if "delivery" in v.groups and v.id != carriers[2]
    )
    code, _, err = cli("batch", "assign", code_, "--building", "2", "--to", other.id,
                       "--as", volunteer, "--lang", "en")  # fmt: skip
    assert code == 1 and "not a shift leader" in err
    code, out, err = cli("batch", "assign", batch_id[:8], "--building", "2", "--to", other.id,
                         "--as", leader, "--lang", "en")  # fmt: skip
    assert code == 0 and f"carries the {per_building[2]} households of building 2" in out, err
    after = {
        x.building: x.carrier for x in cli.board().tasks(kind="delivery") if x.batch == batch_id
    }
    assert after == {1: carriers[1], 2: other.id}
    code, _, err = cli(
        "batch", "assign", code_, "--building", "7", "--to", other.id, "--as", leader
    )
    assert code == 1

    # the sheet for the building chats, one building
    code, out, _ = cli("export", "batch", code_, "--building", "2", "--lang", "en")
    assert code == 0 and out.startswith("[蔬菜包] by building")
    assert f"Building 2: {per_building[2]} households" in out and f"carried by {other.name}" in out
    assert "Building 1" not in out
    code, out, _ = cli("export", "batch", "蔬菜包")
    assert code == 0 and "1号楼" in out and "2号楼" in out
    assert cli("export", "batch")[0] == 2
    assert cli("export", "roster", code_)[0] == 2  # BATCH goes with export batch only
    assert cli("export", "batch", code_, "--format", "csv")[0] == 2


def test_release_names_carriers_asked_for_and_refuses_a_building_without_orders(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = cli.board()
    leader = someone(b, leader=True)
    imported(cli, tmp_path, [1, 1])  # building 1 only
    approve(cli, "蔬菜包", leader)
    for action in ("arrive", "spray"):
        assert cli("batch", action, "蔬菜包", "--as", leader)[0] == 0
    monkeypatch.setenv("DUTYBOARD_NOW", "2022-04-26T10:30:00+08:00")
    carrier = someone(b, leader=False, group="delivery")
    code, _, err = cli("batch", "release", "蔬菜包", "--carrier", f"5={carrier}", "--as", leader)
    assert code == 1
    assert cli("batch", "release", "蔬菜包", "--carrier", "five", "--as", leader)[0] == 2
    code, out, err = cli("batch", "release", "蔬菜包", "--carrier", f"1={carrier}", "--as", leader)
    assert code == 0 and f"→ {carrier}" in out, err
    code, _, err = cli("batch", "release", "蔬菜包", "--as", leader, "--lang", "en")
    assert code == 1 and "already released" in err


def test_parcels_add_list_done_and_tasks(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    b = cli.board()
    volunteer = someone(b, leader=False)
    (one, two) = homes(b, [1], 2)
    sealed = homes(b, [11], 1)[0]
    vague = ambiguous_room(b)
    before = cli.db.read_bytes()
    code, out, _ = cli("parcel", "add", one.address, "99-1-101", vague, "--courier", "顺丰",
                       "--as", volunteer, "--lang", "en")  # fmt: skip
    assert code == 1  # problems, but the good room is in
    assert "1 parcel entered" in out and "2 rooms not entered" in out
    assert f"{one.address} parcel×1 顺丰" in out
    problems = [line for line in out.splitlines() if line.startswith("  ✗")]
    assert problems[0].startswith("  ✗ 99-1-101: ") and problems[1].startswith(f"  ✗ {vague}: ")
    assert "could be: " in out
    assert cli.db.read_bytes() != before
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{two.address}\n{sealed.address}\n"))
    code, out, _ = cli("parcel", "add", "-", "--count", "2", "--as", volunteer, "--lang", "en")
    assert code == 0 and "2 parcels entered" in out and "to the door only" in out
    assert cli("parcel", "add", one.address, "--count", "0", "--as", volunteer)[0] == 1

    shelf = cli.json("parcel", "list")
    assert isinstance(shelf, dict)
    parcels = shelf["parcels"]
    assert [p["address"] for p in parcels] == [one.address, two.address, sealed.address]
    first = parcels[0]
    assert set(first) >= {
        "code",
        "address",
        "courier",
        "count",
        "received_at",
        "overdue",
        "door_only",
    }
    assert first["courier"] == "顺丰" and first["count"] == 1 and first["overdue"] is False
    assert parcels[2]["door_only"] is True and parcels[2]["count"] == 2
    assert shelf["shelves"] == [{"building": 1, "parcels": 3}, {"building": 11, "parcels": 2}]
    code, out, _ = cli("parcel", "list", "--lang", "en")
    assert "3 parcels on the shelves" in out and "building 1: 3" in out

    listed = cli.json("tasks", "--kind", "parcel")
    assert isinstance(listed, list) and len(listed) == 3
    details = {t["code"]: t["details"] for t in listed}
    assert details[first["code"]] == {
        "address": one.address,
        "courier": "顺丰",
        "count": 1,
        "received_at": "2022-04-26T09:30:00+08:00",
        "overdue": False,
        "handed": None,
        "door_only": False,
    }
    code, out, _ = cli("tasks", "--kind", "parcel", "--lang", "en")
    assert code == 0 and "parcel" in out and "(3)" in out

    # a sealed building's parcel cannot be picked up; the door is the default
    code, _, err = cli(
        "parcel", "done", parcels[2]["code"], "--picked-up", "--as", volunteer, "--lang", "en"
    )
    assert code == 1 and "door delivery only" in err
    code, out, _ = cli(
        "parcel", "done", first["code"], parcels[2]["code"], "--as", volunteer, "--lang", "en"
    )
    assert code == 0 and "2 parcels to the door" in out
    code, out, _ = cli("parcel", "done", parcels[1]["code"], "--picked-up", "--as", volunteer)
    assert code == 0 and "已自取" in out
    assert cli.json("parcel", "list")["parcels"] == []  # type: ignore[index]
    done = {t["code"]: t for t in cli.json("tasks", "--kind", "parcel", "--status", "done")}  # type: ignore[union-attr]
    assert done[first["code"]]["details"]["handed"] == "door"
    assert done[parcels[1]["code"]]["details"]["handed"] == "pickup"
    assert cli("parcel", "done", "NOPE42", "--as", volunteer)[0] == 1


def test_parcels_overdue_after_a_day(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    home = homes(cli.board(), [1], 1)[0]
    assert cli("parcel", "add", home.address, "--as", someone(cli.board(), leader=False))[0] == 0
    monkeypatch.setenv("DUTYBOARD_NOW", "2022-04-27T10:00:00+08:00")
    (parcel,) = cli.json("parcel", "list")["parcels"]  # type: ignore[index]
    assert parcel["overdue"] is True
    assert "超过一天" in cli("parcel", "list")[1]


def test_delivery_tasks_say_door_only_and_others_are_unchanged(cli: Cli) -> None:
    tasks = cli.json("tasks", "--kind", "delivery")
    assert isinstance(tasks, list) and tasks
    sealed = {x.id for x in cli.board().tasks(kind="delivery") if x.building in (9, 11, 12)}
    assert sealed and {t["id"] for t in tasks if t["door_only"]} == sealed
    for t in cli.json("tasks", "--kind", "disinfection"):  # type: ignore[union-attr]
        assert "door_only" not in t and "details" not in t


def test_handover_sheet_of_the_supplies_group_lists_open_batches(cli: Cli, tmp_path: Path) -> None:
    plain = cli("export", "handover", "--group", "supplies")[1]
    assert "分楼清单" not in plain
    imported(cli, tmp_path, [1, 2])
    code, out, _ = cli("export", "handover", "--group", "supplies", "--lang", "en")
    assert code == 0 and "[蔬菜包] by building" in out and "Building 1: 1 households" in out
    assert out.index("[蔬菜包]") < out.index("Type the codes in afterwards")
    md = cli("export", "handover", "--group", "supplies", "--format", "md")[1]
    assert "```text\n【蔬菜包】分楼清单" in md
    delivery = cli("export", "handover", "--group", "delivery")[1]
    assert "分楼清单" not in delivery
