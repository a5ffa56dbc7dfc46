"""/conferences/<slug>/polls/ (the live polls: vote, results, and the organizers' preparation) and
/conferences/<slug>/survey/ (the closing survey: answer it, define it, read its results)."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from core.forms import add_service_errors
from polls import permissions, selectors, services
from polls.forms import PollForm, SurveyForm, SurveyQuestionFormSet, SurveyResponseForm, VoteForm
from polls.models import Poll, SurveyResponse

BROWSER_COOKIE = "poll_browser"
BROWSER_SALT = "polls.browser"
BROWSER_MAX_AGE = 365 * 24 * 3600


def browser_key(request) -> str:
    """The random id a visitor's browser keeps in a signed cookie (empty until it first votes)."""
    return request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_SALT) or ""


def _polls_url(conference) -> str:
    return reverse("polls:list", kwargs={"slug": conference.slug})


def _console_url(conference) -> str:
    return reverse("conference_questions:live_console", kwargs={"slug": conference.slug})


class PollListView(TemplateView):
    """The open poll with its ballot, the results of the polls put to the room, and (organizers) the prepared ones."""

    template_name = "polls/poll_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        conference = permissions.get_conference_for_poll_reader(user, self.kwargs["slug"])
        manager = permissions.can_manage_polls(user)
        polls = selectors.conference_polls(conference=conference, include_prepared=manager)
        shown = [poll for poll in polls if poll.status != Poll.Status.PREPARED]
        results = {result.poll.pk: result for result in selectors.poll_results(shown)}
        open_poll = next((poll for poll in shown if poll.is_open), None)
        key = "" if user.is_authenticated else browser_key(self.request)
        current_vote = services.voter_has_voted(poll=open_poll, user=user, browser_key=key) if open_poll else None
        vote_form = None
        if open_poll and permissions.can_vote(user, open_poll):
            initial = {}
            if current_vote is not None:
                chosen = [option.pk for option in current_vote.options.all()]
                initial = {
                    "rating": current_vote.rating,
                    "options": chosen if open_poll.kind == "multiple" else (chosen[0] if chosen else None),
                }
            vote_form = VoteForm(poll=open_poll, initial=initial, auto_id=f"id_poll{open_poll.pk}_%s")
        survey = selectors.conference_survey(conference=conference)
        context.update(
            conference=conference,
            open_poll=open_poll,
            open_result=results.get(open_poll.pk) if open_poll else None,
            vote_form=vote_form,
            current_vote=current_vote,
            closed_results=[results[poll.pk] for poll in shown if poll.status == Poll.Status.CLOSED],
            prepared=[poll for poll in polls if poll.status == Poll.Status.PREPARED],
            survey=survey,
            invited=survey is not None and permissions.is_invited_to_survey(user, conference),
            console_url=_console_url(conference),
        )
        return context


class _PollFormView(LoginRequiredMixin, FormView):
    form_class = PollForm
    template_name = "polls/poll_form.html"
    poll = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.setup_objects()
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self):
        self.conference = permissions.get_conference_for_poll_manager(self.request.user, self.kwargs["slug"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.poll}

    def get_context_data(self, **kwargs):
        return super().get_context_data(conference=self.conference, poll=self.poll, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        fields = {
            "question": data["question"],
            "kind": data["kind"],
            "allow_anonymous": data["allow_anonymous"],
            "options": form.option_lines(),
        }
        try:
            self.save(fields)
        except ValidationError as error:
            if getattr(error, "code", "") in (
                "too_few_options",
                "too_many_options",
                "option_too_long",
                "duplicate_options",
            ):
                form.add_error("options", error)
            else:
                add_service_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(_polls_url(self.conference) + "#prepared")


class PollCreateView(_PollFormView):
    def save(self, fields):
        services.poll_create(conference=self.conference, by=self.request.user, **fields)
        messages.success(self.request, _("The poll is prepared. Open it from the live console when the room is ready."))


class PollEditView(_PollFormView):
    def setup_objects(self):
        self.poll = permissions.get_poll_for_manager(self.request.user, self.kwargs["slug"], self.kwargs["pk"])
        self.conference = self.poll.conference
        if self.poll.status != Poll.Status.PREPARED:
            raise Http404

    def save(self, fields):
        services.poll_update(poll=self.poll, by=self.request.user, **fields)
        messages.success(self.request, _("The poll is saved."))


def _run(request, action, success: str) -> None:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


@require_POST
@login_required
def poll_delete(request, slug: str, pk: int):
    poll = permissions.get_poll_for_manager(request.user, slug, pk)
    _run(request, lambda: services.poll_delete(poll=poll, by=request.user), _("The poll is deleted."))
    return HttpResponseRedirect(_polls_url(poll.conference))


POLL_ACTIONS = {
    "open": (services.poll_open, lambda: _("The poll is open: the projector shows it and members can vote.")),
    "close": (services.poll_close, lambda: _("The poll is closed; its results stay with the record.")),
}


@require_POST
@login_required
def poll_action(request, slug: str, pk: int, action: str):
    """Open or close a poll, from the live console."""
    if action not in POLL_ACTIONS:
        raise Http404
    poll = permissions.get_poll_for_manager(request.user, slug, pk)
    service, message = POLL_ACTIONS[action]
    _run(request, lambda: service(poll=poll, by=request.user), message())
    return HttpResponseRedirect(_console_url(poll.conference) + "#polls")


@require_POST
def poll_vote(request, slug: str, pk: int):
    """A member's vote (or a visitor's, where the poll allows it): a second one replaces the first."""
    poll = permissions.get_poll_for_voter(request.user, slug, pk)
    response = HttpResponseRedirect(_polls_url(poll.conference) + f"#poll-{poll.pk}")
    user = request.user if request.user.is_authenticated else None
    key = ""
    if user is None and poll.allow_anonymous:
        key = browser_key(request) or secrets.token_urlsafe(24)
    form = VoteForm(request.POST, poll=poll)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return response
    replacing = services.voter_has_voted(poll=poll, user=user, browser_key=key) is not None
    try:
        services.poll_vote(
            poll=poll, user=user, browser_key=key, option_ids=form.option_ids(), rating=form.cleaned_data.get("rating")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if getattr(error, "code", "") == "login":
            return redirect_to_login(_polls_url(poll.conference))
        return response
    messages.success(
        request,
        _("Your vote is changed.")
        if replacing
        else _("Thank you, your vote is counted. You may change it while the poll is open."),
    )
    if key:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            key,
            salt=BROWSER_SALT,
            max_age=BROWSER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


# --- the closing survey ----------------------------------------------------------------------------------------------


class SurveyView(LoginRequiredMixin, FormView):
    """A participant answers the closing survey once; organizers see the form as the participants do."""

    template_name = "polls/survey.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.survey = permissions.get_survey_for_respondent(request.user, kwargs["slug"])
            self.questions = list(self.survey.questions.all())
            self.response = SurveyResponse.objects.filter(survey=self.survey, respondent=request.user).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return SurveyResponseForm(**self.get_form_kwargs(), questions=self.questions)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            conference=self.survey.conference,
            survey=self.survey,
            response=self.response,
            can_respond=permissions.can_respond_to_survey(self.request.user, self.survey) and self.response is None,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.survey_respond(
                survey=self.survey, user=self.request.user, ratings=form.ratings(), texts=form.texts()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you for answering the survey."))
        return HttpResponseRedirect(self.survey.get_absolute_url())


class SurveyEditView(LoginRequiredMixin, TemplateView):
    template_name = "polls/survey_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.conference = permissions.get_conference_for_poll_manager(request.user, kwargs["slug"])
            self.survey = selectors.conference_survey(conference=self.conference)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        questions = list(self.survey.questions.all()) if self.survey else []
        initial = [{"prompt": q.prompt, "kind": q.kind} for q in questions]
        blanks = max(3, len(initial) + 2)
        initial += [{"prompt": "", "kind": "rating"}] * (min(blanks, 10) - len(initial))
        form = SurveyForm(data, initial={"intro": self.survey.intro if self.survey else ""})
        return form, SurveyQuestionFormSet(data, initial=initial, prefix="questions")

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["formset"] = self.forms()
        return super().get_context_data(
            conference=self.conference,
            survey=self.survey,
            answered=bool(self.survey and self.survey.responses.exists()),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            rows = [(f.cleaned_data.get("prompt", ""), f.cleaned_data.get("kind", "")) for f in formset.forms]
            try:
                survey = services.survey_save(
                    conference=self.conference, by=request.user, intro=form.cleaned_data["intro"], questions=rows
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The survey is saved; its invitations have been sent.")
                    if survey.invitations_sent_at
                    else _("The survey is saved. The participants get its link when the conference concludes."),
                )
                return HttpResponseRedirect(reverse("polls:list", kwargs={"slug": self.conference.slug}) + "#survey")
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class SurveyResultsView(LoginRequiredMixin, TemplateView):
    """Averages, distributions and the free texts (without names): organizers only."""

    template_name = "polls/survey_results.html"

    def get_context_data(self, **kwargs):
        survey = permissions.get_survey_for_results_reader(self.request.user, self.kwargs["slug"])
        results = selectors.survey_results(survey=survey, with_texts=True)
        return super().get_context_data(
            conference=survey.conference,
            survey=survey,
            results=results,
            invited=len(services.survey_invitees(survey.conference)),
            **kwargs,
        )
