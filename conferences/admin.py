"""Django admin for the conferences app: IT staff's tool for everything (design §2).

The shared pieces live here and questions/admin.py imports them:

- ``SuperuserDeleteMixin``: only superusers delete. Organizers archive, withdraw or cancel instead.
- ``PreloadedAutocompleteMixin``: autocomplete widgets that label the current value from the objects a row already
  holds, so inline rows loaded with select_related/prefetch_related cost no query each.
- ``DomainModelAdmin``, ``DomainTabularInline``, ``DomainStackedInline``: the base classes with both.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from conferences.models import AgendaItem, Conference, Participant, Photo, Profile, Unit

SLUG_HELP_TEXT = _("Leave blank to make it from the title.")


def count_related(model, relation: str):
    """COUNT of the rows behind a reverse foreign key, as a correlated subquery.

    Unlike ``Count(relation)`` it does not multiply rows when a changelist counts two relations at once.
    """
    rel = model._meta.get_field(relation)
    fk_name = rel.field.name
    counts = (
        rel.related_model._base_manager.filter(**{fk_name: OuterRef("pk")})
        .order_by()
        .values(fk_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


class SuperuserDeleteMixin:
    """Deleting records in the admin is for superusers only; everybody else has no delete button or action."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class PreloadedAutocompleteMixin:
    """Autocomplete widget that labels its selected values from objects handed to it (``preloaded``).

    Django's autocomplete widget runs one query per rendered form to find the label of the selected value, so an
    inline with N rows costs N queries per foreign key. ``PreloadedRelationsForm`` fills ``preloaded`` from the
    related objects its instance already carries; the widget falls back to the query for anything else (for
    example a value the user just changed on a form that came back with errors).
    """

    preloaded: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.preloaded is None or not set(selected) <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in dict.fromkeys(selected):
            options.append(self.create_option(name, pk, self.preloaded[pk], True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteSelect(PreloadedAutocompleteMixin, AutocompleteSelect):
    pass


class PreloadedAutocompleteSelectMultiple(PreloadedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class PreloadedRelationsForm(forms.ModelForm):
    """Hands the related objects cached on the instance (select_related / prefetch_related) to its autocompletes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # unwrap RelatedFieldWidgetWrapper
            if not isinstance(widget, PreloadedAutocompleteMixin):
                continue
            model_field = self.instance._meta.get_field(name)
            if model_field.many_to_many:
                prefetched = getattr(self.instance, "_prefetched_objects_cache", {})
                if name not in prefetched:
                    continue
                related = list(prefetched[name])
            elif model_field.is_cached(self.instance):
                cached = model_field.get_cached_value(self.instance)
                related = [cached] if cached is not None else []
            else:
                continue
            widget.preloaded = {str(field.prepare_value(obj)): field.label_from_instance(obj) for obj in related}


class PreloadedAutocompleteAdminMixin:
    """Use the preloading autocomplete widgets for every field in ``autocomplete_fields``."""

    form = PreloadedRelationsForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DomainModelAdmin(SuperuserDeleteMixin, PreloadedAutocompleteAdminMixin, SimpleHistoryAdmin):
    """The "History" button shows the audit trail (django-simple-history) of models that carry one.

    Reverting to an earlier record is off: it would write back an old ``version`` and defeat the stale-save check.
    Models without an audit trail (supports, reminder log, earlier answer texts) keep Django's own history page.
    """

    list_per_page = 50

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not self._has_audit_trail():
            self.object_history_template = None

    def _has_audit_trail(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def history_view(self, request, object_id, extra_context=None):
        if not self._has_audit_trail():
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class DomainTabularInline(SuperuserDeleteMixin, PreloadedAutocompleteAdminMixin, admin.TabularInline):
    extra = 0


class DomainStackedInline(SuperuserDeleteMixin, PreloadedAutocompleteAdminMixin, admin.StackedInline):
    extra = 0


class SlugOptionalMixin:
    """The model makes the slug from the title/name in save() when it is blank; say so on the form."""

    def get_form(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {"slug": SLUG_HELP_TEXT, **(kwargs.get("help_texts") or {})}
        return super().get_form(request, obj, **kwargs)


# --- units and people ------------------------------------------------------------------------------------------


@admin.register(Unit)
class UnitAdmin(DomainModelAdmin):
    list_display = ("name", "short_name", "kind", "parent", "is_active", "people")
    list_filter = ("kind", "is_active")
    list_editable = ("is_active",)
    search_fields = ("name", "short_name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    fields = ("name", "short_name", "kind", "parent", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(profile_count=count_related(Unit, "profiles"))

    @admin.display(description=_("people"), ordering="profile_count")
    def people(self, unit):
        return unit.profile_count


@admin.register(Profile)
class ProfileAdmin(DomainModelAdmin):
    list_display = ("user", "full_name", "unit", "position", "phone")
    list_filter = ("unit",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "position", "phone")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")

    @admin.display(description=_("full name"), ordering="user__last_name")
    def full_name(self, profile):
        return profile.user.get_full_name()


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
        return readonly if request.user.is_superuser else (*readonly, *self.SUPERUSER_ONLY_FIELDS)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
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


# --- conferences -----------------------------------------------------------------------------------------------


class ParticipantInline(DomainTabularInline):
    model = Participant
    fields = ("order", "full_name", "position", "unit", "user", "role", "attended")
    autocomplete_fields = ("unit", "user")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "user")


class AgendaItemInline(DomainTabularInline):
    model = AgendaItem
    fields = ("order", "starts_at", "duration_minutes", "title", "kind", "presenter", "description")
    autocomplete_fields = ("presenter",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("presenter")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "description":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 30})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.display(description=_("preview"))
def photo_thumbnail(photo):
    if not photo.image:
        return "—"
    return format_html('<img src="{}" alt="{}" width="96" loading="lazy">', photo.image.url, photo.caption)


class PhotoInline(DomainTabularInline):
    model = Photo
    fields = ("thumbnail", "image", "caption", "order")
    readonly_fields = ("thumbnail",)

    @admin.display(description=_("preview"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo) if photo.pk else "—"


@admin.register(Conference)
class ConferenceAdmin(SlugOptionalMixin, DomainModelAdmin):
    list_display = (
        "title",
        "starts_at",
        "venue",
        "status",
        "is_published",
        "organizer_unit",
        "participant_count",
        "question_count",
    )
    list_filter = ("status", "is_published", "organizer_unit")
    search_fields = ("title", "slug", "theme", "venue")
    date_hierarchy = "starts_at"
    list_select_related = ("organizer_unit",)
    autocomplete_fields = ("organizer_unit",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "theme", "description", "venue", "organizer_unit")}),
        (_("Time"), {"fields": ("starts_at", "ends_at", "questions_open_at", "questions_close_at")}),
        (_("Publication"), {"fields": ("status", "is_published")}),
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (ParticipantInline, AgendaItemInline, PhotoInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_count=count_related(Conference, "participants"),
                question_count=count_related(Conference, "questions"),
            )
        )

    @admin.display(description=_("participants"), ordering="participant_count")
    def participant_count(self, conference):
        return conference.participant_count

    @admin.display(description=_("concerns"), ordering="question_count")
    def question_count(self, conference):
        return conference.question_count

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Participant)
class ParticipantAdmin(DomainModelAdmin):
    list_display = ("full_name", "position", "conference", "unit", "role", "attended", "order")
    list_filter = ("role", "attended", "conference")
    search_fields = ("full_name", "position", "user__username", "unit__name", "conference__title")
    list_select_related = ("conference", "unit", "user")
    autocomplete_fields = ("conference", "unit", "user")
    fields = ("conference", "full_name", "position", "unit", "user", "role", "attended", "order")


@admin.register(AgendaItem)
class AgendaItemAdmin(DomainModelAdmin):
    list_display = ("__str__", "conference", "kind", "starts_at", "duration_minutes", "presenter")
    list_filter = ("kind", "conference")
    search_fields = ("title", "description", "conference__title", "presenter__full_name")
    date_hierarchy = "starts_at"
    list_select_related = ("conference", "presenter")
    autocomplete_fields = ("conference", "presenter")
    fields = ("conference", "order", "starts_at", "duration_minutes", "title", "kind", "presenter", "description")


@admin.register(Photo)
class PhotoAdmin(DomainModelAdmin):
    list_display = ("thumbnail", "caption", "conference", "order")
    list_display_links = ("thumbnail", "caption")
    list_filter = ("conference",)
    search_fields = ("caption", "conference__title")
    list_select_related = ("conference",)
    autocomplete_fields = ("conference",)
    fields = ("conference", "image", "thumbnail", "caption", "order")
    readonly_fields = ("thumbnail",)

    @admin.display(description=_("preview"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo)
