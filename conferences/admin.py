"""Django admin for the conferences app: IT staff's tool for everything.

The shared base classes are in core/admin.py.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from conferences import services
from conferences.models import AgendaItem, Conference, Liaison, Participant, Photo, Profile, Unit
from core.admin import DomainModelAdmin, DomainTabularInline, PreloadedRelationsForm, SlugOptionalMixin, count_related
from core.stale import claim_version

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
    # The lifecycle and publishing have rules (one step at a time, opening the concern window, the version that
    # refuses lost updates): they go through conference_transition and conference_set_published, the buttons on the
    # conference's page. A new conference starts as an unpublished draft.
    readonly_fields = ("status", "is_published", "created_by", "created_at", "updated_at")
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
        if change:
            # An edit page loaded before this change must not silently overwrite it.
            obj.version = claim_version(Conference, obj.pk, None, services.STALE_CONFERENCE)
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


class LiaisonAdminForm(PreloadedRelationsForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and cleaned_data.get("unit") and cleaned_data.get("user"):
            services.liaison_check(unit=cleaned_data["unit"], user=cleaned_data["user"])
        return cleaned_data


@admin.register(Liaison)
class LiaisonAdmin(DomainModelAdmin):
    """Appointing and ending an appointment go through the services; an appointment itself is not edited."""

    form = LiaisonAdminForm
    list_display = ("user", "unit", "appointed_at", "appointed_by")
    list_filter = ("unit",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name", "unit__short_name")
    list_select_related = ("user", "unit", "appointed_by")
    autocomplete_fields = ("user", "unit")
    fields = ("unit", "user", "appointed_at", "appointed_by")
    readonly_fields = ("appointed_at", "appointed_by")

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            form.instance = services.liaison_appoint(unit=obj.unit, user=obj.user, by=request.user)
            obj.pk = form.instance.pk

    def delete_model(self, request, obj):
        services.liaison_remove(liaison=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for liaison in queryset:
            services.liaison_remove(liaison=liaison, by=request.user)
