from django.contrib import admin

from core.admin import DomainModelAdmin
from documents.models import IssuedDocument, NumberSequence, OrganizationProfile


@admin.register(OrganizationProfile)
class OrganizationProfileAdmin(DomainModelAdmin):
    list_display = ["issuing_body", "parent_body", "code", "place_name"]
    search_fields = ["issuing_body", "parent_body"]

    def has_add_permission(self, request):
        # The one record is made on /settings/organization/; the admin edits it.
        return False


class ReadOnlyAdmin(DomainModelAdmin):
    """Issued documents and their numbers are made by issuing only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number_text", "kind", "version", "conference", "issued_on", "issued_by"]
    list_filter = ["kind", "year"]
    search_fields = ["number_text", "conference__title"]
    list_select_related = ["conference", "issued_by"]


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ["code", "year", "last_number"]
    search_fields = ["code"]
