"""Strings of staffing rules: reassignment warnings, the free-now bench."""

STRINGS: dict[str, tuple[str, str]] = {
    # One per rules.WARNING_CODES; the fields are those rules.py puts in each warning.
    "warn.overlap": ("与 {slot} 时间重叠（重复排班）", "overlaps {slot} (double booking)"),
    "warn.hour_limit": (
        "今日 {hours} 小时，超过上限 {limit} 小时",
        "{hours} h today, over the {limit} h limit",
    ),
    "warn.sealed_home": ("住在封控楼栋（{building}号楼）", "lives in sealed building {building}"),
    "warn.positive_home": (
        "住在涉阳楼栋（{building}号楼）",
        "lives in positive building {building}",
    ),
    "warn.not_signed_up": ("未报名{group}", "not signed up for {group}"),
    "warn.short_slot": ("缺 {n} 人", "{n} short"),
    "warn.days_in_a_row": (
        "已连续值班 {days} 天（上限 {limit}）",
        "on duty {days} days in a row (limit {limit})",
    ),
}
