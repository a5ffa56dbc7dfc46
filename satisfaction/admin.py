from django.contrib import admin

from core.admin import DomainModelAdmin
from satisfaction.models import Rating, Reopening


@admin.register(Rating)
class RatingAdmin(DomainModelAdmin):
    """Read-only: ratings are the authors' own words; the services keep their rules (one per concern, the period)."""

    list_display = ("question", "verdict", "rated_at", "changed_at")
    list_filter = ("verdict",)
    list_select_related = ("question__conference",)
    search_fields = ("question__title", "comment")
    readonly_fields = ("question", "author", "answer", "verdict", "comment", "rated_at", "changed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reopening)
class ReopeningAdmin(DomainModelAdmin):
    list_display = ("question", "reopened_by", "reopened_at")
    list_select_related = ("question__conference", "reopened_by")
    search_fields = ("question__title", "reason")
    readonly_fields = ("question", "reason", "reopened_by", "reopened_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
