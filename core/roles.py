"""The roles of the portal: Django auth groups created by a data migration, and superusers as admins.

These are the only checks of group membership or of is_superuser; the permissions modules of the apps build every
rule of who may do what on them.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

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


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def is_organizer(user) -> bool:
    """Organizers (Ban tổ chức), and admins, who may do everything."""
    return user.is_authenticated and (is_admin(user) or ORGANIZER in _group_names(user))


def is_leader(user) -> bool:
    return user.is_authenticated and (is_admin(user) or LEADER in _group_names(user))


def is_member(user) -> bool:
    """Anyone with an account in one of the role groups, or an admin."""
    return user.is_authenticated and (is_admin(user) or bool(_group_names(user) & set(ALL_GROUPS)))


def organizer_users():
    """The active members of the organizers' group: who is told of new concerns and posted progress.

    Admins are left out on purpose: they may do everything, but the day-to-day follow-up is the organizers' work.
    """
    return get_user_model().objects.filter(groups__name=ORGANIZER, is_active=True).distinct()


def role_names(user) -> list[str]:
    """What a member list shows as the user's roles: the groups (as prefetched by the caller), else "Administrator"."""
    names = [group.name for group in user.groups.all()]
    if not names and user.is_superuser:
        names = [gettext("Administrator")]
    return names
