"""Properties of the intake parsers: any text gives orders or problems, never an
exception; the same text gives the same result; a post pasted twice is the same post."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutyboard.i18n import CATALOG
from dutyboard.intake import AddressBook, HouseholdRef, ParsedOrders, parse_text
from dutyboard.intake.ktt import HEADER_NAMES, parse_rows
from dutyboard.intake.signups import parse_households

DATA = Path(__file__).parent / "data" / "intake"
BOOK = AddressBook(
    HouseholdRef(f"h{r.address}", r.building, r.unit, r.room)
    for r in parse_households(DATA / "households.csv").rows
)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = ["#接龙", "@全体成员 #接龙", "#Group Note", "＃接龙 蔬菜团"]
TOPICS = [
    "5月3日 崇明蔬菜套餐 88元一份",
    "青菜2斤 土豆3斤",
    "",
    "例 5-2-302 王姐 1份",
    "1. 青菜 2斤",
]
NAMES = ["王姐🌸", "小李", "Lily 🍀", "老张", "🐱咪咪", "", "5-302", "Amy2022"]
ADDRESSES = [
    "5-2-302",
    "５－２－３０２",
    "6号楼1单元101",
    "5栋2单元301室",
    "5幢2-302",
    "6#202",
    "五号楼一单元201",
    "7-1201",
    "12 3 601",
    "5-302",
    "302",
    "9-1-101",
    "5-2-309",
    "小区门口",
    "",
]
QUANTITIES = ["2份", "+1", "2斤", "2大1小", "3", "两份", "", "半份", "2.5份", "取消", "x2", "份份"]
MORE = ["不要葱", "帮忙送到87-105", "放门口就好", "取消", "」", "2.5斤的那种"]
NUMBER_MARKS = [". ", "、", "，", ",", "．", "。", ". "]
NOISE = ["", "- - - - - - - - - - - - - - -", "「小李：#接龙", "王姐：好的 谢谢", "收到"]


@st.composite
def entries(draw: st.DrawFn, number: int) -> list[str]:
    mark = draw(st.sampled_from(NUMBER_MARKS))
    digits = str(number)
    if draw(st.booleans()):
        digits = "".join(chr(ord(c) + 0xFEE0) for c in digits)  # full-width
    words = [
        draw(st.sampled_from(NAMES)),
        draw(st.sampled_from(ADDRESSES)),
        draw(st.sampled_from(QUANTITIES)),
    ]
    if draw(st.booleans()):
        words[0], words[1] = words[1], words[0]
    lines = [f"{digits}{mark}{' '.join(w for w in words if w)}"]
    lines += draw(st.lists(st.sampled_from(MORE), max_size=2))
    return lines


@st.composite
def posts(draw: st.DrawFn, noise: bool = True) -> str:
    lines = [draw(st.sampled_from(HEADERS))]
    lines += draw(st.lists(st.sampled_from(TOPICS), max_size=3))
    for number in range(1, draw(st.integers(0, 12)) + 1):
        lines += draw(entries(number))
        if noise and draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(NOISE)))
    return "\n".join(lines)


def check(result: ParsedOrders) -> None:
    assert isinstance(result, ParsedOrders)
    assert result.kind == "jielong"
    households = [o.household for o in result.orders]
    assert len(households) == len(set(households))
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)
    for problem in result.problems:
        assert problem.reason in CATALOG, problem.reason
        assert 1 <= problem.line <= max(result.lines, 1)
    for order in result.orders:
        assert 1 <= order.line <= result.lines
        assert order.address and order.household == f"h{order.address}"
        assert order.cancelled or order.units >= 1


ANY_TEXT = st.text() | st.text(
    alphabet=st.sampled_from(
        list("0123456789.-#、，,。：号楼栋幢单元室份斤大小+取消例「」\n\r 接龙\u3000５－")
    )
)


@FAST
@given(text=ANY_TEXT)
def test_any_text_gives_orders_or_problems(text: str) -> None:
    first = parse_text(text, BOOK)
    check(first)
    assert parse_text(text, BOOK) == first


@FAST
@given(text=posts(), extra=st.lists(ANY_TEXT, max_size=3))
def test_built_posts_with_anything_mixed_in(text: str, extra: list[str]) -> None:
    mixed = "\n".join([text, *extra])
    first = parse_text(mixed, BOOK)
    check(first)
    assert parse_text(mixed, BOOK) == first


@FAST
@given(text=posts(noise=False))
def test_a_post_pasted_twice_gives_the_same_orders(text: str) -> None:
    once = parse_text(text, BOOK)
    twice = parse_text(f"{text}\n{text}", BOOK)
    check(twice)
    assert [o._replace(line=0) for o in twice.orders] == [o._replace(line=0) for o in once.orders]
    assert [(p.reason, p.text) for p in twice.problems] == [
        (p.reason, p.text) for p in once.problems
    ]


@FAST
@given(text=ANY_TEXT | posts())
def test_addresses_in_any_text(text: str) -> None:
    for resolved in (BOOK.find(text), BOOK.resolve(text)):
        assert (resolved.household is None) == (resolved.reason is not None)
        if resolved.span is not None:
            start, end = resolved.span
            assert 0 <= start <= end <= len(text)
        if resolved.household is not None and resolved.span is not None:
            again = BOOK.resolve(text[resolved.span[0] : resolved.span[1]])
            assert again.household == resolved.household


CELLS = st.sampled_from(
    ["", "1", "2", "王姐", "5-2-302", "5", "302", "2.5", "青菜+2;土豆+1;", "15", "取消", "合计"]
) | st.text(max_size=8)


@FAST
@given(
    header=st.lists(
        st.sampled_from(
            [*HEADER_NAMES, "楼号（如10）", "单元（如2）", "房号（如606）", "您的房号"]
        ),
        min_size=2,
        max_size=8,
        unique=True,
    ),
    body=st.lists(st.lists(CELLS, max_size=9), max_size=8),
)
def test_any_order_sheet_with_a_header_gives_orders_or_problems(
    header: list[str], body: list[list[str]]
) -> None:
    rows = [(1, header), *((line, cells) for line, cells in enumerate(body, start=2))]
    result = parse_rows(rows, BOOK)
    assert result.kind == "ktt"
    assert len({o.household for o in result.orders}) == len(result.orders)
    assert all(p.reason in CATALOG for p in result.problems)
    assert parse_rows(rows, BOOK) == result
