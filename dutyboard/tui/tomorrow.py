"""The Tomorrow tab (key 4): tomorrow's roster with the rules' warnings, the leaders'
planning keys, the swap dialog, exports and the fair-share view.

Imported when the tab is first opened (or a key here is first used), never at
start-up. The pane only shows a ``TomorrowView`` (dutyboard.views.tomorrow); changes
go through the app's saver (``app.submit``) to dutyboard.core.plan, staffing and swap,
which check again that the person is a shift leader.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from dutyboard.i18n import t
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import SafeTable, plain, safe
from dutyboard.views.tomorrow import (
    PlanSlot,
    TomorrowView,
    build_diff,
    build_fair_share,
    build_tomorrow,
)

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

SLOT_PREFIX = "slot:"
LEADER_ACTIONS = ("copy_today", "rotation", "add", "remove", "move", "swap", "fair")


class TomorrowTable(DataTable[Text]):
    COMPONENT_CLASSES = {
        "tomorrow--group",
        "tomorrow--short",
        "tomorrow--warn",
        "tomorrow--leader",
    }


class TomorrowPane(Vertical):
    """Tomorrow's roster. Planning keys and the swap are for shift leaders only."""

    BINDINGS = [
        Binding("p", "copy_today", "抄今日", id="key.copy_today"),
        Binding("t", "rotation", "轮换", id="key.rotation"),
        Binding("a", "add", "加人", id="key.plan_add"),
        Binding("d", "remove", "移出", id="key.plan_remove"),
        Binding("r", "move", "调动", id="key.reassign"),
        Binding("w", "swap", "切换", id="key.swap_short"),
        Binding("f", "fair", "负担", id="key.fair_share"),
        Binding("e", "export", "导出", id="key.export"),
    ]

    leader: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.view: TomorrowView | None = None
        localise_bindings(self, lang)  # the Footer's words for this pane's keys

    def compose(self) -> ComposeResult:
        yield Static(id="tomorrow-title")
        yield Static(id="tomorrow-day")
        yield Static(id="tomorrow-summary")
        yield TomorrowTable(id="tomorrow-table", cursor_type="row", zebra_stripes=False)

    @property
    def table(self) -> TomorrowTable:
        return self.query_one(TomorrowTable)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        localise_bindings(self, lang)
        self.refresh_bindings()

    def _style(self, name: str) -> Style:
        return self.table.get_component_rich_style(name, partial=True)

    def show(self, view: TomorrowView) -> None:
        if view == self.view and self.table.row_count:
            return
        self.view, self.lang = view, view.lang
        lang = view.lang
        self.query_one("#tomorrow-title", Static).update(safe(view.title))
        day = self.query_one("#tomorrow-day", Static)
        day.update(t("tomorrow.day_changed", lang) if view.day_changed else "")
        day.set_class(view.day_changed, "-changed")
        summary = self.query_one("#tomorrow-summary", Static)
        summary.update(safe(view.summary))
        summary.set_class(view.warnings > 0, "-warn")
        table = self.table
        keep = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        for key in ("group", "slot", "time", "count", "name", "phone", "warnings"):
            table.add_column(t(f"tomorrow.col.{key}", lang), key=key)
        last_group = ""
        for s in view.slots:
            group = s.group_name if s.group != last_group else ""
            last_group = s.group
            self._add_slot(table, s, group)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.refresh_bindings()

    def _add_slot(self, table: TomorrowTable, s: PlanSlot, group: str) -> None:
        count = Text(f"{s.filled}/{s.needed}")
        if s.short_label:
            count.stylize(self._style("tomorrow--short"))
        heads = [
            Text(group, style=self._style("tomorrow--group")),
            Text(s.name),
            Text(s.time),
            count,
        ]
        blank = [Text(""), Text(""), Text(""), Text("")]
        for i, p in enumerate(s.people):
            name = Text(p.name)
            if p.leader:
                name.append(
                    " " + t("role.leader", self.lang), style=self._style("tomorrow--leader")
                )
            warn = Text("; ".join(p.warnings), style=self._style("tomorrow--warn"))
            table.add_row(
                *(heads if i == 0 else blank), name, Text(p.phone), warn, key=p.assignment_id
            )
        if s.short_label or not s.people:
            short = Text(s.short_label or t("roster.nobody", self.lang))
            short.stylize(self._style("tomorrow--short"))
            table.add_row(
                *(heads if not s.people else blank),
                Text(t("tomorrow.add_hint", self.lang)),
                Text(""),
                short,
                key=SLOT_PREFIX + s.slot_id,
            )

    # ------------------------------------------------------------ the cursor

    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - an empty or changing table
            return None

    def current_slot(self) -> PlanSlot | None:
        key, view = self.current_key(), self.view
        if key is None or view is None:
            return None
        if key.startswith(SLOT_PREFIX):
            return view.slot(key.removeprefix(SLOT_PREFIX))
        return next((s for s in view.slots if any(p.assignment_id == key for p in s.people)), None)

    def current_assignment(self) -> str | None:
        key = self.current_key()
        return None if key is None or key.startswith(SLOT_PREFIX) else key

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LEADER_ACTIONS:
            if not self.leader:
                return None
            if action in ("remove", "move"):
                return True if self.current_assignment() else None
            if action == "add":
                return True if self.current_slot() else None
        return True

    @property
    def _app(self) -> DutyboardApp:
        return self.app  # type: ignore[return-value]

    def action_copy_today(self) -> None:
        plan_flow(self._app, None)

    def action_rotation(self) -> None:
        rotation_flow(self._app)

    def action_add(self) -> None:
        slot = self.current_slot()
        if slot is not None:
            add_flow(self._app, slot.slot_id)

    def action_remove(self) -> None:
        aid = self.current_assignment()
        if aid is not None:
            remove_flow(self._app, aid)

    def action_move(self) -> None:
        aid = self.current_assignment()
        who = self._app.leader()
        if aid is not None and who is not None:
            from dutyboard.tui.reassign import reassign_flow

            reassign_flow(self._app, who, aid)

    def action_swap(self) -> None:
        swap_flow(self._app)

    def action_fair(self) -> None:
        fair_flow(self._app)

    def action_export(self) -> None:
        export_flow(self._app)


def render_tomorrow(app: DutyboardApp) -> None:
    pane = app.query_one("#tomorrow-pane", TomorrowPane)
    pane.leader = bool(app.who and app.who.is_leader)
    # Days in a row count back over closed days: wait for the archive, read in the
    # background, rather than freeze the screen while it is parsed.
    if not app.archive_ready("tomorrow"):
        pane.query_one("#tomorrow-summary", Static).update(t("hh.hist.pending", app.lang))
        return
    pane.show(build_tomorrow(app.board, app.lang, app.clock.now(), app.who))


# ---------------------------------------------------------------- dialogs


class ConfirmScreen(ModalScreen[bool]):
    """A question with a yes and a no; lines below the title say what would happen."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="key.cancel")]

    def __init__(
        self,
        title: str,
        lines: list[tuple[str, bool]],
        yes: str,
        lang: str,
        *,
        dialog_id: str = "confirm-dialog",
    ) -> None:
        super().__init__()
        self.title_text, self.lines, self.yes, self.lang = title, lines, yes, lang
        self.dialog_id = dialog_id

    def compose(self) -> ComposeResult:
        with Vertical(id=self.dialog_id, classes="dialog"):
            yield Label(safe(self.title_text), classes="dialog-title")
            for text, warn in self.lines:
                yield Static(safe(text), classes="confirm-line" + (" -warn" if warn else ""))
            with Horizontal(classes="dialog-buttons"):
                yield Button(plain(self.yes), variant="warning", id="confirm-yes")
                yield Button(t("dialog.cancel", self.lang), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class FairShareScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "关闭", id="key.close")]
    COMPONENT_CLASSES = {"fair--over"}  # over the days-in-a-row limit (tomorrow.tcss)

    def __init__(self, app: DutyboardApp) -> None:
        super().__init__()
        self.lines = build_fair_share(app.board, app.lang)
        self.lang = app.lang
        self.day = app.board.today

    def compose(self) -> ComposeResult:
        with Vertical(id="fair-dialog", classes="dialog"):
            yield Label(t("fair.title", self.lang, day=self.day), classes="dialog-title")
            yield SafeTable(id="fair-table", cursor_type="row", zebra_stripes=True)
            yield Label(t("fair.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#fair-table", DataTable)
        for key in ("name", "groups", "hours", "days", "row", "tomorrow", "run"):
            table.add_column(t(f"fair.col.{key}", self.lang), key=key)
        for s in self.lines:
            run = Text(str(s.run_tomorrow) + (" ⚠" if s.over_limit else ""))
            if s.over_limit:
                run.stylize(self.get_component_rich_style("fair--over", partial=True))
            table.add_row(
                s.name, s.groups, s.week_hours, str(s.week_days), str(s.in_a_row), s.tomorrow, run
            )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)


EXPORT_KINDS = ("roster", "deliveries", "disinfection", "handover")
EXPORT_FORMATS = ("text", "csv", "md", "json")


class ExportScreen(ModalScreen[None]):
    """Choose what, which day and which format; the file goes beside the board (in an
    ``exports`` folder) and its path is shown. Phones are masked."""

    BINDINGS = [Binding("escape", "close", "关闭", id="key.close")]

    def __init__(self, app: DutyboardApp) -> None:
        super().__init__()
        self.board, self.lang = app.board, app.lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label(t("export.dialog_title", lang), classes="dialog-title")
            with Horizontal(id="export-lists"):
                yield OptionList(
                    *(Option(t(f"export.kind.{k}", lang), id=k) for k in EXPORT_KINDS),
                    id="export-kind",
                )
                yield OptionList(
                    Option(t("today.day_today", lang), id="today"),
                    Option(t("today.day_tomorrow", lang), id="tomorrow"),
                    id="export-day",
                )
                yield OptionList(
                    *(Option(t(f"export.format.{f}", lang), id=f) for f in EXPORT_FORMATS),
                    id="export-format",
                )
            yield Static(t("export.masked", lang), id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("export.write", lang), variant="primary", id="export-ok")
                yield Button(t("key.close", lang), id="export-close")

    def on_mount(self) -> None:
        for name in ("#export-kind", "#export-day", "#export-format"):
            self.query_one(name, OptionList).highlighted = 0
        self.query_one("#export-kind", OptionList).focus()

    def _chosen(self, name: str) -> str:
        ol = self.query_one(name, OptionList)
        index = ol.highlighted or 0
        return str(ol.get_option_at_index(index).id)

    @on(OptionList.OptionSelected)
    def _next_list(self, event: OptionList.OptionSelected) -> None:
        order = ["export-kind", "export-day", "export-format"]
        current = event.option_list.id or ""
        if current in order[:-1]:
            self.query_one("#" + order[order.index(current) + 1], OptionList).focus()
        else:
            self.query_one("#export-ok", Button).focus()

    @on(Button.Pressed, "#export-ok")
    def write(self) -> None:
        """Build the export (today or tomorrow: the live file, in memory) and write it
        in a worker thread; the result line says where it went or why it failed."""
        from dutyboard.io.exports import default_name, export
        from dutyboard.storage.errors import DutyboardError

        kind, fmt = self._chosen("#export-kind"), self._chosen("#export-format")
        day = self.board.resolve_date(self._chosen("#export-day"))
        try:
            text = export(self.board, kind, fmt, lang=self.lang, day=day)
        except DutyboardError as exc:
            self._result(t("export.failed", self.lang, why=str(exc)), warn=True)
            return
        folder = self.board.store.path.parent / "exports"
        self._write(folder / default_name(self.board, kind, fmt, day), text, fmt)

    @work(thread=True, group="export")
    def _write(self, path: Path, text: str, fmt: str) -> None:
        from dutyboard.io.exports import write_file

        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)  # exports hold phones
            write_file(path, text, fmt)
        except OSError as exc:
            shown = t("export.failed", self.lang, why=str(exc))
            self.app.call_from_thread(self._result, shown, warn=True)
            return
        shown = t("export.written", self.lang, path=str(path))
        self.app.call_from_thread(self._result, shown, warn=False)

    def _result(self, text: str, *, warn: bool) -> None:
        box = self.query_one("#export-result", Static)
        box.update(safe(text))
        box.set_class(warn, "-warn")

    @on(Button.Pressed, "#export-close")
    def action_close(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- flows


def plan_flow(app: DutyboardApp, rotation_key: str | None) -> None:
    """p (copy today) or a chosen rotation: asks before replacing people planned."""
    from dutyboard.core import plan

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
    from dutyboard.core import plan
    from dutyboard.tui.picker import PickChoice, PickerScreen

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
    from dutyboard.groups.privacy import PhoneView
    from dutyboard.tui.picker import PickChoice, PickerScreen
    from dutyboard.tui.reassign import place_with_override
    from dutyboard.views.placement import slot_title

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
    from dutyboard.core import plan

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
    from dutyboard.core import swap
    from dutyboard.core.plan import day_warnings

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


def export_flow(app: DutyboardApp) -> None:
    app.push_screen(ExportScreen(app))


def day_changed_notice(app: DutyboardApp) -> None:
    """Once, when the clock passes into the next duty day: say so; the swap waits for
    a leader (w)."""
    from dutyboard.core.swap import calendar_day
    from dutyboard.i18n import long_date

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
