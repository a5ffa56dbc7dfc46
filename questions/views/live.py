"""The live dialogue: the projector page, the feed it polls, and the organizers' console.

The feed answers 304 Not Modified while the queue's version (questions.live_feed) is unchanged: one query (the
conference by its slug, which also keeps the 404 of an unpublished conference exact) and no session access for an
anonymous projector or phone.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from conferences.models import Conference
from questions import live_feed, permissions, services
from questions.live_forms import LiveAnswerForm, LiveResponderForm
from questions.models import LiveState, Question
from questions.selectors import followup as followup_selectors

POLL_SECONDS = 4


# --- projector ------------------------------------------------------------------------------------------------------


def _qr_svg(url: str) -> str:
    key = f"live:qr:{url}"
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)
        cache.set(key, svg, timeout=24 * 3600)
    return svg


class LiveView(TemplateView):
    """The projector page (1920×1080): the concern on screen, the next ones, live counts and a QR code."""

    template_name = "questions/live/projector.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = permissions.get_conference_for_viewer(self.request.user, self.kwargs["slug"])
        etag = live_feed.etag_for(conference)
        submit_url = self.request.build_absolute_uri(reverse("short_submit", kwargs={"pk": conference.pk}))
        polls_url = self.request.build_absolute_uri(reverse("polls:list", kwargs={"slug": conference.slug}))
        # Once the dialogue has ended there is nothing left to send: no code inviting the hall to.
        invites = conference.status in Conference.Status.ACTIVE
        context.update(
            conference=conference,
            fragment=live_feed.render_fragment(conference, etag),
            etag=etag,
            feed_url=reverse("conference_questions:live_feed", kwargs={"slug": conference.slug}),
            poll_seconds=POLL_SECONDS,
            submit_url=submit_url,
            submit_path=reverse("conference_questions:new", kwargs={"slug": conference.slug}),
            submit_url_display=submit_url.split("://", 1)[-1],
            polls_url_display=polls_url.split("://", 1)[-1],
            qr_svg=_qr_svg(submit_url) if invites else "",
        )
        return context


@require_GET
def short_submit_link(request, pk: int):
    """The short address on the projector's QR code and caption: /s/<id>/ leads to the submission page."""
    conference = get_object_or_404(Conference.objects.published(), pk=pk)
    return redirect("conference_questions:new", slug=conference.slug)


@require_GET
def live_feed_view(request, slug: str):
    """The fragment the projector polls; 304 while nothing changed (ETag = the queue's version).

    A thousand phones poll a published conference: while its state and fragment are in the cache, the answer
    (304, or the cached 200) costs no query.
    """
    cached = live_feed.cached_etag(slug)
    if cached is not None:
        pk, etag = cached
        if live_feed.etag_matches(request.headers.get("If-None-Match", ""), etag):
            return _feed_response(HttpResponseNotModified(), etag, published=True)
        html = live_feed.cached_fragment(pk, etag)
        if html is not None:
            return _feed_response(HttpResponse(html), etag, published=True)
    conference = permissions.get_conference_for_viewer(request.user, slug)
    live_feed.remember(conference)
    etag = live_feed.etag_for(conference)
    if live_feed.etag_matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(live_feed.render_fragment(conference, etag))
    return _feed_response(response, etag, published=conference.is_published)


def _feed_response(response, etag: str, *, published: bool):
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache" if published else "no-cache, private"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


# --- console --------------------------------------------------------------------------------------------------------


CONSOLE_LIST_LENGTH = 50


class LiveConsoleView(LoginRequiredMixin, TemplateView):
    """The organizers' console: choose the concern on screen, mark it answered, skip, pin, hide."""

    template_name = "questions/live/console.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = permissions.get_conference_for_moderator(self.request.user, self.kwargs["slug"])
        approved = Question.objects.filter(conference=conference, status=Question.Status.APPROVED).select_related(
            "conference", "topic", "author", "author_unit", "live_responder"
        )
        # A national dialogue approves thousands: the console shows the head of the queue (the room reaches no
        # further in one session) and the counts, from one grouped query.
        on_screen = approved.filter(live_state=LiveState.ON_SCREEN).first()
        ordered = approved.order_by("-live_pinned", "-support_count", "submitted_at", "pk")
        queue = list(ordered.filter(live_state=LiveState.QUEUED)[:CONSOLE_LIST_LENGTH])
        set_aside = list(ordered.filter(live_state__in=(LiveState.SKIPPED, LiveState.HIDDEN))[:CONSOLE_LIST_LENGTH])
        counts = Question.objects.filter(conference=conference).aggregate(
            queued=Count("pk", filter=Q(status=Question.Status.APPROVED, live_state=LiveState.QUEUED)),
            set_aside=Count(
                "pk",
                filter=Q(status=Question.Status.APPROVED, live_state__in=(LiveState.SKIPPED, LiveState.HIDDEN)),
            ),
            answered=Count("pk", filter=Q(status=Question.Status.ANSWERED)),
        )
        responder_form = LiveResponderForm(
            conference=conference, initial={"responder": on_screen.live_responder_id if on_screen else None}
        )
        answer_form = LiveAnswerForm(
            conference=conference,
            initial={"responder": on_screen.live_responder_id if on_screen else None},
            auto_id="id_answer_%s",
        )
        context.update(
            conference=conference,
            in_session=conference.status == Conference.Status.IN_SESSION,
            on_screen=on_screen,
            queue=queue,
            queue_total=counts["queued"],
            set_aside=set_aside,
            set_aside_total=counts["set_aside"],
            responder_form=responder_form,
            answer_form=answer_form,
            has_responders=followup_selectors.responders(conference=conference).exists(),
            answered_count=counts["answered"],
            projector_url=reverse("conference_questions:live", kwargs={"slug": conference.slug}),
            start_url=reverse("conferences:action", kwargs={"slug": conference.slug, "action": "start"}),
        )
        return context


def _console_url(conference: Conference) -> str:
    return reverse("conference_questions:live_console", kwargs={"slug": conference.slug})


def _form_data(form) -> dict:
    if not form.is_valid():
        raise ValidationError([error for errors in form.errors.values() for error in errors])
    return form.cleaned_data


def _act_screen(request, conference, question):
    data = _form_data(LiveResponderForm(request.POST, conference=conference))
    services.live_set_now_answering(
        conference=conference, question=question, moderator=request.user, responder=data["responder"]
    )
    return _("%(reference)s is on screen.")


def _act_answered(request, conference, question):
    data = _form_data(LiveAnswerForm(request.POST, conference=conference))
    services.live_mark_answered(
        conference=conference,
        question=question,
        responder=data["responder"],
        recorded_by=request.user,
        note=data["note"],
    )
    return _("%(reference)s is marked answered.")


def _simple(service, message):
    def act(request, conference, question):
        service(conference=conference, question=question, moderator=request.user)
        return message()

    return act


ACTIONS = {
    "screen": _act_screen,
    "answered": _act_answered,
    "clear": _simple(services.live_clear_screen, lambda: _("%(reference)s is off the screen, back in the queue.")),
    "skip": _simple(services.live_skip, lambda: _("%(reference)s is skipped.")),
    "pin": _simple(services.live_pin, lambda: _("%(reference)s is pinned to the top of the queue.")),
    "unpin": _simple(services.live_unpin, lambda: _("%(reference)s is no longer pinned.")),
    "hide": _simple(services.live_hide, lambda: _("%(reference)s is hidden from the projector.")),
    "unhide": _simple(services.live_unhide, lambda: _("%(reference)s is back in the queue.")),
}


@require_POST
@login_required
def live_console_action(request, slug: str, pk: int, action: str):
    """One console action on one concern, through the live services; back to the console with a message."""
    if action not in ACTIONS:
        raise Http404
    conference = permissions.get_conference_for_moderator(request.user, slug)
    question = get_object_or_404(Question.objects.select_related("conference"), pk=pk, conference=conference)
    try:
        message = ACTIONS[action](request, conference, question)
    except ValidationError as error:
        messages.error(request, f"{question.reference}: {' '.join(error.messages)}")
    else:
        messages.success(request, message % {"reference": question.reference})
    return HttpResponseRedirect(_console_url(conference) + (f"#q{question.pk}" if action != "answered" else ""))
