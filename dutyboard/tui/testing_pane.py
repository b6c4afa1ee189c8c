"""The Testing tab (7): the round of testing in progress, building by building (called,
done), the route and door-to-door list of the next one, and how long past rounds took.
Leaders start and end a round."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from dutyboard.groups import testing_rounds as tr
from dutyboard.i18n import t
from dutyboard.tui.care_pane_base import CarePaneBase
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.tables import cursor_key
from dutyboard.views.testing import TestingView

CHART_WIDTH = 40


class TestingPane(CarePaneBase):
    BINDINGS = [
        Binding("s", "start_round", "Start round", id="care.test.key.start"),
        Binding("space", "next_state", "Call/done", id="care.test.key.next"),
        Binding("e", "end_round", "End round", id="care.test.key.end"),
    ]
    LEADER_ONLY = frozenset({"start_round", "end_round"})
    view: TestingView | None

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield SafeTable(cursor_type="row", zebra_stripes=True, classes="tasks-table")
        yield Static(classes="testing-chart")

    def _draw(self) -> None:
        lang, view = self.lang, self.view
        table = self._table()
        keep = cursor_key(table)
        table.clear(columns=True)
        for key in ("order", "building", "mode", "state", "called", "done"):
            table.add_column(t(f"care.test.col.{key}", lang), key=key)
        stops = view.stops if view else ()
        for s in stops:
            mode = (
                t("care.testing.door", lang) if s.door_to_door else t("care.test.route_mode", lang)
            )
            name = Text(t("building.name", lang, n=s.building))
            mark = self.building_mark(s.status)
            if mark:
                name.append(" ").append_text(mark)
            style = {"done": self.mark_style("done"), "called": self.mark_style("sealed")}.get(
                s.state, ""
            )
            table.add_row(
                Text(str(s.order)),
                name,
                Text(mode, self.mark_style("positive") if s.door_to_door else ""),
                Text(t(f"care.stop.{s.state}", lang), style),
                Text(s.called),
                Text(s.done),
                key=s.task_id,
            )
        self._keep_cursor(table, [s.task_id for s in stops], keep)
        table.display = bool(stops)
        self._draw_summary()
        self._draw_chart()
        self.refresh_bindings()

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        text = Text()
        if view is not None:
            if view.running:
                text.append(
                    t(
                        "care.test.running",
                        lang,
                        n=view.number,
                        start=view.started,
                        min=view.elapsed,
                        done=view.done,
                        total=len(view.stops),
                    ),  # fmt: skip
                    "bold",
                )
                if view.stops and view.done == len(view.stops):
                    text.append("\n" + t("care.test.all_done", lang), self.mark_style("done"))
            else:
                text.append(t("care.test.next", lang, n=view.number), "bold")
                text.append("\n" + t("care.test.route", lang))
                text.append(" → ".join(t("building.name", lang, n=n) for n in view.route))
                if view.door_to_door:
                    text.append("\n" + t("care.test.door_list", lang))
                    sep = t("today.list_sep", lang)
                    names = sep.join(t("building.name", lang, n=n) for n in view.door_to_door)
                    text.append(names, self.mark_style("positive"))
        self.put(self.query_one(".tasks-summary", Static), text)

    def _draw_chart(self) -> None:
        view, lang = self.view, self.lang
        text = Text(t("care.test.history", lang), "bold")
        history = view.history if view else ()
        if not history:
            text.append("\n" + t("care.test.no_history", lang), self.mark_style("muted"))
        points = [(p.number, p.date, p.minutes) for p in history]
        labels = [t("round", lang, n=p.number) for p in history]
        width = max((Text(x).cell_len for x in labels), default=0)
        for p, label, bar in zip(history, labels, tr.chart(points, CHART_WIDTH), strict=True):
            pad = " " * (width - Text(label).cell_len)
            text.append(f"\n{label}{pad} {p.date[5:]} ")
            text.append(bar, self.mark_style("bar-done"))
            text.append(f" {tr.hours_minutes(p.minutes)}")
        self.put(self.query_one(".testing-chart", Static), text)

    def _current(self) -> Any:
        key = cursor_key(self._table()) if self.is_mounted else None
        return self.view.stop(key) if key and self.view else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == "start_round" and view is not None and view.running:
            return None
        if action == "end_round" and (view is None or not view.running):
            return None
        if action == "next_state":
            current = self._current()
            if current is None or current.state == "done" or not (view and view.running):
                return None
        return super().check_action(action, parameters)

    def action_start_round(self) -> None:
        app = self.duty
        who = app.leader()
        if who is None:
            return

        def started(r: tr.Round) -> None:
            app.notify(t("care.test.started", app.lang, n=r.number))

        app.submit(lambda: tr.start_round(app.board, who), started)

    def action_next_state(self) -> None:
        app, row = self.duty, self._current()
        who = app.who
        if row is None or who is None:
            app.bell()
            return
        task = app.board.task(row.task_id)
        if task is None:
            return
        if row.state == "open":
            app.submit(lambda: tr.call_building(app.board, who, task))
        else:
            app.submit(lambda: tr.building_done(app.board, who, task))

    def action_end_round(self) -> None:
        app = self.duty
        who = app.leader()
        if who is None:
            return

        view = self.view
        left = [s for s in (view.stops if view else ()) if s.state != "done"]
        if left:
            names = t("today.list_sep", app.lang).join(
                t("building.name", app.lang, n=s.building) for s in left
            )
            app.notify(
                t("care.test.not_done", app.lang, n=len(left), names=names), severity="warning"
            )
            return

        def ended(r: tr.Round) -> None:
            took = tr.hours_minutes(r.minutes or 0)
            app.notify(t("care.test.ended", app.lang, n=r.number, time=took))

        app.submit(lambda: tr.end_round(app.board, who), ended)
