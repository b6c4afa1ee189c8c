"""Every catalogue key the code uses exists, in Chinese and English, with the fields
the code gives it.

The scanner reads every module of dutyboard/ (not the catalogues) and collects:
- each string literal shaped like a key whose first part is a catalogue's (``"care.col.due"``,
  ``id="key.quit"``, a key in a table): it must be a key, or the start of one (a key
  completed at run time: ``"buildings.kind"`` + ``f".{k}"``, ``"refused.people_"``);
- each f-string whose fixed start is shaped like a key's start (``f"care.state.{s}"``):
  some key must start with it;
- each call of a helper that only puts a fixed start before its argument
  (``def h(key): return t(f"cli_help.{key}", lang)``): the start plus the argument;
- each ``t(...)``/``tr(...)`` (or such helper) call with a literal key and named fields
  only: it must give every field the text names in either language (``t`` formats only
  when given fields, so a missing one shows ``{n}`` or raises).
Keys made from values (``status_name``) are listed in BUILT below.
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dutyboard.groups import medicine
from dutyboard.i18n import CATALOG, English
from tests.test_catalogue import DIFFERENT_ON_PURPOSE, forms_match

ROOT = Path(__file__).resolve().parents[1] / "dutyboard"
CATALOGUES = ROOT / "i18n" / "catalogues"

KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
KEY_START = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*[._]")
# A literal shaped like a key that names a file, not a text (``"care.toml"``).
FILE_SUFFIXES = {"tcss", "toml", "json", "csv", "txt", "md", "py", "xlsx", "lock", "bak", "tmp"}
TRANSLATE = {"t", "tr"}  # t(key, lang, **fields) and exports' tr(key, **fields)

# Keys made from values rather than written out (t(f"{kind}.{value}") and the like).
BUILT: set[str] = {
    *(f"export.kind.{k}" for k in ("roster", "deliveries", "disinfection", "handover")),
    *(f"export.format.{f}" for f in ("text", "csv", "md", "json")),
    *(f"undo.action.{a}" for a in ("swap", "plan_copy", "plan_rotation", "unassign")),
    "task.carried",
    "tab.tomorrow",
    *(f"care.state.{s}" for s in ("overdue", "today", "ok")),
    *(f"care.need.{s}" for s in ("open", "done")),
    *(f"care.med.stage.{s}" for s in medicine.STAGES),
    *(f"care.stop.{s}" for s in ("open", "called", "done", "call")),
    *(f"care.col.{c}" for c in ("address", "due", "last", "every", "open", "people")),
    *(f"care.col.{c}" for c in ("help", "code", "need", "group", "status", "raised")),
    *(f"care.med.col.{c}" for c in ("medicine", "quantity", "marks", "stage", "due")),
    *(f"care.test.col.{c}" for c in ("order", "building", "mode", "state", "called", "done")),
    "tab.care",
    "tab.medicine",
    "tab.testing",
}


def placeholders(text: English) -> set[str]:
    forms = [text] if isinstance(text, str) else list(text.values())
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def entry_fields(key: str, catalog: Mapping[str, tuple[str, English]]) -> set[str]:
    zh, en = catalog[key]
    needed = placeholders(zh) | placeholders(en)
    return needed if isinstance(en, str) else needed | {"n"}  # n chooses the plural


@dataclass
class Uses:
    keys: dict[str, int] = field(default_factory=dict)  # key or key's start -> line
    starts: dict[str, int] = field(default_factory=dict)  # f-string starts -> line
    calls: list[tuple[str, set[str], int]] = field(default_factory=list)  # key, fields, line


@dataclass(frozen=True)
class Helper:
    """A function that puts ``start`` before its first argument and looks that key up;
    ``fields``: the fields it gives, or None when it passes on its caller's."""

    start: str
    fields: frozenset[str] | None


TRANSLATE_HELPER = Helper("", None)  # t and tr themselves


class _Scanner(ast.NodeVisitor):
    """One module's uses. A helper is known in the function that defines it and below
    (like its name), and in modules that import it (``imported``)."""

    def __init__(self, heads: set[str], imported: Mapping[str, Mapping[str, Helper]]) -> None:
        self.heads = heads
        self.imported = imported
        self.uses = Uses()
        self.helpers: list[dict[str, Helper]] = [{}]
        self.consumed: set[int] = set()  # literals read as a helper's argument

    def helper(self, name: str) -> Helper | None:
        if name in TRANSLATE:
            return TRANSLATE_HELPER
        for scope in reversed(self.helpers):
            if name in scope:
                return scope[name]
        return None

    def define(self, body: list[ast.stmt]) -> dict[str, Helper]:
        scope = self.helpers[-1]
        for stmt in body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module in self.imported:
                for alias in stmt.names:
                    if alias.name in self.imported[stmt.module]:
                        scope[alias.asname or alias.name] = self.imported[stmt.module][alias.name]
            elif isinstance(stmt, ast.FunctionDef) and (found := self._helper_def(stmt)):
                scope[stmt.name] = found
        return scope

    def _helper_def(self, node: ast.FunctionDef) -> Helper | None:
        """``Helper("cli_help.", {})`` for ``def h(key): return t(f"cli_help.{key}", lang)``,
        and for ``def h(key): return arg_help(key, lang)`` when arg_help is that one."""
        if not node.args.args or not isinstance(last := node.body[-1], ast.Return):
            return None
        param, call = node.args.args[0].arg, last.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.args):
            return None
        callee = self.helper(call.func.id)
        arg = call.args[0]
        if callee is None:
            return None
        if isinstance(arg, ast.Name) and arg.id == param:
            start = callee.start
        elif (
            isinstance(arg, ast.JoinedStr)
            and len(arg.values) == 2
            and isinstance(head := arg.values[0], ast.Constant)
            and isinstance(rest := arg.values[1], ast.FormattedValue)
            and isinstance(rest.value, ast.Name)
            and rest.value.id == param
        ):
            start = callee.start + str(head.value)
        else:
            return None
        if any(k.arg is None for k in call.keywords):
            return Helper(start, None)
        given = frozenset(k.arg for k in call.keywords if k.arg)
        return Helper(start, given if callee.fields is None else callee.fields | given)

    def visit_Module(self, node: ast.Module) -> None:
        self.define(node.body)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.helpers.append({})
        self.define(node.body)
        self.generic_visit(node)
        self.helpers.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if isinstance(node.func, ast.Attribute):
            name = node.func.attr if node.func.attr == "tr" else None
        helper = self.helper(name) if name else None
        first = node.args[0] if node.args else None
        if helper is not None and isinstance(first, ast.Constant) and isinstance(first.value, str):
            key = helper.start + first.value
            self.consumed.add(id(first))
            self.uses.keys.setdefault(key, node.lineno)
            if helper.fields is not None:
                self.uses.calls.append((key, set(helper.fields), node.lineno))
            elif not any(k.arg is None for k in node.keywords) and len(node.args) <= 2:
                fields = {k.arg for k in node.keywords if k.arg}
                self.uses.calls.append((key, fields, node.lineno))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if (
            isinstance(value, str)
            and id(node) not in self.consumed
            and KEY.fullmatch(value)
            and value.split(".")[0] in self.heads
            and value.rsplit(".", 1)[1] not in FILE_SUFFIXES
        ):
            self.uses.keys.setdefault(value, node.lineno)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        head = node.values[0] if node.values else None
        if (
            len(node.values) > 1
            and isinstance(head, ast.Constant)
            and isinstance(head.value, str)
            and KEY_START.fullmatch(head.value)
            and head.value.split(".")[0] in self.heads
        ):
            self.uses.starts.setdefault(head.value, node.lineno)
        # the fixed parts of an f-string are not literals of their own
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value)


def _heads(catalog: Mapping[str, tuple[str, English]]) -> set[str]:
    return {key.split(".")[0] for key in catalog}


def scan(
    source: str | ast.Module,
    catalog: Mapping[str, tuple[str, English]],
    imported: Mapping[str, Mapping[str, Helper]] | None = None,
) -> Uses:
    scanner = _Scanner(_heads(catalog), imported or {})
    scanner.visit(ast.parse(source) if isinstance(source, str) else source)
    return scanner.uses


def top_helpers(
    tree: ast.Module,
    catalog: Mapping[str, tuple[str, English]],
    imported: Mapping[str, Mapping[str, Helper]],
) -> dict[str, Helper]:
    """The helpers a module defines or imports at its top, for modules importing them."""
    return _Scanner(_heads(catalog), imported).define(tree.body)


def _starts_a_key(start: str, keys: list[str]) -> bool:
    """Whether a key of the sorted ``keys`` starts with ``start``."""
    i = bisect.bisect_left(keys, start)
    return i < len(keys) and keys[i].startswith(start)


def problems(source: str, catalog: Mapping[str, tuple[str, English]]) -> list[str]:
    """What is wrong with the keys one module uses, as ``line: what`` texts."""
    return check(scan(source, catalog), catalog)


def check(uses: Uses, catalog: Mapping[str, tuple[str, English]]) -> list[str]:
    keys = sorted(catalog)
    out = []
    for key, line in uses.keys.items():
        if not _starts_a_key(key, keys):  # a key starts with itself
            out.append(f"{line}: no key {key!r}")
    for start, line in uses.starts.items():
        if not _starts_a_key(start, keys):
            out.append(f"{line}: no key starts with {start!r}")
    for key, given, line in uses.calls:
        if key in catalog and (missing := entry_fields(key, catalog) - given):
            out.append(f"{line}: {key!r} is not given {sorted(missing)}")
    return out


def modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if CATALOGUES not in path.parents:
            yield path


@functools.cache
def uses_by_module() -> dict[str, Uses]:
    """Every module's uses, by file; first the helpers each module has at its top, for
    the modules that import them (``from dutyboard.cli.supplies import arg_help``)."""
    trees = {}
    for path in modules():
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        trees[name] = (str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8")))
    helpers: dict[str, dict[str, Helper]] = {}
    for _ in range(3):  # a helper of a helper, imported through a third module
        helpers = {name: top_helpers(tree, CATALOG, helpers) for name, (_, tree) in trees.items()}
    return {file: scan(tree, CATALOG, helpers) for file, tree in trees.values()}


def used_keys() -> set[str]:
    return {key for uses in uses_by_module().values() for key in uses.keys}


def test_every_key_the_code_uses_exists_with_the_fields_it_is_given() -> None:
    found = [
        f"{name}:{problem}"
        for name, uses in uses_by_module().items()
        for problem in check(uses, CATALOG)
    ]
    assert found == []


def test_keys_made_from_values_exist() -> None:
    assert sorted(BUILT - CATALOG.keys()) == []


def test_the_scanner_sees_keys_in_every_way_the_code_writes_them() -> None:
    # t("..."), a helper's argument, id="key....", a table of keys
    assert {"swap.done", "cli_help.cmd.slot", "key.quit", "refused.people_name_empty"} <= (
        used_keys()
    )
    assert len(used_keys() & CATALOG.keys()) > 1000


def test_every_key_used_has_both_languages_with_the_same_placeholders() -> None:
    used = used_keys() | BUILT
    bad = []
    for key in sorted(used & CATALOG.keys()):
        zh, en = CATALOG[key]
        texts = [en] if isinstance(en, str) else list(en.values())
        same = key in DIFFERENT_ON_PURPOSE or forms_match(zh, en)
        if not (zh.strip() and all(text.strip() for text in texts) and same):
            bad.append(key)
    assert bad == []


# ---------------------------------------------------------------- the scanner itself

TOY: dict[str, tuple[str, English]] = {
    "care.col.due": ("到期", "due"),
    "care.col.last": ("上次", "last"),
    "cli_help.cmd.log": ("日志", "the log"),
    "swap.carried": ("{n} 项", {"one": "{n} task", "other": "{n} tasks"}),
    "refused.people_name_empty": ("空", "empty"),
}


def test_the_scanner_finds_a_key_the_catalogue_lacks() -> None:
    source = 'from dutyboard.i18n import t\n\n\ndef f(lang):\n    return t("care.col.gone", lang)\n'
    assert problems(source, TOY) == ["5: no key 'care.col.gone'"]


def test_the_scanner_finds_keys_outside_calls_and_accepts_starts() -> None:
    source = (
        'COLUMNS = ("care.col.due", "care.col.lost")\n'
        'FIELD_OF = {"refused.people_name": "name"}\n'
        'CSS = "care.tcss"\n'
        'x = f"care.col.{c}"\n'
        'y = f"care.row.{c}"\n'
    )
    assert problems(source, TOY) == [
        "1: no key 'care.col.lost'",
        "5: no key starts with 'care.row.'",
    ]


def test_the_scanner_reads_helpers_that_put_a_start_before_their_argument() -> None:
    source = (
        "def add(lang):\n"
        "    def h(key):\n"
        '        return t(f"cli_help.{key}", lang)\n'
        '    return h("cmd.log"), h("cmd.slot")\n'
    )
    assert problems(source, TOY) == ["4: no key 'cli_help.cmd.slot'"]


def test_the_scanner_follows_helpers_of_helpers_and_imported_ones() -> None:
    common = ast.parse('def arg_help(key, lang):\n    return t(f"cli_help.{key}", lang)\n')
    imported = {"dutyboard.cli.common": top_helpers(common, TOY, {})}
    source = (
        "from dutyboard.cli.common import arg_help\n"
        "def add(lang):\n"
        "    def h(key):\n"
        "        return arg_help(key, lang)\n"
        '    return h("cmd.log"), arg_help("cmd.slot", lang)\n'
    )
    uses = scan(source, TOY, imported)
    assert uses.keys.keys() == {"cli_help.cmd.log", "cli_help.cmd.slot"}
    assert check(uses, TOY) == ["5: no key 'cli_help.cmd.slot'"]


def test_the_scanner_finds_a_field_the_call_does_not_give() -> None:
    source = (
        'a = t("swap.carried", lang, n=2)\n'
        'b = t("swap.carried", lang)\n'
        'c = t("swap.carried", lang, **fields)\n'
    )
    assert problems(source, TOY) == ["2: 'swap.carried' is not given ['n']"]
