"""A 快团团 (or 群接龙 mini-program) order export: one row per product line.

Columns are found by name, never by position (dutyboard.intake.signups's header matching:
full-width forms, spaces and a trailing hint such as ``（如606）`` are ignored), on the
first row holding at least two known column names, so title rows above it are fine.

* Rows of one order share a 跟团号; the rows continuing it leave 下单人 blank (a row
  with neither 跟团号 nor 下单人 nor an address continues the order above it).
* A line with a 退款金额 above zero, or an order state such as 已退款 or 已取消, is left
  out; an order whose every line is left out is cancelled.
* The plain 普通团购 export has no 数量 column and packs ``青菜+2;土豆+1;`` into 商品.
* The address comes from 楼号/单元/房号 columns when the row fills them, else from
  详细地址. A 团员备注/备注 or 详细地址 naming another address is a problem shown beside
  the order, which still goes in at its own address.
* A household's several orders (separate 跟团号, each paid for) are added up into one.
"""

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from dutyboard.intake.address import AddressBook, address_problem
from dutyboard.intake.cell_text import cell_str, clean_cell, header_key
from dutyboard.intake.cell_values import normalise_phone
from dutyboard.intake.fold import fold
from dutyboard.intake.jielong import BAD_QUANTITY, NOTE_OTHER_ADDRESS
from dutyboard.intake.quantity import parse_count, parse_packed
from dutyboard.intake.records import OrderEntry, ParsedOrders, Problem, Resolved
from dutyboard.storage.errors import UsageError

NO_QUANTITY = "intake.no_quantity"
DETAIL_OTHER_ADDRESS = "intake.detail_other_address"
PREFERRED_SHEETS = ("顾客购买表",)

# field -> header names, the first present wins (跟团号 before 订单号).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("下单人", "昵称", "微信昵称", "用户昵称", "团员昵称"),
    "member_note": ("团员备注", "买家备注", "用户备注", "订单备注", "买家留言", "留言"),
    "note": ("备注", "团长备注", "商家备注"),
    "order": ("跟团号", "接龙号", "订单号", "订单编号"),
    "product": ("商品", "商品名称", "商品名", "物品"),
    "spec": ("规格", "商品规格", "规格名称"),
    "quantity": ("数量", "购买数量", "商品数量", "件数"),
    "refund": ("退款金额", "已退款金额", "退款"),
    "status": ("订单状态", "状态"),
    "receiver": ("收货人", "收件人", "联系人"),
    "phone": ("联系电话", "手机号", "手机号码", "电话", "收货人电话", "联系方式"),
    "address": ("详细地址", "收货地址", "地址", "配送地址"),
    "building": ("楼号", "楼栋", "楼栋号", "楼"),
    "unit": ("单元", "单元号"),
    "room": ("房号", "门牌号", "房间号", "室号", "门牌"),
}
# Known but not read: they only help to recognise the header row.
OTHER_COLUMNS = (
    "商品金额",
    "运费",
    "优惠",
    "订单金额",
    "实付金额",
    "物流方式",
    "服务小区",
    "小区",
    "团长",
    "弄号",
    "下单时间",
    "支付时间",
    "序号",
)
# Every column name read or recognised.
HEADER_NAMES = (*(name for names in COLUMNS.values() for name in names), *OTHER_COLUMNS)
# Custom order-form fields written as questions ("您的房号") still name their column.
_CONTAINS = (("room", ("房号", "门牌")), ("building", ("楼号", "楼栋")), ("unit", ("单元",)))
_PART_FIELDS = ("building", "unit", "room")
_TOTAL_RE = re.compile(r"(合计|总计|小计)[:：]?")
_STATUS_GONE = ("取消", "关闭", "已退款", "退款成功", "全额退款")
_MONEY_RE = re.compile(r"-?\d+(?:\.\d+)?")

_KNOWN_KEYS = frozenset(header_key(name) for name in HEADER_NAMES)


class _Row(NamedTuple):
    line: int
    cells: list[str]
    columns: Mapping[str, int]

    def get(self, field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(self.cells):
            return ""
        return clean_cell(self.cells[index])

    @property
    def raw(self) -> str:
        last = max((i for i, c in enumerate(self.cells) if c.strip()), default=-1)
        return " | ".join(c.strip() for c in self.cells[: last + 1])

    @property
    def has_address(self) -> bool:
        return any(self.get(f) for f in ("address", *_PART_FIELDS))

    @property
    def refunded(self) -> bool:
        refund = self.get("refund").replace(",", "")
        if refund:
            amount = _MONEY_RE.search(refund)
            if amount is not None and float(amount.group()) > 0:
                return True
            if amount is None and "退" in refund:
                return True
        status = self.get("status")
        return any(word in status for word in _STATUS_GONE) and "部分" not in status


def _map_columns(header: Sequence[str]) -> dict[str, int]:
    keys = [header_key(cell) for cell in header]
    columns: dict[str, int] = {}
    for field, names in COLUMNS.items():
        for name in names:
            if header_key(name) in keys:
                columns[field] = keys.index(header_key(name))
                break
    taken = set(columns.values())
    for field, words in _CONTAINS:
        if field in columns:
            continue
        for index, key in enumerate(keys):
            if index not in taken and key not in _KNOWN_KEYS and any(w in key for w in words):
                columns[field] = index
                taken.add(index)
                break
    return columns


def _is_known(key: str) -> bool:
    return key in _KNOWN_KEYS or any(w in key for _, words in _CONTAINS for w in words)


def _locate_header(rows: Sequence[tuple[int, list[str]]], path: Path | None) -> int:
    for position, (_, cells) in enumerate(rows):
        if sum(_is_known(header_key(c)) for c in cells) >= 2:
            return position
    where = f"{path}: " if path is not None else ""
    raise UsageError(
        f"{where}no order table found: no row has two of the column names "
        "下单人, 跟团号, 商品, 数量, 收货人, 联系电话, 详细地址, 楼号, 房号; "
        "is this a 快团团 or 群接龙 order export?"
    )


class _Order:
    """The rows of one 跟团号."""

    def __init__(self, row: _Row) -> None:
        self.rows = [row]

    @property
    def raw(self) -> str:
        return "\n".join(r.raw for r in self.rows)

    def first(self, field: str) -> str:
        return next((v for v in (r.get(field) for r in self.rows) if v), "")


def _group(body: Sequence[_Row]) -> list[_Order]:
    orders: list[_Order] = []
    by_number: dict[str, _Order] = {}
    for row in body:
        number = row.get("order")
        if number in by_number:
            by_number[number].rows.append(row)
            continue
        if orders and not number and not row.get("name") and not row.has_address:
            orders[-1].rows.append(row)
            continue
        orders.append(_Order(row))
        if number:
            by_number[number] = orders[-1]
    return orders


class _Lines(NamedTuple):
    items: tuple[tuple[str, int], ...]
    texts: tuple[str, ...]  # quantities as written
    problems: tuple[Problem, ...]
    cancelled: bool


def _product_lines(order: _Order, packed: bool) -> _Lines:
    items: dict[str, int] = {}
    texts: list[str] = []
    problems: list[Problem] = []
    kept = 0
    for row in order.rows:
        product, spec, written = row.get("product"), row.get("spec"), row.get("quantity")
        if not (product or spec or written):
            continue
        if row.refunded:
            continue
        kept += 1
        if packed:
            pieces = parse_packed(fold(product)) if product else [("", 1, "")]
            texts.append(product)
        else:
            pieces = [
                (" ".join(p for p in (product, spec) if p), parse_count(fold(written)), written)
            ]
            texts.append(written)
        for name, count, piece in pieces:
            if packed and spec:
                name = f"{name} {spec}".strip()
            if count is None:
                reason, fields = (BAD_QUANTITY, {"text": piece}) if piece else (NO_QUANTITY, {})
                problems.append(Problem(row.line, row.raw, reason, MappingProxyType(fields)))
                continue
            items[name] = items.get(name, 0) + count
    has_lines = any(r.get("product") or r.get("spec") or r.get("quantity") for r in order.rows)
    cancelled = has_lines and kept == 0
    if not has_lines:
        items[""] = 1  # a sheet of names and addresses only: one of the offer each
    return _Lines(tuple(items.items()), tuple(texts), tuple(problems), cancelled)


def _address(order: _Order, book: AddressBook) -> tuple[Resolved, _Row]:
    row = next((r for r in order.rows if r.has_address), order.rows[0])
    resolved = book.from_parts(
        row.get("building"), row.get("unit"), row.get("room"), row.get("address")
    )
    return resolved, row


def _phone(order: _Order) -> str:
    raw = order.first("phone")
    try:
        return normalise_phone(raw) if raw else ""
    except ValueError:
        return cell_str(raw)


class _Outcome(NamedTuple):
    order: OrderEntry | None
    problems: tuple[Problem, ...]


def _parse_order(order: _Order, book: AddressBook, packed: bool) -> _Outcome:
    head = order.rows[0]
    raw = order.raw
    resolved, address_row = _address(order, book)
    lines = _product_lines(order, packed)
    if resolved.household is None:
        return _Outcome(None, (address_problem(head.line, raw, resolved), *lines.problems))
    if lines.problems:
        return _Outcome(None, lines.problems)
    notes = list(dict.fromkeys(n for n in (order.first("member_note"), order.first("note")) if n))
    problems: list[Problem] = []
    for note in notes:
        elsewhere = book.other_address(note, resolved)
        if elsewhere is not None:
            fields = MappingProxyType({"address": elsewhere})
            problems.append(Problem(head.line, raw, NOTE_OTHER_ADDRESS, fields))
            break
    detail = address_row.get("address")
    if detail and any(address_row.get(f) for f in _PART_FIELDS):
        elsewhere = book.other_address(detail, resolved)
        if elsewhere is not None:
            fields = MappingProxyType({"address": elsewhere})
            problems.append(Problem(head.line, raw, DETAIL_OTHER_ADDRESS, fields))
    entry = OrderEntry(
        line=head.line,
        raw=raw,
        name=cell_str(order.first("name") or order.first("receiver")),
        household=resolved.household,
        address=resolved.address,
        building=resolved.building or 0,
        items=() if lines.cancelled else lines.items,
        quantity_text=", ".join(t for t in lines.texts if t),
        note=" / ".join(cell_str(n) for n in notes),
        cancelled=lines.cancelled,
        phone=_phone(order),
    )
    return _Outcome(entry, tuple(problems))


def _merge(first: OrderEntry, later: OrderEntry) -> OrderEntry:
    """One household's two orders as one: what both ordered (a cancelled one adds
    nothing), cancelled only when both are."""
    items = dict(first.items)
    for name, count in later.items:
        items[name] = items.get(name, 0) + count
    base = later._replace(line=first.line) if first.cancelled and not later.cancelled else first
    return base._replace(
        raw=f"{first.raw}\n{later.raw}",
        items=tuple(items.items()),
        quantity_text=", ".join(t for t in (first.quantity_text, later.quantity_text) if t),
        note=" / ".join(dict.fromkeys(n for n in (first.note, later.note) if n)),
        cancelled=first.cancelled and later.cancelled,
        phone=first.phone or later.phone,
    )


def parse_rows(
    rows: Sequence[tuple[int, list[str]]],
    book: AddressBook,
    *,
    encoding: str = "",
    path: Path | None = None,
) -> ParsedOrders:
    """The orders of an export's rows ``[(line, cells)]``; raises UsageError (naming
    ``path``) when no row looks like its header."""
    start = _locate_header(rows, path)
    columns = _map_columns(rows[start][1])
    packed = "quantity" not in columns
    body = [
        _Row(line, cells, columns)
        for line, cells in rows[start + 1 :]
        if not _TOTAL_RE.fullmatch(next((clean_cell(c) for c in cells if clean_cell(c)), ""))
    ]
    merged: dict[str, OrderEntry] = {}  # by household, in order of first appearance
    problems: list[Problem] = []
    for order in _group(body):
        outcome = _parse_order(order, book, packed)
        problems.extend(outcome.problems)
        entry = outcome.order
        if entry is None:
            continue
        earlier = merged.get(entry.household)
        merged[entry.household] = entry if earlier is None else _merge(earlier, entry)
    problems.sort(key=lambda p: p.line)
    return ParsedOrders("ktt", tuple(merged.values()), tuple(problems), encoding, len(rows))
