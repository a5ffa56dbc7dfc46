"""/search/?q=: everything the user may read that matches, grouped by kind; ?kind= pages through one kind."""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.text import SEARCH_MAX_LENGTH, search_words
from search.selectors import KINDS, KINDS_BY_KEY

PREVIEW_SIZE = 5  # results of each kind on the overview
PAGE_SIZE = 20  # results per page of one kind


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Everything"))] + [(k.key, k.label) for k in KINDS]
    )


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query, kind = "", ""
        if form.is_valid():
            query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        groups = []
        if search_words(query):
            kinds = [KINDS_BY_KEY[kind]] if kind else KINDS
            for each in kinds:
                paginator = Paginator(
                    each.matching(user=self.request.user, query=query), PAGE_SIZE if kind else PREVIEW_SIZE
                )
                page = paginator.get_page(self.request.GET.get("page") if kind else 1)
                groups.append({"kind": each, "page_obj": page, "count": paginator.count})
        context.update(
            {
                "form": form,
                "query": query,
                "kind": KINDS_BY_KEY.get(kind),
                "kinds": KINDS,
                "groups": groups,
                "total": sum(group["count"] for group in groups),
                "searched": bool(search_words(query)),
            }
        )
        return context
