"""What a task is, in words: the one line that names a task of any kind (the lists,
the sheets, the exports), and what ``dutyboard tasks --format json`` adds for a care,
medicine or testing task."""

from __future__ import annotations

from typing import Any

from dutyboard.core.board import Board
from dutyboard.core.model import Task
from dutyboard.groups.care import need_name
from dutyboard.groups.medicine import due_at, stage
from dutyboard.i18n import t


def task_title(board: Board, task: Task, lang: str) -> str:
    """One line that says what the task is, in the UI language."""
    if task.kind == "delivery":
        batch = board.views().batches.get(task.batch or "")
        what = task.items or (batch.name if batch else "")
        return f"{task.address} {what}".strip()
    if task.kind == "disinfection":
        where = (
            t("building.name", lang, n=task.building)
            if task.building is not None
            else board.area_name(task.area or "", lang)
        )
        text = f"{where} {board.item_name(task.item or '', lang)}"
        return text + (" " + t("round", lang, n=task.round) if task.round > 1 else "")
    if task.kind in ("care", "medicine", "testing"):
        return _group_title(board, task, lang)
    if task.kind == "parcel":
        courier = str(task.extra.get("courier") or "")
        n = int(task.extra.get("count") or 1)
        return f"{t('parcel.title', lang, address=task.address, n=n)} {courier}".strip()
    return str(task.extra.get("title") or task.code)


def _group_title(board: Board, task: Task, lang: str) -> str:
    """One line for a care, medicine or testing task, in the UI language."""
    if task.kind == "testing":
        where = t("building.name", lang, n=task.building)
        n = task.extra.get("round_number")
        text = t("care.testing.title", lang, n=n, where=where)
        if task.extra.get("door_to_door"):
            text += " " + t("care.testing.door", lang)
        return text
    if task.kind == "medicine":
        what = str(task.extra.get("medicine") or task.extra.get("need_text") or "")
        qty = str(task.extra.get("quantity") or "")
        bits = [task.address, what + (f" ×{qty}" if qty else "")]
        if task.extra.get("urgent"):
            bits.append(t("care.med.urgent", lang))
        bits.append(t(f"care.med.stage.{stage(task)}", lang))
        return " ".join(b for b in bits if b)
    name = need_name(board, str(task.extra.get("need", "")), lang)
    text = str(task.extra.get("need_text", ""))
    return (
        f"{task.address} {name}"
        + (f"：{text}" if lang == "zh" and text else "")
        + (f": {text}" if lang != "zh" and text else "")
    )


def task_details(board: Board, task: Task, lang: str) -> dict[str, Any]:
    """What ``dutyboard tasks --format json`` adds for a care, medicine or testing task."""
    x = task.extra
    out: dict[str, Any] = {"address": task.address or None, "building": task.building}
    if task.kind == "testing":
        out.update(
            round=x.get("round_number"),
            order=x.get("order"),
            door_to_door=bool(x.get("door_to_door")),
            building_status=x.get("building_status"),
            called_at=x.get("called_at"),
        )
        return out
    key = str(x.get("need", ""))
    out.update(
        need=key or None,
        need_name=need_name(board, key, lang) if key else None,
        text=x.get("need_text") or None,
        contact=x.get("contact"),
        raised_at=x.get("raised_at"),
    )
    if task.kind == "medicine":
        due = due_at(board, task)
        out.update(
            medicine=x.get("medicine"),
            quantity=x.get("quantity") or None,
            prescription=bool(x.get("prescription")),
            urgent=bool(x.get("urgent")),
            stage=stage(task),
            due=due.isoformat() if due else None,
        )
    return out
