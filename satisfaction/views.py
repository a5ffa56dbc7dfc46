from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.views import ServiceFormMixin
from satisfaction import permissions, services
from satisfaction.forms import RatingForm, ReopenForm
from satisfaction.models import Rating


class RatingView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """/questions/<pk>/rating/: the author rates the answer, or changes the rating within the period."""

    template_name = "satisfaction/rating_form.html"
    form_class = RatingForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.question = permissions.get_question_for_rater(request.user, kwargs["pk"])
            self.rating = Rating.objects.filter(question=self.question).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.rating is not None:
            kwargs["initial"] = {"verdict": self.rating.verdict, "comment": self.rating.comment}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            question=self.question,
            rating=self.rating,
            can_rate=permissions.can_rate(self.request.user, self.question),
            change_until=services.change_deadline(self.rating) if self.rating else None,
        )
        return context

    def perform(self, data):
        services.rating_submit(
            question=self.question, author=self.request.user, verdict=data["verdict"], comment=data["comment"]
        )
        messages.success(self.request, _("Thank you: your rating has been saved."))
        return redirect(self.question.get_absolute_url())


class ReopenView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """/questions/<pk>/reopen/: an organizer sends an answered concern back for another answer (asked to confirm)."""

    template_name = "satisfaction/reopen_form.html"
    form_class = ReopenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.question = permissions.get_question_for_reopening(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["rating"] = Rating.objects.filter(question=self.question).first()
        return context

    def perform(self, data):
        services.question_reopen(question=self.question, organizer=self.request.user, reason=data["reason"])
        messages.success(
            self.request,
            _("Concern %(reference)s waits for another answer.") % {"reference": self.question.reference},
        )
        return redirect(self.question.get_absolute_url())
