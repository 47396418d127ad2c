"""The live matcher follows the database: built from published articles, changed
incrementally on commit (only the changed texts embedded), and other processes
reload through the shared «kb version» in the cache."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from gridcare.chatbot.engine import KB_VERSION_KEY, Engine, LiveBase, matcher_get
from gridcare.chatbot.knowledge import (
    ArticleContent,
    kb_article_create,
    kb_article_publish,
    kb_article_save_version,
    kb_article_unpublish,
)
from gridcare.chatbot.models import KbArticle
from gridcare.chatbot.tests.kb_support import (
    CountingEmbedder,
    live_base_session,
    small_kb_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_kb(db: object) -> list[KbArticle]:
    return small_kb_create()


@pytest.fixture
def live(small_kb: list[KbArticle]) -> Iterator[tuple[LiveBase, CountingEmbedder]]:
    yield from live_base_session()


NEW_VARIANT = "Можно ли передать показания по телефону горячей линии?"


def _with_variant(slug: str, variant: str) -> ArticleContent:
    version = KbArticle.objects.get(slug=slug).current_version
    return ArticleContent(
        version.topic, version.title, (*version.questions, variant), version.answer
    )


def test_live_base_holds_only_published_articles(small_kb, administrator):
    kb_article_unpublish(
        article=KbArticle.objects.get(slug="office-hours"), actor=administrator
    )
    kb_article_create(
        slug="draft-only",
        content=ArticleContent("general", "Черновик", ("Вопрос черновика",), "Ответ."),
        author=administrator,
    )

    base = LiveBase.build(CountingEmbedder())

    assert sorted(a.id for a in base.index.articles()) == sorted(
        a.slug for a in small_kb if a.slug != "office-hours"
    )
    assert "draft-only" not in base.index


def test_publishing_embeds_only_the_changed_texts(
    live, administrator, django_capture_on_commit_callbacks
):
    base, embedder = live
    article = KbArticle.objects.get(slug="readings-submit")
    old_loaded = dict(base.loaded)

    with django_capture_on_commit_callbacks(execute=True):
        version, created = kb_article_save_version(
            article=article,
            content=_with_variant("readings-submit", NEW_VARIANT),
            author=administrator,
            publish=True,
        )

    assert created is True
    # Only the new variant (a query) and the article's new passage were embedded.
    assert embedder.queried == [NEW_VARIANT]
    assert len(embedder.passaged) == 1
    assert NEW_VARIANT in embedder.passaged[0]
    assert base.index.article("readings-submit").questions[-1] == NEW_VARIANT
    assert base.loaded == {**old_loaded, "readings-submit": version.pk}
    assert matcher_get() is base


def test_saving_a_draft_version_does_not_change_the_live_index(
    live, administrator, django_capture_on_commit_callbacks
):
    base, embedder = live
    article = KbArticle.objects.get(slug="readings-submit")
    before = base.index.article("readings-submit")

    with django_capture_on_commit_callbacks(execute=True):
        kb_article_save_version(
            article=article,
            content=_with_variant("readings-submit", NEW_VARIANT),
            author=administrator,
        )

    assert base.index.article("readings-submit") == before
    assert embedder.queried == [] and embedder.passaged == []


def test_unpublishing_removes_and_republishing_restores(
    live, administrator, django_capture_on_commit_callbacks
):
    base, embedder = live
    article = KbArticle.objects.get(slug="voltage-low")

    with django_capture_on_commit_callbacks(execute=True):
        kb_article_unpublish(article=article, actor=administrator)
    assert "voltage-low" not in base.index
    assert len(base.index) == 7

    with django_capture_on_commit_callbacks(execute=True):
        kb_article_publish(article=article, actor=administrator)
    assert "voltage-low" in base.index
    # The texts were seen before: an index without a vector store embeds them
    # again, but only this article's.
    assert set(embedder.queried) <= {
        "Низкое напряжение в сети",
        *KbArticle.objects.get(slug="voltage-low").current_version.questions,
    }


def test_nothing_is_synced_before_commit(live, administrator):
    base, _embedder = live
    article = KbArticle.objects.get(slug="voltage-low")

    kb_article_unpublish(article=article, actor=administrator)  # no commit yet

    assert "voltage-low" in base.index


def test_another_process_reloads_changed_articles_through_the_cache_version(
    live, administrator, django_capture_on_commit_callbacks
):
    base_here, _ = live
    other_embedder = CountingEmbedder()

    def build() -> LiveBase:
        built = LiveBase.build(other_embedder)
        built.recalibrate = False
        return built

    other = Engine(build=build)
    other_base = other.get()  # the other process builds its base
    other_embedder.forget()
    assert other.follow() is False

    with django_capture_on_commit_callbacks(execute=True):
        kb_article_save_version(
            article=KbArticle.objects.get(slug="readings-submit"),
            content=_with_variant("readings-submit", NEW_VARIANT),
            author=administrator,
            publish=True,
        )
        kb_article_unpublish(
            article=KbArticle.objects.get(slug="complaint-file"), actor=administrator
        )

    # Not yet: the other process learns on its next reply.
    assert other_base.index.article("readings-submit").questions[-1] != NEW_VARIANT
    assert other.get() is other_base
    assert other_base.index.article("readings-submit").questions[-1] == NEW_VARIANT
    assert "complaint-file" not in other_base.index
    assert other_embedder.queried == [NEW_VARIANT]
    assert other.follow() is False  # nothing new since
    assert sorted(a.id for a in other_base.index.articles()) == sorted(
        a.id for a in base_here.index.articles()
    )


def test_a_lost_cache_key_only_costs_one_cheap_sync(live):
    base, embedder = live
    cache.delete(KB_VERSION_KEY)

    assert matcher_get() is base  # a new token: sync finds nothing changed

    assert embedder.queried == [] and embedder.passaged == []
    assert len(base.index) == 8


def test_a_sync_recalibrates_once_enough_of_the_base_changed(
    live, administrator, django_capture_on_commit_callbacks
):
    base, _ = live
    base.recalibrate = True
    fitted = base.matcher.calibration

    with django_capture_on_commit_callbacks(execute=True):
        kb_article_unpublish(
            article=KbArticle.objects.get(slug="complaint-file"), actor=administrator
        )

    # 1 of 8 articles is more than 5 %: the sync refitted.
    assert base.matcher.calibration is not fitted
    assert base.matcher.needs_calibration is False
