"""Read a list of members from a CSV or XLSX file and check every row before anything is saved."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.models import Unit
from core.text import fold, normalize, search_fold

MAX_FILE_SIZE = 1024 * 1024  # 1 MB is far more than a department's staff list
MAX_ROWS = 1000
COLUMNS = ("username", "full_name", "email", "unit", "position", "phone")
REQUIRED = ("username", "full_name", "email", "unit")
# Header names accepted for each column, folded (no accents, lower case): English and Vietnamese.
HEADER_ALIASES = {
    "username": {"username", "user name", "ten dang nhap", "tai khoan"},
    "full_name": {"full name", "full_name", "name", "ho va ten", "ho ten"},
    "email": {"email", "e-mail", "e mail", "e-mail address", "thu dien tu", "dia chi thu dien tu"},
    "unit": {"unit", "don vi", "phong ban"},
    "position": {"position", "chuc vu"},
    "phone": {"phone", "telephone", "dien thoai", "so dien thoai"},
}
PHONE_RE = re.compile(r"^\+?[0-9 .\-()]{6,20}$")
# The downloadable template: its headers (each one an alias above, in either language) and an example row.
TEMPLATE_HEADERS = (
    gettext_lazy("Username"),
    gettext_lazy("Full name"),
    gettext_lazy("Email"),
    gettext_lazy("Unit"),
    gettext_lazy("Position"),
    gettext_lazy("Phone"),
)
TEMPLATE_EXAMPLE = (
    "nguyenvanan",
    "Nguyễn Văn An",
    "nguyenvanan@example.org",
    "Phòng CCHC",
    "Chuyên viên",
    "0912345678",
)
# Words a unit's name is written with or without ("Phòng CCHC" and "CCHC", "Thanh tra Sở" and "Thanh tra").
UNIT_PREFIXES = ("phong", "p", "ban", "trung tam", "tt")
UNIT_SUFFIXES = ("so noi vu", "so")
AMBIGUOUS = object()


@dataclass
class MemberRow:
    """One row of the file (line = its line number in the file) and what is wrong with it."""

    line: int
    username: str = ""
    full_name: str = ""
    email: str = ""
    unit_name: str = ""
    position: str = ""
    phone: str = ""
    unit_id: int | None = None
    errors: list[str] = field(default_factory=list)
    field_errors: dict[str, list[str]] = field(default_factory=dict)

    def add_error(self, name: str, message: str) -> None:
        self.errors.append(message)
        self.field_errors.setdefault(name, []).append(message)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "username": self.username,
            "full_name": self.full_name,
            "email": self.email,
            "unit_name": self.unit_name,
            "position": self.position,
            "phone": self.phone,
            "unit_id": self.unit_id,
        }


def read_member_file(uploaded) -> list[MemberRow]:
    """The rows of an uploaded CSV or XLSX file; raises ValidationError when the file cannot be used at all."""
    if uploaded.size > MAX_FILE_SIZE:
        raise ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
    name = (uploaded.name or "").lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(uploaded)
    elif name.endswith(".csv"):
        table = _read_csv(uploaded)
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ValidationError(_("The file is empty."))
    header, *body = table
    positions = _column_positions(header)
    if len(body) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(count)d rows; at most %(limit)d can be imported at once.")
            % {"count": len(body), "limit": MAX_ROWS}
        )
    if not body:
        raise ValidationError(_("The file has a header row but no member."))
    rows = []
    for index, cells in enumerate(body, start=2):
        values = {column: (cells[i] if i < len(cells) else "") for column, i in positions.items()}
        rows.append(
            MemberRow(
                line=index,
                username=normalize(values.get("username", "")),
                full_name=" ".join(normalize(values.get("full_name", "")).split()),
                email=normalize(values.get("email", "")).lower(),
                unit_name=normalize(values.get("unit", "")),
                position=normalize(values.get("position", "")),
                phone=normalize(values.get("phone", "")),
            )
        )
    return rows


def _read_csv(uploaded) -> list[list[str]]:
    raw = uploaded.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The CSV file is not in UTF-8. Save it again as “CSV UTF-8” and upload it.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[str(cell) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ValidationError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def _read_xlsx(uploaded) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged or disguised file
        raise ValidationError(_("The Excel file could not be read. Save it as .xlsx and upload it again.")) from exc
    try:
        sheet = workbook.active
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append([_cell_text(value) for value in values])
            if len(table) > MAX_ROWS + 1:
                break
        return table
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    return str(value)


def _column_positions(header: list[str]) -> dict[str, int]:
    positions = {}
    for index, title in enumerate(header):
        key = " ".join(fold(title).replace("_", " ").split())
        for column, aliases in HEADER_ALIASES.items():
            if key in aliases or key == column.replace("_", " "):
                positions.setdefault(column, index)
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        raise ValidationError(
            _(
                "The first row must name the columns username, full name, email, unit, position, phone; "
                "missing: %(missing)s."
            )
            % {"missing": ", ".join(column.replace("_", " ") for column in missing)}
        )
    return positions


def _unit_text(text: str) -> str:
    return " ".join(re.findall(r"\w+", search_fold(text)))


def _unit_variants(text: str) -> set[str]:
    """The forms a unit's name is also written in: without its "Phòng"/"Ban"/"Trung tâm" or a trailing "Sở"."""
    variants = {_unit_text(text)}
    for prefix in UNIT_PREFIXES:
        variants |= {v[len(prefix) + 1 :] for v in variants if v.startswith(prefix + " ")}
    for suffix in UNIT_SUFFIXES:
        variants |= {v[: -len(suffix) - 1] for v in variants if v.endswith(" " + suffix)}
    return variants - {""}


class UnitMatcher:
    """Finds an active unit from how a spreadsheet writes it: its name or short name, in any case, with or without
    accents, with or without the kind of unit before it ("Phòng Cải cách hành chính", "Phòng CCHC", "cchc")."""

    def __init__(self, units):
        self.exact, self.loose = {}, {}
        for unit in units:
            for name in (unit.name, unit.short_name):
                if not name:
                    continue
                self._add(self.exact, _unit_text(name), unit)
                for variant in _unit_variants(name):
                    self._add(self.loose, variant, unit)

    @staticmethod
    def _add(table: dict, key: str, unit: Unit) -> None:
        if table.get(key, unit) is not unit:
            table[key] = AMBIGUOUS
        else:
            table[key] = unit

    def find(self, text: str):
        """The unit, None when nothing matches, AMBIGUOUS when several units do."""
        found = self.exact.get(_unit_text(text))
        if found is not None:
            return found
        matches = {self.loose.get(variant) for variant in _unit_variants(text)} - {None}
        if len(matches) == 1:
            return matches.pop()
        return AMBIGUOUS if matches else None


def unit_matcher() -> UnitMatcher:
    return UnitMatcher(Unit.objects.filter(is_active=True))


def check_rows(rows: list[MemberRow]) -> list[MemberRow]:
    """Fill each row's errors: missing fields, invalid values, duplicates in the file or the database, unknown unit."""
    User = get_user_model()
    units = unit_matcher()
    usernames = [row.username.casefold() for row in rows if row.username]
    emails = [row.email.casefold() for row in rows if row.email]
    taken_usernames = _taken_case_insensitive(User, "username", usernames)
    taken_emails = _taken_case_insensitive(User, "email", emails)
    seen_usernames, seen_emails = {}, {}
    validate_username = UnicodeUsernameValidator()
    for row in rows:
        row.errors, row.field_errors = [], {}
        missing = {
            "username": _("The username is missing."),
            "full_name": _("The full name is missing."),
            "email": _("The e-mail address is missing."),
            "unit": _("The unit is missing."),
        }
        for name, message in missing.items():
            if not getattr(row, "unit_name" if name == "unit" else name):
                row.add_error(name, message)
        if row.username:
            try:
                validate_username(row.username)
                if len(row.username) > 150:
                    raise ValidationError("")
            except ValidationError:
                row.add_error(
                    "username",
                    _("The username may contain only letters, digits and @ . + - _ (at most 150 characters)."),
                )
            key = row.username.casefold()
            if key in taken_usernames:
                row.add_error("username", _("The username %(username)s is already taken.") % {"username": row.username})
            elif key in seen_usernames:
                row.add_error(
                    "username",
                    _("The username %(username)s is already on line %(line)d of the file.")
                    % {"username": row.username, "line": seen_usernames[key]},
                )
            seen_usernames.setdefault(key, row.line)
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row.add_error("email", _("%(email)s is not a valid e-mail address.") % {"email": row.email})
            key = row.email.casefold()
            if key in taken_emails:
                row.add_error("email", _("An account already uses the e-mail %(email)s.") % {"email": row.email})
            elif key in seen_emails:
                row.add_error(
                    "email",
                    _("The e-mail %(email)s is already on line %(line)d of the file.")
                    % {"email": row.email, "line": seen_emails[key]},
                )
            seen_emails.setdefault(key, row.line)
        if len(row.full_name) > 150:
            row.add_error("full_name", _("The full name is longer than 150 characters."))
        if len(row.position) > 200:
            row.add_error("position", _("The position is longer than 200 characters."))
        if row.phone and not PHONE_RE.match(row.phone):
            row.add_error("phone", _("%(phone)s is not a phone number.") % {"phone": row.phone})
        if row.unit_name:
            unit = units.find(row.unit_name)
            row.unit_id = None
            if unit is None:
                row.add_error("unit", _("There is no unit called %(unit)s.") % {"unit": row.unit_name})
            elif unit is AMBIGUOUS:
                row.add_error(
                    "unit",
                    _("%(unit)s matches several units: write the unit's full name.") % {"unit": row.unit_name},
                )
            else:
                row.unit_id = unit.pk
    return rows


def _taken_case_insensitive(User, field_name: str, values: list[str]) -> set[str]:
    """Which of these values an existing account already uses, ignoring case (in chunks, one query each)."""
    taken = set()
    values = sorted({value.lower() for value in values})
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        found = User.objects.annotate(_key=Lower(field_name)).filter(_key__in=chunk).values_list(field_name, flat=True)
        taken |= {value.casefold() for value in found}
    return taken


def split_full_name(full_name: str) -> tuple[str, str]:
    """Vietnamese order, as the portal stores it: family and middle names in first_name, the given name in last_name,
    so that get_full_name() reads "Nguyễn Văn An"."""
    parts = full_name.split()
    if len(parts) <= 1:
        return full_name, ""
    return " ".join(parts[:-1]), parts[-1]
