"""Writes on accounts: a member's own profile, and the organizers creating member accounts one by one or from a file.

New members get an e-mail with a link to set their password, sent once the transaction has committed.
"""

import uuid

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import emails, permissions
from accounts.importing import MemberRow, check_rows, split_full_name
from conferences.models import Profile, Unit
from core import roles
from core.text import normalize


def _email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    others = get_user_model().objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


@transaction.atomic
def profile_update(
    *,
    user: AbstractBaseUser,
    first_name: str,
    last_name: str,
    email: str,
    position: str,
    phone: str,
) -> AbstractBaseUser:
    """A user changes their own name, e-mail address, position and phone.

    Not their unit: being in a unit is what the organizers record (on the member's account in the admin), and
    liaisons are appointed by the organizers on the units page.
    """
    email = normalize(email).lower()
    if email and _email_taken(email, exclude_pk=user.pk):
        raise ValidationError({"email": _("Another account already uses this e-mail address.")})
    user.first_name = " ".join(normalize(first_name).split())
    user.last_name = " ".join(normalize(last_name).split())
    user.email = email
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=["first_name", "last_name", "email"])
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.position = normalize(position)
    profile.phone = normalize(phone)
    profile.full_clean(exclude=["user"])
    profile.save()
    return user


def _create_members(rows: list[MemberRow], *, base_url: str) -> list[AbstractBaseUser]:
    """Create checked rows' accounts with a handful of queries however many rows there are (a thousand in seconds):
    no password hash per row, one insert each for the accounts, their group and their profiles."""
    User = get_user_model()
    users = []
    for row in rows:
        first_name, last_name = split_full_name(row.full_name)
        user = User(username=row.username, first_name=first_name, last_name=last_name, email=row.email)
        # No password until the member sets one through the e-mailed link: hashing a throwaway random password per
        # row made an import of hundreds of members outlast the worker's timeout.
        user.set_unusable_password()
        users.append(user)
    users = User.objects.bulk_create(users, batch_size=500)
    if any(user.pk is None for user in users):  # a backend that returns no keys from a bulk insert
        by_name = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
        for user in users:
            user.pk = by_name[user.username]
    roles.grant_role_to_many([user.pk for user in users], roles.Role.MEMBER)
    # bulk_create sends no post_save, so the profiles the signal makes for one new user are made here.
    Profile.objects.bulk_create(
        [
            Profile(user_id=user.pk, unit_id=row.unit_id, position=row.position, phone=row.phone)
            for user, row in zip(users, rows, strict=True)
        ],
        batch_size=500,
    )
    emails.queue_welcomes(users, base_url=base_url)
    return users


@transaction.atomic
def member_create(
    *,
    username: str,
    full_name: str,
    email: str,
    unit: Unit,
    position: str = "",
    phone: str = "",
    base_url: str,
) -> AbstractBaseUser:
    """Create one member account (group Đoàn viên) and e-mail them a link to set their password."""
    row = MemberRow(
        line=1,
        username=normalize(username),
        full_name=" ".join(normalize(full_name).split()),
        email=normalize(email).lower(),
        unit_name=unit.name if unit else "",
        position=normalize(position),
        phone=normalize(phone),
    )
    _raise_row_errors(check_rows([row]), single=True)
    return _create_members([row], base_url=base_url)[0]


@transaction.atomic
def member_import(*, rows: list[MemberRow], base_url: str) -> tuple[list[AbstractBaseUser], list[MemberRow]]:
    """Create the members of the rows that are right, in one transaction; return them and the rows left out.

    The rows are checked again: between the preview and the confirmation someone may have taken a username.
    """
    if not rows:
        raise ValidationError(_("There is nobody to import."))
    rows = check_rows(rows)
    good = [row for row in rows if not row.errors]
    if not good:
        _raise_row_errors(rows)
    return _create_members(good, base_url=base_url), [row for row in rows if row.errors]


def _raise_row_errors(rows: list[MemberRow], *, single: bool = False) -> None:
    bad = [row for row in rows if row.errors]
    if not bad:
        return
    if single:
        raise ValidationError(bad[0].field_errors)
    raise ValidationError(
        [_("Line %(line)d: %(errors)s") % {"line": row.line, "errors": " ".join(row.errors)} for row in bad]
    )


@transaction.atomic
def member_update(
    *,
    actor: AbstractBaseUser,
    user: AbstractBaseUser,
    full_name: str,
    email: str,
    unit: Unit | None,
    position: str = "",
    phone: str = "",
    role: str | None = None,
) -> AbstractBaseUser:
    """An organizer corrects a member's name, e-mail address, unit, position and phone, and may change their role."""
    if not permissions.can_edit_member(actor, user):
        raise PermissionDenied
    email = normalize(email).lower()
    if email and _email_taken(email, exclude_pk=user.pk):
        raise ValidationError({"email": _("Another account already uses this e-mail address.")})
    user.first_name, user.last_name = split_full_name(" ".join(normalize(full_name).split()))
    user.email = email
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=["first_name", "last_name", "email"])
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.unit = unit
    profile.position = normalize(position)
    profile.phone = normalize(phone)
    profile.full_clean(exclude=["user"])
    profile.save()
    if role is not None and role != roles.primary_role(user):
        member_set_role(actor=actor, user=user, role=role)
    return user


@transaction.atomic
def member_set_role(*, actor: AbstractBaseUser, user: AbstractBaseUser, role: str) -> AbstractBaseUser:
    """Member or leader for organizers; organizer only by an admin (an organizer cannot make another)."""
    if not permissions.can_edit_member(actor, user) or not permissions.can_give_role(actor, role):
        raise PermissionDenied(_("You may not give this role."))
    roles.set_role(user, role)
    return user


@transaction.atomic
def member_set_active(*, actor: AbstractBaseUser, user: AbstractBaseUser, active: bool) -> AbstractBaseUser:
    """Deactivate or reactivate an account. A deactivated member cannot log in, and the sessions they have end: the
    authentication backend no longer returns an inactive user for a session, and their stored sessions are deleted."""
    if not permissions.can_edit_member(actor, user) or user.pk == actor.pk:
        raise PermissionDenied(_("You may not deactivate this account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        _end_sessions(user)
    return user


DATABASE_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


def _end_sessions(user) -> None:

    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return  # other stores cannot be searched by user; the backend's is_active check ends those sessions
    user_key = str(user.pk)
    stale = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_key
    ]
    Session.objects.filter(session_key__in=stale).delete()


def member_send_password_link(*, actor: AbstractBaseUser, user: AbstractBaseUser, base_url: str) -> bool:
    """E-mail the member a new link to set their password (the welcome e-mail once more)."""
    if not permissions.can_edit_member(actor, user) or not user.is_active:
        raise PermissionDenied
    if not user.email:
        raise ValidationError(_("This account has no e-mail address."))
    return emails.queue_welcome(user, base_url=base_url, key=f"welcome:{user.pk}:{uuid.uuid4().hex}")
