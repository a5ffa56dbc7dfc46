"""The auth groups of the design (section 2) and the checks the views use."""

MEMBER = "Đoàn viên"
LEADER = "Lãnh đạo"
ORGANIZER = "Ban tổ chức"
ALL_GROUPS = (MEMBER, LEADER, ORGANIZER)


def _group_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_group_names_cache"):
        user._group_names_cache = set(user.groups.values_list("name", flat=True))
    return user._group_names_cache


def is_organizer(user) -> bool:
    return user.is_authenticated and (user.is_superuser or ORGANIZER in _group_names(user))


def is_leader(user) -> bool:
    return user.is_authenticated and (user.is_superuser or LEADER in _group_names(user))


def is_member(user) -> bool:
    return user.is_authenticated and bool(_group_names(user) & set(ALL_GROUPS))
