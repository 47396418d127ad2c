"""Алсу's decisions on a small base: answers, hand-offs, small talk, base changes."""

from dataclasses import replace
from pathlib import Path

import numpy as np

from gridcare.chatbot.matching.articles import Article
from gridcare.chatbot.matching.dense import E5Embedder, Matrix
from gridcare.chatbot.matching.index import FEATURES, _pair_share, _pairs
from gridcare.chatbot.matching.matcher import Matcher
from gridcare.chatbot.matching.vector_store import VectorStore
from gridcare.chatbot.tests.conftest import SMALL_BASE


class CountingEmbedder:
    """Wraps the real embedder and remembers which texts it was asked to embed."""

    def __init__(self, inner: E5Embedder) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.passages_seen: list[str] = []
        self.queries_seen: list[str] = []

    def queries(self, texts: list[str]) -> Matrix:
        self.queries_seen.extend(texts)
        return self.inner.queries(texts)

    def passages(self, texts: list[str]) -> Matrix:
        self.passages_seen.extend(texts)
        return self.inner.passages(texts)


def test_answers_a_typical_question_with_its_article(small_matcher: Matcher) -> None:
    reply = small_matcher.reply("куда передавать показания счетчика")

    assert reply.kind == "answer"
    assert reply.article_id == "readings-submit"
    assert 0.0 <= reply.confidence <= 1.0


def test_answers_despite_typos_missing_yo_and_punctuation(
    small_matcher: Matcher,
) -> None:
    reply = small_matcher.reply("сломалса счетчег кто заменит")

    assert reply.candidates[0][0] == "meter-replace"


def test_small_talk_gets_a_reply_not_a_hand_off(small_matcher: Matcher) -> None:
    for message in ("Здравствуйте!", "спасибо", "ты кто", "пока"):
        reply = small_matcher.reply(message)

        assert reply.kind == "smalltalk"
        assert reply.text


def test_greeting_before_a_question_is_ignored(small_matcher: Matcher) -> None:
    reply = small_matcher.reply("Добрый день! Куда передавать показания счетчика?")

    assert reply.kind == "answer"
    assert reply.article_id == "readings-submit"


def test_hands_off_an_off_topic_question(small_matcher: Matcher) -> None:
    reply = small_matcher.reply("как выучить английский язык за месяц")

    assert reply.kind == "handoff"
    assert reply.article_id is None
    assert reply.topic


def test_hand_off_topic_follows_the_best_candidates(small_matcher: Matcher) -> None:
    calibration = small_matcher.calibration
    index = small_matcher.index
    scored = index.score(index.query("счетчик показания"))
    best = index.by_slot(scored.slots[int(np.argmax(calibration.rank(scored)))])

    assert best.topic == "metering"


def test_confidence_is_a_probability_and_threshold_is_fitted(
    small_matcher: Matcher,
) -> None:
    calibration = small_matcher.calibration

    assert 0.05 <= calibration.answer_threshold <= 0.95
    assert calibration.figures["cases"] > 0


def test_remove_and_upsert_change_answers(embedder: E5Embedder) -> None:
    matcher = Matcher(embedder, list(SMALL_BASE))
    question = "как узнать график плановых отключений на моей улице"
    assert matcher.reply(question).article_id != "planned-outages"

    matcher.upsert(
        Article(
            id="planned-outages",
            topic="reliability",
            title="График плановых отключений",
            questions=(
                "Где посмотреть плановые отключения электроэнергии?",
                "Когда отключат свет для ремонта линии?",
            ),
            answer="График плановых отключений публикуется на сайте за три дня; "
            "там же можно подписаться на уведомления по адресу.",
        )
    )
    assert matcher.reply(question).candidates[0][0] == "planned-outages"

    matcher.remove("planned-outages")
    assert "planned-outages" not in matcher.index
    assert all(
        article_id != "planned-outages"
        for article_id, _ in matcher.reply(question).candidates
    )


def test_upsert_embeds_only_the_changed_article(embedder: E5Embedder) -> None:
    counting = CountingEmbedder(embedder)
    matcher = Matcher(counting, list(SMALL_BASE))
    counting.passages_seen.clear()
    counting.queries_seen.clear()
    changed = replace(SMALL_BASE[4], answer="Офисы работают с 9 до 18 часов.")

    matcher.upsert(changed)
    matcher.upsert(SMALL_BASE[0])  # unchanged: nothing to embed

    assert counting.passages_seen == [
        "Режим работы офисов обслуживания. Во сколько открывается офис обслуживания? "
        "Работаете ли вы в субботу? Где ближайший центр обслуживания потребителей? "
        "Офисы работают с 9 до 18 часов."
    ]
    assert counting.queries_seen == []  # title and variants kept their vectors
    assert matcher.index.article("office-hours").answer.startswith("Офисы работают")


def test_a_new_variant_embeds_only_itself_and_the_article_passage(
    embedder: E5Embedder,
) -> None:
    counting = CountingEmbedder(embedder)
    matcher = Matcher(counting, list(SMALL_BASE))
    counting.passages_seen.clear()
    counting.queries_seen.clear()
    article = SMALL_BASE[1]

    matcher.upsert(replace(article, questions=(*article.questions, "Свет вырубили")))

    assert counting.queries_seen == ["Свет вырубили"]
    assert len(counting.passages_seen) == 1


def test_a_restart_with_a_vector_store_embeds_nothing(
    embedder: E5Embedder, tmp_path: Path
) -> None:
    store = VectorStore(tmp_path / "vectors.sqlite", embedder.dim)
    first = Matcher(embedder, list(SMALL_BASE), store=store)
    counting = CountingEmbedder(embedder)

    second = Matcher(counting, store=store)
    second.index.upsert_many(list(SMALL_BASE))

    assert counting.passages_seen == []
    assert counting.queries_seen == []
    question = "куда передавать показания счетчика"
    assert second.calibrate().answer_threshold == first.calibration.answer_threshold
    assert second.reply(question) == first.reply(question)


def test_each_variant_counts_on_its_own_in_dense_matching(
    small_matcher: Matcher,
) -> None:
    index = small_matcher.index
    query = index.query("Работаете ли вы в субботу?")
    best = index.row_vectors.best(query.vector, len(index))

    assert best[index.slot_of("office-hours")] > 0.99


def test_bm25_and_word_pairs_favour_the_article_whose_variants_say_it(
    small_matcher: Matcher,
) -> None:
    index = small_matcher.index
    query = index.query("Работаете ли вы в субботу?")
    scored = index.score(query)
    column = {name: i for i, name in enumerate(FEATURES)}
    row = scored.features[scored.slots.index(index.slot_of("office-hours"))]
    others = np.delete(
        scored.features, scored.slots.index(index.slot_of("office-hours")), axis=0
    )

    assert scored.features.shape == (len(scored.slots), len(FEATURES))
    assert 0.0 < row[column["bm25"]] < 1.0
    assert row[column["bm25"]] > others[:, column["bm25"]].max()
    assert row[column["rank_bm25"]] == 1.0
    assert set(scored.features[:, column["rank_dense_article"]]) == {
        1.0 / rank for rank in range(1, len(scored.slots) + 1)
    }


def test_word_pairs_ignore_order_and_a_held_out_variant() -> None:
    rows = [_pairs(("замена", "счетчик")), _pairs(("срок", "поверка"))]

    assert _pair_share(("счетчик", "замена", "срок"), rows, skipped=-1) == 0.5
    assert _pair_share(("счетчик", "замена"), rows, skipped=0) == 0.0
    assert _pair_share(("счетчик",), rows, skipped=-1) == 0.0
