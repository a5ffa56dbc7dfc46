"""/open-data/: what the portal publishes, and the ZIP of CSV files of everything public."""

from django.http import FileResponse
from django.views.generic import TemplateView

from questions import opendata


class OpenDataView(TemplateView):
    template_name = "questions/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["files"] = opendata.FILES
        return context


def open_data_zip(request):
    return FileResponse(
        opendata.portal_zip_file(), as_attachment=True, filename="portal.zip", content_type="application/zip"
    )
