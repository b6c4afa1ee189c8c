"""Strings of the command line itself: usage errors (argparse's messages, mapped in
dutyboard/cli/parsing.py) and the last-resort line of ``main()`` (dutyboard/cli/main.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    # the hint under every usage error
    "cli.see_help": ("用 '{prog} --help' 查看用法", "see '{prog} --help'"),
    # argparse's messages, one key per pattern
    "cli.unknown_command": (
        "没有 '{value}' 这个命令；可用的命令：{choices}",
        "unknown command '{value}'; commands: {choices}",
    ),
    "cli.unknown_command_maybe": (
        "没有 '{value}' 这个命令；是不是 '{match}'？",
        "unknown command '{value}'; did you mean '{match}'?",
    ),
    "cli.unrecognized": ("无法识别的参数：{args}", "unrecognized argument(s): {args}"),
    "cli.invalid_choice": (
        "{arg} 不能是 '{value}'；可选：{choices}",
        "{arg}: invalid choice '{value}' (choose from {choices})",
    ),
    "cli.required": ("缺少必需的参数：{args}", "missing required argument(s): {args}"),
    "cli.one_of_required": (
        "下面的参数至少要给一个：{args}",
        "one of these arguments is required: {args}",
    ),
    "cli.expected_one": ("{arg} 后面要跟一个值", "{arg}: expected one value after it"),
    "cli.expected_at_most_one": (
        "{arg} 后面最多跟一个值",
        "{arg}: expected at most one value after it",
    ),
    "cli.expected_at_least_one": (
        "{arg} 后面至少要跟一个值",
        "{arg}: expected at least one value after it",
    ),
    "cli.expected_n": ("{arg} 后面要跟 {n} 个值", "{arg}: expected {n} values after it"),
    "cli.invalid_int": (
        "{arg} 要一个整数，'{value}' 不是",
        "{arg}: '{value}' is not a whole number",
    ),
    "cli.invalid_float": ("{arg} 要一个数字，'{value}' 不是", "{arg}: '{value}' is not a number"),
    "cli.invalid_value": (
        "{arg} 的值 '{value}' 无效（应为 {type}）",
        "{arg}: invalid {type} value '{value}'",
    ),
    "cli.not_allowed_with": ("{arg} 不能和 {other} 一起用", "{arg}: not allowed with {other}"),
    "cli.takes_no_value": (
        "{arg} 不接受值（多了 '{value}'）",
        "{arg} takes no value (got '{value}')",
    ),
    "cli.ambiguous": (
        "选项 {option} 不明确，可能是：{matches}",
        "ambiguous option {option}: could be {matches}",
    ),
    # anything argparse says that is not mapped above: its own text, in a translated line
    "cli.generic": ("命令行参数有误：{message}", "command-line error: {message}"),
    # main()'s last resort
    "cli.unexpected": (
        "意外出错（{error}）。没有再改动任何内容，已保存的工作都在看板文件里。"
        "设置 DUTYBOARD_DEBUG=1 可查看详情。",
        "unexpected error ({error}). Nothing more was changed; your saved work is in the "
        "board file. Set DUTYBOARD_DEBUG=1 to see details.",
    ),
}
