"""Django admin for accounts: Django's user admin with the profile (unit, position, phone) on the same page."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from conferences.models import Profile
from core.admin import DomainStackedInline


class ProfileInline(DomainStackedInline):
    model = Profile
    fields = ("unit", "position", "phone")
    autocomplete_fields = ("unit",)
    can_delete = False
    extra = 1
    max_num = 1
    verbose_name_plural = _("profile")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, plus the profile (unit, position, phone) on the same page."""

    inlines = (ProfileInline,)
    list_display = (*DjangoUserAdmin.list_display, "unit")
    list_select_related = ("profile__unit",)
    search_fields = (*DjangoUserAdmin.search_fields, "profile__unit__name")

    # Organizers hold auth.change_user to manage accounts; without these limits a staff organizer could make
    # themselves superuser or reset an administrator's password.
    SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if permissions.can_grant_admin_rights(request.user):
            return readonly
        return (*readonly, *self.SUPERUSER_ONLY_FIELDS)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not permissions.can_change_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_inline_instances(self, request, obj=None):
        # A new user gets its profile from the post_save signal; an inline on the add page would make a second one.
        # After "Save" the admin continues on the change page, where the profile is edited.
        if obj is None:
            return []
        return super().get_inline_instances(request, obj)

    @admin.display(description=_("unit"), ordering="profile__unit__name")
    def unit(self, user):
        profile = getattr(user, "profile", None)
        return profile.unit if profile and profile.unit else self.get_empty_value_display()
