from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPICS = [
    "Chuyển đổi số",
    "Cải cách hành chính",
    "Thực thi công vụ",
    "Dịch vụ công trực tuyến",
    "Bảo mật, an toàn thông tin",
    "Cơ sở vật chất, trang thiết bị",
    "Đào tạo, bồi dưỡng",
    "Hoạt động Đoàn",
]
TOPIC_SLUGS = [
    "chuyen-doi-so",
    "cai-cach-hanh-chinh",
    "thuc-thi-cong-vu",
    "dich-vu-cong-truc-tuyen",
    "bao-mat-an-toan-thong-tin",
    "co-so-vat-chat-trang-thiet-bi",
    "dao-tao-boi-duong",
    "hoat-dong-doan",
]

MEMBER_PERMS = [
    ("questions", "view_question"), ("questions", "add_question"), ("questions", "change_question"),
    ("questions", "add_support"), ("questions", "delete_support"), ("questions", "view_answer"),
    ("questions", "view_conclusion"), ("questions", "view_directive"), ("conferences", "view_conference"),
]
LEADER_PERMS = MEMBER_PERMS + [
    ("questions", "add_answer"), ("questions", "change_answer"), ("questions", "view_directiveupdate"),
    ("questions", "add_directiveupdate"),
]
ORGANIZER_MODELS = {
    "conferences": ["unit", "profile", "conference", "participant", "agendaitem", "photo"],
    "questions": ["topic", "question", "answer", "conclusion", "directive", "directiveupdate", "support"],
}
ORGANIZER_PERMS = LEADER_PERMS + [
    (app, f"{action}_{model}")
    for app, models in ORGANIZER_MODELS.items()
    for model in models
    for action in ("add", "change", "view")
] + [("conferences", "delete_photo"), ("conferences", "delete_agendaitem"), ("conferences", "delete_participant"),
     ("auth", "add_user"), ("auth", "change_user"), ("auth", "view_user")]

GROUPS = {"Đoàn viên": MEMBER_PERMS, "Lãnh đạo": LEADER_PERMS, "Ban tổ chức": ORGANIZER_PERMS}


def create_groups_and_topics(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in sorted(set(perms)):
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))

    Topic = apps.get_model("questions", "Topic")
    for order, (name, slug) in enumerate(zip(TOPICS, TOPIC_SLUGS, strict=True), start=1):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conferences", "0001_initial"),
        ("questions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups_and_topics, remove_groups)]
