"""Weighted random choice with precomputed cumulative weights (fast in tight loops)."""

from __future__ import annotations

import itertools
import random
from bisect import bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to choose from")
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> T:
        i = bisect_right(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]

    def sample(self, rng: random.Random, k: int) -> list[T]:
        """Up to k distinct items, drawn by weight."""
        out: dict[int, None] = {}
        tries = 0
        k = min(k, len(self.items))
        while len(out) < k and tries < k * 20:
            i = bisect_right(self.cum, rng.random() * self.total)
            out[min(i, len(self.items) - 1)] = None
            tries += 1
        return [self.items[i] for i in out]


def zipf(n: int, s: float = 1.0, offset: float = 1.0) -> list[float]:
    """Weights 1/(rank+offset)^s for n ranked items: a few common, a long tail."""
    return [1.0 / (r + offset) ** s for r in range(n)]
