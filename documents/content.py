"""What each official document says, built once from the records, as plain data that both the DOCX builder and the
PDF template lay out: the header of Nghị định 30/2020 (or the Youth Union's), the body blocks, signers, recipients.

The texts are Vietnamese by nature: they are the department's documents, not the portal's interface.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from conferences.models import Participant
from documents.models import DocumentKind, OrganizationProfile
from questions.models import Directive

# XML 1.0 refuses C0 control characters (python-docx raises on them) and a tab inside a justified line breaks it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
ANONYMOUS = "Đoàn viên (ẩn danh)"
NOT_SET = "……………"


def clean(text) -> str:
    """One line of text safe in XML and in a justified paragraph."""
    text = str(text or "").replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def paragraphs(text) -> list[str]:
    return [line for line in (clean(part) for part in clean(text).split("\n")) if line]


def date_line(place: str, day: dt.date | None) -> str:
    """ "Hưng Yên, ngày 05 tháng 01 năm 2024": a zero before days under 10 and before months 1 and 2 (Phụ lục I)."""
    if day is None:
        blank = "\u00a0" * 6
        return f"{place}, ngày{blank}tháng{blank}năm {timezone.localdate().year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else NOT_SET


def time_of(moment: dt.datetime | None) -> str:
    if moment is None:
        return NOT_SET
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d}"


@dataclass
class Block:
    """One piece of the body: a heading (I., 1.), a paragraph, a list line, or a table."""

    kind: str  # "heading", "subheading", "para", "item", "table", "note"
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # relative column widths of a table

    @property
    def percentages(self) -> list[int]:
        widths = self.widths or [1] * len(self.header)
        return [round(100 * w / sum(widths)) for w in widths]


@dataclass
class Signer:
    caption: str  # "THƯ KÝ", or the authority "TL. GIÁM ĐỐC"
    title: str  # "CHÁNH VĂN PHÒNG"
    name: str


@dataclass
class Document:
    kind: str
    youth: bool
    top_left: list[str]  # the parent body (plain) then the issuing body (bold) last
    number: str  # "Số: 05/TB-SNV" or, for a draft, "Số:      /TB-SNV"
    place_date: str
    type_name: str
    summary: str
    blocks: list[Block]
    signers: list[Signer]  # one: right; two: left and right (the minutes)
    recipients: list[str]
    appendix_title: str = ""
    appendix_summary: str = ""
    appendix: list[Block] = field(default_factory=list)
    is_draft: bool = True
    warnings: list[str] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.top_left[-1]

    @property
    def filename(self) -> str:
        return self.kind


@dataclass
class Records:
    """The records a document is made from, read once by `documents.selectors.document_records`."""

    conference: object
    participants: list
    agenda: list
    questions: list  # public concerns with their answers prefetched
    conclusion: object | None
    directives: list
    # The authors' satisfaction with the answers (satisfaction.selectors.report_figures): totals and rows by unit.
    satisfaction: dict = field(default_factory=dict)
    polls: list = field(default_factory=list)  # polls.selectors.PollResult of the polls put to the room
    survey: object | None = None  # polls.selectors.SurveyResults, averages only


def default_profile() -> OrganizationProfile:
    """What documents say while nobody has filled the organization profile in: placeholders that show it."""
    return OrganizationProfile(
        issuing_body="CƠ QUAN BAN HÀNH",
        code="CQ",
        place_name="……",
        chair_title="THỦ TRƯỞNG CƠ QUAN",
    )


def _number(code_type: str, code: str, number: int | None, youth: bool) -> str:
    shown = f"{number:02d}" if number is not None else "\u00a0" * 6
    return f"Số: {shown}-{code_type}/{code}" if youth else f"Số: {shown}/{code_type}-{code}"


def _person(participant) -> str:
    if participant is None:
        return NOT_SET
    name = clean(participant.full_name) or NOT_SET
    position = clean(participant.position)
    return f"{name}, {position}" if position and position != name else name


def _by_role(records: Records, role) -> Participant | None:
    return next((p for p in records.participants if p.role == role), None)


def _issuer_signer(doc, records: Records, profile: OrganizationProfile, chair) -> Signer:
    """The chair signs the department's documents; the branch's secretary (Bí thư) signs the Youth Union's."""
    if not doc.youth:
        return _chair_signer(profile, chair)
    secretary = next((p for p in records.participants if "bí thư chi đoàn" in clean(p.position).lower()), None)
    return Signer("TM. BAN CHẤP HÀNH", "BÍ THƯ", clean(getattr(secretary, "full_name", "")))


def _chair_signer(profile: OrganizationProfile, chair) -> Signer:
    return Signer(clean(profile.chair_authority), clean(profile.chair_title), clean(getattr(chair, "full_name", "")))


def _conference_sentence(records: Records) -> str:
    conference = records.conference
    day = timezone.localdate(conference.starts_at)
    venue = clean(conference.venue) or NOT_SET
    return f"ngày {short_date(day)}, tại {venue}"


def build_document(
    kind: str,
    records: Records,
    profile: OrganizationProfile | None,
    *,
    number: int | None = None,
    issued_on: dt.date | None = None,
    replaces: str = "",
) -> Document:
    """The document of that kind for the records; `number` and `issued_on` given once it is issued."""
    profile = profile or default_profile()
    youth = (
        kind in (DocumentKind.PLAN, DocumentKind.INVITATION)
        and profile.youth_issues_plan
        and bool(profile.youth_branch and profile.youth_code)
    )
    if youth:
        top_left = [clean(profile.youth_parent).upper(), f"BCH {clean(profile.youth_branch).upper()}"]
        code = clean(profile.youth_code)
    else:
        top_left = [clean(profile.parent_body).upper(), clean(profile.issuing_body).upper()]
        code = clean(profile.code)
    top_left = [line for line in top_left if line] or ["CƠ QUAN BAN HÀNH"]
    type_code = DocumentKind.CODES[kind]
    builder = {
        DocumentKind.PLAN: _plan,
        DocumentKind.INVITATION: _invitation,
        DocumentKind.MINUTES: _minutes,
        DocumentKind.NOTICE: _notice,
        DocumentKind.REPORT: _report,
    }[kind]
    document = Document(
        kind=kind,
        youth=youth,
        top_left=top_left,
        number=_number(type_code, code, number, youth),
        place_date=date_line(clean(profile.place_name) or "……", issued_on),
        type_name="",
        summary="",
        blocks=[],
        signers=[],
        recipients=[],
        is_draft=number is None,
    )
    builder(document, records, profile)
    if replaces:
        document.blocks.insert(0, Block("note", f"(Văn bản này thay thế văn bản {replaces})"))
    if document.appendix:
        dated = f" ngày {short_date(issued_on)}" if issued_on else ""
        number_part = document.number.removeprefix("Số: ")
        document.appendix_summary = f"(Kèm theo {document.type_name.capitalize()} số {number_part}{dated})"
    return document


# --- the five documents ----------------------------------------------------------------------------------------------


def _plan(doc: Document, records: Records, profile: OrganizationProfile) -> None:
    conference = records.conference
    chair = _by_role(records, Participant.Role.CHAIR)
    doc.type_name = "KẾ HOẠCH"
    doc.summary = f"Tổ chức {clean(conference.title)}"
    blocks = [Block("heading", "I. MỤC ĐÍCH, YÊU CẦU"), Block("subheading", "1. Mục đích")]
    purpose = paragraphs(conference.description) or [
        "Tạo điều kiện để đoàn viên thanh niên bày tỏ tâm tư, nguyện vọng, đề xuất kiến nghị với lãnh đạo; "
        "giúp lãnh đạo lắng nghe, kịp thời định hướng và chỉ đạo giải quyết những khó khăn, vướng mắc."
    ]
    blocks += [Block("para", text) for text in purpose]
    if conference.theme:
        blocks.append(Block("para", f"Chủ đề đối thoại: “{clean(conference.theme)}”."))
    blocks += [
        Block("subheading", "2. Yêu cầu"),
        Block(
            "para",
            "Hội nghị được tổ chức trang trọng, thiết thực, hiệu quả; đối thoại thẳng thắn, cởi mở; các ý kiến, "
            "kiến nghị được tiếp nhận, trả lời đầy đủ và theo dõi thực hiện đến khi hoàn thành.",
        ),
        Block("heading", "II. THỜI GIAN, ĐỊA ĐIỂM"),
        Block("para", f"1. Thời gian: {time_of(conference.starts_at)}, {_conference_sentence(records).split(',')[0]}."),
        Block("para", f"2. Địa điểm: {clean(conference.venue) or NOT_SET}."),
        Block("heading", "III. THÀNH PHẦN THAM DỰ"),
    ]
    if chair:
        blocks.append(Block("para", f"Chủ trì: đồng chí {_person(chair)}."))
    others = [p for p in records.participants if p.role != Participant.Role.CHAIR]
    blocks += [Block("item", f"- {_person(p)};") for p in others] or [Block("para", "Thành phần: " + NOT_SET)]
    blocks.append(Block("heading", "IV. TIẾP NHẬN Ý KIẾN, KIẾN NGHỊ"))
    opens = timezone.localdate(conference.questions_open_at) if conference.questions_open_at else None
    closes = timezone.localdate(conference.questions_close_at) if conference.questions_close_at else None
    address = clean(profile.public_url)
    blocks.append(
        Block(
            "para",
            f"Đoàn viên gửi ý kiến, kiến nghị trên Cổng đối thoại{f' ({address})' if address else ''} "
            f"từ ngày {short_date(opens)} đến ngày {short_date(closes)}; Ban Tổ chức duyệt, tổng hợp và chuyển "
            "lãnh đạo trả lời tại hội nghị hoặc bằng văn bản.",
        )
    )
    blocks.append(Block("heading", "V. CHƯƠNG TRÌNH HỘI NGHỊ"))
    if records.agenda:
        rows = []
        for item in records.agenda:
            presenter = clean(item.presenter.full_name) if item.presenter else ""
            rows.append(
                [str(item.order), time_of(item.starts_at) if item.starts_at else "", clean(item.title), presenter]
            )
        blocks.append(
            Block("table", header=["STT", "Thời gian", "Nội dung", "Thực hiện"], rows=rows, widths=[2, 3, 9, 6])
        )
    else:
        blocks.append(Block("para", "Chương trình: " + NOT_SET))
    organizer = clean(conference.organizer_unit.name) if conference.organizer_unit else "Ban Tổ chức"
    blocks += [
        Block("heading", "VI. TỔ CHỨC THỰC HIỆN"),
        Block(
            "para",
            f"1. {organizer}: chủ trì tổ chức hội nghị; tiếp nhận, tổng hợp ý kiến, kiến nghị; chuẩn bị tài liệu, "
            "hội trường; cử thư ký ghi biên bản; dự thảo thông báo kết luận và báo cáo kết quả.",
        ),
        Block(
            "para",
            "2. Các phòng, ban, trung tâm thuộc Sở: cử đoàn viên tham dự; chuẩn bị nội dung trả lời các ý kiến, "
            "kiến nghị thuộc lĩnh vực phụ trách.",
        ),
        Block("para", "3. Văn phòng Sở: bảo đảm cơ sở vật chất, trang thiết bị phục vụ hội nghị./."),
    ]
    doc.blocks = blocks
    doc.signers = [_issuer_signer(doc, records, profile, chair)]
    doc.recipients = ["- Ban Giám đốc Sở;", "- Các phòng, ban, trung tâm thuộc Sở;", "- Chi đoàn Sở;", "- Lưu: VT."]
    if chair is None:
        doc.warnings.append("no_chair")


def _invitation(doc: Document, records: Records, profile: OrganizationProfile) -> None:
    conference = records.conference
    chair = _by_role(records, Participant.Role.CHAIR)
    doc.type_name = "GIẤY MỜI"
    doc.summary = f"Tham dự {clean(conference.title)}"
    invited = [p for p in records.participants if p.role != Participant.Role.CHAIR]
    inviter = f"Ban Chấp hành {clean(profile.youth_branch)}" if doc.youth else _body_name(profile.issuing_body)
    blocks = [Block("para", f"{inviter} trân trọng kính mời:")]
    blocks += [Block("item", f"- {_person(p)};") for p in invited] or [Block("item", "- " + NOT_SET)]
    blocks.append(Block("para", f"Tới dự {clean(conference.title)}."))
    if chair:
        blocks.append(Block("para", f"Chủ trì: đồng chí {_person(chair)}."))
    if conference.theme:
        blocks.append(Block("para", f"Chủ đề: “{clean(conference.theme)}”."))
    day = timezone.localdate(conference.starts_at)
    blocks += [
        Block("para", f"Thời gian: {time_of(conference.starts_at)}, ngày {short_date(day)}."),
        Block("para", f"Địa điểm: {clean(conference.venue) or NOT_SET}."),
        Block("para", "Rất mong các đồng chí tham dự đúng thời gian./."),
    ]
    doc.blocks = blocks
    doc.signers = [_issuer_signer(doc, records, profile, chair)]
    doc.recipients = ["- Như thành phần mời;", "- Lưu: VT."]
    if chair is None:
        doc.warnings.append("no_chair")


def _body_name(name: str) -> str:
    """ "SỞ NỘI VỤ" as a sentence writes it, "Sở Nội vụ": the kind of body and its name's first word capitalised."""
    words = clean(name).lower().split()
    return " ".join(word.capitalize() if n < 2 else word for n, word in enumerate(words)) or "Ban Tổ chức"


def _author(question) -> str:
    if question.is_anonymous or question.author is None:
        return ANONYMOUS
    name = clean(question.author.get_full_name() or question.author.get_username())
    unit = clean(question.author_unit.name) if question.author_unit else ""
    return f"Đoàn viên {name}, {unit}" if unit else f"Đoàn viên {name}"


def _minutes(doc: Document, records: Records, profile: OrganizationProfile) -> None:
    conference = records.conference
    chair = _by_role(records, Participant.Role.CHAIR)
    secretary = _by_role(records, Participant.Role.SECRETARY)
    doc.type_name = "BIÊN BẢN"
    doc.summary = clean(conference.title)
    day = timezone.localdate(conference.starts_at)
    blocks = [
        Block("heading", "I. THỜI GIAN, ĐỊA ĐIỂM"),
        Block("para", f"Thời gian: bắt đầu lúc {time_of(conference.starts_at)}, ngày {short_date(day)}."),
        Block("para", f"Địa điểm: {clean(conference.venue) or NOT_SET}."),
        Block("heading", "II. THÀNH PHẦN"),
        Block("para", f"Chủ trì: đồng chí {_person(chair)}."),
        Block("para", f"Thư ký: đồng chí {_person(secretary)}."),
    ]
    present = [p for p in records.participants if p.attended and p.role not in _CHAIR_SECRETARY]
    absent = [p for p in records.participants if not p.attended and p.role not in _CHAIR_SECRETARY]
    blocks.append(Block("para", f"Có mặt ({len(present)}):"))
    blocks += _by_unit(present)
    blocks.append(Block("para", f"Vắng mặt ({len(absent)}):" if absent else "Vắng mặt: không."))
    blocks += _by_unit(absent)
    blocks += [Block("heading", "III. NỘI DUNG"), Block("subheading", "1. Chương trình hội nghị")]
    blocks += [Block("item", f"- {clean(item.title)};") for item in records.agenda] or [Block("item", "- " + NOT_SET)]
    blocks.append(Block("subheading", "2. Ý kiến, kiến nghị của đoàn viên và trả lời của lãnh đạo"))
    answered_here = [q for q in records.questions if _answers(q, "at_conference")]
    for n, question in enumerate(answered_here, 1):
        blocks.append(Block("para", f"2.{n}. {_author(question)} nêu: {clean(question.title)}."))
        blocks += [Block("para", text) for text in paragraphs(question.body)]
        for answer in _answers(question, "at_conference"):
            responder = _person(answer.responder) if answer.responder else "Lãnh đạo"
            blocks.append(Block("para", f"Đồng chí {responder} trả lời:"))
            blocks += [Block("para", text) for text in paragraphs(answer.body)]
    if not answered_here:
        blocks.append(Block("para", "Không có ý kiến được trả lời tại hội nghị."))
    blocks.append(Block("subheading", "3. Ý kiến khác"))
    others = [q for q in records.questions if not _answers(q, "at_conference")]
    if others:
        blocks.append(
            Block(
                "para", f"Có {len(others)} ý kiến, kiến nghị chưa được trả lời tại hội nghị, sẽ trả lời bằng văn bản:"
            )
        )
        blocks += [Block("item", f"- {_author(q)}: {clean(q.title)};") for q in others]
    else:
        blocks.append(Block("para", "Không có."))
    if records.polls:
        blocks.append(Block("subheading", "4. Kết quả thăm dò ý kiến trực tiếp tại hội nghị"))
        blocks += _poll_blocks(records.polls)
    blocks.append(Block("subheading", f"{5 if records.polls else 4}. Kết luận của chủ trì"))
    conclusion_text = paragraphs(records.conclusion.body) if records.conclusion else []
    blocks += [Block("para", text) for text in conclusion_text] or [Block("para", NOT_SET)]
    blocks.append(
        Block(
            "para",
            f"Hội nghị kết thúc lúc {time_of(conference.ends_at)} cùng ngày. Biên bản được lập xong, đọc lại cho "
            "các thành viên dự hội nghị cùng nghe và nhất trí./.",
        )
    )
    doc.blocks = blocks
    doc.signers = [
        Signer("THƯ KÝ", "", clean(getattr(secretary, "full_name", ""))),
        Signer("CHỦ TRÌ", "", clean(getattr(chair, "full_name", ""))),
    ]
    doc.recipients = []
    if chair is None:
        doc.warnings.append("no_chair")
    if secretary is None:
        doc.warnings.append("no_secretary")
    if records.conclusion is None or not clean(records.conclusion.body):
        doc.warnings.append("no_conclusion")


_CHAIR_SECRETARY = (Participant.Role.CHAIR, Participant.Role.SECRETARY)


def _by_unit(people: list) -> list[Block]:
    groups: dict[str, list] = {}
    for person in people:
        groups.setdefault(clean(person.unit.name) if person.unit else "Đơn vị khác", []).append(person)
    blocks = []
    for unit, members in groups.items():
        names = "; ".join(_person(p) for p in members)
        blocks.append(Block("item", f"- {unit}: {names}."))
    return blocks


def _answers(question, kind: str | None = None) -> list:
    return [a for a in question.answers.all() if a.is_published and (kind is None or a.kind == kind)]


def _directive_line(directive) -> str:
    parts = [f"Đơn vị chủ trì: {clean(directive.lead_unit.name)}"]
    supports = [clean(unit.name) for unit in directive.support_units.all()]
    if supports:
        parts.append("phối hợp: " + ", ".join(supports))
    parts.append(f"thời hạn: {short_date(directive.deadline)}" if directive.deadline else "thời hạn: thường xuyên")
    return f"{directive.order}. {clean(directive.content).rstrip('.')} ({'; '.join(parts)})."


def _notice_signer(profile: OrganizationProfile, chair) -> Signer:
    if profile.notice_title and profile.notice_signer_name:
        return Signer(clean(profile.notice_authority), clean(profile.notice_title), clean(profile.notice_signer_name))
    return _chair_signer(profile, chair)


def _notice(doc: Document, records: Records, profile: OrganizationProfile) -> None:
    conference = records.conference
    conclusion = records.conclusion
    chair = (conclusion.signed_by if conclusion and conclusion.signed_by else None) or _by_role(
        records, Participant.Role.CHAIR
    )
    # "TUV, Bí thư Đảng ủy - Giám đốc Sở" signs the conclusion as "Giám đốc Sở".
    position = clean(chair.position).split(" - ")[-1] if chair and chair.position else "chủ trì hội nghị"
    doc.type_name = "THÔNG BÁO"
    doc.summary = f"Kết luận của đồng chí {position} tại {clean(conference.title)}"
    leaders = [p for p in records.participants if p.role in (Participant.Role.LEADER, Participant.Role.DELEGATE)]
    blocks = [
        Block(
            "para",
            f"Ngày {_conference_sentence(records).removeprefix('ngày ')}, đồng chí {_person(chair)} chủ trì "
            f"{clean(conference.title)}"
            + (f" với chủ đề “{clean(conference.theme)}”" if conference.theme else "")
            + ". Tham dự hội nghị có "
            + (", ".join(clean(p.position or p.full_name) for p in leaders) or "lãnh đạo các đơn vị")
            + " và đoàn viên thanh niên.",
        ),
        Block(
            "para",
            "Sau khi nghe ý kiến, kiến nghị của đoàn viên và trả lời của lãnh đạo, đồng chí "
            f"{clean(getattr(chair, 'full_name', '')) or NOT_SET} "
            "kết luận như sau:",
        ),
    ]
    body = paragraphs(conclusion.body) if conclusion else []
    blocks += [Block("para", text) for text in body] or [Block("para", "Nội dung kết luận: " + NOT_SET)]
    if records.directives:
        blocks.append(Block("subheading", "Nhiệm vụ cụ thể:"))
        blocks += [Block("para", _directive_line(d)) for d in records.directives]
    blocks.append(Block("para", "Thông báo để các đơn vị, cá nhân liên quan biết, thực hiện./."))
    doc.blocks = blocks
    doc.signers = [_notice_signer(profile, chair)]
    recipients = ["- Ban Giám đốc Sở;"]
    for directive in records.directives:
        for unit in [directive.lead_unit, *directive.support_units.all()]:
            line = f"- {clean(unit.name)};"
            if line not in recipients:
                recipients.append(line)
    filed = (
        clean(conference.organizer_unit.short_name or conference.organizer_unit.name)
        if conference.organizer_unit
        else ""
    )
    recipients.append(f"- Lưu: VT, {filed}." if filed else "- Lưu: VT.")
    doc.recipients = recipients
    if conclusion is None or not body:
        doc.warnings.append("no_conclusion")
    if chair is None:
        doc.warnings.append("no_chair")
    if any(d.deadline is None for d in records.directives):
        doc.warnings.append("directive_without_deadline")


def _report(doc: Document, records: Records, profile: OrganizationProfile) -> None:
    conference = records.conference
    chair = _by_role(records, Participant.Role.CHAIR)
    questions = records.questions
    doc.type_name = "BÁO CÁO"
    doc.summary = f"Kết quả tổ chức {clean(conference.title)}"
    present = sum(1 for p in records.participants if p.attended)
    at_conference = sum(1 for q in questions if _answers(q, "at_conference"))
    written = sum(1 for q in questions if _answers(q, "written") and not _answers(q, "at_conference"))
    still_open = sum(1 for q in questions if not _answers(q))
    blocks = [
        Block("heading", "I. KẾT QUẢ TỔ CHỨC HỘI NGHỊ"),
        Block(
            "para",
            f"Ngày {_conference_sentence(records).removeprefix('ngày ')}, {clean(conference.title)} được tổ chức "
            f"do đồng chí {_person(chair)} chủ trì, với {present} đại biểu, đoàn viên tham dự.",
        ),
        Block("heading", "II. KẾT QUẢ TIẾP NHẬN VÀ TRẢ LỜI Ý KIẾN, KIẾN NGHỊ"),
        Block(
            "para",
            f"Tổng số ý kiến, kiến nghị được tiếp nhận và công khai: {len(questions)}; đã trả lời tại hội nghị: "
            f"{at_conference}; trả lời bằng văn bản: {written}; chưa trả lời: {still_open}.",
        ),
        Block("subheading", "1. Theo lĩnh vực"),
        _count_table("Lĩnh vực", Counter(clean(q.topic.name) if q.topic else "Khác" for q in questions)),
        Block("subheading", "2. Theo đơn vị của người nêu"),
        _count_table(
            "Đơn vị",
            Counter(
                "Không công khai" if q.is_anonymous else (clean(q.author_unit.name) if q.author_unit else "Khác")
                for q in questions
            ),
        ),
        Block("subheading", "3. Theo trạng thái"),
        _count_table("Trạng thái", Counter(_status_name(q.status) for q in questions)),
        *_satisfaction_blocks(records.satisfaction),
        Block("heading", "III. KẾT QUẢ THỰC HIỆN KẾT LUẬN"),
    ]
    directives = records.directives
    today = timezone.localdate()
    on_time = sum(
        1
        for d in directives
        if d.status == "done"
        and d.completed_at
        and (d.deadline is None or timezone.localdate(d.completed_at) <= d.deadline)
    )
    # Overdue: still to be worked on (a directive reported done, or carried over to the next dialogue, is not).
    overdue = sum(1 for d in directives if d.deadline and d.deadline < today and d.status in Directive.Status.OPEN)
    awaiting = sum(1 for d in directives if d.status == Directive.Status.REPORTED_DONE)
    carried = sum(1 for d in directives if d.status == Directive.Status.CARRIED_OVER)
    summary = (
        f"Kết luận giao {len(directives)} nhiệm vụ; hoàn thành đúng hạn: {on_time}; quá hạn chưa hoàn thành: {overdue}"
    )
    if awaiting:
        summary += f"; đơn vị đã báo cáo hoàn thành, chờ xác nhận: {awaiting}"
    if carried:
        summary += f"; chuyển sang hội nghị sau tiếp tục thực hiện: {carried}"
    blocks.append(Block("para", summary + "."))
    if directives:
        blocks.append(_count_table("Trạng thái", Counter(_directive_status_name(d.status) for d in directives)))
    proposals = "IV"
    if records.polls or (records.survey and records.survey.responses):
        blocks.append(Block("heading", "IV. KẾT QUẢ THĂM DÒ, KHẢO SÁT Ý KIẾN"))
        if records.polls:
            blocks.append(Block("subheading", "1. Thăm dò ý kiến trực tiếp tại hội nghị"))
            blocks += _poll_blocks(records.polls)
        if records.survey and records.survey.responses:
            blocks.append(Block("subheading", f"{2 if records.polls else 1}. Khảo sát sau hội nghị"))
            blocks += _survey_blocks(records.survey)
        proposals = "V"
    blocks += [
        Block("heading", f"{proposals}. ĐỀ XUẤT, KIẾN NGHỊ"),
        Block(
            "para",
            "Tiếp tục theo dõi, đôn đốc các đơn vị thực hiện các nhiệm vụ còn lại; chuyển các nhiệm vụ chưa hoàn "
            "thành sang hội nghị đối thoại năm sau./.",
        ),
    ]
    doc.blocks = blocks
    doc.signers = [_chair_signer(profile, chair)]
    above = clean(profile.report_recipient)
    doc.recipients = [*([f"- {above} (để báo cáo);"] if above else []), "- Ban Giám đốc Sở;", "- Lưu: VT."]
    doc.appendix_title = "PHỤ LỤC\nDANH SÁCH Ý KIẾN, KIẾN NGHỊ VÀ NỘI DUNG TRẢ LỜI"
    rows = []
    for n, question in enumerate(questions, 1):
        answer = " ".join(" ".join(paragraphs(a.body)) for a in _answers(question)) or "Chưa trả lời"
        rows.append([str(n), f"{clean(question.title)} ({_author(question)})", answer])
    doc.appendix = [
        Block(
            "table",
            header=["STT", "Ý kiến, kiến nghị", "Nội dung trả lời"],
            rows=rows or [["", NOT_SET, ""]],
            widths=[3, 10, 16],
        )
    ]
    if chair is None:
        doc.warnings.append("no_chair")


def _satisfaction_blocks(figures: dict) -> list[Block]:
    blocks = [Block("subheading", "4. Mức độ hài lòng của người nêu ý kiến với nội dung trả lời")]
    if not figures.get("total"):
        return [*blocks, Block("para", "Chưa có người nêu ý kiến đánh giá nội dung trả lời.")]
    blocks.append(
        Block(
            "para",
            f"Số ý kiến được người nêu đánh giá: {figures['total']}; hài lòng: {figures['satisfied']} "
            f"({figures['satisfied_share']}%); chưa hài lòng: {figures['unsatisfied']}.",
        )
    )
    rows = [
        [str(n), clean(name) or "Không xác định đơn vị", str(satisfied), str(unsatisfied)]
        for n, (name, satisfied, unsatisfied) in enumerate(figures["by_unit"], 1)
    ]
    blocks.append(
        Block("table", header=["STT", "Đơn vị trả lời", "Hài lòng", "Chưa hài lòng"], rows=rows, widths=[2, 10, 3, 3])
    )
    return blocks


def _count_table(label: str, counts: Counter) -> Block:
    rows = [[str(n), name, str(count)] for n, (name, count) in enumerate(sorted(counts.items()), 1)]
    return Block("table", header=["STT", label, "Số lượng"], rows=rows or [["", "Không có", "0"]], widths=[2, 12, 3])


_STATUS_NAMES = {"approved": "Đã duyệt, chờ trả lời", "answered": "Đã trả lời"}
_DIRECTIVE_STATUS_NAMES = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "reported_done": "Đã báo cáo hoàn thành, chờ xác nhận",
    "done": "Đã hoàn thành",
    "cancelled": "Hủy bỏ",
    "carried_over": "Chuyển sang hội nghị sau",
}


def _status_name(status: str) -> str:
    return _STATUS_NAMES.get(status, status)


def _directive_status_name(status: str) -> str:
    return _DIRECTIVE_STATUS_NAMES.get(status, status)


def _share(row) -> str:
    return f"{row.count} ({row.percent}%)"


def _poll_blocks(polls: list) -> list[Block]:
    """Each poll's question and results, as the room answered it (the polls app's PollResult)."""
    blocks = []
    for n, result in enumerate(polls, 1):
        poll = result.poll
        average = f"; điểm trung bình: {result.average_display}/5" if result.average is not None else ""
        blocks.append(Block("para", f"Câu hỏi {n}: {clean(poll.question)} ({result.voters} lượt trả lời{average})."))
        label = "Mức đánh giá" if poll.kind == "rating" else "Phương án"
        rows = [
            [str(i), f"{row.label}/5" if poll.kind == "rating" else clean(row.label), _share(row)]
            for i, row in enumerate(result.rows, 1)
        ]
        blocks.append(Block("table", header=["STT", label, "Số lượt chọn (tỷ lệ)"], rows=rows, widths=[2, 11, 5]))
    return blocks


def _survey_blocks(survey) -> list[Block]:
    """The closing survey's averages; the free texts stay with the organizers (they may name people)."""
    rows = [
        [str(n), clean(item.question.prompt), str(item.answers), item.average_display]
        for n, item in enumerate(survey.ratings, 1)
    ]
    blocks = [Block("para", f"Số người tham gia khảo sát: {survey.responses}.")]
    if rows:
        blocks.append(
            Block(
                "table",
                header=["STT", "Nội dung", "Số trả lời", "Điểm trung bình (1-5)"],
                rows=rows,
                widths=[2, 11, 3, 4],
            )
        )
    texts = sum(item.answers for item in survey.questions if item.question.kind == "text")
    if texts:
        blocks.append(Block("para", f"Có {texts} ý kiến góp ý bằng văn bản, Ban tổ chức tổng hợp để rút kinh nghiệm."))
    return blocks
