"""Which frontends a container serves: all of them, or past the cap its share by rendezvous hashing."""

from typing import Sequence

import xxhash

from .codec import FrontendAddress, Membership


def score(container_id: str, frontend_id: str) -> int:
    """A stable 64-bit score of a (container, frontend) pair: XXH3-64 of ``container_id + "\\n" + frontend_id``,
    the same in every process and language (the .NET library computes the same number)."""
    return xxhash.xxh3_64_intdigest((container_id + "\n" + frontend_id).encode("utf-8"))


def choose(container_id: str, membership: Membership) -> Sequence[FrontendAddress]:
    """Every listed frontend, or when ``max_frontends_per_replica`` is positive and smaller than the
    list, that many: the ones scoring highest for this container. Each frontend gets an equal share
    of the containers in expectation, and a change of the set moves only the containers that ranked
    the changed frontend within their cap."""
    frontends = membership.frontends
    cap = membership.max_frontends_per_replica
    if cap <= 0 or len(frontends) <= cap:
        return frontends
    # Highest score first; ids break (astronomically unlikely) ties so every container agrees.
    ranked = sorted(frontends, key=lambda f: (-score(container_id, f.id), f.id.encode("utf-8")))
    return tuple(ranked[:cap])
