"""Django admin for concerns, answers, conclusions and directives.

Moderation from the admin goes through questions.services, the same functions the moderation queue uses.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    DomainModelAdmin,
    DomainStackedInline,
    DomainTabularInline,
    SlugOptionalMixin,
    count_related,
)
from questions import services
from questions.models import (
    REFERENCE_RE,
    Answer,
    AnswerDraft,
    AnswerRevision,
    Conclusion,
    Directive,
    DirectiveReminder,
    DirectiveUpdate,
    Question,
    Support,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(SlugOptionalMixin, DomainModelAdmin):
    list_display = ("name", "slug", "order", "is_active", "question_count")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "description")
    fields = ("name", "slug", "description", "order", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=count_related(Topic, "questions"))

    @admin.display(description=_("concerns"), ordering="question_count")
    def question_count(self, topic):
        return topic.question_count


# --- concerns --------------------------------------------------------------------------------------------------


class AnswerInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        added = [f for f in self.extra_forms if f.has_changed() and not getattr(f, "cleaned_data", {}).get("DELETE")]
        if added and self.instance.status not in Question.Status.PUBLIC:
            raise ValidationError(_("Only an approved concern can be answered."), code="not_public")


class AnswerInline(DomainStackedInline):
    model = Answer
    formset = AnswerInlineFormSet
    fields = (("responder", "recorded_by"), ("kind", "answered_at", "is_published"), "body")
    autocomplete_fields = ("responder", "recorded_by")

    def get_queryset(self, request):
        # The rows' titles (str) name the concern.
        return super().get_queryset(request).select_related("question", "responder", "recorded_by")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        help_text=_("The authors see this reason."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
    )


def _moderate(queryset, act) -> tuple[int, int]:
    """Call ``act(question)`` for each concern; a ValidationError from the service means it was skipped."""
    done = skipped = 0
    for question in queryset:
        try:
            act(question)
        except ValidationError:
            skipped += 1
        else:
            done += 1
    return done, skipped


@admin.register(Question)
class QuestionAdmin(DomainModelAdmin):
    list_display = (
        "title",
        "reference_number",
        "conference",
        "status",
        "topic",
        "author",
        "is_anonymous",
        "support_count",
        "submitted_at",
    )
    list_filter = ("status", "conference", "topic", "is_anonymous")
    search_fields = ("title", "body", "author__username", "author__first_name", "author__last_name")
    search_help_text = _("Title, content, author's username or name, or a reference such as HNDT-2026-0042.")
    date_hierarchy = "submitted_at"
    list_select_related = ("conference", "topic", "author")
    autocomplete_fields = ("conference", "author", "author_unit", "topic", "addressed_to_unit")
    # Moderation is the services' (question_approve, question_reject, question_merge): the actions below and the
    # moderation queue, which stamp the moderator, keep the version and tell the author. A new concern is pending.
    readonly_fields = (
        "reference_number",
        "status",
        "rejection_reason",
        "duplicate_of",
        "support_count",
        "submitted_at",
        "moderated_at",
        "moderated_by",
    )
    fieldsets = (
        (None, {"fields": ("reference_number", "conference", "topic", "addressed_to_unit", "title", "body")}),
        (_("Author"), {"fields": ("author", "author_unit", "is_anonymous", "submitted_at")}),
        (
            _("Moderation"),
            {
                "fields": (
                    "status",
                    "rejection_reason",
                    "duplicate_of",
                    "moderated_at",
                    "moderated_by",
                    "support_count",
                )
            },
        ),
    )
    inlines = (AnswerInline,)
    actions = ("approve_selected", "reject_selected")

    @admin.display(description=_("reference"), ordering="pk")
    def reference_number(self, question):
        return question.reference if question.pk else "—"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = REFERENCE_RE.fullmatch(search_term.strip())
        if match:
            results |= queryset.filter(pk=int(match["pk"]))
        return results, may_have_duplicates

    def save_formset(self, request, form, formset, change):
        if formset.model is not Answer:
            return super().save_formset(request, form, formset, change)
        answers = formset.save(commit=False)
        for answer in formset.deleted_objects:
            answer.delete()
        unpublished_added = False
        for answer in answers:
            if answer.recorded_by_id is None:
                answer.recorded_by = request.user
            if answer.pk is None and answer.is_published:
                # Recorded as the live console records it: the concern becomes answered, its author is told.
                services.answer_record(
                    question=form.instance,
                    responder=answer.responder,
                    recorded_by=answer.recorded_by,
                    body=answer.body,
                    kind=answer.kind,
                    answered_at=answer.answered_at,
                )
            else:
                unpublished_added = unpublished_added or answer.pk is None
                answer.save()
        # An answer kept unpublished answers the concern all the same, without telling the author yet.
        question = form.instance
        if unpublished_added and question.status == Question.Status.APPROVED:
            question.status = Question.Status.ANSWERED
            question.save(update_fields=["status"])

    @admin.action(description=_("Approve selected concerns"), permissions=["change"])
    def approve_selected(self, request, queryset):
        approved, skipped = _moderate(
            queryset, lambda question: services.question_approve(question=question, moderator=request.user)
        )
        self._report(
            request,
            ngettext("Approved %(count)d concern.", "Approved %(count)d concerns.", approved),
            approved,
            skipped,
        )

    @admin.action(description=_("Reject selected concerns"), permissions=["change"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "post" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            rejected, skipped = _moderate(
                queryset,
                lambda question: services.question_reject(question=question, moderator=request.user, reason=reason),
            )
            self._report(
                request,
                ngettext("Rejected %(count)d concern.", "Rejected %(count)d concerns.", rejected),
                rejected,
                skipped,
            )
            return None  # back to the changelist
        queryset = queryset.select_related("conference", "author")
        pending = [question for question in queryset if question.status == Question.Status.PENDING]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject selected concerns"),
            "subtitle": None,
            "opts": self.model._meta,
            "queryset": queryset,
            "pending": pending,
            "skipped": [question for question in queryset if question.status != Question.Status.PENDING],
            "form": form,
            "action_name": "reject_selected",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/questions/question/reject_selected_confirmation.html", context)

    def _report(self, request, text, done, skipped):
        self.message_user(request, text % {"count": done}, messages.SUCCESS if done else messages.INFO)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Skipped %(count)d concern that is not pending.",
                    "Skipped %(count)d concerns that are not pending.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(Support)
class SupportAdmin(DomainModelAdmin):
    """Supports are made by members through questions.services.support_toggle; here they are only read."""

    list_display = ("question", "conference", "user", "created_at")
    list_filter = ("question__conference",)
    search_fields = ("question__title", "user__username", "user__first_name", "user__last_name")
    date_hierarchy = "created_at"
    list_select_related = ("question__conference", "user")
    fields = ("question", "user", "created_at")
    readonly_fields = ("question", "user", "created_at")

    @admin.display(description=_("conference"), ordering="question__conference__starts_at")
    def conference(self, support):
        return support.question.conference

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # A superuser may still delete (a spam account, say); the concerns' counters follow.
    def delete_model(self, request, obj):
        self.delete_queryset(request, Support.objects.filter(pk=obj.pk))

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        question_ids = set(queryset.values_list("question_id", flat=True))
        super().delete_queryset(request, queryset)
        Question.objects.filter(pk__in=question_ids).update(support_count=count_related(Question, "supports"))


@admin.register(Answer)
class AnswerAdmin(DomainModelAdmin):
    list_display = ("question", "conference", "responder", "kind", "answered_at", "is_published")
    list_filter = ("kind", "is_published", "question__conference")
    search_fields = ("body", "question__title", "responder__full_name")
    date_hierarchy = "answered_at"
    list_select_related = ("question__conference", "responder")
    autocomplete_fields = ("question", "responder", "recorded_by")
    fields = ("question", "responder", "recorded_by", "kind", "answered_at", "is_published", "body")

    @admin.display(description=_("conference"), ordering="question__conference__starts_at")
    def conference(self, answer):
        return answer.question.conference

    def save_model(self, request, obj, form, change):
        if not change and obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


# --- conclusions and directives --------------------------------------------------------------------------------


class DirectiveInline(DomainStackedInline):
    model = Directive
    fields = (
        ("order", "deadline", "status", "progress"),
        "content",
        ("lead_unit", "support_units"),
        "related_questions",
    )
    # Status and progress follow the progress updates (directive_update_post), never a direct edit.
    readonly_fields = ("status", "progress")
    autocomplete_fields = ("lead_unit", "support_units", "related_questions")
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("lead_unit")
            .prefetch_related("support_units", "related_questions")
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "content":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 100})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Conclusion)
class ConclusionAdmin(DomainModelAdmin):
    list_display = ("__str__", "number", "issued_on", "signed_by", "is_published", "directive_count")
    list_filter = ("is_published",)
    search_fields = ("number", "body", "conference__title")
    date_hierarchy = "issued_on"
    list_select_related = ("conference", "signed_by")
    autocomplete_fields = ("conference", "signed_by")
    fields = ("conference", "number", "issued_on", "signed_by", "is_published", "body")
    # Publishing goes through conclusion_publish (the conclusion's page): it refuses an empty conclusion and raises
    # the version, so an edit page loaded before does not overwrite it.
    readonly_fields = ("is_published",)
    inlines = (DirectiveInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(directive_count=count_related(Conclusion, "directives"))

    @admin.display(description=_("directives"), ordering="directive_count")
    def directive_count(self, conclusion):
        return conclusion.directive_count


class DirectiveUpdateInline(DomainTabularInline):
    """The directive's progress history, read-only: an update is posted through directive_update_post, which carries
    its status and progress onto the directive; one added here would not."""

    model = DirectiveUpdate
    fields = ("created_at", "author", "status", "progress", "note", "evidence")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The rows' titles (str) name the directive.
        return super().get_queryset(request).select_related("directive", "author")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "note":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("1", _("Yes")), ("0", _("No")))

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.overdue()
        if self.value() == "0":
            return queryset.exclude(pk__in=Directive.objects.overdue().values("pk"))
        return queryset


@admin.register(Directive)
class DirectiveAdmin(DomainModelAdmin):
    list_display = (
        "conference",
        "order",
        "short_content",
        "lead_unit",
        "deadline",
        "status",
        "progress",
        "overdue",
    )
    list_display_links = ("order", "short_content")
    list_filter = ("status", OverdueFilter, "lead_unit", "deadline", "conclusion__conference")
    search_fields = ("content", "lead_unit__name", "lead_unit__short_name", "conclusion__number")
    date_hierarchy = "deadline"
    list_select_related = ("conclusion__conference", "lead_unit")
    autocomplete_fields = ("conclusion", "lead_unit", "support_units", "related_questions", "carried_from")
    # Status and progress follow the progress updates (directive_update_post), never a direct edit.
    readonly_fields = ("status", "progress", "completed_at")
    fieldsets = (
        (None, {"fields": ("conclusion", "order", "content", "lead_unit", "support_units", "deadline")}),
        (_("Follow-up"), {"fields": ("status", "progress", "completed_at")}),
        (_("Links"), {"fields": ("related_questions", "carried_from")}),
    )
    inlines = (DirectiveUpdateInline,)

    @admin.display(description=_("conference"), ordering="conclusion__conference__starts_at")
    def conference(self, directive):
        return directive.conclusion.conference

    @admin.display(description=_("content"), ordering="content")
    def short_content(self, directive):
        return Truncator(directive.content).chars(90)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, directive):
        return directive.is_overdue


@admin.register(DirectiveUpdate)
class DirectiveUpdateAdmin(DomainModelAdmin):
    """Read-only, as on the directive's page (see DirectiveUpdateInline); a superuser may still delete one."""

    list_display = ("directive", "conference", "status", "progress", "author", "created_at", "has_evidence")
    list_filter = ("status", "directive__lead_unit", "directive__conclusion__conference")
    search_fields = ("note", "directive__content", "author__username", "author__last_name")
    date_hierarchy = "created_at"
    list_select_related = ("directive__conclusion__conference", "author")
    autocomplete_fields = ("directive", "author")
    fields = ("directive", "author", "status", "progress", "note", "evidence", "created_at")
    readonly_fields = fields

    @admin.display(description=_("conference"), ordering="directive__conclusion__conference__starts_at")
    def conference(self, update):
        return update.directive.conclusion.conference

    @admin.display(description=_("evidence"), boolean=True)
    def has_evidence(self, update):
        return bool(update.evidence)

    def has_add_permission(self, request):
        return False


# --- follow-up records: read-only history -----------------------------------------------------------------


@admin.register(AnswerRevision)
class AnswerRevisionAdmin(DomainModelAdmin):
    list_display = ("answer", "kind", "answered_at", "corrected_by", "corrected_at")
    list_select_related = ("answer__question", "corrected_by")
    search_fields = ("body", "answer__question__title")
    readonly_fields = ("answer", "body", "responder", "kind", "answered_at", "corrected_by", "corrected_at")

    def has_add_permission(self, request):
        return False


@admin.register(AnswerDraft)
class AnswerDraftAdmin(DomainModelAdmin):
    """Drafts are written and sent through the draft page (answer_draft_save), which checks who may; here they are read,
    with their history."""

    list_display = ("question", "unit", "written_by", "updated_at", "ready_at", "answer")
    list_filter = ("unit",)
    list_select_related = ("question", "unit", "written_by", "answer")
    search_fields = ("body", "question__title")
    readonly_fields = ("question", "body", "unit", "written_by", "created_at", "updated_at", "ready_at", "answer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DirectiveReminder)
class DirectiveReminderAdmin(DomainModelAdmin):
    list_display = ("directive", "unit", "kind", "sent_on")
    list_filter = ("kind", "sent_on", "unit")
    list_select_related = ("directive", "unit")
    readonly_fields = ("directive", "unit", "kind", "sent_on", "created_at")
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False
