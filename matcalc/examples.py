"""Example expressions built in Python, shared by the tests and the benchmarks.

- `perceptron(L, activation)`: the squared error ‖h_L − y‖² of an L-layer perceptron,
  h_k = act(W_k h_{k−1}), h_0 = x, and its weights [W1, …, WL] (W_k of size d_k × d_{k−1}).
"""
from __future__ import annotations

from .core import build as B


def perceptron(layers: int, activation=None):
    """(loss, [W1, …, WL]) for an L-layer perceptron; `activation` a builder such as
    `matcalc.tanh`, or None for a linear network."""
    dims = [f"d{i}" for i in range(layers + 1)]
    h = B.vector("x", dims[0])
    y = B.vector("y", dims[-1])
    Ws = [B.matrix(f"W{i + 1}", dims[i + 1], dims[i]) for i in range(layers)]
    for W in Ws:
        h = W @ h if activation is None else activation(W @ h)
    r = h - y
    return r.T @ r, Ws
