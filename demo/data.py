"""Vietnamese texts of the demo data loaded by ``manage.py load_demo``.

The 2023 conference follows the seed news report (``shared/seed/000_c23b7ebef0d2ae4b.txt``) word for word where the
report has the words: title, theme, purpose, the concerns the members raised, the chair's conclusion and the photo
captions. Where the report names nobody (the deputy director, the head of the Emulation-Commendation board, the director
of the Historical Archive Centre) the participant is named by position, never by an invented person's name. Demo
members carry the customary Vietnamese placeholder names ("Nguyễn Văn A"), not real-sounding ones.

Everything here is NFC-normalised; tests check it.
"""

from conferences.models import AgendaItem, Participant, Unit
from core import roles

DEMO_PASSWORD = "demo12345"

# --- Units of the department ---------------------------------------------------------------------------------------

BGD = "Ban Giám đốc Sở"
VAN_PHONG = "Văn phòng Sở"
PHONG_TCBC = "Phòng Tổ chức, biên chế và tổ chức phi chính phủ"
PHONG_XDCQ = "Phòng Xây dựng chính quyền và công tác thanh niên"
PHONG_CCHC = "Phòng Cải cách hành chính"
PHONG_CCVC = "Phòng Công chức, viên chức"
THANH_TRA = "Thanh tra Sở"
BAN_TDKT = "Ban Thi đua - Khen thưởng"
TT_LUU_TRU = "Trung tâm Lưu trữ lịch sử"
CHI_DOAN = "Chi đoàn Sở Nội vụ"
BCH_CHI_DOAN = "Ban Chấp hành Chi đoàn"
DANG_UY = "Đảng ủy Sở"

# (name, short name, kind, parent name)
UNITS = [
    (BGD, "BGĐ", Unit.Kind.LEADERSHIP, None),
    (VAN_PHONG, "VP", Unit.Kind.DIVISION, None),
    (PHONG_TCBC, "TCBC&TCPCP", Unit.Kind.DIVISION, None),
    (PHONG_XDCQ, "XDCQ&CTTN", Unit.Kind.DIVISION, None),
    (PHONG_CCHC, "CCHC", Unit.Kind.DIVISION, None),
    (PHONG_CCVC, "CCVC", Unit.Kind.DIVISION, None),
    (THANH_TRA, "TTr", Unit.Kind.DIVISION, None),
    (BAN_TDKT, "Ban TĐKT", Unit.Kind.BOARD, None),
    (TT_LUU_TRU, "TTLTLS", Unit.Kind.CENTRE, None),
    (DANG_UY, "Đảng ủy", Unit.Kind.PARTY_COMMITTEE, None),
    (CHI_DOAN, "Chi đoàn", Unit.Kind.YOUTH_BRANCH, None),
    (BCH_CHI_DOAN, "BCH Chi đoàn", Unit.Kind.YOUTH_BRANCH, CHI_DOAN),
]

# The divisions, boards and centres the conclusion speaks to ("các phòng, ban, trung tâm thuộc Sở").
DEPARTMENT_DIVISIONS = [PHONG_TCBC, PHONG_XDCQ, PHONG_CCHC, PHONG_CCVC, THANH_TRA, BAN_TDKT, TT_LUU_TRU]

# --- Demo accounts -------------------------------------------------------------------------------------------------
# key = username. Django's get_full_name() is "<first_name> <last_name>", so the Vietnamese family and middle names go
# into first_name and the given name into last_name: "Lê Quang" + "Hòa" reads "Lê Quang Hòa".

ADMIN, ORGANIZER, LEADER, MEMBER, MEMBER2 = "admin", "organizer", "leader", "member", "member2"

USERS = {
    ADMIN: {
        "first_name": "Quản trị",
        "last_name": "hệ thống",
        "unit": VAN_PHONG,
        "position": "Quản trị hệ thống",
        "group": None,
        "is_staff": True,
        "is_superuser": True,
    },
    ORGANIZER: {
        "first_name": "Phạm Thị",
        "last_name": "C",
        "unit": VAN_PHONG,
        "position": "Chuyên viên Văn phòng Sở, Ban tổ chức Hội nghị",
        "group": roles.ORGANIZER,
        "is_staff": True,
        "is_superuser": False,
    },
    LEADER: {
        "first_name": "Lê Quang",
        "last_name": "Hòa",
        "unit": BGD,
        "position": "Bí thư Đảng ủy - Giám đốc Sở",
        "group": roles.LEADER,
        "is_staff": False,
        "is_superuser": False,
    },
    MEMBER: {
        "first_name": "Nguyễn Văn",
        "last_name": "A",
        "unit": VAN_PHONG,
        "position": "Chuyên viên",
        "group": roles.MEMBER,
        "is_staff": False,
        "is_superuser": False,
    },
    MEMBER2: {
        "first_name": "Trần Thị",
        "last_name": "B",
        "unit": PHONG_CCHC,
        "position": "Chuyên viên",
        "group": roles.MEMBER,
        "is_staff": False,
        "is_superuser": False,
    },
}

# Liaisons (đầu mối) appointed by the organizers: username -> unit.
LIAISONS = {MEMBER: VAN_PHONG, MEMBER2: PHONG_CCHC}

# --- Participants (shared keys) ------------------------------------------------------------------------------------

CHAIR = "chair"
DEPUTY = "deputy"
HEAD_TDKT = "head_tdkt"
HEAD_ARCHIVE = "head_archive"
YOUTH_SECRETARY = "youth_secretary"
MEMBERS = "members"

CHAIR_NAME = "Lê Quang Hòa"
CHAIR_POSITION = "TUV, Bí thư Đảng ủy - Giám đốc Sở"
YOUTH_SECRETARY_NAME = "Vũ Quốc Khánh"

# key -> (full name, position, unit, role, linked username). A participant linked to a user takes the user's name.
PARTICIPANTS = {
    CHAIR: (CHAIR_NAME, CHAIR_POSITION, BGD, Participant.Role.CHAIR, LEADER),
    # The report mentions "đại diện lãnh đạo Sở" without a name.
    DEPUTY: ("Đại diện Lãnh đạo Sở", "Phó Giám đốc Sở", BGD, Participant.Role.LEADER, None),
    HEAD_TDKT: (
        "Trưởng ban Thi đua - Khen thưởng",
        "Trưởng ban Thi đua - Khen thưởng",
        BAN_TDKT,
        Participant.Role.LEADER,
        None,
    ),
    HEAD_ARCHIVE: (
        "Giám đốc Trung tâm Lưu trữ lịch sử",
        "Giám đốc Trung tâm Lưu trữ lịch sử Sở Nội vụ",
        TT_LUU_TRU,
        Participant.Role.LEADER,
        None,
    ),
    # "Bí thư" is the Youth Union secretary, not the conference's minute-taker (Role.SECRETARY, "thư ký").
    YOUTH_SECRETARY: (YOUTH_SECRETARY_NAME, "Bí thư Chi đoàn", CHI_DOAN, Participant.Role.DELEGATE, None),
    MEMBERS: ("Đoàn viên Chi đoàn Sở", "Đoàn viên", CHI_DOAN, Participant.Role.MEMBER, None),
    MEMBER: (None, "Chuyên viên Văn phòng Sở, đoàn viên Chi đoàn", VAN_PHONG, Participant.Role.MEMBER, MEMBER),
    MEMBER2: (
        None,
        "Chuyên viên Phòng Cải cách hành chính, đoàn viên Chi đoàn",
        PHONG_CCHC,
        Participant.Role.MEMBER,
        MEMBER2,
    ),
}

# --- The 2023 conference (the seed) --------------------------------------------------------------------------------

TITLE_2023 = "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2023"
VENUE = "Hội trường Sở Nội vụ"
THEME_2023 = (
    "Nâng cao tinh thần trách nhiệm của đoàn viên thanh niên trong chuyển đổi số, cải cách hành chính và thực thi "
    "công vụ; đẩy mạnh hiệu quả hoạt động Đoàn thanh niên Sở Nội vụ"
)
PURPOSE_2023 = (
    "Nhằm tạo điều kiện cho đoàn viên thanh niên được bày tỏ tâm tư, nguyện vọng cũng như đề xuất những kiến nghị "
    "liên quan đến việc thực hiện các chủ trương, chính sách về chuyển đổi số; giúp cho đoàn viên thanh niên hiểu "
    "rõ hơn công tác chăm lo, phát triển thanh niên của các cấp, các ngành cũng như vị thế của bản thân trong thời "
    "kỳ phát triển mạnh về khoa học, kỹ thuật, công nghệ. Đồng thời cũng là dịp để Lãnh đạo Sở lắng nghe tâm tư, "
    "nguyện vọng của đoàn viên thanh niên, kịp thời định hướng tư tưởng, chỉ đạo giải quyết, tháo gỡ những khó "
    "khăn, vướng mắc liên quan đến chính sách phát triển thanh niên trong tình hình mới, góp phần nâng cao hiệu "
    "lực, hiệu quả quản lý nhà nước về thanh niên."
)
DESCRIPTION_2023 = (
    "Hội nghị do đồng chí Lê Quang Hòa, Bí thư Đảng ủy - Giám đốc Sở chủ trì. Tham gia cuộc đối thoại có đại diện "
    "lãnh đạo Sở, Trưởng ban Thi đua - Khen thưởng, Giám đốc Trung tâm Lưu trữ lịch sử Sở Nội vụ và đoàn viên Chi "
    "đoàn Sở.\n\n" + PURPOSE_2023
)
DIALOGUE_2023 = (
    "Lãnh đạo Sở đối thoại, trả lời trực tiếp những vấn đề thanh niên quan tâm về chuyển đổi số, cải cách hành chính "
    "và thực thi công vụ; đẩy mạnh hiệu quả hoạt động Đoàn thanh niên Sở Nội vụ với tinh thần đối thoại thẳng thắn, "
    "cởi mở, đảm bảo thiết thực, hiệu quả."
)

# Agenda: (order, start "HH:MM", minutes, kind, presenter key or None, title, description)
AGENDA_2023 = [
    (1, "08:00", 10, AgendaItem.Kind.OPENING, None, "Tuyên bố lý do, giới thiệu đại biểu", ""),
    (
        2,
        "08:10",
        20,
        AgendaItem.Kind.SPEECH,
        CHAIR,
        "Phát biểu của đồng chí Lê Quang Hòa, TUV, Bí thư Đảng ủy - Giám đốc Sở",
        PURPOSE_2023,
    ),
    (
        3,
        "08:30",
        15,
        AgendaItem.Kind.REPORT,
        YOUTH_SECRETARY,
        "Đồng chí Vũ Quốc Khánh - Bí thư Chi đoàn chia sẻ về việc phát động sáng tạo, đăng ký công trình thanh niên",
        "Chia sẻ về việc phát động sáng tạo, đăng ký công trình thanh niên tại Trụ sở Sở Nội vụ.",
    ),
    (
        4,
        "08:45",
        105,
        AgendaItem.Kind.DIALOGUE,
        CHAIR,
        "Lãnh đạo Sở đối thoại, trả lời trực tiếp những vấn đề thanh niên quan tâm",
        DIALOGUE_2023,
    ),
    (
        5,
        "10:30",
        30,
        AgendaItem.Kind.DIALOGUE,
        MEMBERS,
        "Đoàn viên Chi đoàn Sở phát biểu ý kiến, tâm tư, nguyện vọng",
        "Các đoàn viên thẳng thắn chia sẻ, đưa ra nhiều vấn đề như: đổi mới phương thức làm việc trên môi trường số; "
        "ứng dụng công nghệ thông tin trong giải quyết dịch vụ công trực tuyến; bảo mật thông tin, an toàn thông tin "
        "trong không gian mạng; nâng cao cơ sở vật chất, trang thiết bị làm việc; nhu cầu bồi dưỡng, tập huấn chuyên "
        "môn nghiệp vụ.",
    ),
    (
        6,
        "11:00",
        20,
        AgendaItem.Kind.CONCLUSION,
        CHAIR,
        "Kết luận Hội nghị",
        "Đồng chí Lê Quang Hòa, Bí thư Đảng ủy - Giám đốc Sở kết luận Hội nghị.",
    ),
]

# The concerns the seed lists. Dict fields: title, topic (slug), author, addressed_to (unit name or None), submitted
# ("DD HH:MM" in March 2023), body, supporters (usernames), responder (participant key), answered ("HH:MM" on 30/3),
# answer.
QUESTIONS_2023 = [
    {
        "title": "Đổi mới phương thức làm việc trên môi trường số",
        "topic": "chuyen-doi-so",
        "author": MEMBER,
        "addressed_to": None,
        "submitted": "20 09:15",
        "body": (
            "Hiện nay nhiều công việc của Sở vẫn xử lý song song trên văn bản giấy và trên môi trường mạng, làm tăng "
            "thời gian và khối lượng công việc của công chức trẻ. Đề nghị lãnh đạo Sở cho biết định hướng đổi mới "
            "phương thức làm việc trên môi trường số trong thời gian tới và đoàn viên thanh niên cần chuẩn bị những "
            "gì để đáp ứng yêu cầu đó."
        ),
        "supporters": [MEMBER2, ORGANIZER],
        "responder": CHAIR,
        "answered": "08:55",
        "answer": (
            "Lãnh đạo Sở ghi nhận ý kiến. Chuyển đổi số là nhiệm vụ trọng tâm của ngành, Sở sẽ từng bước chuyển việc "
            "xử lý văn bản, hồ sơ công việc sang môi trường điện tử, hạn chế văn bản giấy. Đề nghị đoàn viên thanh "
            "niên tiên phong, chủ động làm chủ các phần mềm dùng chung, mạnh dạn đề xuất cải tiến cách làm trong "
            "từng lĩnh vực chuyên môn."
        ),
    },
    {
        "title": "Ứng dụng công nghệ thông tin trong giải quyết dịch vụ công trực tuyến",
        "topic": "dich-vu-cong-truc-tuyen",
        "author": MEMBER2,
        "addressed_to": PHONG_CCHC,
        "submitted": "21 14:30",
        "body": (
            "Nhiều thủ tục hành chính thuộc lĩnh vực nội vụ đã được cung cấp dịch vụ công trực tuyến nhưng tỷ lệ hồ "
            "sơ nộp trực tuyến chưa cao, người dân còn lúng túng khi thao tác. Đề nghị Sở quan tâm đẩy mạnh ứng dụng "
            "công nghệ thông tin trong tiếp nhận, giải quyết hồ sơ trực tuyến và tạo điều kiện để đoàn viên thanh "
            "niên tham gia hướng dẫn người dân."
        ),
        "supporters": [MEMBER, ORGANIZER],
        "responder": DEPUTY,
        "answered": "09:20",
        "answer": (
            "Sở sẽ tiếp tục rà soát, đơn giản hóa quy trình, nâng cao chất lượng dịch vụ công trực tuyến thuộc lĩnh "
            "vực nội vụ. Đoàn viên thanh niên là lực lượng nòng cốt trong việc hướng dẫn, hỗ trợ người dân, tổ chức "
            "nộp hồ sơ trực tuyến; Chi đoàn cần gắn nội dung này với các công trình, phần việc thanh niên."
        ),
    },
    {
        "title": "Bảo mật thông tin, an toàn thông tin trong không gian mạng",
        "topic": "bao-mat-an-toan-thong-tin",
        "author": MEMBER,
        "addressed_to": VAN_PHONG,
        "submitted": "22 10:05",
        "body": (
            "Khi công việc chuyển lên môi trường mạng, nguy cơ lộ, lọt thông tin và tấn công mạng ngày càng lớn. Đề "
            "nghị Sở có hướng dẫn cụ thể về bảo mật thông tin, an toàn thông tin trong không gian mạng cho công "
            "chức, viên chức, nhất là việc sử dụng thư điện tử công vụ và thiết bị cá nhân."
        ),
        "supporters": [MEMBER2],
        "responder": DEPUTY,
        "answered": "09:45",
        "answer": (
            "Bảo đảm an toàn thông tin là yêu cầu bắt buộc khi chuyển đổi số. Sở sẽ phổ biến các quy định về bảo vệ "
            "bí mật nhà nước và an toàn thông tin mạng, yêu cầu sử dụng thư điện tử công vụ cho công việc. Mỗi đoàn "
            "viên cần nâng cao ý thức, không chia sẻ tài khoản, không lưu tài liệu công vụ trên thiết bị cá nhân "
            "thiếu bảo mật."
        ),
    },
    {
        "title": "Nâng cao cơ sở vật chất, trang thiết bị làm việc",
        "topic": "co-so-vat-chat-trang-thiet-bi",
        "author": MEMBER2,
        "addressed_to": VAN_PHONG,
        "submitted": "23 15:40",
        "body": (
            "Một số máy tính, thiết bị làm việc đã cũ, cấu hình thấp, chưa đáp ứng yêu cầu xử lý công việc trên môi "
            "trường số và họp trực tuyến. Đề nghị lãnh đạo Sở quan tâm đầu tư, nâng cao cơ sở vật chất, trang thiết "
            "bị làm việc cho các phòng, ban, trung tâm."
        ),
        "supporters": [MEMBER, ORGANIZER],
        "responder": CHAIR,
        "answered": "10:05",
        "answer": (
            "Lãnh đạo Sở ghi nhận kiến nghị chính đáng này. Văn phòng Sở rà soát hiện trạng trang thiết bị của các "
            "phòng, ban, trung tâm, đề xuất thay thế, bổ sung theo thứ tự ưu tiên trong phạm vi dự toán được giao, "
            "trước hết là thiết bị phục vụ xử lý văn bản điện tử và họp trực tuyến."
        ),
    },
    {
        "title": "Nhu cầu bồi dưỡng, tập huấn chuyên môn nghiệp vụ",
        "topic": "dao-tao-boi-duong",
        "author": MEMBER,
        "addressed_to": PHONG_CCVC,
        "submitted": "24 08:50",
        "body": (
            "Công chức, viên chức trẻ mong muốn được tham gia nhiều hơn các lớp bồi dưỡng, tập huấn chuyên môn nghiệp "
            "vụ, kỹ năng số và kỹ năng xử lý công việc. Đề nghị Sở khảo sát nhu cầu và có kế hoạch bồi dưỡng, tập "
            "huấn phù hợp cho đoàn viên thanh niên."
        ),
        "supporters": [MEMBER2, ORGANIZER],
        "responder": CHAIR,
        "answered": "10:20",
        "answer": (
            "Sở khuyến khích và tạo điều kiện để thanh niên học tập, nâng cao trình độ, năng lực. Phòng Công chức, "
            "viên chức tổng hợp nhu cầu bồi dưỡng của đoàn viên thanh niên, đưa vào kế hoạch đào tạo, bồi dưỡng của "
            "Sở; mỗi đoàn viên cần chủ động tự học, tự nghiên cứu để đáp ứng yêu cầu nhiệm vụ."
        ),
    },
]

# Illustrative number: the report does not give the conclusion's số ký hiệu.
CONCLUSION_NUMBER_2023 = "01-KL/SNV"
CONCLUSION_2023 = (
    "Kết luận Hội nghị, đồng chí Lê Quang Hòa, Bí thư Đảng ủy - Giám đốc Sở đề nghị lãnh đạo các phòng, ban, trung "
    "tâm thuộc Sở ghi nhận, tạo điều kiện cho các kiến nghị chính đáng của đoàn viên, thanh niên, đồng thời, nhắc nhở "
    "Đoàn thanh niên cần chủ động xây dựng kế hoạch hành động cụ thể, có những hành động quyết liệt nhằm đạt được mục "
    "tiêu đã đề ra. Đồng thời yêu cầu Ban chấp hành Chi đoàn cần đẩy mạnh tuyên truyền, giáo dục lý tưởng cách mạng "
    "cho đoàn viên thanh niên, giúp mỗi đoàn viên ý thức được vai trò, trách nhiệm của mình, từ đó không ngừng tiên "
    "phong, chủ động, đổi mới, sáng tạo, làm chủ khoa học công nghệ. Luôn cập nhật kịp thời các dữ liệu thông tin của "
    "ngành lên cổng thông tin điện tử để đoàn viên dễ tiếp cận, tìm hiểu, ứng dụng phù hợp với nhu cầu; có chính sách "
    "động viên, hỗ trợ thanh niên học tập, nâng cao trình độ, năng lực, tạo nguồn lao động chất lượng cao, đáp ứng "
    "yêu cầu thời kỳ công nghiệp 4.0. Thanh niên trong từng lĩnh vực chuyên môn cần nghiên cứu, cụ thể hóa việc "
    "Chuyển đổi số, ứng dụng đúng vào ngành, lĩnh vực mình đang lao động, công tác để có nhiều đổi mới, sáng tạo, "
    "phát huy hết khả năng của mình."
)

# One directive per task of the conclusion, in its order; the content quotes the conclusion.
# Dict fields: order, content, lead, support (unit names), deadline ("YYYY-MM-DD"), status, progress, completed
# ("YYYY-MM-DD HH:MM" or None), questions (titles of related concerns), updates [(at, status, progress, note)].
DIRECTIVES_2023 = [
    {
        "order": 1,
        "content": (
            "Lãnh đạo các phòng, ban, trung tâm thuộc Sở ghi nhận, tạo điều kiện cho các kiến nghị chính đáng của "
            "đoàn viên, thanh niên."
        ),
        "lead": VAN_PHONG,
        "support": DEPARTMENT_DIVISIONS,
        "deadline": "2023-06-30",
        "status": "done",
        "progress": 100,
        "completed": "2023-06-26 16:00",
        "questions": ["Nâng cao cơ sở vật chất, trang thiết bị làm việc"],
        "updates": [
            (
                "2023-04-14 10:00",
                "in_progress",
                50,
                "Văn phòng Sở đã tổng hợp các kiến nghị của đoàn viên, thanh niên tại Hội nghị và chuyển các phòng, "
                "ban, trung tâm xem xét, giải quyết theo thẩm quyền.",
            ),
            (
                "2023-06-26 16:00",
                "done",
                100,
                "Các phòng, ban, trung tâm đã có ý kiến tiếp thu, giải quyết các kiến nghị; Văn phòng Sở đã tổng hợp "
                "kết quả, báo cáo Giám đốc Sở.",
            ),
        ],
    },
    {
        "order": 2,
        "content": (
            "Đoàn thanh niên cần chủ động xây dựng kế hoạch hành động cụ thể, có những hành động quyết liệt nhằm đạt "
            "được mục tiêu đã đề ra."
        ),
        "lead": CHI_DOAN,
        "support": [BCH_CHI_DOAN],
        "deadline": "2023-04-30",
        "status": "done",
        "progress": 100,
        "completed": "2023-04-20 15:30",
        "questions": [],
        "updates": [
            (
                "2023-04-20 15:30",
                "done",
                100,
                "Chi đoàn đã ban hành kế hoạch hành động thực hiện Kết luận Hội nghị đối thoại năm 2023, phân công "
                "nhiệm vụ cụ thể cho từng đoàn viên.",
            ),
        ],
    },
    {
        "order": 3,
        "content": (
            "Ban chấp hành Chi đoàn cần đẩy mạnh tuyên truyền, giáo dục lý tưởng cách mạng cho đoàn viên thanh niên, "
            "giúp mỗi đoàn viên ý thức được vai trò, trách nhiệm của mình, từ đó không ngừng tiên phong, chủ động, đổi "
            "mới, sáng tạo, làm chủ khoa học công nghệ."
        ),
        "lead": BCH_CHI_DOAN,
        "support": [],
        "deadline": "2023-12-31",
        "status": "in_progress",
        "progress": 70,
        "completed": None,
        "questions": [],
        "updates": [
            (
                "2023-09-15 09:00",
                "in_progress",
                70,
                "Ban Chấp hành Chi đoàn đã tổ chức các buổi sinh hoạt chuyên đề về lý tưởng cách mạng và vai trò của "
                "thanh niên trong chuyển đổi số.",
            ),
        ],
    },
    {
        "order": 4,
        "content": (
            "Luôn cập nhật kịp thời các dữ liệu thông tin của ngành lên cổng thông tin điện tử để đoàn viên dễ tiếp "
            "cận, tìm hiểu, ứng dụng phù hợp với nhu cầu."
        ),
        "lead": VAN_PHONG,
        "support": [TT_LUU_TRU],
        "deadline": "2023-09-30",
        "status": "done",
        "progress": 100,
        "completed": "2023-09-25 14:00",
        "questions": [
            "Đổi mới phương thức làm việc trên môi trường số",
            "Ứng dụng công nghệ thông tin trong giải quyết dịch vụ công trực tuyến",
        ],
        "updates": [
            (
                "2023-09-25 14:00",
                "done",
                100,
                "Văn phòng Sở đã rà soát, cập nhật các văn bản, tài liệu của ngành lên cổng thông tin điện tử của Sở "
                "và giao đầu mối cập nhật thường xuyên.",
            ),
        ],
    },
    {
        "order": 5,
        "content": (
            "Có chính sách động viên, hỗ trợ thanh niên học tập, nâng cao trình độ, năng lực, tạo nguồn lao động chất "
            "lượng cao, đáp ứng yêu cầu thời kỳ công nghiệp 4.0."
        ),
        "lead": PHONG_CCVC,
        "support": [VAN_PHONG],
        "deadline": "2023-12-31",
        # Reported done by the unit; it waits for the organizers' confirmation (a demo of that step).
        "status": "reported_done",
        "progress": 100,
        "completed": None,
        "questions": ["Nhu cầu bồi dưỡng, tập huấn chuyên môn nghiệp vụ"],
        "updates": [
            (
                "2023-08-10 10:30",
                "in_progress",
                60,
                "Phòng Công chức, viên chức đã tổng hợp nhu cầu bồi dưỡng của đoàn viên, thanh niên và đưa vào kế "
                "hoạch đào tạo, bồi dưỡng của Sở.",
            ),
            (
                "2023-12-20 16:00",
                "reported_done",
                100,
                "Sở đã ban hành Kế hoạch đào tạo, bồi dưỡng năm 2024, trong đó có chính sách hỗ trợ thanh niên học "
                "tập, nâng cao trình độ; đề nghị Ban tổ chức xác nhận hoàn thành.",
            ),
        ],
    },
    {
        "order": 6,
        "content": (
            "Thanh niên trong từng lĩnh vực chuyên môn cần nghiên cứu, cụ thể hóa việc Chuyển đổi số, ứng dụng đúng "
            "vào ngành, lĩnh vực mình đang lao động, công tác để có nhiều đổi mới, sáng tạo, phát huy hết khả năng của "
            "mình."
        ),
        "lead": CHI_DOAN,
        "support": [BCH_CHI_DOAN],
        "deadline": "2023-12-31",
        "status": "in_progress",
        "progress": 40,
        "completed": None,
        "questions": [
            "Đổi mới phương thức làm việc trên môi trường số",
            "Bảo mật thông tin, an toàn thông tin trong không gian mạng",
        ],
        "updates": [],
    },
]

# --- Youth initiatives the 2023 dialogue launched ------------------------------------------------------------------
# "Đồng chí Vũ Quốc Khánh - Bí thư Chi đoàn chia sẻ về việc phát động sáng tạo, đăng ký công trình thanh niên"; the
# chair asked the Youth Union for a concrete action plan (directive 2) and the young staff of every field to apply
# digital transformation to their work (directive 6). The report names no initiative: these are illustrative, as are
# the decision's number and date. Dict fields: name, kind, content, expected, place, starts, ends ("YYYY-MM-DD"),
# budget (đồng) and source, members (usernames), member_count, directives (orders), status, result, completed,
# recognition (level, number, date) or None, updates [(at, previous status, status, note, photo?)].
INITIATIVE_PERSON_IN_CHARGE = YOUTH_SECRETARY_NAME
INITIATIVES_2023 = [
    {
        "name": "Đội hình thanh niên tình nguyện hướng dẫn người dân nộp hồ sơ trực tuyến",
        "kind": "project",
        "content": (
            "Mỗi tuần hai buổi, đoàn viên Chi đoàn thay phiên có mặt tại Bộ phận Một cửa của Sở để hướng dẫn người "
            "dân, tổ chức tạo tài khoản định danh điện tử, nộp hồ sơ và tra cứu kết quả thủ tục hành chính lĩnh vực "
            "nội vụ trên Cổng dịch vụ công."
        ),
        "expected": (
            "Ít nhất 500 lượt người dân được hướng dẫn; tỷ lệ hồ sơ nộp trực tuyến lĩnh vực nội vụ tăng so với năm "
            "2022."
        ),
        "place": "Bộ phận Một cửa, Trụ sở Sở Nội vụ",
        "starts": "2023-04-17",
        "ends": "2023-10-31",
        "budget": 5_000_000,
        "budget_source": "Kinh phí hoạt động của Chi đoàn",
        "members": [MEMBER, MEMBER2],
        "member_count": 12,
        "directives": [2],
        "status": "recognised",
        "result": (
            "Đội hình đã hướng dẫn 640 lượt người dân, tổ chức; hỗ trợ tạo 210 tài khoản định danh điện tử và nộp "
            "trực tuyến 385 hồ sơ."
        ),
        "completed": "2023-10-31",
        "recognition": ("higher", "25-QĐ/ĐTN", "2023-12-15"),
        "updates": [
            (
                "2023-04-17 16:00",
                "registered",
                "in_progress",
                "Đội hình ra quân buổi đầu tiên tại Bộ phận Một cửa.",
                True,
            ),
            (
                "2023-07-14 16:30",
                "in_progress",
                "in_progress",
                "Sau ba tháng, đội hình đã hướng dẫn 320 lượt người dân; bổ sung lịch trực sáng thứ Sáu.",
                False,
            ),
            (
                "2023-10-31 17:00",
                "in_progress",
                "completed",
                "Đội hình đã hướng dẫn 640 lượt người dân, tổ chức; hỗ trợ tạo 210 tài khoản định danh điện tử và nộp "
                "trực tuyến 385 hồ sơ.",
                False,
            ),
            ("2023-12-15 10:00", "completed", "recognised", "Được cấp trên công nhận: quyết định số 25-QĐ/ĐTN.", False),
        ],
    },
    {
        "name": "Số hóa tài liệu lưu trữ và lập sổ tay chuyển đổi số cho đoàn viên",
        "kind": "task",
        "content": (
            "Đoàn viên các phòng, ban, trung tâm tham gia số hóa hồ sơ, tài liệu lưu trữ của Sở theo hướng dẫn của "
            "Trung tâm Lưu trữ lịch sử, đồng thời biên soạn sổ tay hướng dẫn sử dụng các phần mềm dùng chung, chữ ký "
            "số và an toàn thông tin cho đoàn viên."
        ),
        "expected": "Số hóa 20.000 trang tài liệu; phát hành sổ tay chuyển đổi số tới toàn bộ đoàn viên Chi đoàn.",
        "place": "Trung tâm Lưu trữ lịch sử Sở Nội vụ",
        "starts": "2023-06-01",
        "ends": "2026-12-31",
        "budget": None,
        "budget_source": "",
        "members": [MEMBER],
        "member_count": 8,
        "directives": [6],
        "status": "in_progress",
        "result": "",
        "completed": None,
        "recognition": None,
        "updates": [
            (
                "2023-06-01 08:30",
                "registered",
                "in_progress",
                "Chi đoàn phân công 8 đoàn viên tham gia đợt đầu.",
                False,
            ),
            (
                "2024-05-20 15:00",
                "in_progress",
                "in_progress",
                "Đã số hóa 9.500 trang tài liệu; bản thảo sổ tay đã xin ý kiến các phòng.",
                False,
            ),
        ],
    },
]

PHOTO_CAPTIONS_2023 = [
    "Đồng chí Lê Quang Hòa, TUV, Bí thư Đảng ủy - Giám đốc Sở phát biểu tại Hội nghị đối thoại",
    "Quang cảnh Hội nghị",
    "Đoàn viên Chi đoàn Sở phát biểu ý kiến, tâm tư, nguyện vọng tại Hội nghị",
    "Đồng chí Vũ Quốc Khánh - Bí thư Chi đoàn chia sẻ về việc phát động sáng tạo, đăng ký công trình thanh niên tại "
    "Trụ sở Sở Nội vụ",
]

# --- This year's conference ----------------------------------------------------------------------------------------

TITLE_CURRENT = "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm {year}"
THEME_CURRENT = (
    "Đoàn viên thanh niên Sở Nội vụ tiên phong trong chuyển đổi số, cải cách hành chính và xây dựng nền công vụ "
    "chuyên nghiệp"
)
DESCRIPTION_CURRENT = (
    "Hội nghị đối thoại thường niên giữa lãnh đạo Sở với đoàn viên thanh niên Chi đoàn Sở Nội vụ. Đoàn viên gửi tâm "
    "tư, nguyện vọng, kiến nghị trước Hội nghị qua Cổng đối thoại; Ban tổ chức tổng hợp, lãnh đạo Sở trả lời trực "
    "tiếp tại Hội nghị. Hội nghị cũng rà soát kết quả thực hiện các nhiệm vụ tại Kết luận Hội nghị đối thoại năm "
    "trước."
)
PARTICIPANTS_CURRENT = [CHAIR, DEPUTY, YOUTH_SECRETARY, MEMBERS, MEMBER, MEMBER2]
PARTICIPANTS_2023 = [CHAIR, DEPUTY, HEAD_TDKT, HEAD_ARCHIVE, YOUTH_SECRETARY, MEMBERS, MEMBER, MEMBER2]

# (order, minutes after the start, minutes, kind, presenter key or None, title, description)
AGENDA_CURRENT = [
    (1, 0, 10, AgendaItem.Kind.OPENING, None, "Tuyên bố lý do, giới thiệu đại biểu", ""),
    (
        2,
        10,
        20,
        AgendaItem.Kind.REPORT,
        YOUTH_SECRETARY,
        "Báo cáo kết quả thực hiện Kết luận Hội nghị đối thoại năm trước và tổng hợp kiến nghị của đoàn viên",
        "Đồng chí Vũ Quốc Khánh - Bí thư Chi đoàn trình bày.",
    ),
    (
        3,
        30,
        120,
        AgendaItem.Kind.DIALOGUE,
        CHAIR,
        "Lãnh đạo Sở đối thoại, trả lời trực tiếp những vấn đề thanh niên quan tâm",
        "",
    ),
    (4, 150, 20, AgendaItem.Kind.CONCLUSION, CHAIR, "Kết luận Hội nghị", ""),
]

# Concerns of this year's conference. status: pending, approved or answered (a written answer before the conference).
QUESTIONS_CURRENT = [
    {
        "title": "Triển khai chữ ký số cá nhân cho đoàn viên trong xử lý văn bản",
        "topic": "chuyen-doi-so",
        "author": MEMBER,
        "addressed_to": VAN_PHONG,
        "status": "approved",
        "anonymous": False,
        "days_ago": 6,
        "body": (
            "Nhiều văn bản, hồ sơ vẫn phải in ra để ký tay rồi mới số hóa lại. Đề nghị Sở cấp chữ ký số cá nhân cho "
            "công chức, viên chức trẻ và hướng dẫn sử dụng để xử lý văn bản hoàn toàn trên môi trường điện tử."
        ),
        "supporters": [MEMBER2, ORGANIZER],
    },
    {
        "title": "Hướng dẫn sử dụng Hệ thống thông tin giải quyết thủ tục hành chính",
        "topic": "dich-vu-cong-truc-tuyen",
        "author": MEMBER2,
        "addressed_to": PHONG_CCHC,
        "status": "approved",
        "anonymous": False,
        "days_ago": 5,
        "body": (
            "Đoàn viên mới tuyển dụng chưa quen thao tác trên Hệ thống thông tin giải quyết thủ tục hành chính. Đề "
            "nghị tổ chức buổi hướng dẫn thực hành và có tài liệu hướng dẫn ngắn gọn để tra cứu khi cần."
        ),
        "supporters": [MEMBER],
    },
    {
        "title": "Tổ chức hoạt động thể thao, giao lưu cho đoàn viên thanh niên",
        "topic": "hoat-dong-doan",
        "author": MEMBER,
        "addressed_to": CHI_DOAN,
        "status": "approved",
        "anonymous": False,
        "days_ago": 4,
        "body": (
            "Đề nghị Chi đoàn phối hợp với Công đoàn cơ sở tổ chức các hoạt động thể thao, giao lưu định kỳ để đoàn "
            "viên thanh niên rèn luyện sức khỏe và gắn kết hơn."
        ),
        "supporters": [MEMBER2, ORGANIZER],
    },
    {
        "title": "Cải tiến quy trình tiếp nhận, xử lý hồ sơ thi đua, khen thưởng",
        "topic": "cai-cach-hanh-chinh",
        "author": MEMBER2,
        "addressed_to": BAN_TDKT,
        "status": "approved",
        "anonymous": False,
        "days_ago": 3,
        "body": (
            "Hồ sơ đề nghị khen thưởng còn phải nộp bản giấy nhiều lần. Đề nghị nghiên cứu tiếp nhận, xử lý hồ sơ "
            "thi đua, khen thưởng trên môi trường điện tử để giảm thời gian cho cơ quan, đơn vị."
        ),
        "supporters": [],
    },
    {
        "title": "Kế hoạch tập huấn kỹ năng an toàn thông tin cho công chức trẻ",
        "topic": "bao-mat-an-toan-thong-tin",
        "author": MEMBER,
        "addressed_to": VAN_PHONG,
        "status": "answered",
        "anonymous": False,
        "days_ago": 6,
        "body": (
            "Đề nghị Sở cho biết trong năm có tổ chức tập huấn kỹ năng nhận diện thư điện tử giả mạo, phòng chống mã "
            "độc cho công chức trẻ không."
        ),
        "supporters": [MEMBER2],
        "responder": DEPUTY,
        "answer": (
            "Văn phòng Sở sẽ phối hợp tổ chức tập huấn kỹ năng bảo đảm an toàn thông tin cho công chức, viên chức "
            "trong năm; Chi đoàn vận động đoàn viên tham gia đầy đủ. Lãnh đạo Sở sẽ trao đổi thêm tại Hội nghị."
        ),
    },
    {
        "title": "Bố trí phòng họp trực tuyến cho các phòng chuyên môn",
        "topic": "co-so-vat-chat-trang-thiet-bi",
        "author": MEMBER,
        "addressed_to": VAN_PHONG,
        "status": "pending",
        "anonymous": False,
        "days_ago": 2,
        "body": (
            "Các cuộc họp trực tuyến ngày càng nhiều nhưng Sở mới có một phòng họp trực tuyến. Đề nghị bố trí thêm "
            "điểm họp trực tuyến nhỏ cho các phòng chuyên môn."
        ),
        "supporters": [],
    },
    {
        "title": "Cơ chế khuyến khích sáng kiến, cải tiến trong thực thi công vụ",
        "topic": "thuc-thi-cong-vu",
        "author": MEMBER2,
        "addressed_to": None,
        "status": "pending",
        "anonymous": True,
        "days_ago": 1,
        "body": (
            "Đề nghị Sở có cơ chế ghi nhận, khen thưởng kịp thời những sáng kiến, cải tiến của đoàn viên thanh niên "
            "trong thực thi công vụ, kể cả những cải tiến nhỏ trong cách làm hằng ngày."
        ),
        "supporters": [],
    },
    {
        "title": "Bồi dưỡng ngoại ngữ, kỹ năng số cho công chức trẻ",
        "topic": "dao-tao-boi-duong",
        "author": MEMBER,
        "addressed_to": PHONG_CCVC,
        "status": "pending",
        "anonymous": False,
        "days_ago": 0,
        "body": (
            "Đề nghị Sở xem xét hỗ trợ một phần kinh phí cho đoàn viên tự học ngoại ngữ, kỹ năng số ngoài các lớp "
            "bồi dưỡng theo kế hoạch."
        ),
        "supporters": [],
    },
]

# A concern of this year's conference the organizers assigned to the leader, with its answer drafted by a unit:
# (title of the concern, username of the leader, drafting unit, username of the liaison who drafts, the draft).
ASSIGNED_CURRENT = [
    (
        "Triển khai chữ ký số cá nhân cho đoàn viên trong xử lý văn bản",
        LEADER,
        VAN_PHONG,
        MEMBER,
        (
            "Văn phòng Sở đã tổng hợp nhu cầu chữ ký số cá nhân của công chức, viên chức trẻ và sẽ đề nghị cấp trong "
            "quý tới; sau khi được cấp, Văn phòng phối hợp với Chi đoàn tổ chức hướng dẫn sử dụng để xử lý văn bản "
            "hoàn toàn trên môi trường điện tử."
        ),
    ),
]

# --- The organization profile: the Hưng Yên department of the seed ------------------------------------------------

ORGANIZATION = {
    "parent_body": "UBND TỈNH HƯNG YÊN",
    "issuing_body": "SỞ NỘI VỤ",
    "code": "SNV",
    "place_name": "Hưng Yên",
    "youth_parent": "ĐOÀN KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH",
    "youth_branch": "Chi đoàn Sở Nội vụ",
    "youth_code": "CĐSNV",
    "youth_issues_plan": False,
    "report_recipient": "UBND tỉnh Hưng Yên",
    "chair_authority": "",
    "chair_title": "GIÁM ĐỐC",
    "notice_authority": "TL. GIÁM ĐỐC",
    "notice_title": "CHÁNH VĂN PHÒNG",
    # The report names no head of the department's office: the notice's signer is left to fill in.
    "notice_signer_name": "",
    "notice_working_days": 5,
    "public_url": "",
}

# How the authors rated the answers of 2023 (title → verdict, comment). The fifth concern is left unrated, for the
# demo member to try.
RATINGS_2023 = {
    "Đổi mới phương thức làm việc trên môi trường số": ("satisfied", ""),
    "Ứng dụng công nghệ thông tin trong giải quyết dịch vụ công trực tuyến": ("satisfied", ""),
    "Bảo mật thông tin, an toàn thông tin trong không gian mạng": ("satisfied", "Mong có thêm buổi tập huấn."),
    "Nâng cao cơ sở vật chất, trang thiết bị làm việc": (
        "unsatisfied",
        "Câu trả lời chưa nêu thời gian dự kiến thay thế thiết bị.",
    ),
}
# Prepared for this year's session (not yet open): the organizers open them from the live console.
POLLS_CURRENT = [
    {
        "question": "Theo bạn, nội dung nào cần ưu tiên bồi dưỡng cho đoàn viên trong năm nay?",
        "kind": "single",
        "allow_anonymous": False,
        "options": [
            "Kỹ năng số, khai thác dữ liệu",
            "An toàn thông tin khi làm việc trên môi trường mạng",
            "Kỹ năng soạn thảo văn bản hành chính",
            "Ngoại ngữ",
        ],
    },
    {
        "question": "Bạn đánh giá thế nào về việc ứng dụng phần mềm quản lý văn bản và điều hành tại cơ quan?",
        "kind": "rating",
        "allow_anonymous": True,
        "options": [],
    },
]
SURVEY_CURRENT_INTRO = (
    "Cảm ơn đồng chí đã tham gia hội nghị đối thoại. Xin dành hai phút cho biết ý kiến để Ban tổ chức rút kinh "
    "nghiệm cho hội nghị năm sau."
)
SURVEY_CURRENT = [
    ("Nội dung trả lời của lãnh đạo đáp ứng mong muốn của đồng chí ở mức nào?", "rating"),
    ("Công tác tổ chức hội nghị (thời gian, địa điểm, tài liệu)", "rating"),
    ("Cách thức gửi và theo dõi ý kiến, kiến nghị trên cổng đối thoại", "rating"),
    ("Đồng chí có góp ý gì cho hội nghị đối thoại năm sau?", "text"),
]
