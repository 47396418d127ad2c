"""Load the shipped knowledge base (gridcare/chatbot/data/kb.jsonl) as published
articles, version 1 each, so Алсу answers from the database from the start.

Articles that already exist are left alone; reversing removes the articles this
loaded that nobody has edited since (still one version)."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

KB_FILE = Path(__file__).resolve().parents[1] / "data" / "kb.jsonl"
COMMENT = "Исходная база знаний (kb.jsonl)"


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _records() -> list[dict]:
    if not KB_FILE.exists():
        return []
    with KB_FILE.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    KbArticle = apps.get_model("chatbot", "KbArticle")
    KbArticleVersion = apps.get_model("chatbot", "KbArticleVersion")
    KbArticleEvent = apps.get_model("chatbot", "KbArticleEvent")
    now = timezone.now()
    known = set(KbArticle.objects.values_list("slug", flat=True))
    for record in _records():
        slug = str(record["id"])
        if slug in known:
            continue
        known.add(slug)
        questions = [str(q) for q in record.get("questions") or []]
        article = KbArticle.objects.create(
            slug=slug, status="draft", created_at=now, updated_at=now
        )
        version = KbArticleVersion.objects.create(
            article=article,
            number=1,
            topic=str(record.get("topic") or "general"),
            title=str(record["title"]),
            questions=questions,
            answer=str(record.get("answer") or ""),
            comment=COMMENT,
            created_at=now,
            search_text=_fold(
                "\n".join([record["title"], *questions, record.get("answer") or ""])
            ),
        )
        article.current_version = version
        article.published_version = version
        article.status = "published"
        article.save(update_fields=["current_version", "published_version", "status"])
        KbArticleEvent.objects.bulk_create(
            [
                KbArticleEvent(
                    article=article, at=now, action="created", to_status="draft"
                ),
                KbArticleEvent(
                    article=article,
                    at=now,
                    action="published",
                    from_status="draft",
                    to_status="published",
                    version_number=1,
                ),
            ]
        )


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    KbArticle = apps.get_model("chatbot", "KbArticle")
    slugs = [str(record["id"]) for record in _records()]
    for article in KbArticle.objects.filter(slug__in=slugs):
        if article.versions.count() == 1:
            KbArticle.objects.filter(pk=article.pk).update(
                current_version=None, published_version=None, status="draft"
            )
            article.versions.all().delete()
            article.delete()


class Migration(migrations.Migration):
    dependencies = [("chatbot", "0003_knowledge_base")]

    operations = [migrations.RunPython(load, unload)]
