"""Knowledge-base search for staff beside a call or a chat (the operator desk):
published articles whose title, question variants or answer hold every word of the
query in any grammatical form (lemmas, as the bot's matcher reads Russian), titles
first. Simple on purpose: the staff see a short list and choose."""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from gridcare.chatbot.kb_markup import answer_html
from gridcare.chatbot.matching.text import lemma, words
from gridcare.chatbot.models import KbArticle, KbArticleStatus, KbTopic

QUERY_MAX = 300
RESULTS_MAX = 5
# Words too short to mean anything alone («в», «на», «по»).
MIN_WORD = 3


@dataclass(frozen=True)
class KbHit:
    slug: str
    title: str
    answer: str
    answer_html: SafeString
    topic: str
    topic_label: str


# Function words that say nothing about the subject.
STOP_LEMMAS = frozenset(
    {"при", "или", "где", "кто", "что", "как", "для", "после", "так", "это", "тот"}
)


def _lemmas(text: str) -> set[str]:
    found = {lemma(word) for word in words(text) if len(word) >= MIN_WORD}
    return found - STOP_LEMMAS


def kb_staff_search(query: str, *, limit: int = RESULTS_MAX) -> list[KbHit]:
    """Return up to `limit` published articles holding every word of `query` (any
    form): those with more of the words in the title first, then those whose title
    is about little else, then by code."""
    wanted = _lemmas((query or "")[:QUERY_MAX])
    if not wanted:
        return []
    found: list[tuple[tuple[int, float], str, KbHit]] = []
    articles = KbArticle.objects.filter(
        status=KbArticleStatus.PUBLISHED, published_version__isnull=False
    ).select_related("published_version")
    for article in articles:
        version = article.published_version
        title = _lemmas(version.title)
        body = title | _lemmas(" ".join([*version.questions, version.answer]))
        if not wanted <= body:
            continue
        hit = KbHit(
            slug=article.slug,
            title=version.title,
            answer=version.answer,
            answer_html=answer_html(version.answer),
            topic=version.topic,
            topic_label=str(dict(KbTopic.choices).get(version.topic, version.topic)),
        )
        # More of the words in the title first, then the title about little else.
        rank = (-len(wanted & title), -len(wanted & title) / max(1, len(title)))
        found.append((rank, article.slug, hit))
    found.sort(key=lambda row: (row[0], row[1]))
    return [hit for _rank, _slug, hit in found[:limit]]
