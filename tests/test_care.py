"""Care, medicine and testing: routing of needs, overdue calls with a fixed clock, the
medicine lifecycle, the testing route and durations, undo, merge of the new records,
config errors, the household page and coverage grid, and their commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pendulum
import pytest

from dutyboard.cli.main import main
from dutyboard.core.board import Board
from dutyboard.core.care_config import NeedType
from dutyboard.core.config import load_config
from dutyboard.core.merge import merge_copies
from dutyboard.core.undo import undo_last
from dutyboard.demo.board import build_demo
from dutyboard.groups import care, care_needs, coverage, medicine
from dutyboard.groups import testing_rounds as tr
from dutyboard.groups.care_needs import NeedInput, route
from dutyboard.storage.check import check_file
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import ConfigError, Refused
from dutyboard.views.care import build_care
from dutyboard.views.household import page_lines
from dutyboard.views.household_page import household_page
from dutyboard.views.testing import build_testing
from tests.factories import NOW, TZ, person, tiny_board

ROOT = Path(__file__).parent.parent
DEMO_DAY = pendulum.date(2022, 4, 26)
DEMO_NOW = pendulum.datetime(2022, 4, 26, 9, 30, tz=TZ)


def small(tmp_path: Path, name: str = "board.json", **kw: object) -> Board:
    """Six buildings, two elderly-alone households in building 5 (one upstairs of a
    volunteer), one family; a leader, a carer and a neighbour in building 5."""
    board = tiny_board(
        tmp_path,
        name=name,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("care", "testing")),
            person("carer", "李阿姨", groups=("care",), building=2, room="1-201"),
            person("upstairs", "王师傅", groups=("delivery",), building=5, room="2-301"),
            person("far", "赵老师", groups=("delivery",), building=5, room="1-601"),
        ],
        **kw,  # type: ignore[arg-type]
    )
    with board.transaction() as tx:
        for hid, b, unit, room, elderly in (
            ("h-old", 5, 2, "201", True),
            ("h-old2", 3, 1, "101", True),
            ("h-fam", 4, 1, "302", False),
        ):
            tx.insert(
                "households",
                {
                    "building": b,
                    "unit": unit,
                    "room": room,
                    "residents": 1,
                    "elderly_alone": elderly,
                },
                hid,
            )
    return board


def who(board: Board, vid: str):  # type: ignore[no-untyped-def]
    v = board.volunteer(vid)
    assert v is not None
    return v


# ---------------------------------------------------------------- routing


def test_each_need_type_is_routed_to_its_group() -> None:
    assert route(NeedType("food", "菜", "Food", "supplies")) == ("care", "supplies")
    assert route(NeedType("med", "药", "Medicine", "medicine")) == ("medicine", "medicine")
    assert route(NeedType("bath", "洗澡", "Bathing", "help")) == ("care", "care")


def test_logging_a_call_routes_two_needs_and_the_care_view_follows_them(tmp_path: Path) -> None:
    board = small(tmp_path)
    carer = who(board, "carer")
    cid, ids = care.log_contact(
        board,
        carer,
        "h-old",
        "还好",
        [
            NeedInput("food", "青菜两斤"),
            NeedInput("medicine", "降压药", medicine="降压药", urgent=True),
            NeedInput("bathing", "帮忙洗澡"),
        ],
    )
    tasks = [board.task(i) for i in ids]
    assert [(x.kind, x.group) for x in tasks if x] == [
        ("care", "supplies"),
        ("medicine", "medicine"),
        ("care", "care"),
    ]
    assert all(x and x.extra["contact"] == cid and x.household == "h-old" for x in tasks)
    assert [t.id for t in board.tasks(group="supplies")] == [ids[0]]
    med = board.task(ids[1])
    assert med and med.extra["stage"] == "requested" and med.extra["urgent"] is True
    # The audit entry lists what the call made, in the same save.
    entry = board.audit()[-1]
    assert entry.action == "contact" and entry.who == "carer"
    assert entry.after["created"] == [["contacts", cid]] + [["tasks", i] for i in ids]
    # Followed until met: the supplies group delivers, the medicine group delivers.
    view = build_care(board, "zh", NOW)
    assert {n.task_id: n.status for n in view.needs} == {i: "open" for i in ids}
    assert view.row("h-old").open_needs == 3  # type: ignore[union-attr]
    board.tick([board.task(ids[0])], who(board, "lead"))  # type: ignore[list-item]
    for _ in range(3):
        medicine.set_stage(board, who(board, "lead"), board.task(ids[1]))  # type: ignore[arg-type]
    view = build_care(board, "zh", NOW)
    status = {n.task_id: n.status for n in view.needs}
    assert status == {ids[0]: "done", ids[1]: "done", ids[2]: "open"}
    assert view.row("h-old").open_needs == 1  # type: ignore[union-attr]


def test_help_at_home_suggests_neighbours_nearest_first(tmp_path: Path) -> None:
    board = small(tmp_path)
    _, ids = care.log_contact(board, who(board, "carer"), "h-old", "", [NeedInput("bathing")])
    need = build_care(board, "zh", NOW).need(ids[0])
    assert need is not None and need.group == "关爱组"
    # Same unit, one floor up, before the other unit: then nobody from another building.
    assert need.helpers == "王师傅、赵老师"


def test_unknown_need_or_medicine_without_a_name_is_refused_and_nothing_saved(
    tmp_path: Path,
) -> None:
    board = small(tmp_path)
    before = board.store.path.read_bytes()
    with pytest.raises(Refused, match="unknown need type 'pizza'"):
        care.log_contact(board, who(board, "carer"), "h-old", "", [NeedInput("pizza")])
    with pytest.raises(Refused, match="which medicine"):
        care.log_contact(board, who(board, "carer"), "h-old", "", [NeedInput("medicine")])
    assert board.store.path.read_bytes() == before


def test_undo_of_a_call_removes_the_call_and_its_needs(tmp_path: Path) -> None:
    board = small(tmp_path)
    carer = who(board, "carer")
    cid, ids = care.log_contact(board, carer, "h-old", "", [NeedInput("food", "米")])
    assert undo_last(board, carer) is not None
    assert board.store.get("contacts", cid) is None and board.task(ids[0]) is None
    assert care_needs.needs(board) == []


# ---------------------------------------------------------------- overdue


def test_contact_due_with_a_fixed_clock() -> None:
    now = pendulum.datetime(2022, 4, 26, 9, 30, tz=TZ)
    never = care.contact_due(None, 3, now)
    assert never.overdue and never.due is None
    late = care.contact_due(now.subtract(days=3, minutes=1), 3, now)
    assert late.overdue and late.days_since == 3
    exactly = care.contact_due(now.subtract(days=3), 3, now)
    assert exactly.overdue  # due at 09:30, it is 09:30
    later_today = care.contact_due(now.subtract(days=3).add(hours=5), 3, now)
    assert not later_today.overdue and later_today.due_today
    fine = care.contact_due(now.subtract(days=1), 3, now)
    assert not fine.overdue and not fine.due_today and fine.due == now.add(days=2)


def test_overdue_follows_each_households_frequency(tmp_path: Path) -> None:
    board = small(tmp_path)
    carer = who(board, "carer")
    board.clock = FixedClock(NOW.subtract(days=2))
    care.log_contact(board, carer, "h-old", "")
    care.log_contact(board, carer, "h-old2", "")
    board.clock = FixedClock(NOW)
    rows = {r.household_id: r for r in build_care(board, "en", NOW).rows}
    assert rows["h-old"].state == "ok" and rows["h-old"].every_days == 3
    care.set_register(board, who(board, "lead"), "h-old", every_days=2)
    rows = {r.household_id: r for r in build_care(board, "en", NOW).rows}
    assert rows["h-old"].state == "overdue" and rows["h-old"].every_days == 2
    assert "h-fam" not in rows  # not elderly alone, not registered
    with pytest.raises(Refused, match="only leaders"):
        care.set_register(board, carer, "h-old", every_days=5)


# ---------------------------------------------------------------- medicine


def test_medicine_lifecycle_and_overdue(tmp_path: Path) -> None:
    board = small(tmp_path)
    carer = who(board, "carer")
    task = medicine.request(
        board, carer, "5-2-201", "胰岛素", "2盒", prescription=True, urgent=True
    )
    assert (
        task.kind == "medicine" and task.group == "medicine" and medicine.stage(task) == "requested"
    )
    assert board.audit()[-1].action == "medicine_request"
    # Urgent: due 12 hours after it was raised (config/care.toml default).
    assert not medicine.overdue(board, task, NOW.add(hours=11, minutes=59))
    assert medicine.overdue(board, task, NOW.add(hours=12))
    stages = [medicine.set_stage(board, carer, board.task(task.id)) for _ in range(3)]  # type: ignore[arg-type]
    assert stages == ["sourcing", "bought", "delivered"]
    done = board.task(task.id)
    assert done and done.status == "done" and done.done_by == "carer"
    assert not medicine.overdue(board, done, NOW.add(days=3))
    with pytest.raises(Refused, match="already delivered"):
        medicine.set_stage(board, carer, done)
    # Undo puts the stage back; a reopened delivered request is "bought" again.
    undo_last(board, carer)
    back = board.task(task.id)
    assert back and back.status == "open" and medicine.stage(back) == "bought"
    with pytest.raises(Refused, match="no household"):
        medicine.request(board, carer, "99-9-999", "药")


# ---------------------------------------------------------------- testing rounds


def test_route_takes_positive_and_sealed_buildings_off_and_door_to_door_last() -> None:
    plan = tr.plan_route([3, 1, 2, 9], [1, 2, 3, 4, 9], {2: "positive", 4: "sealed"})
    assert [(s.building, s.door_to_door) for s in plan] == [
        (3, False),
        (1, False),
        (9, False),
        (2, True),
        (4, True),
    ]


def test_a_round_with_a_positive_building(tmp_path: Path) -> None:
    board = small(tmp_path, building_status=[(2, "positive")])
    lead, carer = who(board, "lead"), who(board, "carer")
    with pytest.raises(Refused, match="only leaders"):
        tr.start_round(board, carer)
    r = tr.start_round(board, lead)
    assert r.number == 1
    stops = tr.stops(board, r.id)
    assert [s.building for s in stops] == [1, 3, 4, 5, 6, 2]
    assert [bool(s.extra["door_to_door"]) for s in stops] == [False] * 5 + [True]
    with pytest.raises(Refused, match="still under way"):
        tr.start_round(board, lead)
    tr.call_building(board, carer, stops[0])
    assert tr.called(board.task(stops[0].id))  # type: ignore[arg-type]
    board.clock = FixedClock(NOW.add(minutes=10))
    for s in stops:
        tr.building_done(board, carer, board.task(s.id))  # type: ignore[arg-type]
        if s is stops[2]:
            with pytest.raises(Refused, match="3 building"):
                tr.end_round(board, lead)
    board.clock = FixedClock(NOW.add(minutes=95))
    ended = tr.end_round(board, lead)
    assert ended.minutes == 95 and tr.durations(board) == [(1, "2022-04-26", 95)]
    assert tr.next_number(board) == 2


def test_undo_of_a_round_start_removes_its_buildings(tmp_path: Path) -> None:
    board = small(tmp_path)
    lead = who(board, "lead")
    r = tr.start_round(board, lead)
    undo_last(board, lead)
    assert tr.current(board) is None and tr.stops(board, r.id) == []
    # Undo of an end: the round is under way again.
    r = tr.start_round(board, lead)
    for stop in tr.stops(board, r.id):
        tr.building_done(board, lead, stop)
    tr.end_round(board, lead)
    assert tr.current(board) is None
    undo_last(board, lead)
    again = tr.current(board)
    assert again is not None and again.id == r.id and again.running


def test_chart_scales_bars_to_the_longest_round() -> None:
    bars = tr.chart([(1, "", 180), (2, "", 90)], width=40)
    assert [len(b) for b in bars] == [40, 20]
    assert tr.hours_minutes(95) == "1:35"


# ---------------------------------------------------------------- merge of the new records


def test_calls_and_rounds_made_on_two_laptops_merge(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = small(tmp_path / "a")
    shutil.copy(a.store.path, tmp_path / "b" / "board.json")
    b = Board.open(tmp_path / "b" / "board.json", FixedClock(NOW), device_id="laptop-b")
    ca, ids_a = care.log_contact(a, who(a, "carer"), "h-old", "A", [NeedInput("food", "米")])
    cb, ids_b = care.log_contact(b, who(b, "carer"), "h-old2", "B", [NeedInput("diapers")])
    r = tr.start_round(b, who(b, "lead"))
    summary = merge_copies(a, [b.store.path])
    assert summary.tables["contacts"].added == 1 and summary.tables["rounds"].added == 1
    assert {c.id for c in care.contacts(a)} == {ca, cb}
    assert {n.task.id for n in care_needs.needs(a)} == set(ids_a + ids_b)
    assert tr.current(a) is not None and tr.current(a).id == r.id  # type: ignore[union-attr]
    # The same need met on one laptop and its stage moved on the other both survive.
    a.tick([a.task(ids_b[0])], who(a, "lead"))  # type: ignore[list-item]
    merge_copies(b, [a.store.path])
    assert b.task(ids_b[0]).status == "done"  # type: ignore[union-attr]
    assert check_file(a.store.path)[0] == []


# ---------------------------------------------------------------- config


def test_care_and_testing_config_load_and_bad_keys_are_named(tmp_path: Path) -> None:
    cfg = load_config()
    assert cfg.care.contact_every_days == 3 and cfg.care.need("bathing").route == "help"  # type: ignore[union-attr]
    assert cfg.testing.route[:3] == (1, 2, 3)
    folder = tmp_path / "cfg"
    shutil.copytree(ROOT / "config", folder)
    (folder / "care.toml").write_text("contact_every_day = 3\n", encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"care.toml: unknown key 'contact_every_day' \(did you mean 'contact_every_days'\?\)",
    ):
        load_config(folder)
    (folder / "care.toml").write_text(
        '[[need]]\nkey = "x"\nzh = "x"\nen = "x"\nroute = "taxi"\n', encoding="utf-8"
    )
    with pytest.raises(
        ConfigError, match=r"need\[1\].route: expected 'supplies', 'medicine' or 'help', got 'taxi'"
    ):
        load_config(folder)
    (folder / "care.toml").unlink()
    (folder / "testing.toml").write_text("route = [1, 2, 31]\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"testing.toml: route\[3\]: building 31 is not in community.toml"
    ):
        load_config(folder)
    (folder / "testing.toml").unlink()
    old = load_config(folder)  # both files are optional
    assert old.care.contact_every_days == 3 and old.testing.route == ()


# ---------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Board:
    path = tmp_path_factory.mktemp("demo") / "board.json"
    return build_demo(path, date=DEMO_DAY, clock=FixedClock(DEMO_NOW), device_id="t")


def test_demo_has_the_register_calls_needs_requests_and_16_rounds(demo: Board) -> None:
    view = build_care(demo, "zh", DEMO_NOW)
    assert len(view.rows) == 34
    assert 3 <= view.overdue <= 10
    couple = next(r for r in view.rows if "中风" in r.people)
    assert couple.address.startswith("5-") and couple.every_days == 2
    bathing = [n for n in view.needs if n.household_id == couple.household_id]
    assert bathing and bathing[0].group == "关爱组" and bathing[0].status == "open"
    # The neighbour right upstairs who helps him bathe is the first helper suggested.
    helper = next(v for v in demo.volunteers() if "洗澡" in v.note)
    assert bathing[0].helpers.startswith(helper.name)
    stages = {r.stage for r in medicine.requests(demo, DEMO_NOW)}
    assert {"requested", "sourcing", "bought"} <= stages
    assert any(r.overdue for r in medicine.requests(demo, DEMO_NOW))
    points = tr.durations(demo)
    assert [p[0] for p in points] == list(range(1, 17))
    assert points[0][1] == "2022-03-28" and points[0][2] == 180 and points[-1][2] == 90
    assert tr.next_number(demo) == 17
    testing = build_testing(demo, "zh", DEMO_NOW)
    assert testing.number == 17 and not testing.running and 9 in testing.door_to_door
    assert check_file(demo.store.path)[0] == []


def test_household_page_and_coverage_grid(demo: Board) -> None:
    couple = next(e for e in care.register(demo) if "中风" in e.people)
    page = household_page(demo, couple.household.id, "zh", DEMO_NOW)
    assert page is not None and page.register is not None and page.needs
    text = "\n".join(page_lines(page, "zh"))
    for part in ("■ 关爱", "■ 配药", "■ 配送", "■ 消杀", "■ 核酸", "帮助洗澡", "上一轮：第16轮"):
        assert part in text
    page_en = household_page(demo, couple.household.id, "en", DEMO_NOW)
    assert page_en is not None
    en = "\n".join(page_lines(page_en, "en"))
    assert "Help bathing" in en and "Last round: 16" in en
    rows = coverage.coverage(demo, DEMO_NOW, elderly_only=True)
    assert len(rows) == 34
    care_col = coverage.GROUPS.index("care")
    late = sum(r.cells[care_col].late for r in rows)
    assert late == build_care(demo, "zh", DEMO_NOW).overdue
    assert len(coverage.coverage(demo, DEMO_NOW)) == len(demo.households())


# ---------------------------------------------------------------- commands


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_commands_list_log_and_refuse_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "board.json")
    assert run(capsys, "demo", db, "--date", "2022-04-26", "--days", "1")[0] == 0
    board = Board.open(db)
    leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    code, out, _ = run(capsys, "tasks", "--kind", "care", "--db", db, "--lang", "en")
    assert code == 0 and "Help bathing" in out and "(4)" in out
    code, out, _ = run(capsys, "tasks", "--kind", "medicine", "--format", "json", "--db", db)
    meds = json.loads(out)
    assert code == 0 and {x["kind"] for x in meds} == {"medicine"}
    insulin = next(x for x in meds if x["details"]["medicine"] == "胰岛素笔芯")
    assert insulin["details"]["urgent"] is True and insulin["details"]["stage"] == "requested"
    raised = pendulum.parse(insulin["details"]["raised_at"])
    assert pendulum.parse(insulin["details"]["due"]) == raised.add(hours=12)  # type: ignore[union-attr]
    code, out, _ = run(
        capsys, "care", "log", "5-2-201", "--need", "food:鸡蛋", "--need", "medicine:降压药",
        "--as", leader.phone, "--db", db,
    )  # fmt: skip
    assert code == 0 and "物资组" in out and "配药组" in out
    code, out, _ = run(capsys, "tasks", "--kind", "care", "--group", "supplies", "--db", db)
    assert "鸡蛋" in out
    code, out, _ = run(capsys, "testing", "start", "--as", leader.phone, "--db", db)
    assert code == 0 and "17" in out
    code, out, _ = run(capsys, "testing", "done", "9", "--as", leader.phone, "--db", db)
    assert code == 0 and "上门采样" in out
    code, out, _ = run(capsys, "testing", "--db", db, "--lang", "en")
    assert "Round 17 under way" in out and "door to door" in out
    code, out, _ = run(capsys, "tasks", "--kind", "testing", "--status", "done", "--db", db)
    assert "(1)" in out
    code, _, err = run(capsys, "testing", "end", "--as", leader.phone, "--db", db)
    assert code == 1 and "没做完" in err and "Traceback" not in err
    code, _, err = run(capsys, "testing", "done", "99", "--as", leader.phone, "--db", db)
    assert code == 2 and err.count("\n") == 1 and "building 99" in err
    code, _, err = run(capsys, "care", "log", "5-2-201", "--need", "pizza", "--as", leader.phone,
                       "--db", db, "--lang", "en")  # fmt: skip
    assert code == 1 and "unknown need type 'pizza'" in err
    code, out, _ = run(
        capsys, "care", "set", "1-1-101", "--people", "孙阿婆 90岁", "--help-needed", "买菜",
        "--as", leader.phone, "--db", db,
    )  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, "care", "--format", "json", "--db", db)
    rows = {r["address"]: r for r in json.loads(out)["households"]}
    assert rows["1-1-101"]["people"] == "孙阿婆 90岁" and rows["1-1-101"]["help"] == "买菜"
    code, out, _ = run(capsys, "household", "5-2-201", "--db", db)
    assert code == 0 and "5-2-201" in out and "■ 配药" in out
    code, out, _ = run(
        capsys, "coverage", "--elderly", "--format", "json", "--db", db, "--as", leader.phone
    )  # the grid is a leader's (the app's g too)
    grid = {r["household"]: r for r in json.loads(out)}
    assert code == 0 and len(grid) == 35  # the 34 and the one just put on the register
    assert grid["1-1-101"]["care"]["late"] is True  # never called: due now
    assert run(capsys, "check", "--db", db)[0] == 0


def test_a_board_file_from_before_these_tables_opens_and_takes_calls(tmp_path: Path) -> None:
    board = small(tmp_path)
    path = board.store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    for name in ("care_register", "contacts", "rounds"):
        data.pop(name, None)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    old = Board.open(path, FixedClock(NOW), device_id="older")
    assert [r.household_id for r in build_care(old, "zh", NOW).rows] == ["h-old2", "h-old"]
    assert tr.next_number(old) == 1
    cid, _ = care.log_contact(old, who(old, "carer"), "h-old", "ok")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert [d["id"] for d in saved["contacts"].values()] == [cid]
    assert check_file(path)[0] == []


def test_open_needs_and_a_round_carry_over_the_day_swap_still_followed(tmp_path: Path) -> None:
    from dutyboard.core.swap import swap

    board = small(tmp_path)
    carer, lead = who(board, "carer"), who(board, "lead")
    cid, ids = care.log_contact(
        board, carer, "h-old", "", [NeedInput("food", "米"), NeedInput("bathing")]
    )
    board.tick([board.task(ids[0])], lead)  # type: ignore[list-item]
    swap(board, lead)
    assert board.today == pendulum.date(2022, 4, 27)
    live = care_needs.needs(board)
    # The open need goes on to the new day as a copy that keeps its call; the met one
    # is in the archive with its day.
    assert [(n.key, n.contact, n.task.status, n.task.date.isoformat()) for n in live] == [
        ("bathing", cid, "open", "2022-04-27")
    ]
    assert live[0].task.carried_from == ids[1]
    assert care.last_contacts(board)["h-old"].id == cid
    view = build_care(board, "zh", NOW.add(days=1))
    assert view.row("h-old").open_needs == 1  # type: ignore[union-attr]
