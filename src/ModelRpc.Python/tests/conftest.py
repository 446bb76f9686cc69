"""Fixtures: a fake frontend, and containers run on their own event loop in a background thread."""

import asyncio
import os
import sys
import threading

import pytest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))
sys.path.insert(0, os.path.dirname(__file__))

from clipper_rpc import ContainerOptions, ModelContainer  # noqa: E402
from fake_frontend import FakeFrontend  # noqa: E402


class RunningContainer:
    """A ModelContainer serving in a background thread; stop() cancels it (a hard stop)."""

    def __init__(self, container: ModelContainer):
        self.container = container
        self._started = threading.Event()
        self._loop = None
        self._task = None
        self.error = None
        self.thread = threading.Thread(target=self._run, name="container", daemon=True)
        self.thread.start()
        assert self._started.wait(5), "the container's loop did not start"

    def _run(self):
        async def main():
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.current_task()
            self._started.set()
            try:
                await self.container.run()
            except asyncio.CancelledError:
                pass

        try:
            asyncio.run(main())
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error

    def call(self, function, *args):
        """Runs a function on the container's loop and returns its result."""
        done = threading.Event()
        result = {}

        def invoke():
            try:
                result["value"] = function(*args)
            finally:
                done.set()

        self._loop.call_soon_threadsafe(invoke)
        assert done.wait(5)
        return result.get("value")

    def stopped_within(self, seconds: float) -> bool:
        self.thread.join(seconds)
        return not self.thread.is_alive()

    def stop(self):
        if self.thread.is_alive():
            try:
                self._loop.call_soon_threadsafe(self._task.cancel)
            except RuntimeError:
                pass
            self.thread.join(10)


@pytest.fixture
def frontend():
    fake = FakeFrontend("f1")
    yield fake
    fake.close()


@pytest.fixture
def start_container():
    """start_container(predict, port, **options) -> RunningContainer; all are stopped after the test."""
    running = []

    def start(predict, port, **overrides):
        settings = dict(
            model_name="m", model_version="1", input_type="doubles", frontend_host="127.0.0.1", frontend_port=port,
            container_id="test-container", heartbeat_interval=1.0, reconnect_initial_delay=0.02, reconnect_max_delay=0.2,
            connect_timeout=2.0, drain_timeout=5.0,
        )
        settings.update(overrides)
        container = RunningContainer(ModelContainer(ContainerOptions(**settings), predict))
        running.append(container)
        return container

    yield start
    for container in running:
        container.stop()


def wait_for(condition, timeout=5.0, message="condition"):
    """Polls a condition (every 10 ms) until it holds or the timeout passes."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"{message} did not hold within {timeout} s")
