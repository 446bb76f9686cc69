"""The predict threads: results and exceptions come back to the loop; a call cancelled meanwhile is dropped."""

import asyncio
import threading
import time

import pytest

from clipper_rpc.pool import PredictPool


def test_results_and_exceptions_come_back_on_the_loop():
    pool = PredictPool(2)

    async def main():
        assert await pool.run(lambda x: x * 2, 21) == 42
        with pytest.raises(KeyError, match="missing"):
            await pool.run(lambda: {}["missing"])
        names = await asyncio.gather(*(pool.run(lambda: threading.current_thread().name) for _ in range(4)))
        assert all(name.startswith("clipper-predict-") for name in names)

    asyncio.run(main())
    pool.shutdown()


def test_calls_run_at_most_size_at_once_and_busy_counts_them():
    pool = PredictPool(2)
    state = {"now": 0, "peak": 0}
    lock = threading.Lock()

    def call():
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1

    async def main():
        running = asyncio.gather(*(pool.run(call) for _ in range(6)))
        await asyncio.sleep(0.02)
        assert pool.busy == 2
        await running

    asyncio.run(main())
    assert state["peak"] == 2 and pool.busy == 0
    pool.shutdown()


def test_a_call_cancelled_while_it_runs_is_dropped_when_it_ends():
    pool = PredictPool(1)
    release = threading.Event()

    async def main():
        future = pool.run(release.wait, 5)
        await asyncio.sleep(0.02)
        future.cancel()
        release.set()
        assert await pool.run(lambda: "next") == "next"

    asyncio.run(main())
    pool.shutdown()
