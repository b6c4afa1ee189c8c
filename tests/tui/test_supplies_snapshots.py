"""Screenshots of the Supplies tab (8) and the order review: the demo community (seed
2022) on 2022-04-26 at 09:30 Shanghai time, a shift leader at the keyboard, four
group buys made through the core (tests/tui/test_supplies.py ``stock_offers``), in
both languages, at 100×30 (and the tab at 80×30 in Chinese).

Record ids are drawn from a seeded generator, so the offers' codes are the same on
every run. Review changed SVGs before accepting them (``--snapshot-update``): the
Chinese columns must line up, and no title or name may be cut in the middle of a
character.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from textual.widgets import TextArea

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock

from .conftest import first_leader, make_app
from .test_supplies import stock_offers

LANGS = ["zh", "en"]
SIZE = (100, 30)
NARROW = (80, 30)

# A second 接龙 for 青菜套餐: one more, one the same, one cancelled, two new
# households, and three entries it cannot take (which unit? no building 99,
# no room 999).
SECOND_POST = """#接龙
青菜套餐 第二轮
1. 王姐 1-1-101 3份
2. 🌸小李 1-1-102 +1
3. 老张 2-1-201 取消
4. 阿强 3号楼201 1份
5. 小王 99-1-101 1份
6. 陈阿姨 6-1-101 2份
7. 李师傅 13-1-101 1份
8. 赵 5-3-999 1份
"""


@pytest.fixture
def steady_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record ids (and so the offers' codes) from a seeded generator."""
    rng = random.Random(12)

    def new_id() -> str:
        h = f"{rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    monkeypatch.setattr("dutyboard.storage.transaction.new_id", new_id)  # what inserts call


def stocked_app(board: Board, clock: FixedClock, lang: str) -> Any:
    stock_offers(board, clock)
    return make_app(board, clock, first_leader(board), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_supplies_tab(
    snap_compare: Any, board: Board, clock: FixedClock, lang: str, steady_ids: None
) -> None:
    """The Supplies tab (key 8): the summary (3 open · 1 to approve · 1 resting · 0
    ready); the offers: 东北大米 10斤 approved (4/5 papers, no orders), 土鸡蛋 30枚
    draft with 1/5 papers in red, 2 households 3 units, 3/50 minimum in the warning
    colour and an 18:00 cut-off, 青菜套餐 resting 10 minutes (4 households, 7 units,
    7/5 ✓ in green), 水果箱 cancelled (muted, last). The cursor is on 青菜套餐: its
    detail names the supplier and 团长 王姐 1-1-101 and says the minimum is reached;
    the item ordered 7, came 5, 2 short (red); the papers checklist with the optional
    保供证明 missing (muted) and the crew's test good until 2022-04-27; the gate
    timeline: approved 07:30, arrived 09:00, counted 09:00 · 2 households short with
    2-1-201 老张 and 1-2-101 刘姐 named, sprayed 09:10, resting 10 more minutes (ready
    at 09:40), not released. Key bar: n i p a x g c s r e (g and s greyed: arrived
    and sprayed already)."""
    app = stocked_app(board, clock, lang)
    assert snap_compare(app, press=["8", "wait:300", "down", "down"], terminal_size=SIZE)


def test_supplies_tab_narrow(
    snap_compare: Any, board: Board, clock: FixedClock, steady_ids: None
) -> None:
    """The same tab at 80 columns in Chinese: every column still fits, 团长 included,
    and every title shows whole; the cursor on the draft 土鸡蛋 30枚: supplier and 团长
    🌸小李 1-1-102 on one line, "起订 50 份，还差 47 份 · 截单 18:00" on the next; its
    papers 1/5 with "必需证件缺少或过期 3 项，不能批准" in red: 食品经营许可证 and 通行证
    missing (必需, red), 保供证明 missing (可选, muted), the crew's test of 04-20
    expired (good until 2022-04-22, red); the timeline with nothing done yet."""
    app = stocked_app(board, clock, "zh")
    assert snap_compare(app, press=["8", "wait:300", "down"], terminal_size=NARROW)


@pytest.mark.parametrize("lang", LANGS)
def test_order_review(
    snap_compare: Any, board: Board, clock: FixedClock, lang: str, steady_ids: None
) -> None:
    """i on 青菜套餐, a second 接龙 pasted, Review: the title names the offer (its
    code and 青菜套餐, 接龙); the counts: 4 households 7 units · 2 new · 1 changed ·
    1 cancelled · 1 unchanged · 1 kept · 3 problems (red); the orders with their
    building named on its first row: 1号楼 (1-1-101 王姐 changed to ×3, was ×2;
    1-1-102 🌸小李 unchanged, muted), 2号楼 (2-1-201 老张 cancelled, was ×3, red),
    6号楼 and 13号楼 new (green), each with what was written and its line; below, the three problems with their line
    numbers, the text as written and the reason: line 6 3号楼201 could be 3-1-201 or
    3-2-201, line 7 no building 99, line 10 no room 5-3-999. Confirm and Back, Back
    focused; the hint says nothing is written before Confirm."""
    app = stocked_app(board, clock, lang)

    async def review(pilot: Any) -> None:
        await pilot.press("8")
        await pilot.pause(0.3)
        await pilot.press("down", "down", "i")
        await pilot.pause()
        pilot.app.screen.query_one("#intake-text", TextArea).text = SECOND_POST
        await pilot.click("#intake-review")
        await pilot.pause(0.2)
        await pilot.app.settled()
        await pilot.pause()

    assert snap_compare(app, run_before=review, terminal_size=SIZE)
