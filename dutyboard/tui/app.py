"""The duty board app: its keys, and what they and the panes' messages open.

The frame (the tabs over the board, saving, watching the file) is BoardApp's
(tui/board_app.py); the dialogs and flows live in their own modules, imported when
first used so that start-up pays only for the first screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.command import CommandPalette

from dutyboard.core.model import AuditEntry, Task, Volunteer
from dutyboard.i18n import other, t
from dutyboard.storage.errors import Refused
from dutyboard.tui.board_app import BoardApp
from dutyboard.tui.tabs import tab_bindings
from dutyboard.tui.task_messages import TaskFail, TaskReopen, TaskTick
from dutyboard.tui.today import TodayPane

if TYPE_CHECKING:
    from dutyboard.tui.deliveries import DeliveriesPane
    from dutyboard.tui.parcels import HandOver, Parcels


def _board_commands() -> Any:
    from dutyboard.tui.commands import BoardCommands

    return BoardCommands


class DutyboardApp(BoardApp):
    TITLE = "dutyboard"
    # Only ours (Textual's system commands are English-only), loaded when first opened.
    COMMANDS = {_board_commands}
    BINDINGS = [
        Binding("question_mark", "help", "帮助", id="key.help"),
        Binding("l", "switch_lang", "English", id="key.switch_lang"),
        Binding("u", "undo", "撤销", id="key.undo"),
        Binding("c", "conflicts", "冲突", id="key.conflicts"),
        Binding("escape", "all_buildings", "全部楼栋", id="key.all_buildings"),
        # The keys of the tabs (tui/tabs.py), in two runs: the help (?) lists keys in
        # this order.
        *tab_bindings("today", "tomorrow"),
        # Shown once the clock has passed into the next duty day (leaders; tui/tomorrow.py).
        Binding("w", "day_swap", "切换到明日", id="key.day_swap"),
        Binding("e", "export", "导出", show=False, id="key.export"),
        *tab_bindings("care", "people"),
        Binding("q", "quit", "退出", id="key.quit"),
        # From every tab while someone is late / something is overdue (the header counts
        # them); in the key bar on Today only (tui/today.py): the other tabs' bars are full.
        Binding("exclamation_mark", "next_late", "未到岗", show=False, id="key.next_late"),
        Binding("O", "overdue", "超期", show=False, id="key.overdue"),
        # Today's log, newest first (leaders; tui/audit_screen.py).
        Binding("L", "audit_log", "操作记录", show=False, id="key.audit_log"),
        Binding(
            "ctrl+p", "command_palette", "搜索", show=False, id="key.command_palette", priority=True
        ),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._quit_asked = False

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return True if self.who else None
        if action == "all_buildings":
            return self.building is not None
        if action == "conflicts":  # shown while there are some; greyed for volunteers
            if not self._open_conflicts:
                return False
            return True if self.who and self.who.is_leader else None
        if action == "next_late":  # shown while someone is late
            return self._late > 0
        if action == "overdue":  # shown while something is overdue
            return self._overdues > 0
        if action == "audit_log":  # the log of everyone's changes: greyed for volunteers
            return True if self.who and self.who.is_leader else None
        if action == "day_swap":  # shown once the day has changed; greyed for volunteers
            if not self._day_changed:
                return False
            return True if self.who and self.who.is_leader else None
        return True

    def action_day_swap(self) -> None:
        from dutyboard.tui.tomorrow_flows import swap_flow

        swap_flow(self)

    def action_export(self) -> None:
        from dutyboard.tui.export_screen import export_flow

        export_flow(self)

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = t("palette.placeholder", self.lang)
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help(self) -> None:
        tab = self.active_tab
        title = t("help.title", self.lang, tab=t(f"tab.{tab}", self.lang))
        from dutyboard.tui.help import HelpScreen, key_rows

        self.push_screen(HelpScreen(title, key_rows(self, self.lang), self.lang))

    def action_switch_lang(self) -> None:
        self.lang = other(self.lang)

    def action_show_tab(self, tab: str) -> None:
        self.show_tab(tab)

    def action_all_buildings(self) -> None:
        self.building = None

    async def action_quit(self) -> None:
        if self.saves.busy and not self._quit_asked:
            self._quit_asked = True
            self.set_timer(5, lambda: setattr(self, "_quit_asked", False))
            self.notify(t("quit.unsaved", self.lang), severity="warning")
            return
        self.exit(0)

    # ------------------------------------------------------------------ ticks

    def _tasks(self, ids: tuple[str, ...]) -> list[Task]:
        tasks = [self.board.task(i) for i in ids]
        if any(x is None for x in tasks):
            raise Refused(t("err.task_gone", self.lang))
        return [x for x in tasks if x is not None]

    def _need_who(self) -> Volunteer | None:
        if self.who is None:
            self.bell()
        return self.who

    @on(TaskTick)
    def _tick(self, event: TaskTick) -> None:
        if who := self._need_who():
            self.submit(lambda: self.board.tick(self._tasks(event.task_ids), who))

    @on(TaskReopen)
    def _reopen(self, event: TaskReopen) -> None:
        if who := self._need_who():
            self.submit(lambda: self.board.reopen(self._tasks(event.task_ids), who))

    @on(TaskFail)
    def _fail(self, event: TaskFail) -> None:
        if who := self._need_who():
            self.submit(lambda: self.board.fail(self._tasks((event.task_id,)), who, event.reason))

    def action_undo(self) -> None:
        # Deferred: undo loads the swap, plan and slot modules; start-up needs none.
        from dutyboard.core.undo import undo_last

        if who := self._need_who():
            self.submit(lambda: undo_last(self.board, who), self._undone)

    def _undone(self, entry: AuditEntry | None) -> None:
        if entry is None:
            self.notify(t("undo.nothing", self.lang))
            return
        task = self.board.task(entry.record) if entry.table == "tasks" else None
        what = task.address or task.code if task else t(f"undo.action.{entry.action}", self.lang)
        self.notify(t("undo.done", self.lang, what=what))

    # Deliveries' own messages (tui/deliveries.py, tui/parcels.py), handled by name:
    # those modules are imported when the tab is first opened, not at start.

    def on_deliveries_pane_hand_over(self, event: HandOver) -> None:
        if who := self._need_who():
            from dutyboard.groups.supplies.parcels import hand_over

            ids, how = event.task_ids, event.how
            self.submit(lambda: hand_over(self.board, self._tasks(ids), who, how))

    def on_deliveries_pane_parcels(self, event: Parcels) -> None:
        if who := self._need_who():
            from dutyboard.tui.parcel_entry import parcel_entry_flow

            parcel_entry_flow(self, who)

    def on_deliveries_pane_carrier(self, event: DeliveriesPane.Carrier) -> None:
        if who := self.leader():
            from dutyboard.tui.carrier_picker import carrier_flow

            carrier_flow(self, who, event.batch, event.building)

    # ------------------------------------------------------------------ leaders

    def leader(self) -> Volunteer | None:
        """Who is here if they are a shift leader; otherwise say it is for leaders."""
        if self.who is None or not self.who.is_leader:
            self.notify(t("err.leaders_only", self.lang), severity="warning")
            return None
        return self.who

    @on(TodayPane.Mark)
    def _mark(self, event: TodayPane.Mark) -> None:
        if who := self.leader():
            from dutyboard.tui.reassign import mark_flow

            mark_flow(self, who, event.assignment_id, event.status)

    @on(TodayPane.Reassign)
    def _reassign(self, event: TodayPane.Reassign) -> None:
        if who := self.leader():
            from dutyboard.tui.reassign import reassign_flow

            reassign_flow(self, who, event.assignment_id)

    @on(TodayPane.Fill)
    def _fill(self, event: TodayPane.Fill) -> None:
        if who := self.leader():
            from dutyboard.tui.reassign import fill_flow

            fill_flow(self, who, event.slot_id)

    @on(TodayPane.AddSlot)
    def _add_slot(self, event: TodayPane.AddSlot) -> None:
        if who := self.leader():
            from dutyboard.tui.slot_dialog import add_slot_flow

            add_slot_flow(self, who, event.group)

    @on(TodayPane.EditSlot)
    def _edit_slot(self, event: TodayPane.EditSlot) -> None:
        if who := self.leader():
            from dutyboard.tui.slot_dialog import edit_slot_flow

            edit_slot_flow(self, who, event.slot_id)

    @on(TodayPane.RemoveSlot)
    def _remove_slot(self, event: TodayPane.RemoveSlot) -> None:
        if who := self.leader():
            from dutyboard.tui.slot_dialog import remove_slot_flow

            remove_slot_flow(self, who, event.slot_id)

    def action_next_late(self) -> None:
        """!: Today, the cursor on the next person late."""
        self.show_tab("today")
        if not self.today.select_next_late():
            self.notify(t("late.none", self.lang))

    def action_overdue(self) -> None:
        """O: the overdue list; Enter goes to the thing in its tab."""
        from dutyboard.tui.overdue_screen import overdue_flow

        overdue_flow(self)

    def action_audit_log(self) -> None:
        """L: today's changes, who made them and on which laptop (leaders)."""
        if self.leader():
            from dutyboard.tui.audit_screen import audit_flow

            audit_flow(self)

    def action_conflicts(self) -> None:
        if who := self.leader():
            from dutyboard.tui.sync_screens import conflicts_flow

            conflicts_flow(self, who)

    def action_merge_file(self) -> None:
        if who := self.leader():
            from dutyboard.tui.sync_screens import merge_flow

            merge_flow(self, who)
