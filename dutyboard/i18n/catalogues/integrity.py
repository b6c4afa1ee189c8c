"""Strings of the validation of boards and copies, and of the store's files (issue 14)."""

STRINGS: dict[str, tuple[str, str]] = {
    # why a value fails (dutyboard/storage/validate.py): after "table[id].field: VALUE "
    "validate.not_text": ("不是文本", "is not text"),
    "validate.not_whole": ("不是整数", "is not a whole number"),
    "validate.not_number": ("不是数字", "is not a number"),
    "validate.out_of_range": ("不在 {lo} 到 {hi} 之间", "is not between {lo} and {hi}"),
    "validate.not_bool": ("不是 true 或 false", "is not true or false"),
    "validate.not_date": ("不是日期（YYYY-MM-DD）", "is not a date (YYYY-MM-DD)"),
    "validate.not_time": ("不是时刻（HH:MM）", "is not a time of day (HH:MM)"),
    "validate.not_moment": ("不是日期时间（ISO 8601）", "is not a date and time (ISO 8601)"),
    "validate.not_timezone": ("不是已知的时区", "is not a known time zone"),
    "validate.not_one_of": ("不是以下之一：{values}", "is not one of: {values}"),
    "validate.not_list": ("不是列表", "is not a list"),
    "validate.not_object": ("不是对象", "is not an object"),
    "validate.bad_item": ("含有类型不对的项", "holds an item of the wrong type"),
    "validate.not_table": ("不是表（对象）", "is not a table (an object)"),
    "validate.not_record": ("不是记录（对象）", "is not a record (an object)"),
    "validate.bad_id": ("不是有效的记录 id", "is not a valid record id"),
    "validate.missing": ("缺失", "is missing"),
    "validate.bad_stamp": ("不是有效的修改时间戳", "is not a valid change stamp"),
    "validate.future_stamp": (
        "是未来的修改时间戳（{when}）",
        "is a change stamp from the future ({when})",
    ),
    "validate.no_record": ("指向不存在的 {target} 记录", "points at no {target} record"),
    "validate.key_changed": (
        "改变了其他记录所指向的键",
        "changes a key that other records point at",
    ),
    "validate.duplicate_key": ("这个键出现了两次", "appears twice (a repeated key)"),
    "validate.duplicate_id": ("这个 id 被两条记录使用", "is used by two records"),
    # a board file or a copy refused (one line each)
    "integrity.board_invalid": (
        "{path}：{problem}；排班文件未打开，未做任何修改。",
        "{path}: {problem}; the board was not opened, nothing was changed.",
    ),
    "integrity.copy_invalid": (
        "{path}：{problem}；整个副本被拒绝，未合并任何内容。",
        "{path}: {problem}; the whole copy was refused, nothing was merged.",
    ),
    "integrity.copy_other_board": (
        "{path}：是另一个排班文件的副本（{other}），不是这个的（{board}）；未合并任何内容。",
        "{path}: is a copy of a different board ({other}), not of this one ({board}); "
        "nothing was merged.",
    ),
    "integrity.is_fifo": (
        "{path}：是管道（FIFO），不是普通文件；未读取。",
        "{path}: is a pipe (FIFO), not a regular file; it was not read.",
    ),
    "integrity.is_device": (
        "{path}：是设备，不是普通文件；未读取。",
        "{path}: is a device, not a regular file; it was not read.",
    ),
    "integrity.is_socket": (
        "{path}：是套接字，不是普通文件；未读取。",
        "{path}: is a socket, not a regular file; it was not read.",
    ),
    "integrity.is_other": (
        "{path}：是特殊文件，不是普通文件；未读取。",
        "{path}: is a special file, not a regular file; it was not read.",
    ),
    "integrity.too_big": (
        "{path}：有 {size} MB，超过排班文件的上限 {cap} MB；未读取。",
        "{path}: is {size} MB, over the {cap} MB cap for a board file; it was not read.",
    ),
    "integrity.link_loop": (
        "{path}：符号链接无法解析（循环或指向不存在的文件）。",
        "{path}: the symbolic link cannot be followed (a loop, or it points nowhere).",
    ),
    # a plain line (English as the store wrote it), with translated details below
    "integrity.as_is": ("{problem}", "{problem}"),
    # recovery copies named under an unreadable board (details lines)
    "integrity.recovery_head": (
        "可用于恢复的副本（最新的在前）：",
        "copies to restore from (newest first):",
    ),
    "integrity.recovery_copy": ("{path}（{when}，{state}）", "{path} ({when}, {state})"),
    "integrity.recovery_ok": ("可读", "readable"),
    "integrity.recovery_bad": ("也有问题", "also bad"),
    "integrity.recovery_how": (
        "恢复方法：dutyboard check --db 副本，确认无误后把它复制到 {path}。",
        "to restore one: dutyboard check --db COPY, then copy it over {path}.",
    ),
    # told once, after a refused copy was kept aside
    "sync.refused_copy": (
        "一个数值有问题的副本被拒绝并移到 {folder}：{problem}",
        "A copy with bad values was refused and moved to {folder}: {problem}",
    ),
    "sync.refused_file": (
        "磁盘上的排班文件被换成了数值有问题的副本（{problem}）；它已被移到 {folder}，"
        "本机的排班已重新保存。",
        "The board file on disk was replaced by a copy with bad values ({problem}); it was "
        "kept in {folder} and this laptop's board was saved back.",
    ),
    "check.problems_found": ("{path}：发现 {n} 个问题", "{path}: {n} problem(s) found"),
}
