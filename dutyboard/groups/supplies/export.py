"""A batch for the building chats: per building, the households and what each gets,
ready to paste for the building volunteer (``dutyboard export batch``, ``e`` in the
Supplies tab, and a part of the handover sheet).

Before release the list comes from the orders; after it, from the delivery tasks,
with who carries each building and what is already delivered.
"""

from __future__ import annotations

from typing import NamedTuple

from dutyboard.core.board import Board
from dutyboard.core.rules import CONFINED_STATUSES
from dutyboard.groups.supplies.offers import Offer
from dutyboard.groups.supplies.orders import item_text, orders_of
from dutyboard.i18n import t
from dutyboard.storage.text import squeezed


class SheetLine(NamedTuple):
    address: str
    name: str
    items: str
    note: str
    done: bool = False


class BuildingSheet(NamedTuple):
    building: int
    door_only: bool
    carrier: str
    lines: tuple[SheetLine, ...]


def batch_sheets(board: Board, offer: Offer, lang: str) -> list[BuildingSheet]:
    default = offer.items[0].name if len(offer.items) == 1 else offer.title
    per: dict[int, list[SheetLine]] = {}
    carriers: dict[int, str] = {}
    if offer.batch:
        names = {o.household: o.name for o in orders_of(board, offer.id)}
        for task in board.tasks(kind="delivery"):
            if task.batch != offer.batch or task.building is None:
                continue
            short = str(task.extra.get("short") or "")
            note = str(task.extra.get("note") or "")
            if short:
                note = (t("batch.sheet.short", lang, items=short) + " " + note).strip()
            per.setdefault(task.building, []).append(
                SheetLine(
                    task.address,
                    names.get(task.household or "", ""),
                    task.items,
                    note,
                    task.status != "open",
                )
            )
            who = board.volunteer(task.carrier) if task.carrier else None
            if who is not None:
                carriers[task.building] = who.name
    else:
        for order in orders_of(board, offer.id):
            per.setdefault(order.building, []).append(
                SheetLine(
                    order.address, order.name, item_text(order.items, default, lang), order.note
                )
            )
    return [
        BuildingSheet(
            b,
            board.building_status(b) in CONFINED_STATUSES,
            carriers.get(b, ""),
            tuple(sorted(lines, key=lambda x: x.address)),
        )
        for b, lines in sorted(per.items())
    ]


def batch_text(board: Board, offer: Offer, lang: str, building: int | None = None) -> str:
    """The chat text: a heading per building, then one line per household."""
    out = [t("batch.sheet.title", lang, title=squeezed(offer.title), code=offer.code)]
    sheets = [s for s in batch_sheets(board, offer, lang) if building in (None, s.building)]
    for sheet in sheets:
        head = t("batch.sheet.building", lang, building=sheet.building, n=len(sheet.lines))
        if sheet.door_only:
            head += " · " + t("batch.door_only", lang)
        if sheet.carrier:
            head += " · " + t("batch.sheet.carrier", lang, name=squeezed(sheet.carrier))
        out.append("")
        out.append(head)
        for line in sheet.lines:
            mark = "✓ " if line.done else ""
            parts = [mark + line.address, squeezed(line.name), squeezed(line.items)]
            if line.note:
                parts.append(f"({squeezed(line.note)})")
            out.append(" ".join(p for p in parts if p))
    if not sheets:
        out.append(t("batch.sheet.empty", lang))
    return "\n".join(out) + "\n"
