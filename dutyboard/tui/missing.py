"""No board file yet: offer to make one from the configuration, open the demo, or quit."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Label

from dutyboard.i18n import t

CREATE, DEMO = "create", "demo"


class MissingScreen(Screen[None]):
    def __init__(self, path: str, lang: str) -> None:
        super().__init__()
        self.path = path
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="missing-dialog", classes="dialog"):
            yield Label(t("missing.title", lang), classes="dialog-title")
            yield Label(t("missing.where", lang, path=self.path), id="missing-path")
            yield Label(t("missing.ask", lang), classes="dialog-hint")
            yield Button(t("missing.create", lang), variant="primary", id="create")
            yield Button(t("missing.demo", lang), id="demo")
            yield Button(t("missing.quit", lang), id="quit")

    def on_mount(self) -> None:
        self.query_one("#create", Button).focus()


class MissingApp(App[str | None]):
    """Returns ``"create"``, ``"demo"`` or None (quit)."""

    TITLE = "dutyboard"
    CSS_PATH = Path(__file__).parent / "app.tcss"
    BINDINGS = [
        Binding("c", "choose('create')", "新建", id="missing.key.create"),
        Binding("d", "choose('demo')", "演示", id="missing.key.demo"),
        Binding("q,escape", "choose('')", "退出", id="key.quit"),
    ]

    def __init__(self, path: str, lang: str) -> None:
        super().__init__()
        self.path = path
        self.lang = lang

    def get_default_screen(self) -> Screen[None]:
        return MissingScreen(self.path, self.lang)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "")

    def action_choose(self, choice: str) -> None:
        self.exit(choice if choice in (CREATE, DEMO) else None)
