"""Build the POST data of the conference page as a browser would send it."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import CheckboxInput, FileInput
from PIL import Image

from conferences.forms import ConferencePage
from conferences.models import Conference

PREFIXES = ("agenda", "participants", "photos")


def _submitted(bound_field):
    """The value a browser submits for a field as rendered (None: the browser sends nothing)."""
    widget = bound_field.field.widget
    value = bound_field.value()
    if isinstance(widget, FileInput):
        return None
    if isinstance(widget, CheckboxInput):
        return "on" if value else None
    if value is None:
        return ""
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # select boxes
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


def page_data(conference: Conference | None = None) -> dict[str, str]:
    """Everything the edit page (or the empty create page) would post back unchanged."""
    page = ConferencePage(instance=conference or Conference())
    data = {}
    forms = [page.form]
    for formset in page.formsets:
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        forms.extend(formset.forms)
    for form in forms:
        for bound_field in form:
            value = _submitted(bound_field)
            if value is not None:
                data[bound_field.html_name] = value
    return data


def new_conference_data(**fields) -> dict[str, str]:
    data = page_data()
    data.update(
        {
            "title": "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2027",
            "theme": "Thanh niên với chuyển đổi số",
            "venue": "Hội trường Sở Nội vụ",
            "starts_at": "2027-03-26T08:00",
            "ends_at": "2027-03-26T11:30",
        }
    )
    data.update(fields)
    return data


def set_rows(data: dict, prefix: str, rows: list[dict], *, start: int | None = None) -> dict:
    """Put ``rows`` into the formset ``prefix`` from index ``start`` (default: after the saved rows)."""
    initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
    start = initial if start is None else start
    for offset, row in enumerate(rows):
        for name, value in row.items():
            key = f"{prefix}-{start + offset}-{name}"
            if value is None or value is False:
                data.pop(key, None)
            else:
                data[key] = "on" if value is True else value
    data[f"{prefix}-TOTAL_FORMS"] = str(max(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), start + len(rows)))
    return data


def agenda_rows(count: int) -> list[dict]:
    return [
        {"order": str(i + 1), "title": f"Mục {i + 1}", "duration_minutes": "15", "kind": "other"} for i in range(count)
    ]


def participant_rows(count: int) -> list[dict]:
    return [
        {"full_name": f"Đại biểu {i + 1}", "role": "member", "order": str(i + 1), "attended": True}
        for i in range(count)
    ]


def image_bytes(fmt: str = "JPEG", size=(64, 48), color="navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str = "anh.jpg", content: bytes | None = None, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


def local(value: str) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.fromisoformat(value))
