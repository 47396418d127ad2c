"""Fit the ranker, the confidence and the thresholds on pairs the base makes itself.

For a sample of question variants the base is asked:
  * leave-one-variant-out — the variant, in its own words and twice retyped in a hurry
    (perturb.py), against the base in which its article lacks that variant: the right
    answer exists, so a good top candidate is positive;
  * leave-one-article-out — the same texts with the whole article hidden: no right
    answer exists, so the top candidate is a near miss, a negative;
  * off-topic questions (offtopic.py) — the easy negatives; near misses and off-topic
    questions weigh the same, and together as much as the positives.
The ranker is a conditional logit over FEATURES; the confidence a logistic over the top
candidate; the answer threshold is the lowest that hands off HANDOFF_TARGET of the
negatives, judged on predictions made out of fold (articles split in five).
"""

import random
from dataclasses import dataclass, field

import numpy as np

from gridcare.chatbot.matching.index import FEATURES, HeldOut, Index, Scored
from gridcare.chatbot.matching.learning import (
    FloatArray,
    Scaler,
    fit_logistic,
    fit_ranker,
    predict_logistic,
)
from gridcare.chatbot.matching.offtopic import OFF_TOPIC
from gridcare.chatbot.matching.perturb import perturb

SAMPLE = 120  # variants asked; enough for a dozen weights, bounded build time
RETYPED = 2  # hurried versions of each variant
FOLDS = 5
RANKER_L2 = 10.0  # strong: a few hundred pairs, and real questions differ from them
CONFIDENCE_L2 = 100.0  # strong too: self-made cases are not real questions
CONFIDENCE_FEATURES = (
    "score",  # ranker score of the top candidate
    "gap",  # its lead over the runner-up
    "dense_lift",  # its dense_article minus the mean over the base
    "lemma_cosine",
    "coverage",
    "ngram",
    "dense_questions",  # its best cosine with a single title or variant
    "dense_lead",  # its dense_article minus the best other candidate's
)
DEFAULT_ANSWER_THRESHOLD = 0.5
HANDOFF_TARGET = 0.85  # share of unanswerable questions that must be handed off
MIN_ANSWER_THRESHOLD = 0.05
MAX_ANSWER_THRESHOLD = 0.95


@dataclass(frozen=True, slots=True)
class Case:
    """One calibration query: its candidates and where the right article is."""

    scored: Scored
    right_slot: int | None  # None: nothing in the base answers it
    group: str  # "present", "near_miss" or "off_topic"
    fold: int  # cases of one article share a fold


# Each group's total weight in the fit and in the threshold's objective.
GROUP_WEIGHTS = {"present": 0.5, "near_miss": 0.25, "off_topic": 0.25}


@dataclass(slots=True)
class Calibration:
    """Fitted models and thresholds for one state of an index."""

    ranker: tuple[Scaler, FloatArray]
    confidence: tuple[Scaler, FloatArray]
    in_top: tuple[Scaler, FloatArray]  # P(the right article is among the top three)
    answer_threshold: float
    version: int  # Index.version it was fitted at
    figures: dict[str, float] = field(default_factory=dict)

    def rank(self, scored: Scored) -> FloatArray:
        """Ranker scores of the candidates."""
        scaler, weights = self.ranker
        result: FloatArray = scaler(scored.features) @ weights
        return result

    def top_features(self, scored: Scored, scores: FloatArray) -> FloatArray:
        """CONFIDENCE_FEATURES of the best candidate."""
        order = np.argsort(-scores)
        best = int(order[0])
        runner_up = (
            float(scores[order[1]]) if len(order) > 1 else float(scores[best]) - 5
        )
        features = scored.features[best]
        others = np.delete(scored.features[:, 0], best)
        return np.array(
            [
                scores[best],
                scores[best] - runner_up,
                features[0] - scored.dense_mean,
                features[2],
                features[3],
                features[4],
                features[1],
                features[0] - (others.max() if len(others) else scored.dense_mean),
            ]
        )

    def confidence_of(self, top: FloatArray) -> float:
        return float(predict_logistic(*self.confidence, top[None, :])[0])

    def in_top_of(self, top: FloatArray) -> float:
        return float(predict_logistic(*self.in_top, top[None, :])[0])


def collect_cases(index: Index, *, seed: int = 0) -> list[Case]:
    """Ask sampled variants held out, then with the article hidden; ask off-topic."""
    rng = random.Random(seed)
    variants = [
        (article.id, position, question)
        for article in index.articles()
        for position, question in enumerate(article.questions, start=1)
    ]
    rng.shuffle(variants)
    order = rng.sample(sorted(index.articles(), key=lambda a: a.id), len(index))
    fold_of = {article.id: i % FOLDS for i, article in enumerate(order)}
    cases: list[Case] = []
    for article_id, position, question in variants[:SAMPLE]:
        held_out: HeldOut = index.hold_out(article_id, position)
        fold = fold_of[article_id]
        texts = [question, *(perturb(question, rng) for _ in range(RETYPED))]
        for text, vector in zip(texts, index.embed(texts, is_query=True), strict=True):
            query = index.query(text, vector=vector)
            scored = index.score(query, held_out=held_out)
            cases.append(Case(scored, held_out.slot, "present", fold))
            scored = index.score(query, hidden_slot=held_out.slot)
            cases.append(Case(scored, None, "near_miss", fold))
    vectors = index.embed(list(OFF_TOPIC), is_query=True)
    for number, (text, vector) in enumerate(zip(OFF_TOPIC, vectors, strict=True)):
        scored = index.score(index.query(text, vector=vector))
        cases.append(Case(scored, None, "off_topic", number % FOLDS))
    return cases


def calibrate(index: Index, *, seed: int = 0) -> Calibration:
    """Fit ranker, confidence and answer threshold for the index as it is now."""
    cases = collect_cases(index, seed=seed)
    if sum(1 for case in cases if case.group == "present") < 10:
        return _fallback(index)
    out_of_fold = np.zeros(len(cases))
    for fold in range(FOLDS):
        train = [case for case in cases if case.fold != fold]
        model = _fit(train, index.version)
        for i, case in enumerate(cases):
            if case.fold == fold:
                scores = model.rank(case.scored)
                out_of_fold[i] = model.confidence_of(
                    model.top_features(case.scored, scores)
                )
    model = _fit(cases, index.version)
    model.answer_threshold, model.figures = _choose_threshold(cases, out_of_fold, model)
    model.figures["cases"] = float(len(cases))
    return model


def _fit(cases: list[Case], version: int) -> Calibration:
    groups = [
        (case.scored.features, case.scored.slots.index(case.right_slot))
        for case in cases
        if case.right_slot is not None and case.right_slot in case.scored.slots
    ]
    model = Calibration(
        ranker=fit_ranker(groups, l2=RANKER_L2),
        confidence=_CONSTANT,
        in_top=_CONSTANT,
        answer_threshold=DEFAULT_ANSWER_THRESHOLD,
        version=version,
    )
    usable = [case for case in cases if case.scored.slots]
    sizes = {group: 0 for group in GROUP_WEIGHTS}
    for case in usable:
        sizes[case.group] += 1
    rows, correct, in_top, weights = [], [], [], []
    for case in usable:
        scores = model.rank(case.scored)
        rows.append(model.top_features(case.scored, scores))
        top_three = [case.scored.slots[j] for j in np.argsort(-scores)[:3]]
        correct.append(float(top_three[0] == case.right_slot))
        in_top.append(float(case.right_slot in top_three))
        weights.append(GROUP_WEIGHTS[case.group] / sizes[case.group])
    features = np.array(rows)
    sample_weights = np.array(weights) * len(rows)
    model.confidence = fit_logistic(
        features, np.array(correct), sample_weights, l2=CONFIDENCE_L2
    )
    model.in_top = fit_logistic(
        features, np.array(in_top), sample_weights, l2=CONFIDENCE_L2
    )
    return model


def _choose_threshold(
    cases: list[Case], confidence: FloatArray, model: Calibration
) -> tuple[float, dict[str, float]]:
    """Pick the lowest threshold that hands off HANDOFF_TARGET of the negatives.

    This is the product rule of the issue on the self-made cases: hand off at least
    85 % of the questions the base cannot answer (near misses and off-topic questions
    weigh the same) and, within that, answer as many as possible. Confidences are out
    of fold, so the threshold is not fitted to the model that is judged.
    """
    groups = np.array([case.group for case in cases])
    correct = np.array([_top_slot(model, case) == case.right_slot for case in cases])
    present = groups == "present"
    chosen = MAX_ANSWER_THRESHOLD
    for threshold in np.arange(MIN_ANSWER_THRESHOLD, MAX_ANSWER_THRESHOLD, 0.01):
        if _handoff_share(confidence, groups, float(threshold)) >= HANDOFF_TARGET:
            chosen = float(threshold)
            break
    answered = confidence >= chosen
    return chosen, {
        "self_top1": round(float(np.mean(answered[present] & correct[present])), 3),
        "self_handoff": round(_handoff_share(confidence, groups, chosen), 3),
        "self_handoff_near_miss": round(
            float(np.mean(~answered[groups == "near_miss"])), 3
        ),
        "self_handoff_off_topic": round(
            float(np.mean(~answered[groups == "off_topic"])), 3
        ),
        "self_rank_top1": round(float(np.mean(correct[present])), 3),
    }


def _handoff_share(
    confidence: FloatArray, groups: FloatArray, threshold: float
) -> float:
    shares = [
        float(np.mean(confidence[groups == group] < threshold))
        for group in ("near_miss", "off_topic")
        if np.any(groups == group)
    ]
    return sum(shares) / len(shares) if shares else 1.0


def _top_slot(model: Calibration, case: Case) -> int | None:
    if not case.scored.slots:
        return None
    return case.scored.slots[int(np.argmax(model.rank(case.scored)))]


_CONSTANT = (Scaler(np.zeros(1), np.ones(1)), np.zeros(1))


def _fallback(index: Index) -> Calibration:
    """A base too small to calibrate: equal weights, a cautious threshold."""
    width = len(FEATURES)
    ranker = (Scaler(np.zeros(width), np.ones(width)), np.ones(width))
    size = len(CONFIDENCE_FEATURES)
    confidence = (
        Scaler(np.zeros(size), np.ones(size)),
        np.array([0.0, 2.0, 20.0, 0.0, 0.0, 0.0, 0.0, 10.0, -2.0]),
    )
    return Calibration(ranker, confidence, confidence, 0.6, index.version)
