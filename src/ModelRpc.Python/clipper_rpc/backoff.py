"""Exponential backoff with jitter for reconnecting to a frontend."""

import random


class ReconnectBackoff:
    """Attempt n waits between half and all of ``min(max_delay, initial_delay * 2**n)`` seconds, so
    containers restarted together do not reconnect in lockstep."""

    def __init__(self, initial_delay: float, max_delay: float, rng: random.Random):
        self._initial = initial_delay
        self._max = max_delay
        self._random = rng
        self.attempt = 0

    def next_delay(self) -> float:
        """The delay before the next attempt, in seconds; each call counts one failed attempt."""
        # Past 2**30 the cap always applies; clamping the exponent keeps the number finite.
        ceiling = min(self._max, self._initial * 2 ** min(self.attempt, 30))
        self.attempt += 1
        return ceiling / 2 + self._random.random() * ceiling / 2

    def reset(self) -> None:
        """After a welcomed connection the frontend was healthy: start again from the initial delay."""
        self.attempt = 0
