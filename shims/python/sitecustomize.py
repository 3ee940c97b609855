"""kmsim exec: timed thread waits that follow libfaketime's clock (issue #9 §2).

Under libfaketime (0.9.10, Debian 12) CPython 3.11's timed lock waits never time out: CPython waits
with sem_clockwait() on CLOCK_MONOTONIC, which libfaketime does not intercept, while it does fake
the CLOCK_MONOTONIC reading the deadline is computed from (it reads like an epoch date, decades
ahead of the real monotonic clock). So threading.Condition.wait(timeout), Event.wait(timeout) and
queue.Queue.get(timeout=...) hang; botocore's adaptive retry mode waits exactly so.

kmsim exec puts this directory first on PYTHONPATH and sets KMSIM_CLOCK_SHIM. Then the lock a
Condition waits on is one whose timed acquire polls in short time.sleep() steps, which libfaketime
does scale: the wait lasts its timeout in virtual time, and a notify() still wakes it within one
step. Nothing else changes: plain locks, untimed waits and the application's own code are left
alone. Lock.acquire(timeout=...) on a lock the application made, and Thread.join(timeout), are not
covered.

A sitecustomize that was on the path before this one (Debian's) still runs, after this one.
"""
import os
import sys

_POLL_SECONDS = 0.05


def _install() -> None:
    import threading
    import time

    real_allocate = threading._allocate_lock

    class _ClockFollowingLock:
        __slots__ = ("_lock",)

        def __init__(self):
            self._lock = real_allocate()

        def acquire(self, blocking=True, timeout=-1):
            if not blocking or timeout is None or timeout < 0:
                return self._lock.acquire(blocking)
            deadline = time.monotonic() + timeout
            while True:
                if self._lock.acquire(False):
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                time.sleep(min(left, _POLL_SECONDS))

        def release(self):
            self._lock.release()

        def locked(self):
            return self._lock.locked()

        def __enter__(self):
            return self.acquire()

        def __exit__(self, *exc):
            self.release()

    # Condition.wait allocates its waiter through this module-level name at call time.
    threading._allocate_lock = _ClockFollowingLock


def _chain() -> None:
    """Runs the sitecustomize this one hides (the next one on sys.path), if any."""
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    others = [entry for entry in sys.path if os.path.abspath(entry or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", others)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


if os.environ.get("KMSIM_CLOCK_SHIM") == "faketime":
    _install()
_chain()
