from django.contrib import admin

from core.admin import DomainModelAdmin, DomainTabularInline
from initiatives.models import Initiative, InitiativePhoto, InitiativeUpdate


class InitiativeUpdateInline(DomainTabularInline):
    model = InitiativeUpdate
    fields = ("created_at", "author", "previous_status", "status", "note", "evidence")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # progress and the lifecycle's steps go through the initiative's page (its services)


@admin.register(Initiative)
class InitiativeAdmin(DomainModelAdmin):
    list_display = ("name", "unit", "status", "starts_on", "ends_on", "decision_number")
    list_filter = ("status", "kind", "unit")
    search_fields = ("name", "content", "person_in_charge_name", "decision_number")
    date_hierarchy = "starts_on"
    list_select_related = ("unit",)
    autocomplete_fields = ("unit", "person_in_charge", "members", "conference", "directives")
    readonly_fields = ("status", "registered_by", "created_at", "updated_at")
    inlines = [InitiativeUpdateInline]


@admin.register(InitiativePhoto)
class InitiativePhotoAdmin(DomainModelAdmin):
    list_display = ("image", "update", "order")
    list_select_related = ("update__initiative",)
