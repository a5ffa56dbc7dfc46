import pytest

from tests.factories import UnitFactory, UserFactory, admin, leader, member, organizer

pytestmark = pytest.mark.django_db


def test_profile_page_requires_login(client):
    assert client.get("/accounts/profile/").url.startswith("/accounts/login/")


@pytest.mark.parametrize("make", [member, leader, organizer, admin])
def test_profile_page_edits_own_name_position_phone_but_not_the_unit(client, make):
    user = make()
    unit, other = UnitFactory(name="Văn phòng Sở"), UnitFactory(name="Phòng Cải cách hành chính")
    user.profile.unit = unit
    user.profile.save()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "Nguye\u0302\u0303n Văn",
            "last_name": "An",
            "email": "An.Nguyen@Example.org",
            "unit": other.pk,
            "position": "Chuyên viên",
            "phone": "0912 345 678",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    user.profile.refresh_from_db()
    assert user.get_full_name() == "Nguyễn Văn An"
    assert user.email == "an.nguyen@example.org"
    assert (user.profile.unit, user.profile.position, user.profile.phone) == (unit, "Chuyên viên", "0912 345 678")


def test_profile_page_shows_the_unit_and_liaison_posts_read_only(client):
    from conferences.services import liaison_appoint

    user = member()
    unit = UnitFactory(name="Văn phòng Sở")
    user.profile.unit = unit
    user.profile.save()
    liaison_appoint(unit=UnitFactory(name="Phòng Cải cách hành chính"), user=user, by=None)
    client.force_login(user)
    response = client.get("/accounts/profile/")
    assert "unit" not in response.context["form"].fields
    page = response.content.decode()
    assert "Văn phòng Sở" in page and "Phòng Cải cách hành chính" in page


def test_profile_page_only_ever_edits_the_logged_in_user(client):
    user, other = member(), member()
    client.force_login(user)
    client.post(
        "/accounts/profile/?user=" + str(other.pk),
        {"first_name": "Đổi", "last_name": "Tên", "email": "x@example.org", "pk": other.pk, "username": "hijack"},
    )
    other.refresh_from_db()
    user.refresh_from_db()
    assert other.first_name != "Đổi"
    assert user.first_name == "Đổi" and user.username != "hijack"


def test_profile_page_refuses_email_of_another_account(client, english):
    UserFactory(email="taken@example.org")
    user = member()
    client.force_login(user)
    response = client.post("/accounts/profile/", {"first_name": "A", "last_name": "B", "email": "TAKEN@example.org"})
    assert "Another account already uses this e-mail address." in response.content.decode()
    user.refresh_from_db()
    assert user.email != "taken@example.org"


@pytest.mark.parametrize(("field", "value"), [("email", "not-an-email"), ("email", ""), ("phone", "9" * 30)])
def test_profile_page_bad_input_is_form_error(client, field, value):
    user = member()
    client.force_login(user)
    data = {"first_name": "A", "last_name": "B", "email": "a@example.org", field: value}
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)


@pytest.mark.parametrize("size", [1, 30])
def test_profile_page_query_count_constant(client, django_assert_num_queries, size):
    for _ in range(size):
        UnitFactory()
    client.force_login(member())
    with django_assert_num_queries(7):  # with the e-mail notification settings
        client.get("/accounts/profile/")


def test_logging_out_says_so_on_the_next_page(client):
    client.force_login(member())
    response = client.post("/accounts/logout/", follow=True)
    assert response.wsgi_request.user.is_anonymous
    assert "Bạn đã đăng xuất." in response.content.decode()
    assert "Bạn đã đăng xuất." not in client.get("/").content.decode()  # said once
