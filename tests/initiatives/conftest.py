import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conferences import services as conference_services
from tests.factories import InitiativeFactory, UnitFactory, leader, member, organizer

TODAY = dt.date(2026, 6, 15)


def member_of(unit, **kwargs):
    user = member(**kwargs)
    user.profile.unit = unit
    user.profile.save()
    return user


def png(name="anh.png", size=(40, 30), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def ten_megabyte_photo(name="anh-lon.jpg") -> SimpleUploadedFile:
    """A real JPEG padded to 10 MB (a comment block after the picture's data)."""
    small = png(name, fmt="JPEG").read()
    return SimpleUploadedFile(name, small + b"\0" * (10 * 1024 * 1024 - len(small)), content_type="image/jpeg")


@pytest.fixture
def people(db):
    """A branch (chi đoàn) with a member and an appointed liaison, another unit with its own member, and the staff."""
    branch, other_unit = UnitFactory(name="Chi đoàn Sở Nội vụ", kind="youth_branch"), UnitFactory(name="Văn phòng Sở")
    liaison = member(username="lienlac")
    conference_services.liaison_appoint(unit=branch, user=liaison, by=None)
    return {
        "branch": branch,
        "other_unit": other_unit,
        "branch_member": member_of(branch, username="doanvien"),
        "liaison": liaison,
        "other_member": member_of(other_unit, username="khac"),
        "no_unit": member(username="chuaco"),
        "leader": leader(username="lanhdao"),
        "organizer": organizer(username="bantochuc"),
    }


@pytest.fixture
def initiative(people):
    return InitiativeFactory(
        unit=people["branch"], starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 9, 30), name="Số hóa tài liệu"
    )
