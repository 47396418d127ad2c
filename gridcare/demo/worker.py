"""Run the appeal generator in a child process and hand its batches to the parent.

A full year is ~4 million rows: generating them is pure Python and so is much of
inserting them, so on two cores the generator runs in a spawned process (a fresh
interpreter: no database connection or lock is shared with the parent) while the
parent inserts. This module imports no models at the top: the child must call
django.setup() before it unpickles the generator."""

import multiprocessing
import pickle
import traceback
from collections.abc import Iterator
from typing import Any

_DONE = "done"
_ERROR = "error"


def _child(payload: bytes, queue: Any) -> None:
    try:
        import django

        django.setup()
        generator, arrivals = pickle.loads(payload)
        for chunk in generator.chunks(arrivals):
            queue.put(chunk)
        queue.put(_DONE)
    except BaseException:  # report anything to the parent, which raises it
        queue.put((_ERROR, traceback.format_exc()))


def chunks_in_child(generator: object, arrivals: list) -> Iterator[Any]:
    """Yield the generator's chunks, produced in a child process."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue(maxsize=4)
    payload = pickle.dumps((generator, arrivals), protocol=pickle.HIGHEST_PROTOCOL)
    process = context.Process(target=_child, args=(payload, queue), daemon=True)
    process.start()
    try:
        while True:
            item = queue.get()
            if item == _DONE:
                break
            if isinstance(item, tuple) and item and item[0] == _ERROR:
                raise RuntimeError(
                    f"Генератор обращений завершился с ошибкой:\n{item[1]}"
                )
            yield item
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=10)
