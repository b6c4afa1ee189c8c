"""views.today: the Today pane's rows, built from the board without Textual."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from dutyboard.core import staffing
from dutyboard.core.board import Board
from dutyboard.views.placement import build_bench, build_targets, placement_texts, slot_title
from dutyboard.views.today import build_today, slot_time
from tests.factories import NOW, TZ, person, slot, tiny_board

TOMORROW = "2022-04-27"


@pytest.fixture
def board(tmp_path: Path) -> Board:
    return tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "王组长", role="leader", groups=("delivery", "supplies")),
            person("li", "李四", phone="13800000001"),
            person("zhang", "张三", phone="13800000002"),
            person("wu", "吴五", groups=("supplies",)),
            person("zhao", "赵六", groups=("delivery",)),
        ],
        slots=[
            slot("am", "delivery", "07:00", "11:00", needed=3, zh="上午", en="Morning"),
            slot("pm", "delivery", "13:00", "17:00", needed=1, zh="下午", en="Afternoon"),
            slot("night", "delivery", "22:00", "06:00", needed=1, zh="夜班", en="Night"),
            slot("sup", "supplies", "08:00", "12:00", needed=1, zh="上午", en="Morning"),
            slot("am2", "delivery", "07:00", "11:00", date=TOMORROW, zh="上午", en="Morning"),
            slot("eve", "delivery", "22:00", "06:00", date="2022-04-25", zh="夜班", en="Night"),
        ],
        assignments=[
            ("zhang", "am"),
            ("lead", "am", "arrived"),
            ("li", "am", "no_show"),
            ("wu", "sup"),
            ("zhao", "night"),
            ("li", "eve"),
        ],
    )


def test_night_slots_say_next_day(board: Board) -> None:
    night = board.slot("night")
    assert night is not None
    assert slot_time(night, "zh") == "22:00–06:00 (次日)"
    assert slot_time(night, "en") == "22:00–06:00 (next day)"
    assert slot_time(board.slot("am"), "zh") == "07:00–11:00"  # type: ignore[arg-type]


def test_groups_slots_counts_and_short_slots(board: Board) -> None:
    view = build_today(board, lang="zh", now=NOW)
    assert view.date_label == "4月26日 星期二"
    assert [g.name for g in view.groups] == [
        "物资组",
        "快递组",
        "消杀组",
        "配药组",
        "核酸组",
        "关爱组",
    ]
    delivery = view.groups[1]
    assert [(s.name, s.time, s.filled, s.needed) for s in delivery.slots] == [
        ("上午", "07:00–11:00", 2, 3),
        ("下午", "13:00–17:00", 0, 1),
        ("夜班", "22:00–06:00 (次日)", 1, 1),
    ]
    am, pm, night = delivery.slots
    assert (am.short, am.short_label) == (1, "缺 1 人")
    assert (pm.short, pm.short_label) == (1, "缺 1 人")
    assert (night.short, night.short_label) == (0, "")
    assert view.short_label == "缺人：2 个班次共缺 2 人（组长按 s 补人）"


def test_people_leaders_first_with_their_status(board: Board) -> None:
    am = build_today(board, lang="zh", now=NOW).slot("am")
    assert am is not None
    # 09:00: 张三 is scheduled from 07:00 and not marked arrived: late (lateness.py)
    assert [(p.name, p.leader, p.status_label, p.late) for p in am.people] == [
        ("王组长", True, "已到岗", False),
        ("张三", False, "未到岗", True),
        ("李四", False, "缺勤", False),
    ]
    en = build_today(board, lang="en", now=NOW).slot("am")
    assert en is not None and [p.status_label for p in en.people] == [
        "arrived",
        "late",
        "no-show",
    ]
    early = build_today(board, lang="en", now=NOW.replace(hour=7, minute=14)).slot("am")
    assert early is not None and early.people[1].status_label == "scheduled"


def test_who_is_on_duty_now(board: Board) -> None:
    view = build_today(board, lang="zh", now=NOW)  # 09:00
    am = view.slot("am")
    assert am is not None and am.running
    assert [p.on_now for p in am.people] == [True, True, False]  # the no-show is not here
    assert [(o.group_name, o.names) for o in view.on_now] == [
        ("物资组", ("吴五",)),
        ("快递组", ("张三", "王组长")),
    ]
    assert view.on_now_label == "正在值班 3 人：物资组 吴五；快递组 张三、王组长"
    en = build_today(board, lang="en", now=NOW)
    assert en.on_now_label == "On duty now (3): Supplies 吴五; Delivery 张三, 王组长"


def test_last_nights_slot_is_on_duty_after_midnight(board: Board) -> None:
    early = pendulum.datetime(2022, 4, 26, 2, 0, tz=TZ)
    view = build_today(board, lang="en", now=early)
    assert [(o.group_name, o.names) for o in view.on_now] == [("Delivery", ("李四",))]
    nobody = build_today(board, lang="zh", now=pendulum.datetime(2022, 4, 26, 12, 30, tz=TZ))
    assert nobody.on_now == () and nobody.on_now_label == "现在没有人在值班。"


def test_lookups_by_assignment_and_slot(board: Board) -> None:
    view = build_today(board, lang="zh", now=NOW)
    found = view.person("zhang@am")
    assert found is not None and found[0].slot_id == "am" and found[1].name == "张三"
    assert view.person("nope") is None and view.slot("nope") is None


def test_targets_today_and_tomorrow(board: Board) -> None:
    groups = build_targets(board, "zh")
    delivery = next(g for g in groups if g.key == "delivery")
    assert [(s.day_label, s.name, s.filled, s.needed) for s in delivery.slots] == [
        ("今天", "上午", 2, 3),
        ("今天", "下午", 0, 1),
        ("今天", "夜班", 1, 1),
        ("明天", "上午", 0, 1),
    ]
    assert delivery.slots[0].label == "今天 上午 07:00–11:00  2/3 人"
    en = next(g for g in build_targets(board, "en") if g.key == "delivery")
    assert en.name == "Delivery" and en.slots[3].day_label == "Tomorrow"


def test_warnings_for_a_placement(board: Board) -> None:
    # 张三 is in the 07:00-11:00 delivery slot; the 08:00-12:00 supplies slot overlaps.
    texts = placement_texts(board, "zhang", "sup", "zh")
    assert any("重叠" in w for w in texts) and any("未报名物资组" in w for w in texts)
    # Moving that very assignment: it no longer counts where it was.
    moved = placement_texts(board, "zhang", "sup", "en", moving="zhang@am")
    assert moved == ("not signed up for Supplies",)
    assert placement_texts(board, "nobody", "sup", "zh") == ()


def test_bench_fewest_hours_first(board: Board) -> None:
    bench = build_bench(board, "pm", "zh", NOW)
    names = [b.name for b in bench]
    # On duty at 09:00 (张三, 王组长, 吴五) are not free; 李四 missed the morning.
    assert "张三" not in names and "王组长" not in names and "吴五" not in names
    assert names[0] == "李四"
    li = bench[0]
    assert li.signed_up and li.detail == "今日 0 小时 · 已报名本组"
    assert build_bench(board, "nope", "zh", NOW) == ()


def test_slot_titles(board: Board) -> None:
    assert slot_title(board, "am", "zh") == "快递组 上午 07:00–11:00"
    assert slot_title(board, "am2", "en") == "Tomorrow Delivery Morning 07:00–11:00"
    assert slot_title(board, "eve", "zh").startswith("4月25日 星期一 快递组 夜班")


def test_the_view_follows_the_board(board: Board) -> None:
    leader = board.volunteer("lead")
    assert leader is not None
    staffing.assign(board, "zhao", "pm", leader, override_reason="a long day")
    pm = build_today(board, lang="zh", now=NOW).slot("pm")
    assert pm is not None and (pm.filled, pm.short, [p.name for p in pm.people]) == (
        1,
        0,
        ["赵六"],
    )
