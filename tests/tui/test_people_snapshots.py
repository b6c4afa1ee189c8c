"""Screenshots of the People tab (0) and its dialogs at 120×40: the demo community (seed
2022) on 2022-04-26 at 09:30 Shanghai time, a shift leader (刘康) at the keyboard, in
both languages; one volunteer (于婷兰) taken off duty through the core beforehand.

Review changed SVGs before accepting them (``--snapshot-update``): the Chinese columns
must line up, phones are in full (a leader is looking), and nothing typed is read as
markup.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from dutyboard.core.board import Board
from dutyboard.groups import people
from dutyboard.storage.clock import FixedClock

from .conftest import SIZE, first_leader, make_app, settle

LANGS = ["zh", "en"]


def app_with_one_off_duty(board: Board, clock: FixedClock, lang: str) -> Any:
    lead = first_leader(board)
    sick = sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)[1]
    people.take_off(board, lead, sick, "发烧，居家隔离", until="2022-04-28")
    return make_app(board, clock, lead, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_people_tab(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """The People tab (key 0; the tab bar ends with 0 人员 / People, lit; in English at
    120 columns the other tabs show only their number, the labels no longer fit): the summary
    "志愿者 共 128 人，1 人停岗 · 小组：全部小组（f 切换） · 已选 2 人（g 加入小组）" /
    "Volunteers 128 people, 1 off duty · group: all groups (f to change) · 2 selected
    (g: add to a group)". The table: ✓ in the first column for the two people selected
    (丁民 and 于婷兰, the first two volunteers after the nine leaders), name (leaders first,
    in the success colour, 刘康 marked （我）/ (me)), phone in full, home (12-1-201),
    groups, 组长 / leader, availability (muted), and for 于婷兰 in the warning colour
    "发烧，居家隔离 · 4月28日回来" / "… · back 28 Apr". The cursor on the row after
    them (付健诚). Key bar: n e o space g f H, then the app's keys."""
    app = app_with_one_off_duty(board, clock, lang)
    keys = ["0", "wait:300", *["down"] * 9, "space", "space"]
    assert snap_compare(app, press=keys, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_person_form(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """n on the People tab: the form 添加志愿者 / Add a volunteer over the list: name
    新邻居, phone 1391234567 (focused), groups as checkboxes with 快递组/Delivery and
    关爱组/Care ticked, building 5, unit-room 2-301, 组长 / Shift leader unticked,
    availability "周末全天 [b]不是粗体[/b]" shown as typed (not bold). Save was pressed:
    the problem line in red says 手机号：“1391234567”不是 11 位手机号。 / phone:
    '1391234567' is not an 11-digit mobile number. Buttons 保存 / Save and 返回 / Back."""
    app = app_with_one_off_duty(board, clock, lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("0")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#person-name", Input).value = "新邻居"
        form.query_one("#person-phone", Input).value = "1391234567"
        form.query_one("#group-delivery", Checkbox).value = True
        form.query_one("#group-care", Checkbox).value = True
        form.query_one("#person-building", Input).value = "5"
        form.query_one("#person-room", Input).value = "2-301"
        form.query_one("#person-availability", Input).value = "周末全天 [b]不是粗体[/b]"
        await pilot.click("#person-save")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_group_dialog(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """g with three volunteers selected (丁民, 于婷兰, 付健诚): the dialog 把选中的 3 人
    加入小组 / Add the 3 selected to a group names them, offers the six groups as radio
    buttons in two rows of three (物资组 / Supplies chosen, focused), asks for the briefing (what to do, where
    to meet, whom to ask, how to stay safe) with the box 已向他们做过岗前说明 / They have
    been briefed unticked; buttons 加入 / Add to group and 返回 / Back."""
    app = app_with_one_off_duty(board, clock, lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("0")
        await settle(pilot)
        await pilot.press(*["down"] * 9, "space", "space", "space", "g")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
