"""Reads of accounts that the member list and its tests share."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from core import roles


def member_list(*, query: str = "", role: str = "", unit=None, active: str = "") -> QuerySet:
    """Accounts for the organizers' list, by username. Without a role: members and leaders only."""
    queryset = (
        get_user_model()
        .objects.select_related("profile", "profile__unit")
        .prefetch_related("groups")
        .order_by("username")
    )
    if role == "":
        queryset = queryset.filter(roles.role_q(roles.Role.MEMBER) | roles.role_q(roles.Role.LEADER))
    elif role in roles.Role.values:
        queryset = queryset.filter(roles.role_q(role))
    if unit is not None:
        queryset = queryset.filter(profile__unit=unit)
    if active in ("0", "1"):
        queryset = queryset.filter(is_active=active == "1")
    for word in query.split()[:5]:
        queryset = queryset.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(profile__unit__name__icontains=word)
            | Q(profile__unit__short_name__icontains=word)
        )
    return queryset
