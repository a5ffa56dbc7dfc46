"""Writes on accounts: a member's own profile, and the organizers creating member accounts one by one or from a file.

New members get an e-mail with a link to set their password, sent once the transaction has committed.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import emails
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


def _create_member(row: MemberRow, *, base_url: str) -> AbstractBaseUser:
    User = get_user_model()
    first_name, last_name = split_full_name(row.full_name)
    user = User(username=row.username, first_name=first_name, last_name=last_name, email=row.email)
    # A random password nobody knows: the member sets their own through the e-mailed link (or "forgot password").
    user.set_password(secrets.token_urlsafe(32))
    user.save()
    user.groups.add(Group.objects.get(name=roles.MEMBER))
    Profile.objects.update_or_create(
        user=user, defaults={"unit_id": row.unit_id, "position": row.position, "phone": row.phone}
    )
    emails.queue_welcome(user, base_url=base_url)
    return user


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
    return _create_member(row, base_url=base_url)


@transaction.atomic
def member_import(*, rows: list[MemberRow], base_url: str) -> list[AbstractBaseUser]:
    """Create every member of a checked file in one transaction: if any row is wrong now, nothing is saved."""
    if not rows:
        raise ValidationError(_("There is nobody to import."))
    _raise_row_errors(check_rows(rows))
    return [_create_member(row, base_url=base_url) for row in rows]


def _raise_row_errors(rows: list[MemberRow], *, single: bool = False) -> None:
    bad = [row for row in rows if row.errors]
    if not bad:
        return
    if single:
        raise ValidationError(bad[0].field_errors)
    raise ValidationError(
        [_("Line %(line)d: %(errors)s") % {"line": row.line, "errors": " ".join(row.errors)} for row in bad]
    )
