from datetime import datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from django.views.static import serve

from conferences.models import AgendaItem, Conference, Participant
from questions.models import Answer, Conclusion, Directive, Question

ACTIVE_STATUSES = (Conference.Status.OPEN, Conference.Status.IN_SESSION)


def _answered_questions():
    return (
        Question.objects.public()
        .filter(status=Question.Status.ANSWERED)
        .select_related("conference", "topic", "author", "author_unit")
        .annotate(last_answered_at=Max("answers__answered_at"))
    )


class HomeView(TemplateView):
    template_name = "conferences/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conferences = Conference.objects.published().select_related("organizer_unit")
        now = timezone.now()
        featured, featured_kind = (
            conferences.filter(status__in=ACTIVE_STATUSES).order_by("starts_at").first(),
            "current",
        )
        if featured is None:
            featured, featured_kind = conferences.filter(starts_at__gte=now).order_by("starts_at").first(), "next"
        if featured is None:
            featured, featured_kind = conferences.first(), "latest"
        context["featured"] = featured
        context["featured_kind"] = featured_kind
        context["recent_answered"] = _answered_questions().order_by("-last_answered_at")[:6]
        return context


class ConferenceListView(ListView):
    template_name = "conferences/conference_list.html"
    context_object_name = "conferences"
    paginate_by = 10

    def get_queryset(self):
        queryset = Conference.objects.visible_to(self.request.user).select_related("organizer_unit")
        year = self.request.GET.get("year", "")
        if year.isdigit():
            queryset = queryset.filter(starts_at__year=int(year))
        status = self.request.GET.get("status", "")
        if status in Conference.Status.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Conference.objects.visible_to(self.request.user)
        context["years"] = sorted({d.year for d in visible.dates("starts_at", "year")}, reverse=True)
        context["statuses"] = Conference.Status.choices
        context["selected_year"] = self.request.GET.get("year", "")
        context["selected_status"] = self.request.GET.get("status", "")
        return context


class ConferenceDetailView(DetailView):
    template_name = "conferences/conference_detail.html"
    context_object_name = "conference"

    def get_object(self, queryset=None):
        queryset = (
            Conference.objects.visible_to(self.request.user)
            .select_related("organizer_unit")
            .prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related("unit")),
                Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("presenter")),
                "photos",
            )
        )
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.object
        participants = sorted(conference.participants.all(), key=lambda p: (_role_rank(p.role), p.order, p.pk))
        context["agenda"] = agenda_timetable(conference)
        context["participant_groups"] = [
            (Participant.Role(role).label, list(members))
            for role, members in groupby(participants, key=lambda p: p.role)
        ]
        context["answered_questions"] = (
            _answered_questions()
            .filter(conference=conference)
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.filter(is_published=True).select_related("responder"),
                )
            )
            .order_by("-support_count", "submitted_at")
        )
        counts = dict(conference.questions.values_list("status").annotate(n=Count("id")).order_by())
        context["question_counts"] = [
            (label, counts.get(value, 0))
            for value, label in Question.Status.choices
            if value in (Question.Status.PENDING, Question.Status.APPROVED, Question.Status.ANSWERED)
        ]
        context["question_total"] = sum(counts.values())
        context["conclusion"] = _published_conclusion(conference)
        return context


def agenda_timetable(conference: Conference) -> list[tuple[AgendaItem, datetime | None]]:
    """Each agenda item with its start time: its own when given, else the previous start plus its duration."""
    rows, clock = [], conference.starts_at
    for item in conference.agenda_items.all():
        start = item.starts_at or clock
        rows.append((item, start))
        clock = start + timedelta(minutes=item.duration_minutes) if start and item.duration_minutes else None
    return rows


def _role_rank(role: str) -> int:
    return list(Participant.Role.values).index(role)


def _published_conclusion(conference: Conference) -> Conclusion | None:
    return (
        Conclusion.objects.filter(conference=conference, is_published=True)
        .select_related("signed_by")
        .prefetch_related(
            Prefetch(
                "directives",
                queryset=Directive.objects.select_related("lead_unit").prefetch_related("support_units"),
            )
        )
        .first()
    )


def media(request, path):
    """Uploaded files, when the app serves them itself (development, small installs); a web server does it better."""
    if not settings.SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
