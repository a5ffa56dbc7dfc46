from django.contrib import admin

from polls.models import Poll, PollOption, Survey, SurveyQuestion


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["question", "conference", "kind", "status", "opened_at", "closed_at"]
    list_filter = ["status", "kind", "conference"]
    # Opening, closing and votes go through the services (one open poll, the live version): not edited here.
    readonly_fields = ["status", "opened_at", "closed_at", "created_by"]
    inlines = [PollOptionInline]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["conference", "invitations_sent_at"]
    readonly_fields = ["invitations_sent_at"]
    inlines = [SurveyQuestionInline]
