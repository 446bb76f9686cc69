"""Running a container in the foreground with signal handling: the one-call way."""

import asyncio
import signal
from typing import Callable, Optional, Sequence

from .container import ModelContainer
from .options import ContainerOptions


def serve(predict: Callable[[list], Sequence], options: Optional[ContainerOptions] = None, handle_signals: bool = True) -> ModelContainer:
    """Serves ``predict`` until SIGTERM or SIGINT, which drain the container gracefully (a second signal
    stops it at once). Options default to :meth:`ContainerOptions.from_environment`.

    Returns:
        The container, once stopped (for its counters, e.g. ``busy_predict_threads``).
    """
    container = ModelContainer(options if options is not None else ContainerOptions.from_environment(), predict)
    asyncio.run(run_until_signalled(container, handle_signals))
    return container


async def run_until_signalled(container: ModelContainer, handle_signals: bool = True) -> None:
    """Runs the container on the current loop; the first SIGTERM/SIGINT drains, a second stops at once."""
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    received = 0
    hard_stopped = False

    def on_signal() -> None:
        nonlocal received, hard_stopped
        received += 1
        if received == 1:
            container.drain()
        else:
            hard_stopped = True
            main.cancel()

    if handle_signals:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, on_signal)
    try:
        await container.run()
    except asyncio.CancelledError:
        if not hard_stopped:
            raise
    finally:
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
