"""Reads of notifications that several places use."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from notifications.models import Notification, NotificationPreference


def unread_count_subquery(user_ref: str = "pk"):
    """The unread count of the user in the outer query, to annotate onto the user row (no query of its own)."""
    counted = (
        Notification.objects.filter(recipient=OuterRef(user_ref), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def unread_count(*, user: AbstractBaseUser) -> int:
    """The header's badge: the count annotated onto the request's user when the session's backend did, else a query."""
    if not user.is_authenticated:
        return 0
    annotated = getattr(user, "unread_notification_count", None)
    if annotated is not None:
        return annotated
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def email_preferences(*, user: AbstractBaseUser) -> dict[str, bool]:
    """Each kind and whether the user gets it by e-mail (on unless they turned it off)."""
    saved = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: saved.get(kind, True) for kind in Notification.Kind.values}
