"""Spreadsheet downloads of a conference's concerns, the directives board and the dashboard, with their pages' filters.

Organizers export every concern received, whatever its status; leaders what the list page shows them. Members get 403.
The dashboard's figures go to those who see the dashboard.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from core import spreadsheets
from questions import exports, permissions
from questions.forms import ConcernExportFilterForm
from questions.models import Question
from questions.selectors import concerns as selectors
from questions.selectors import followup as followup_selectors
from questions.selectors.dashboard import dashboard_stats
from questions.views.dashboard import dashboard_filter
from questions.views.followup import board_filters


def _download(fmt: str, filename: str, title: str, columns, rows):
    if fmt == "xlsx":
        return spreadsheets.xlsx_response(f"{filename}.xlsx", title, columns, rows)
    return spreadsheets.csv_response(f"{filename}.csv", columns, rows)


@login_required
def concern_export(request, slug: str, fmt: str):
    user = request.user
    conference = permissions.get_conference_for_exporter(user, slug)
    everything = permissions.can_export_all_concerns(user)
    form = ConcernExportFilterForm(request.GET or None, all_statuses=everything)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    questions = selectors.conference_concerns(
        conference=conference,
        statuses=Question.Status.values if everything else Question.Status.PUBLIC,
        topic=data.get("topic"),
        status=data.get("status") or "",
        unit=data.get("unit"),
        query=data.get("q") or "",
        sort=data.get("sort") or selectors.SORT_NEWEST,
        with_answers=True,
    )
    rows = exports.concern_rows(questions.iterator(chunk_size=exports.CHUNK_SIZE), user=user)
    return _download(fmt, f"kien-nghi-{conference.slug[:80]}", conference.title, exports.concern_columns(), rows)


@login_required
def directive_export(request, fmt: str):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    _form, filters = board_filters(request)
    directives = followup_selectors.directives_for_board(user=request.user, **filters)
    rows = exports.directive_rows(directives.iterator(chunk_size=exports.CHUNK_SIZE))
    return _download(fmt, "chi-dao-theo-doi", "Theo dõi chỉ đạo", exports.directive_columns(), rows)


@login_required
def dashboard_export(request, fmt: str):
    if not permissions.can_see_statistics(request.user):
        raise PermissionDenied
    _form, conference = dashboard_filter(request)
    rows = exports.dashboard_rows(dashboard_stats(conference=conference))
    name = f"thong-ke-{conference.slug[:80]}" if conference else "thong-ke"
    return _download(fmt, name, "Thống kê", exports.dashboard_columns(), rows)
