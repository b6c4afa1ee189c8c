"""Files outside the board's store (dutyboard/storage/outfiles.py): where ``--out`` may not
write, input files refused (FIFO, device, folder, over a size cap), the end of a
capped error list."""

from __future__ import annotations

_OUT_ZH = "{path}：这是{what}；导出从不覆盖看板的文件，请换一个文件名。"
_OUT_EN = (
    "{path}: that is {what}; an export never writes over the board's files. Name another file."
)

STRINGS: dict[str, tuple[str, str]] = {
    # --out: one key per file of the board's, so that each reads whole in its language
    "files.out.board": (
        _OUT_ZH.replace("{what}", "看板文件本身"),
        _OUT_EN.replace("{what}", "the board file itself"),
    ),
    "files.out.archive": (
        _OUT_ZH.replace("{what}", "看板的归档文件"),
        _OUT_EN.replace("{what}", "the board's archive"),
    ),
    "files.out.lock": (
        _OUT_ZH.replace("{what}", "看板的锁文件"),
        _OUT_EN.replace("{what}", "the board's lock file"),
    ),
    "files.out.saved": (
        _OUT_ZH.replace("{what}", "本机上次保存的看板副本（.saved）"),
        _OUT_EN.replace("{what}", "this laptop's last save of the board (.saved)"),
    ),
    "files.out.temp": (
        _OUT_ZH.replace("{what}", "看板保存时用的临时文件"),
        _OUT_EN.replace("{what}", "a temporary file of the board's saves"),
    ),
    "files.out.conflict": (
        _OUT_ZH.replace("{what}", "Syncthing 冲突副本的文件名（会被当作看板副本合并）"),
        _OUT_EN.replace(
            "{what}", "a Syncthing conflict copy's name (it would be merged as a copy of the board)"
        ),
    ),
    "files.out.kept": (
        _OUT_ZH.replace("{what}", "看板保留的文件夹（备份、已合并或已拒收的副本）里的文件"),
        _OUT_EN.replace(
            "{what}", "inside a folder the board keeps (backups, merged or refused copies)"
        ),
    ),
    "files.out.folder": (
        "{path}：这是文件夹；--out 需要一个文件名。",
        "{path}: that is a folder; --out needs a file name.",
    ),
    "files.out.special": (
        "{path}：这不是普通文件（管道、设备或套接字）；--out 需要一个文件名。",
        "{path}: that is not a regular file (a FIFO, a device or a socket); "
        "--out needs a file name.",
    ),
    "files.out.exists": (
        "{path} 已存在；要替换它请加 --force。",
        "{path} already exists; add --force to replace it.",
    ),
    "files.out.failed": ("{path}：无法写入（{why}）。", "{path}: could not write ({why})."),
    # input files
    "files.in.missing": ("{path}：没有这个文件。", "{path}: no such file."),
    "files.in.folder": ("{path}：这是文件夹，不是文件。", "{path}: this is a folder, not a file."),
    "files.in.special": (
        "{path}：这不是普通文件（管道、设备或套接字），不读取；请给一个保存好的文件。",
        "{path}: not a regular file (a FIFO, a device or a socket), so not read; "
        "give a saved file.",
    ),
    "files.in.too_big": (
        "{path}：文件有 {size}，超过这里的上限 {cap}；没有读取。",
        "{path}: the file is {size}, over the {cap} limit here; it was not read.",
    ),
    "files.in.too_big_unzipped": (
        "{path}：这个工作簿解压后有 {size}，超过上限 {cap}；请只保留要导入的工作表，或另存为 CSV。",
        "{path}: the workbook unpacks to {size}, over the {cap} limit; keep only the sheet "
        "to import, or save it as CSV.",
    ),
    "files.in.too_big_stdin": (
        "粘贴的文字超过上限 {cap}；没有读取。",
        "the pasted text is over the {cap} limit; it was not read.",
    ),
    "files.in.unreadable": ("{path}：无法读取（{why}）。", "{path}: cannot read the file ({why})."),
    "files.help.force": ("--out 的文件已存在时替换它", "replace the --out file if it exists"),
    # the last line of an error list cut at 50
    "files.more": ("……另有 {n} 个问题", "... and {n} more problems"),
}
