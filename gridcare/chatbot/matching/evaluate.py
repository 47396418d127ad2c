"""Measure the matcher on a knowledge base and test questions, without Django.

    python -m gridcare.chatbot.matching.evaluate --kb KB.jsonl --questions Q.jsonl --json

The base is loaded into a fresh in-memory index (never the live one), every question
is answered, and one JSON object is printed: in_scope, top1, out_of_scope, handoff,
p50_ms, p99_ms and diagnostics. `gridcare kb_eval` is a thin wrapper over this.
"""

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from gridcare.chatbot.matching.articles import (
    TestQuestion,
    load_articles,
    load_questions,
)
from gridcare.chatbot.matching.dense import E5Embedder, Embedder
from gridcare.chatbot.matching.matcher import Matcher, Reply
from gridcare.chatbot.matching.vector_store import VectorStore


def evaluate(
    kb_path: Path,
    questions_path: Path,
    embedder: Embedder | None = None,
    vectors_path: Path | None = None,
) -> dict[str, object]:
    """Build a temporary index from kb_path, answer questions_path, return the figures.

    vectors_path: a vector store (see vector_store.py) to reuse the base's vectors
    between runs; the build time then counts only texts never embedded before.
    """
    articles = load_articles(kb_path)
    questions = load_questions(questions_path)
    embedder = embedder or E5Embedder()
    store = VectorStore(vectors_path, embedder.dim) if vectors_path else None
    started = time.perf_counter()
    matcher = Matcher(embedder, store=store)
    matcher.index.upsert_many(articles)
    indexed = time.perf_counter()
    calibration = matcher.calibrate()
    calibrated = time.perf_counter()
    timings: list[float] = []
    replies: list[Reply] = []
    for question in questions:
        start = time.perf_counter()
        replies.append(matcher.reply(question.question))
        timings.append((time.perf_counter() - start) * 1000)
    result = summarise(questions, replies, timings)
    result |= {
        "articles": len(articles),
        "index_build_s": round(indexed - started, 2),
        "calibration_s": round(calibrated - indexed, 2),
        "vector_store": bool(store),
        "answer_threshold": round(calibration.answer_threshold, 3),
        **{key: value for key, value in calibration.figures.items()},
    }
    return result


def summarise(
    questions: Sequence[TestQuestion],
    replies: Sequence[Reply],
    timings: Sequence[float],
) -> dict[str, object]:
    """Turn replies into the figures of the issue plus where the misses went."""
    in_scope = [(q, r) for q, r in zip(questions, replies, strict=True) if q.expected]
    out_of_scope = [
        (q, r) for q, r in zip(questions, replies, strict=True) if not q.expected
    ]
    right = sum(
        1 for q, r in in_scope if r.kind == "answer" and r.article_id == q.expected
    )
    wrong = sum(
        1 for q, r in in_scope if r.kind == "answer" and r.article_id != q.expected
    )
    ranked_first = sum(
        1 for q, r in in_scope if r.candidates and r.candidates[0][0] == q.expected
    )
    declined = sum(1 for _, r in out_of_scope if r.kind in ("handoff", "clarify"))
    return {
        "in_scope": len(in_scope),
        "top1": _share(right, len(in_scope)),
        "out_of_scope": len(out_of_scope),
        "handoff": _share(declined, len(out_of_scope)),
        "p50_ms": round(float(np.percentile(timings, 50)), 1) if timings else 0.0,
        "p99_ms": round(float(np.percentile(timings, 99)), 1) if timings else 0.0,
        "in_scope_wrong_answer": wrong,
        "in_scope_clarify": _count(in_scope, "clarify"),
        "in_scope_handoff": _count(in_scope, "handoff"),
        "in_scope_smalltalk": _count(in_scope, "smalltalk"),
        "in_scope_ranked_first": _share(ranked_first, len(in_scope)),
        "out_of_scope_answered": _count(out_of_scope, "answer"),
        "out_of_scope_clarify": _count(out_of_scope, "clarify"),
        "out_of_scope_smalltalk": _count(out_of_scope, "smalltalk"),
        "confusions": wrong + _count(out_of_scope, "answer"),
    }


def _count(pairs: Sequence[tuple[TestQuestion, Reply]], kind: str) -> int:
    return sum(1 for _, reply in pairs if reply.kind == kind)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else ""
    )
    parser.add_argument("--kb", type=Path, required=True, help="knowledge base, JSONL")
    parser.add_argument(
        "--questions", type=Path, required=True, help="questions, JSONL"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--vectors", type=Path, help="vector store file to reuse embeddings (SQLite)"
    )
    arguments = parser.parse_args(argv)
    result = evaluate(arguments.kb, arguments.questions, vectors_path=arguments.vectors)
    if arguments.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        for key, value in result.items():
            sys.stdout.write(f"{key}: {value}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
