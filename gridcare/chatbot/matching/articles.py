"""Knowledge-base articles and test questions, and their JSON Lines files."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Article:
    """One answer of the knowledge base with the typical phrasings of its question."""

    id: str
    topic: str
    title: str
    questions: tuple[str, ...]
    answer: str


@dataclass(frozen=True, slots=True)
class TestQuestion:
    """A consumer's question and the article that answers it (None: hand off)."""

    question: str
    expected: str | None


def _json_lines(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            if line.strip():
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError(f"{path}:{number}: expected a JSON object")
                yield record


def article_from_record(record: dict[str, object]) -> Article:
    """Build an article from one JSON object of the knowledge-base format."""
    questions = record.get("questions") or []
    if not isinstance(questions, list):
        raise ValueError(f"article {record.get('id')!r}: questions must be a list")
    return Article(
        id=str(record["id"]),
        topic=str(record.get("topic") or "general"),
        title=str(record["title"]),
        questions=tuple(str(question) for question in questions),
        answer=str(record.get("answer") or ""),
    )


def load_articles(path: Path) -> list[Article]:
    """Read a knowledge base: one article per line (id, topic, title, questions, answer)."""
    return [article_from_record(record) for record in _json_lines(path)]


def load_questions(path: Path) -> list[TestQuestion]:
    """Read test questions: one {"question": ..., "expected": id or null} per line."""
    result = []
    for record in _json_lines(path):
        expected = record.get("expected")
        result.append(
            TestQuestion(
                question=str(record["question"]),
                expected=None if expected is None else str(expected),
            )
        )
    return result
