"""The household page and coverage grid as lines and cells of text, in the UI language
(the household screen and ``dutyboard household|coverage`` both use them). No Textual."""

from __future__ import annotations

import pendulum

from dutyboard.groups.coverage import Cell
from dutyboard.i18n import t
from dutyboard.views.household_page import HouseholdPage


def cell_text(c: Cell, tz: str, now: pendulum.DateTime, lang: str) -> str:
    """'04-25 14:18 → 04-27' style: last served, then next due (or 'now', 'late')."""

    def when(at: pendulum.DateTime) -> str:
        local = at.in_timezone(tz)
        if local.date() == now.in_timezone(tz).date():
            return local.format("HH:mm")
        return local.format("MM-DD")

    last = when(c.last) if c.last else "—"
    if c.late:
        nxt = t("cov.late", lang)
    elif c.due is not None:
        nxt = t("cov.now", lang) if c.due <= now else when(c.due)
    elif c.waiting:
        nxt = t("cov.waiting", lang, n=c.waiting)
    else:
        return last
    return f"{last} → {nxt}"


def page_lines(page: HouseholdPage, lang: str) -> list[str]:
    h = page.household
    L: list[str] = []
    head = t("hh.title", lang, address=h.address, n=h.residents)
    if page.building_status != "normal":
        head += " · " + t(f"building.{page.building_status}", lang)
    if h.elderly_alone:
        head += " · " + t("cmd.elderly_alone", lang)
    L.append(head)
    if h.phone:
        L.append(t("hh.phone", lang, phone=h.phone))
    if h.note:
        L.append(t("hh.note", lang, note=h.note))
    L.append("")
    L.append("■ " + t("tab.care", lang))
    if page.register is not None:
        e = page.register
        if e.people:
            L.append("  " + t("hh.people", lang, people=e.people))
        if e.help:
            L.append("  " + t("hh.help", lang, help=e.help))
        due = page.due
        state = ""
        if due is not None:
            state = t("care.state.overdue" if due.overdue else "care.state.ok", lang)
            if due.due_today and not due.overdue:
                state = t("care.state.today", lang)
        nxt = (
            due.due.in_timezone(due.due.timezone or "UTC").format("MM-DD HH:mm")
            if (due and due.due)
            else t("cov.now", lang)
        )
        L.append("  " + t("hh.every", lang, n=e.every_days, next=nxt, state=state))
    else:
        L.append("  " + t("hh.not_registered", lang))
    for c in page.contacts[:5]:
        needs = ("；" if lang == "zh" else "; ").join(c.needs)
        text = f"  {c.at} {c.by}  {c.notes}"
        if needs:
            text += "  " + t("hh.needs", lang, needs=needs)
        L.append(text.rstrip())
    for n in page.needs:
        L.append(
            f"  {n.code} {t('care.need.' + n.status, lang)} {n.what(lang)}"
            + f" → {n.group} {n.done}".rstrip()
        )
    L.append("")
    L.append("■ " + t("tab.medicine", lang))
    if not page.medicine:
        L.append("  " + t("hh.none", lang))
    for m in page.medicine:
        mark = (" " + t("care.med.urgent", lang)) if m.urgent else ""
        late = (" " + t("care.med.late", lang)) if m.overdue else ""
        L.append(
            f"  {m.code} {t('care.med.stage.' + m.stage, lang)} {m.medicine} {m.quantity}"
            f"{mark}{late} {m.done}".rstrip()
        )
    L.append("")
    L.append("■ " + t("tab.deliveries", lang))
    if not page.deliveries:
        L.append("  " + t("hh.none", lang))
    for d in page.deliveries[:5]:
        status = t(f"task.{d.status}", lang)
        reason = f"（{d.reason}）" if d.reason else ""
        L.append(f"  {d.code} {d.date[5:]} {d.items} {status}{reason} {d.done}".rstrip())
    L.append("")
    L.append("■ " + t("tab.disinfection", lang))
    dis = t("hh.dis", lang, n=h.building, done=page.disinfection_done,
            total=page.disinfection_total)  # fmt: skip
    if page.disinfection_last:
        dis += " · " + t("hh.dis_last", lang, time=page.disinfection_last)
    if page.disinfection_overdue:
        dis += " · " + t("tasks.dis.overdue", lang, n=page.disinfection_overdue)
    L.append("  " + dis)
    L.append("")
    L.append("■ " + t("tab.testing", lang))
    if page.testing_round is not None:
        state = t(f"care.stop.{page.testing_state or 'open'}", lang)
        door = " " + t("care.testing.door", lang) if page.testing_door else ""
        L.append("  " + t("hh.test_now", lang, n=page.testing_round, state=state) + door)
    if page.testing_last_number is not None:
        L.append("  " + t("hh.test_last", lang, n=page.testing_last_number,
                          at=page.testing_last))  # fmt: skip
    L.append("")
    L.extend(history_lines(page, lang))
    return L


def history_lines(page: HouseholdPage, lang: str) -> list[str]:
    """The closed days from the archive, newest first, each line marked with its day."""
    L = ["■ " + t("hh.history", lang)]
    if page.history_pending:
        L.append("  " + t("hh.hist.pending", lang))
    elif page.history_unreadable:
        L.append("  " + t("hh.hist.unreadable", lang))
    elif not page.history:
        L.append("  " + t("hh.none", lang))
    for x in page.history:
        head = f"{x.day[5:]} {t('hh.hist.' + x.kind, lang)}"
        if x.kind == "call":
            text = f"{head} {x.done}  {x.what}".rstrip()
            if x.reason:
                text += "  " + t("hh.needs", lang, needs=x.reason)
            L.append("  " + text)
            continue
        elif x.kind == "disinfection":
            text = f"{head} " + t("hh.hist.dis", lang, n=x.what, done=x.status)
        elif x.kind == "testing":
            state = t("care.stop." + ("done" if x.status == "done" else "open"), lang)
            what = t("round", lang, n=x.what) if x.what else ""
            text = f"{head} {x.code} {what} {state} {x.done}"
        else:
            reason = f"（{x.reason}）" if x.reason else ""
            text = f"{head} {x.code} {x.what} {_status(x.kind, x.status, lang)}{reason} {x.done}"
        L.append("  " + " ".join(text.split()))
    if page.history_older:
        L.append("  " + t("hh.hist.older", lang, n=page.history_older))
    return L


def _status(kind: str, status: str, lang: str) -> str:
    if kind == "care" and status in ("open", "done"):
        return t("care.need." + status, lang)
    return t("task." + status, lang)
