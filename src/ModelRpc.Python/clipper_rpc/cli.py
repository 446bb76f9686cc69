"""``python3 -m clipper_rpc --entry module:function [--path DIR]``: serve a predict function from a folder."""

import argparse
import importlib
import logging
import os
import sys
from typing import Callable, List, Optional

from . import logs
from .container import ModelContainer
from .options import ContainerOptions, OptionsError
from .protocol import MIN_MAX_FRAME_BYTES
from .runner import serve

EXIT_USAGE = 2


class EntryError(Exception):
    """The entry point could not be loaded; the message says what was wrong and what was expected."""


def load_entry(entry: str, path: Optional[str]) -> Callable:
    """Imports ``module:function`` (the function may be dotted, e.g. ``model:Model.predict``) with ``path`` first on sys.path."""
    module_name, sep, attribute = entry.partition(":")
    if not sep or not module_name or not attribute:
        raise EntryError(f"--entry is {entry!r}; expected MODULE:FUNCTION, e.g. model:predict")
    folder = os.path.abspath(path or os.getcwd())
    if not os.path.isdir(folder):
        raise EntryError(f"--path is {path!r}, which is not a folder; expected the folder holding {module_name}")
    sys.path.insert(0, folder)
    try:
        target = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            raise EntryError(f"module {module_name!r} was not found in {folder}; expected {module_name.replace('.', '/')}.py there") from None
        raise
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise EntryError(f"{module_name} has no attribute {attribute!r}; expected a function predict(inputs) -> list")
        target = getattr(target, part)
    if not callable(target):
        raise EntryError(f"{entry} is a {type(target).__name__}, not a function; expected predict(inputs) -> list")
    return target


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python3 -m clipper_rpc",
        description="Serve predict(inputs) -> list to Clipper query frontends (settings from the CLIPPER_* environment).",
    )
    parser.add_argument("--entry", required=True, help="MODULE:FUNCTION, e.g. model:predict")
    parser.add_argument("--path", default=None, help="the folder holding MODULE (default: the working directory)")
    parser.add_argument("--max-frame-bytes", type=int, default=None, help=f"largest frame accepted and sent (default 64 MiB; at least {MIN_MAX_FRAME_BYTES})")
    parser.add_argument("--log-level", default=os.environ.get("CLIPPER_LOG_LEVEL", "INFO"), choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper)
    parser.add_argument("--log-format", default=os.environ.get("CLIPPER_LOG_FORMAT", "text"), choices=["text", "json"])
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    logs.configure(args.log_level, args.log_format)
    log = logging.getLogger("clipper_rpc.cli")
    try:
        overrides = {} if args.max_frame_bytes is None else {"max_frame_bytes": args.max_frame_bytes}
        options = ContainerOptions.from_environment(**overrides).validated()
        predict = load_entry(args.entry, args.path)
    except (OptionsError, EntryError) as error:
        logs.log_event(log, logging.ERROR, "start_failed", str(error))
        # Also plainly, unquoted, for a person reading the replica's log.
        print(f"clipper_rpc: {error}", file=sys.stderr)
        return EXIT_USAGE
    logs.log_event(log, logging.INFO, "starting", f"serving {args.entry} as {options.model_name}:{options.model_version}",
                   entry=args.entry, model=f"{options.model_name}:{options.model_version}", input_type=options.input_type.wire_name,
                   frontend=f"{options.frontend_host}:{options.frontend_port}", concurrency=options.concurrency, numpy_inputs=options.numpy_inputs)
    container: ModelContainer = serve(predict, options)
    if container.busy_predict_threads:
        # A predict call that outlived the drain timeout cannot be interrupted, and the interpreter would
        # wait for its thread at exit: leave without it.
        logs.log_event(log, logging.WARNING, "abandoned_predict", "exiting with predict calls still running", running=container.busy_predict_threads)
        logging.shutdown()
        os._exit(0)
    return 0
