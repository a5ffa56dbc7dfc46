"""The admin's shared pieces, for every app's admin.py:

- ``SuperuserDeleteMixin``: only admins (superusers) delete. Organizers archive, withdraw or cancel instead.
- ``PreloadedAutocompleteMixin``: autocomplete widgets that label the current value from the objects a row already
  holds, so inline rows loaded with select_related/prefetch_related cost no query each.
- ``DomainModelAdmin``, ``DomainTabularInline``, ``DomainStackedInline``: the base classes with both.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.models import OutboxMessage
from core.roles import is_admin

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
        return is_admin(request.user)


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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by the services and sent by the worker; /outbox/ sends a failed one again."""

    list_display = ("subject", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject", "key", "recipients")
    readonly_fields = (
        "key",
        "recipients",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)
