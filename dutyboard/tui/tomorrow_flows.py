"""What the leaders' keys in the Tomorrow tab do (and w, the swap, from anywhere): each
flow asks what it needs in a dialog, then runs the change in the app's saver
(``app.submit``) through dutyboard.core.plan, staffing and swap, which check again that
the person is a shift leader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutyboard.core import plan, swap
from dutyboard.core.plan import day_warnings
from dutyboard.core.swap import calendar_day
from dutyboard.groups.privacy import PhoneView
from dutyboard.i18n import long_date, t
from dutyboard.tui.picker import PickChoice, PickerScreen
from dutyboard.tui.reassign import place_with_override
from dutyboard.tui.tomorrow_dialogs import ConfirmScreen, FairShareScreen
from dutyboard.views.placement import slot_title
from dutyboard.views.tomorrow import build_diff, build_fair_share

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


def plan_flow(app: DutyboardApp, rotation_key: str | None) -> None:
    """p (copy today) or a chosen rotation: asks before replacing people planned."""
    who = app.leader()
    if who is None:
        return
    board, lang = app.board, app.lang
    keys = None
    if rotation_key is not None:
        spec = plan.rotation(board, rotation_key)
        keys = list(spec.groups) or None
    planned = [
        a
        for s in board.slots(board.tomorrow)
        if keys is None or s.group in keys
        for a in board.assignments(s.id)
    ]

    def run(replace: bool) -> None:
        def work() -> object:
            if rotation_key is None:
                return plan.copy_today(board, who, replace=replace)
            return plan.apply_rotation(board, who, rotation_key, replace=replace)

        app.submit(
            work,
            lambda r: app.notify(t("tomorrow.planned", lang, n=r.added, removed=r.removed)),
        )

    if not planned:
        run(False)
        return

    def answered(yes: bool | None) -> None:
        if yes:
            run(True)

    app.push_screen(
        ConfirmScreen(
            t("tomorrow.replace_title", lang),
            [(t("tomorrow.replace_ask", lang, n=len(planned)), True)],
            t("tomorrow.replace_yes", lang),
            lang,
        ),
        answered,
    )


def rotation_flow(app: DutyboardApp) -> None:
    if app.leader() is None:
        return
    lang = app.lang
    specs = plan.rotations(app.board)
    if not specs:
        app.notify(t("tomorrow.no_rotations", lang), severity="warning")
        return
    choices = [
        PickChoice(
            s.key,
            s.zh if lang == "zh" else s.en,
            "",
            t("tomorrow.rotation_every", lang, n=s.every_days)
            if s.every_days
            else t("tomorrow.rotation_teams", lang, n=len(s.teams)),
        )
        for s in specs
    ]

    def picked(key: str | None) -> None:
        if key is not None:
            plan_flow(app, key)

    app.push_screen(PickerScreen(t("tomorrow.rotation_title", lang), choices, lang), picked)


def add_flow(app: DutyboardApp, slot_id: str) -> None:
    """a: anyone (fewest hours this week first), then the warnings, then a reason."""
    who = app.leader()
    if who is None:
        return
    board, lang = app.board, app.lang
    slot = board.slot(slot_id)
    if slot is None:
        return
    where = slot_title(board, slot_id, lang)
    taken = {a.volunteer for a in board.assignments(slot_id)}
    phones = PhoneView(board, who)
    choices = []
    for s in build_fair_share(board, lang):
        if s.volunteer_id in taken:
            continue
        v = board.volunteer(s.volunteer_id)
        signed = v is not None and slot.group in v.groups
        detail = t("tomorrow.pick_detail", lang, hours=s.week_hours, row=s.in_a_row)
        if signed:
            detail += " · " + t("today.signed_up", lang)
        choices.append(
            (not signed, PickChoice(s.volunteer_id, s.name, phones.of(v) if v else "", detail))
        )
    choices.sort(key=lambda c: c[0])  # signed up for the group first, then fewest hours

    def picked(volunteer_id: str | None) -> None:
        if volunteer_id is not None:
            place_with_override(app, who, volunteer_id, slot_id)

    title = t("tomorrow.add_title", lang, where=where)
    app.push_screen(PickerScreen(title, [c for _, c in choices], lang), picked)


def remove_flow(app: DutyboardApp, assignment_id: str) -> None:
    who = app.leader()
    if who is None:
        return
    board, lang = app.board, app.lang
    a = board.assignment(assignment_id)
    person = board.volunteer(a.volunteer) if a else None
    name = person.name if person else ""
    app.submit(
        lambda: plan.remove_person(board, who, assignment_id),
        lambda _: app.notify(t("tomorrow.removed", lang, name=name)),
    )


def swap_flow(app: DutyboardApp) -> None:
    """w: what the swap changes, then swap (leaders). The Today tab shows the new day."""
    who = app.leader()
    if who is None:
        return
    if not app.archive_ready(then=lambda: swap_flow(app)):  # days in a row: closed days
        app.notify(t("hh.hist.pending", app.lang))
        return
    board, lang = app.board, app.lang
    title, lines, carried = build_diff(board, lang)
    # The Tomorrow tab's count (people); the diff above already names the short slots.
    warnings = day_warnings(board).people_count
    shown = [(x.text, x.warn) for x in lines] + [(carried, False)]
    if warnings:
        shown.append((t("swap.warnings_left", lang, n=warnings), True))
    shown.append((t("swap.undo_hint", lang), False))
    day = board.today

    def answered(yes: bool | None) -> None:
        if not yes:
            return

        def done(r: swap.SwapResult) -> None:
            text = "swap.already" if r.noop else "swap.done"
            app.clear_notifications()  # the "day has changed" notice is answered
            app.notify(t(text, lang, before=r.before, after=r.after, n=r.carried, day=r.after))
            app.show_tab("today")

        app.submit(lambda: swap.swap(board, who, expect_from=day), done)

    app.push_screen(
        ConfirmScreen(title, shown, t("swap.confirm", lang), lang, dialog_id="swap-dialog"),
        answered,
    )


def fair_flow(app: DutyboardApp) -> None:
    if app.leader() is None:  # the leaders' view (hours of everyone)
        return
    if not app.archive_ready(then=lambda: fair_flow(app)):  # counted over closed days
        app.notify(t("hh.hist.pending", app.lang))
        return
    app.push_screen(FairShareScreen(app))


def day_changed_notice(app: DutyboardApp) -> None:
    """Once, when the clock passes into the next duty day: say so; the swap waits for
    a leader (w)."""
    board, lang = app.board, app.lang
    app.notify(
        t(
            "swap.day_changed_notice",
            lang,
            date=long_date(calendar_day(board, app.clock.now()), lang),
            board=long_date(board.today, lang),
        ),
        severity="warning",
        timeout=30,
    )
