"""The roles of the portal: Django auth groups created by a data migration, and superusers as admins.

These are the only checks of group membership or of is_superuser; the permissions modules of the apps build every
rule of who may do what on them.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

MEMBER = "Đoàn viên"
LEADER = "Lãnh đạo"
ORGANIZER = "Ban tổ chức"
ALL_GROUPS = (MEMBER, LEADER, ORGANIZER)


def _group_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_group_names_cache"):
        prefetched = getattr(user, "_prefetched_objects_cache", {}).get("groups")
        if prefetched is not None:  # a list of accounts asks for each one's roles without a query per account
            user._group_names_cache = {group.name for group in prefetched}
        else:
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


def leaders_q() -> Q:
    """The users who are leaders, as a filter on the user model (admins included, as in is_leader)."""
    return Q(is_superuser=True) | Q(groups__name=LEADER)


# The one role a member list shows and an organizer changes, from the most to the least rights.
class Role(models.TextChoices):
    ADMIN = "admin", gettext_lazy("Administrator")
    ORGANIZER = "organizer", gettext_lazy("Organizer")
    LEADER = "leader", gettext_lazy("Leader")
    MEMBER = "member", gettext_lazy("Member")


GROUP_OF_ROLE = {Role.ORGANIZER: ORGANIZER, Role.LEADER: LEADER, Role.MEMBER: MEMBER}


def primary_role(user) -> str:
    """The highest role of a user (their groups as prefetched by the caller)."""
    if user.is_superuser:
        return Role.ADMIN
    names = {group.name for group in user.groups.all()}
    for role in (Role.ORGANIZER, Role.LEADER, Role.MEMBER):
        if GROUP_OF_ROLE[role] in names:
            return role
    return ""


def _in_group(name: str) -> Q:
    from django.contrib.auth import get_user_model

    through = get_user_model().groups.through
    return Q(pk__in=through.objects.filter(group__name=name).values("user_id"))


def role_q(role: str) -> Q:
    """Users whose highest role is `role` (one of Role), for filtering a list of accounts."""
    if role == Role.ADMIN:
        return Q(is_superuser=True)
    condition = Q(is_superuser=False) & _in_group(GROUP_OF_ROLE[role])
    higher = {Role.MEMBER: (LEADER, ORGANIZER), Role.LEADER: (ORGANIZER,), Role.ORGANIZER: ()}[role]
    for name in higher:
        condition &= ~_in_group(name)
    return condition


def set_role(user, role: str) -> None:
    """Make `role` (organizer, leader or member) the user's one role group; other groups stay."""
    from django.contrib.auth.models import Group

    user.groups.remove(*Group.objects.filter(name__in=ALL_GROUPS))
    user.groups.add(Group.objects.get(name=GROUP_OF_ROLE[role]))
    user.__dict__.pop("_group_names_cache", None)


def grant_role_to_many(user_ids, role: str) -> None:
    """Put many new accounts in a role's group in one query (an import of a thousand members)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    through = get_user_model().groups.through
    group = Group.objects.get(name=GROUP_OF_ROLE[role])
    through.objects.bulk_create([through(user_id=pk, group_id=group.pk) for pk in user_ids], batch_size=500)
