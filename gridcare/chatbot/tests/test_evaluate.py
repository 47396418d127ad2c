"""The evaluator: one JSON object with the issue's figures; the example set's result."""

import io
import json
from pathlib import Path

import pytest

from gridcare.chatbot.management.commands.kb_eval import Command
from gridcare.chatbot.matching.evaluate import evaluate, main
from gridcare.chatbot.tests.conftest import EXAMPLES, SMALL_BASE

REQUIRED_KEYS = {"in_scope", "top1", "out_of_scope", "handoff", "p50_ms", "p99_ms"}


@pytest.fixture
def small_files(tmp_path: Path) -> tuple[Path, Path]:
    kb = tmp_path / "kb.jsonl"
    kb.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": article.id,
                    "topic": article.topic,
                    "title": article.title,
                    "questions": list(article.questions),
                    "answer": article.answer,
                },
                ensure_ascii=False,
            )
            for article in SMALL_BASE
        ),
        encoding="utf-8",
    )
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        '{"question": "куда сдать показания счетчика", "expected": "readings-submit"}\n'
        '{"question": "как испечь торт медовик", "expected": null}\n',
        encoding="utf-8",
    )
    return kb, questions


def test_prints_one_json_object_with_the_required_keys(
    small_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    kb, questions = small_files

    main(["--kb", str(kb), "--questions", str(questions), "--json"])

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result.keys() >= REQUIRED_KEYS
    assert result["in_scope"] == 1
    assert result["out_of_scope"] == 1
    assert 0.0 <= result["top1"] <= 1.0
    assert 0.0 <= result["handoff"] <= 1.0


def test_django_command_prints_the_same_json(small_files: tuple[Path, Path]) -> None:
    kb, questions = small_files
    out = io.StringIO()

    Command(stdout=out).handle(kb=kb, questions=questions, json=True)

    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]).keys() >= REQUIRED_KEYS


needs_examples = pytest.mark.skipif(
    not (EXAMPLES / "kb.jsonl").exists(), reason="no ../shared/examples/chatbot"
)


@pytest.fixture(scope="module")
def example_result() -> dict[str, object]:
    return evaluate(EXAMPLES / "kb.jsonl", EXAMPLES / "questions.jsonl")


@pytest.mark.slow
@needs_examples
def test_example_set_hands_off_and_stays_above_the_measured_floor(
    example_result: dict[str, object],
) -> None:
    # Floors under what docs/domains/chatbot.md reports (0.717 / 0.967), to catch
    # regressions without failing on one question more or less.
    assert example_result["in_scope"] == 120
    assert example_result["out_of_scope"] == 30
    assert example_result["handoff"] >= 0.80
    assert example_result["top1"] >= 0.65


@pytest.mark.slow
@needs_examples
@pytest.mark.xfail(
    strict=True,
    reason="issue target not reached: measured top1 0.717 at handoff 0.967; the "
    "best threshold for this confidence (a diagnostic) gives 0.858 at 0.867, and "
    "only 0.900 are ranked first (docs/domains/chatbot.md); strict, so it fails "
    "loudly once it passes",
)
def test_example_set_reaches_the_issue_target(
    example_result: dict[str, object],
) -> None:
    assert example_result["top1"] >= 0.90
    assert example_result["handoff"] >= 0.85
