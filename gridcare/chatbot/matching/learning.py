"""Two small models fitted by Newton's method: a candidate ranker and a logistic.

Both have a handful of weights; they are refitted for every knowledge base from pairs
the base generates itself (see calibration.py), so no training data ships with code.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
NEWTON_STEPS = 30


@dataclass(frozen=True, slots=True)
class Scaler:
    """Standardises features: (x - mean) / scale."""

    mean: FloatArray
    scale: FloatArray

    @classmethod
    def fit(cls, features: FloatArray) -> "Scaler":
        scale = features.std(axis=0)
        return cls(features.mean(axis=0), np.where(scale > 1e-9, scale, 1.0))

    def __call__(self, features: FloatArray) -> FloatArray:
        result: FloatArray = (features - self.mean) / self.scale
        return result


def fit_ranker(
    groups: list[tuple[FloatArray, int]], l2: float = 1.0
) -> tuple[Scaler, FloatArray]:
    """Fit a conditional logit: P(candidate i) = softmax(x_i · w) within each query.

    groups holds, per query, the feature rows of its candidates and the position of
    the right one. Only differences between candidates of one query matter, so the
    model ranks and needs no intercept.
    """
    scaler = Scaler.fit(np.vstack([features for features, _ in groups]))
    scaled = [(scaler(features), target) for features, target in groups]
    weights = np.zeros(scaled[0][0].shape[1])
    for _ in range(NEWTON_STEPS):
        gradient = l2 * weights
        hessian = l2 * np.eye(len(weights))
        for features, target in scaled:
            probabilities = _softmax(features @ weights)
            gradient += features.T @ probabilities - features[target]
            weighted = features * probabilities[:, None]
            hessian += features.T @ weighted - np.outer(
                weighted.sum(axis=0), weighted.sum(axis=0)
            )
        step = np.linalg.solve(hessian, gradient)
        weights = _line_search(lambda w: _ranker_loss(scaled, w, l2), weights, step)
        if np.abs(step).max() < 1e-6:
            break
    return scaler, weights


def _ranker_loss(
    scaled: list[tuple[FloatArray, int]], weights: FloatArray, l2: float
) -> float:
    loss = 0.5 * l2 * float(weights @ weights)
    for features, target in scaled:
        scores = features @ weights
        top = scores.max()
        loss += float(top + np.log(np.exp(scores - top).sum()) - scores[target])
    return loss


def _line_search(
    loss: Callable[[FloatArray], float], weights: FloatArray, step: FloatArray
) -> FloatArray:
    """Take the Newton step, halving it until the loss does not grow."""
    current = loss(weights)
    size = 1.0
    for _ in range(20):
        candidate = weights - size * step
        if loss(candidate) <= current:
            return candidate
        size /= 2
    return weights


def fit_logistic(
    features: FloatArray,
    labels: FloatArray,
    sample_weights: FloatArray,
    l2: float = 1.0,
) -> tuple[Scaler, FloatArray]:
    """Fit weighted, L2-regularised logistic regression; the last weight is the bias."""
    scaler = Scaler.fit(features)
    design = np.hstack([scaler(features), np.ones((len(features), 1))])
    weights = np.zeros(design.shape[1])
    penalty = np.full(len(weights), l2)
    penalty[-1] = 0.0
    for _ in range(NEWTON_STEPS):
        probabilities = sigmoid(design @ weights)
        gradient = design.T @ (sample_weights * (probabilities - labels))
        gradient += penalty * weights
        curvature = sample_weights * probabilities * (1.0 - probabilities)
        hessian = (design * curvature[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights = _line_search(
            lambda w: _logistic_loss(design, labels, sample_weights, penalty, w),
            weights,
            step,
        )
        if np.abs(step).max() < 1e-6:
            break
    return scaler, weights


def _logistic_loss(
    design: FloatArray,
    labels: FloatArray,
    sample_weights: FloatArray,
    penalty: FloatArray,
    weights: FloatArray,
) -> float:
    margins = design @ weights
    # log(1 + e^m) - y m, computed stably
    losses = np.logaddexp(0.0, margins) - labels * margins
    return float(sample_weights @ losses + 0.5 * penalty @ (weights * weights))


def predict_logistic(
    scaler: Scaler, weights: FloatArray, features: FloatArray
) -> FloatArray:
    """Probabilities of a model from fit_logistic."""
    return sigmoid(scaler(features) @ weights[:-1] + weights[-1])


def sigmoid(values: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(values, -40.0, 40.0)))
    return result


def _softmax(values: FloatArray) -> FloatArray:
    shifted = np.exp(values - values.max())
    result: FloatArray = shifted / shifted.sum()
    return result
