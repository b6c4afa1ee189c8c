"""Courier parcels in the Deliveries pane: how it draws them (their cells, the parcels
line of the summary, the shelf line "货架 5号楼 3 · 6号楼 1") and the two messages
it posts about them. Functions of the pane (its language and the styles of
tasks.tcss); everything typed at the gate goes in as text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message

from dutyboard.i18n import t
from dutyboard.storage.text import squeezed
from dutyboard.views.deliveries import DeliveriesView, DeliveryRow
from dutyboard.views.parcels import ParcelRow

if TYPE_CHECKING:
    from dutyboard.tui.deliveries import DeliveriesPane


# Messages of the Deliveries pane (DeliveriesPane.Parcels, .HandOver), handled by the
# app by name: on_deliveries_pane_parcels, on_deliveries_pane_hand_over.


class Parcels(Message, namespace="deliveries_pane"):
    """Someone at the gate wants to enter parcels (the entry dialog)."""

    def __init__(self, pane: DeliveriesPane) -> None:
        super().__init__()
        self.pane = pane

    @property
    def control(self) -> DeliveriesPane:
        return self.pane


class HandOver(Message, namespace="deliveries_pane"):
    """These parcels were handed over: ``how`` is "door" or "pickup"."""

    def __init__(self, pane: DeliveriesPane, task_ids: tuple[str, ...], how: str) -> None:
        super().__init__()
        self.pane = pane
        self.task_ids = task_ids
        self.how = how

    @property
    def control(self) -> DeliveriesPane:
        return self.pane


def clip(text: str, cells: int) -> str:
    """``text`` on one line, cut to ``cells`` terminal cells with "…"."""
    line = squeezed(text)
    if cell_len(line) <= cells:
        return line
    out, used = [], 0
    for ch in line:
        used += cell_len(ch)
        if used > cells - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def cells(pane: DeliveriesPane, r: DeliveryRow) -> list[Text]:
    """A parcel's row: address (送到门口 for a sealed building), building mark,
    快递×N and the courier, no carrier, where it is, and 快递 in the batch column."""
    assert isinstance(r, ParcelRow)
    items = Text(r.items)
    if r.courier:
        items.append(" " + clip(r.courier, 16), pane.mark_style("muted"))
    return [
        pane.address(r),
        pane.building_mark(r.building_status),
        items,
        Text("—", pane.mark_style("muted")),
        status(pane, r),
        Text(t("deliveries.parcel.batch", pane.lang), pane.mark_style("muted")),
    ]


def status(pane: DeliveriesPane, r: DeliveryRow) -> Text:
    """On the shelf since when (red past a day), or how and when it was handed over."""
    assert isinstance(r, ParcelRow)
    lang = pane.lang
    if r.status == "done":
        key = (
            f"deliveries.parcel.status.{r.handed}"
            if r.handed in ("door", "pickup")
            else "tasks.status.done"
        )
        return Text(t(key, lang, time=r.done_at).rstrip(), pane.mark_style("done"))
    if r.status == "failed":
        return Text(t("tasks.status.failed", lang, reason=r.reason), pane.mark_style("failed"))
    text = t("deliveries.parcel.status.shelf", lang, since=r.received) if r.received else ""
    text = text or t("deliveries.parcel.status.shelf_now", lang)
    if r.overdue:
        return Text(
            f"{text} {t('deliveries.parcel.status.overdue', lang)}", pane.mark_style("overdue")
        )
    return Text(text)


def summary(pane: DeliveriesPane, view: DeliveriesView) -> Text:
    """The parcels line under the batches: how many on the shelf, handed over, overdue."""
    if not view.parcels:
        return Text()
    lang = pane.lang
    waiting = sum(p.count for p in view.parcels if p.status == "open")
    handed = sum(p.count for p in view.parcels if p.status != "open")
    out = Text("\n" + t("deliveries.parcel.title", lang))
    out.append("  " + t("deliveries.parcel.summary", lang, shelf=waiting, handed=handed))
    if view.overdue_parcels:
        out.append(
            "  " + t("deliveries.parcel.overdue_count", lang, n=view.overdue_parcels),
            pane.mark_style("overdue"),
        )
    return out


def shelf_line(pane: DeliveriesPane, view: DeliveriesView) -> Text:
    """ "货架  5号楼 3 · 9号楼 1（送到门口）", or that the shelves are empty; nothing
    when there were no parcels at all."""
    if not view.parcels:
        return Text()
    lang = pane.lang
    strong = pane.mark_style("shelf")
    shelf = view.shelf()
    if not shelf:
        return Text(t("deliveries.parcel.shelf.empty", lang), pane.mark_style("done"))
    out = Text(t("deliveries.parcel.shelf", lang) + "  ", strong)
    for i, b in enumerate(shelf):
        if i:
            out.append(" · ", pane.mark_style("muted"))
        out.append(
            t("deliveries.parcel.shelf.building", lang, building=b.building, n=b.parcels), strong
        )
        if b.door_only:
            out.append(t("deliveries.parcel.shelf.door", lang), pane.mark_style("door"))
    return out
