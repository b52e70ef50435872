"""The model and the data: multinomial logistic regression in numpy on a CSV shard.

A shard is a CSV file with a header, 64 pixel columns (0-16) and a `label` column (0-9), as
`kfc data split` writes them. Pixels are divided by 16, the scaling kfc's own executor applies
for `scaling: divide(16)`: a public constant, so it costs no privacy.
"""

import csv

import numpy as np

FEATURES = 64
CLASSES = 10


def load(path: str) -> tuple[np.ndarray, np.ndarray]:
    """The shard at `path` as (x, y): pixels scaled to [0, 1] and integer labels."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r[f"pixel_{j}"]) for j in range(FEATURES)] for r in rows]) / 16.0
    y = np.array([int(r["label"]) for r in rows])
    return x, y


def split(x: np.ndarray, y: np.ndarray) -> tuple[tuple, tuple]:
    """The first 80% of the rows for training, the rest for evaluation (as kfc's executor)."""
    cut = int(len(y) * 0.8)
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


def initial() -> list[np.ndarray]:
    """Zero weights and biases."""
    return [np.zeros((FEATURES, CLASSES)), np.zeros(CLASSES)]


def _probabilities(params: list[np.ndarray], x: np.ndarray) -> np.ndarray:
    z = x @ params[0] + params[1]
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train(params: list[np.ndarray], x: np.ndarray, y: np.ndarray, epochs: int, lr: float) -> list[np.ndarray]:
    """Full-batch gradient descent on the cross-entropy for `epochs` steps."""
    w, b = params[0].copy(), params[1].copy()
    onehot = np.eye(CLASSES)[y]
    for _ in range(epochs):
        p = _probabilities([w, b], x)
        g = (p - onehot) / len(y)
        w -= lr * (x.T @ g)
        b -= lr * g.sum(axis=0)
    return [w, b]


def evaluate(params: list[np.ndarray], x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Mean cross-entropy and accuracy."""
    p = _probabilities(params, x)
    loss = float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())
    accuracy = float((p.argmax(axis=1) == y).mean())
    return loss, accuracy
