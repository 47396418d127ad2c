"""Speed and memory of the chat-bot matcher on synthetic bases of 1 700 and 20 000 articles.

    .venv/bin/python benchmarks/chatbot_matching.py --articles 1700
    .venv/bin/python benchmarks/chatbot_matching.py --articles 20000

Articles are recombined from the example base (../shared/examples/chatbot) and our own
(gridcare/chatbot/data): an article takes the title and answer of one source article,
question variants of others of the same topic, and a number, so every text is distinct
and really embedded. The figures measure speed, not quality. Run one size per process:
peak resident memory (ru_maxrss) is per process.
"""

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

from gridcare.chatbot.matching.articles import Article, load_articles, load_questions
from gridcare.chatbot.matching.dense import E5Embedder
from gridcare.chatbot.matching.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT.parent / "shared/examples/chatbot", ROOT / "gridcare/chatbot/data")


def source_articles() -> list[Article]:
    return [
        a
        for folder in SOURCES
        if (folder / "kb.jsonl").exists()
        for a in load_articles(folder / "kb.jsonl")
    ]


def source_questions() -> list[str]:
    return [
        question.question
        for folder in SOURCES
        if (folder / "questions.jsonl").exists()
        for question in load_questions(folder / "questions.jsonl")
    ]


def synthesise(count: int, seed: int = 0) -> list[Article]:
    """Recombine source articles into `count` distinct ones."""
    rng = random.Random(seed)
    pool = source_articles()
    by_topic: dict[str, list[Article]] = {}
    for article in pool:
        by_topic.setdefault(article.topic, []).append(article)
    result = []
    for number in range(count):
        base = pool[number % len(pool)]
        donors = rng.sample(by_topic[base.topic], min(2, len(by_topic[base.topic])))
        questions = [
            *base.questions[:2],
            *(rng.choice(d.questions) for d in donors if d.questions),
        ]
        result.append(
            Article(
                id=f"{base.id}-{number}",
                topic=base.topic,
                title=f"{base.title} (вариант {number})",
                questions=tuple(f"{q} (случай {number})" for q in questions[:3]),
                answer=f"{base.answer} Справка № {number}.",
            )
        )
    return result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(count: int, questions_limit: int) -> dict[str, object]:
    articles = synthesise(count)
    embedder = E5Embedder()
    rss_before = peak_rss_mb()
    matcher = Matcher(embedder)
    started = time.perf_counter()
    matcher.index.upsert_many(articles)
    built = time.perf_counter()
    matcher.calibrate()
    calibrated = time.perf_counter()
    questions = source_questions()[:questions_limit]
    matcher.reply(questions[0])  # warm-up
    timings = []
    for question in questions:
        start = time.perf_counter()
        matcher.reply(question)
        timings.append((time.perf_counter() - start) * 1000)
    changed = articles[count // 2]
    start = time.perf_counter()
    matcher.upsert(
        Article(
            changed.id,
            changed.topic,
            changed.title,
            changed.questions,
            changed.answer + " Обновлено.",
        )
    )
    upsert_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    matcher.remove(changed.id)
    remove_ms = (time.perf_counter() - start) * 1000
    return {
        "articles": count,
        "index_build_s": round(built - started, 1),
        "build_ms_per_article": round((built - started) * 1000 / count, 1),
        "calibration_s": round(calibrated - built, 1),
        "questions": len(timings),
        "p50_ms": round(float(np.percentile(timings, 50)), 1),
        "p99_ms": round(float(np.percentile(timings, 99)), 1),
        "upsert_one_ms": round(upsert_ms, 1),
        "remove_one_ms": round(remove_ms, 1),
        "peak_rss_mb": round(peak_rss_mb(), 0),
        "rss_before_index_mb": round(rss_before, 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else ""
    )
    parser.add_argument("--articles", type=int, default=1700)
    parser.add_argument("--questions", type=int, default=300)
    arguments = parser.parse_args()
    sys.stdout.write(json.dumps(run(arguments.articles, arguments.questions)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
