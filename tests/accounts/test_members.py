import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from core import roles
from tests.factories import UnitFactory, UserFactory, admin, leader, member, organizer

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.mark.parametrize("url", ["/accounts/members/", "/accounts/members/new/", "/accounts/members/import/"])
@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("member", 403), ("leader", 403), ("organizer", 200), ("admin", 200)]
)
def test_member_pages_permissions_per_role(client, url, role, expected):
    if role != "anonymous":
        client.force_login({"member": member, "leader": leader, "organizer": organizer, "admin": admin}[role]())
    response = client.get(url)
    assert response.status_code == expected
    if role == "anonymous":
        assert response.url.startswith("/accounts/login/")


def test_member_import_confirm_forbidden_to_members(client):
    client.force_login(member())
    assert client.post("/accounts/members/import/confirm/", {"token": "x"}).status_code == 403


def test_member_list_searches_and_shows_unit(client):
    unit = UnitFactory(name="Phòng Công chức", short_name="CC")
    found = member(username="nguyenvana")
    found.profile.unit = unit
    found.profile.save()
    member(username="tranthib")
    client.force_login(organizer())
    content = client.get("/accounts/members/", {"q": "nguyenva"}).content.decode()
    assert "nguyenvana" in content and "tranthib" not in content and "CC" in content


def test_member_list_paginates(client):
    for _ in range(30):
        member()
    client.force_login(organizer())
    response = client.get("/accounts/members/")
    assert len(response.context["members"]) == 25


@pytest.mark.parametrize("size", [1, 30])
def test_member_list_query_count_constant(client, django_assert_num_queries, size):
    for _ in range(size):
        user = member()
        user.profile.unit = UnitFactory()
        user.profile.save()
    client.force_login(organizer())
    with django_assert_num_queries(6):
        client.get("/accounts/members/")


def test_member_create_makes_member_and_sends_set_password_link(client, django_capture_on_commit_callbacks):
    unit = UnitFactory(name="Phòng Tổ chức")
    client.force_login(organizer())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/members/new/",
            {
                "username": "lethic",
                "full_name": "  Lê  Thị Cúc ",
                "email": "Cuc@Example.org",
                "unit": unit.pk,
                "position": "Chuyên viên",
                "phone": "0912345678",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="lethic")
    assert user.get_full_name() == "Lê Thị Cúc" and user.email == "cuc@example.org"
    assert list(user.groups.values_list("name", flat=True)) == [roles.MEMBER]
    assert user.profile.unit == unit and user.profile.position == "Chuyên viên"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["cuc@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    # the link lets the new member choose a password
    response = client.get(link, follow=True)
    set_url = response.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026"})
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-mới-2026")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "existing", "already taken"),
        ("username", "EXISTING", "already taken"),
        ("email", "used@example.org", "already uses the e-mail"),
        ("username", "có dấu cách", "may contain only"),
        ("email", "not-an-email", "valid email"),
        ("full_name", "   ", "required"),
        ("unit", "99999", "valid choice"),
    ],
)
def test_member_create_bad_input_is_a_form_error_and_creates_nothing(client, english, field, value, message):
    UserFactory(username="existing", email="used@example.org")
    unit = UnitFactory()
    client.force_login(organizer())
    data = {"username": "moi", "full_name": "Nguyễn Mới", "email": "moi@example.org", "unit": unit.pk}
    data[field] = value
    before = User.objects.count()
    response = client.post("/accounts/members/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before
    assert mail.outbox == []
