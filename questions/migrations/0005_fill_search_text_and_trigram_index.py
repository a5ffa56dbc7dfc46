"""Fill Question.search_text for existing rows; on PostgreSQL add a trigram index so LIKE '%word%' is index-backed.

The search folds text in Python (core.text.fold) into search_text rather than calling unaccent() per row, so
SQLite and PostgreSQL find exactly the same rows; on PostgreSQL the GIN trigram index serves the same ORM query.
"""

import unicodedata

from django.db import migrations
from unidecode import unidecode

INDEX_NAME = "question_search_trgm_idx"


def _fold(text):
    return unidecode(unicodedata.normalize("NFC", text).strip()).lower()


def fill_search_text(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    batch = []
    for question in Question.objects.only("pk", "title", "body").iterator(chunk_size=500):
        question.search_text = _fold(f"{question.title} {question.body}")
        batch.append(question)
        if len(batch) >= 500:
            Question.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Question.objects.bulk_update(batch, ["search_text"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON questions_question USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0004_concern_wording_search_and_submission_token"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
