"""A pool of worker processes for large batches: chunks go out, results come back in order.

Pure Python cannot run CPU work on many threads at once (the GIL), so where the Rust package
spreads a batch over threads, subword spreads it over processes. This module knows nothing of
tokenizers: a caller hands it an object's *carrier* (a str or bytes value that rebuilds the object), a
*builder* (a picklable function, `carrier -> object`), a *task* (a picklable function,
`task(object, chunk, *args) -> list`) and the items; it returns the concatenated results.

- Each worker rebuilds an object once per carrier and keeps it (keyed by a hash of the carrier,
  the last few only), so its caches stay warm across calls; a changed object has a new carrier.
- Workers are fresh interpreters (`python -c`, not `fork` and not `multiprocessing`): nothing is
  inherited from a threaded parent, the user's `__main__` is never re-run, and the start method
  the user chose for `multiprocessing` does not matter.
- A worker that dies fails the call with `WorkerPoolError` and the next call starts a new pool.
- After `os.fork()` the child never uses the parent's workers; it starts its own when needed.
- A worker never starts workers of its own: a task that encodes a large batch runs it in the worker.

Settings (read at each call, as the Rust package reads its own):

- `TOKENIZERS_PARALLELISM` = "", "0", "false", "f", "off", "no", "n" (any case): stay in-process.
- `SUBWORD_NUM_WORKERS` = n, or `set_num_workers(n)` (which wins): n worker processes; 0 or 1
  stays in-process; by default one per CPU this process may use.
- Batches smaller than `MIN_ITEMS` items or `MIN_CHARS` characters stay in-process: below that the
  pipes cost more than the workers save (see bench/parallel.py).

What it does not do: share one batch between two concurrent callers (a second thread that finds
the pool busy runs its batch in-process), or run on platforms without `os.fork`-free pipes
(it is tested on Linux).
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections import OrderedDict
from multiprocessing.connection import Connection, wait
from itertools import chain
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import ArgumentTypeError, ArgumentValueError, WorkerPoolError, type_name

ENV_PARALLELISM = "TOKENIZERS_PARALLELISM"
ENV_NUM_WORKERS = "SUBWORD_NUM_WORKERS"
_FALSE_VALUES = ("", "off", "false", "f", "no", "n", "0")

MIN_ITEMS = 64
MIN_CHARS = 32_000
CHUNKS_PER_WORKER = 4  # more chunks than workers, so a slow chunk does not leave others idle
KEPT_OBJECTS = 4  # objects a worker keeps (least recently used dropped first)

_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_WORKER_CODE = "import sys; sys.path.insert(0, sys.argv[1]); from subword.core.pool import _worker_main; _worker_main()"

_num_workers_override: int | None = None


def set_num_workers(count: int | None) -> None:
    """Use `count` worker processes for large batches (0 or 1: none); None: back to the default.

    >>> set_num_workers(0)  # every batch in-process from now on
    >>> num_workers()
    0
    >>> set_num_workers(None)
    """
    global _num_workers_override
    if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        raise ArgumentTypeError(f"set_num_workers needs an int or None, got {type_name(count)}")
    if count is not None and count < 0:
        raise ArgumentValueError(f"set_num_workers needs a count >= 0, got {count}")
    _num_workers_override = count


def parallelism_enabled() -> bool:
    """False when `TOKENIZERS_PARALLELISM` says so ("false", "0", "off", "no", ...), as in Rust."""
    value = os.environ.get(ENV_PARALLELISM)
    return value is None or value.lower() not in _FALSE_VALUES


def num_workers() -> int:
    """How many worker processes a large batch gets now (0: it stays in-process)."""
    if not parallelism_enabled():
        return 0
    count = _num_workers_override
    if count is None:
        count = _env_num_workers()
    return count if count > 1 else 0


def _env_num_workers() -> int:
    value = os.environ.get(ENV_NUM_WORKERS, "").strip()
    if value:
        try:
            return max(int(value), 0)
        except ValueError:
            raise ArgumentValueError(f"{ENV_NUM_WORKERS} must be a whole number, got {value!r}") from None
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_pooling(items: int, chars: int) -> bool:
    """Whether a batch of `items` items and `chars` characters should go to the workers."""
    return items >= MIN_ITEMS and chars >= MIN_CHARS and num_workers() > 1


def carrier_key(carrier: str | bytes) -> str:
    """The name workers keep an object under: a hash of its carrier, so equal carriers share it."""
    data = carrier if isinstance(carrier, bytes) else carrier.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def run_chunked(
    key: str,
    carrier: str | bytes,
    build: Callable[[str], Any],
    task: Callable[..., Iterable[Any]],
    items: Sequence[Any],
    args: tuple = (),
) -> list | None:
    """`task(build(carrier), items, *args)` spread over the workers, results in input order:
    what each chunk's task returns (a list, or any iterable), laid end to end as it arrives.

    Returns None when the pool cannot take the batch now (parallelism off, or another thread is
    using it): the caller then runs it in-process. Raises WorkerPoolError if a worker dies.
    """
    count = num_workers()
    if count <= 1 or key in _unbuildable or not _POOL_LOCK.acquire(blocking=False):
        return None
    try:
        try:
            pool = _current_pool(count)
        except OSError:  # no interpreter to start (an embedded Python), or out of processes
            return None
        chunks = _chunks(items, count * CHUNKS_PER_WORKER)
        try:
            return [result for chunk in pool.stream(key, carrier, build, task, iter(chunks), args, len(chunks)) for result in chunk]
        except _Unbuildable:
            _unbuildable.add(key)
            return None
        except BaseException:
            if not pool.clean:  # a dead worker, or an interrupt while chunks were out
                _discard_after_failure()
            raise
    finally:
        _POOL_LOCK.release()


def stream_chunks(
    key: str,
    carrier: str | bytes,
    build: Callable[[str], Any],
    task: Callable[..., list],
    chunks: Iterable[Any],
    args: tuple = (),
    local: Any = None,
) -> Iterator[list]:
    """`task(build(carrier), chunk, *args)` for each chunk, yielded in input order as the workers
    finish them, with no pause between rounds: a worker gets the next chunk as soon as it is free.

    At most `CHUNKS_PER_WORKER` chunks per worker are out or waiting to be yielded, so memory is
    bounded however long `chunks` is. When the pool cannot take them (parallelism off, another
    thread using it, an object the workers cannot build), the chunks run in-process on `local`.
    The pool is held until the iterator is exhausted or closed; closing it early stops the workers.
    """
    chunks = iter(chunks)
    count = num_workers()
    if count <= 1 or key in _unbuildable or not _POOL_LOCK.acquire(blocking=False):
        yield from (task(local, chunk, *args) for chunk in chunks)
        return
    try:
        try:
            pool = _current_pool(count)
        except OSError:
            pool = None
        if pool is None:
            yield from (task(local, chunk, *args) for chunk in chunks)
            return
        try:
            yield from pool.stream(key, carrier, build, task, chunks, args, count * CHUNKS_PER_WORKER)
        except _Unbuildable as error:
            _unbuildable.add(key)
            yield from (task(local, chunk, *args) for chunk in chain(error.chunks, chunks))
        except BaseException:  # GeneratorExit too: the caller stopped early with chunks out
            if not pool.clean:
                _discard_after_failure()
            raise
    finally:
        _POOL_LOCK.release()


class _Unbuildable(Exception):
    """The workers could not rebuild the object from its carrier (e.g. a component type only the
    parent registered): such objects stay in-process. `chunks`: those sent out, to run again."""

    chunks: list = []


_unbuildable: set[str] = set()
_END = object()  # the end of a chunk iterator


def _chunks(items: Sequence[Any], count: int) -> list[Sequence[Any]]:
    """`items` cut into at most `count` runs of near-equal length: 5 items, 2 -> [3 items, 2 items]."""
    size = -(-len(items) // max(count, 1))
    return [items[start : start + size] for start in range(0, len(items), size)]


class _Worker:
    """One worker process and the two pipe ends the parent talks to it through."""

    def __init__(self) -> None:
        to_worker_read, to_worker_write = os.pipe()
        from_worker_read, from_worker_write = os.pipe()
        command = [sys.executable, "-c", _WORKER_CODE, _PACKAGE_ROOT, str(to_worker_read), str(from_worker_write)]
        try:
            self.process = subprocess.Popen(
                command, pass_fds=(to_worker_read, from_worker_write), stdin=subprocess.DEVNULL
            )
        finally:
            os.close(to_worker_read)
            os.close(from_worker_write)
        self.send = Connection(to_worker_write, readable=False)
        self.receive = Connection(from_worker_read, writable=False)
        self.keys: OrderedDict[str, None] = OrderedDict()  # mirrors the worker's own cache

    def submit(self, index: int, key: str, carrier: str | bytes, build: Callable, task: Callable, chunk: Any, args: tuple) -> None:
        """Send one chunk, with the carrier only if this worker does not hold the object yet."""
        known = key in self.keys
        self.keys[key] = None
        self.keys.move_to_end(key)
        if len(self.keys) > KEPT_OBJECTS:
            self.keys.popitem(last=False)
        message = (index, key, None if known else carrier, build, task, chunk, args)
        try:
            self.send.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            raise self.death_error() from None

    def death_error(self) -> WorkerPoolError:
        """The error of a call whose worker died, saying how it died."""
        return WorkerPoolError(f"the batch failed: subword's {self._death_notice()}; the next call starts new workers")

    def _death_notice(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return f"worker process {self.process.pid} closed its pipe"
        if code < 0:
            try:
                return f"worker process {self.process.pid} was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"worker process {self.process.pid} was killed by signal {-code}"
        return f"worker process {self.process.pid} exited with code {code}"

    def close(self, timeout: float) -> None:
        """Ask the worker to stop (end of its pipe), then kill it if it does not within `timeout`."""
        for connection in (self.send, self.receive):
            try:
                connection.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def forget(self) -> None:
        """In a forked child: drop this copy of the pipes, leaving the parent's worker alone."""
        for connection in (self.send, self.receive):
            try:
                connection.close()
            except OSError:
                pass
        self.process.returncode = 0  # so Popen never waits on or signals a process not ours


class _Pool:
    def __init__(self, count: int) -> None:
        self.pid = os.getpid()
        self.clean = True  # False while chunks are out: an error then leaves replies in the pipes
        self.workers = [_Worker() for _ in range(count)]

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self.workers]

    def stream(
        self, key: str, carrier: str | bytes, build: Callable, task: Callable, chunks: Iterator, args: tuple, ahead: int
    ) -> Iterator[list]:
        """Every chunk through a worker, each worker given the next chunk as soon as it is free;
        results yielded in input order, at most `ahead` chunks sent and not yet yielded."""
        done: dict[int, Any] = {}
        out: dict[int, Any] = {}  # the chunks sent and not yet yielded
        busy: dict[Connection, _Worker] = {}
        idle = list(self.workers)
        sent = yielded = 0
        more = True
        # The error of the earliest failing chunk, as the in-process loop would raise: chunks
        # after a failure are not sent, those before it (all sent already) are waited for.
        failure: BaseException | None = None
        failure_index = -1
        self.clean = False
        while True:
            while more and failure is None and idle and sent - yielded < ahead:
                chunk = next(chunks, _END)
                if chunk is _END:
                    more = False
                    break
                worker = idle.pop()
                worker.submit(sent, key, carrier, build, task, chunk, args)
                busy[worker.receive] = worker
                out[sent] = chunk
                sent += 1
            if not busy:
                break
            for connection in wait(list(busy)):
                worker = busy.pop(connection)  # type: ignore[call-overload]
                try:
                    index, ok, value = pickle.loads(connection.recv_bytes())  # type: ignore[union-attr]
                except (EOFError, OSError):
                    raise worker.death_error() from None
                idle.append(worker)
                if ok:
                    done[index] = value
                elif failure is None or index < failure_index:
                    failure, failure_index = value, index
            while yielded in done:
                out.pop(yielded)
                yielded += 1
                yield done.pop(yielded - 1)
        self.clean = True
        if failure is not None:
            if isinstance(failure, _Unbuildable):
                failure.chunks = [out[index] for index in sorted(out)]
            raise failure

    def close(self, timeout: float = 2.0) -> None:
        for worker in self.workers:
            worker.close(timeout)


_POOL_LOCK = threading.Lock()
_pool: _Pool | None = None


def _current_pool(count: int) -> _Pool:
    """The live pool of `count` workers, started (or restarted) here; call with the lock held."""
    global _pool
    pool = _pool
    if pool is not None and (pool.pid != os.getpid() or len(pool.workers) != count or not _all_alive(pool)):
        if pool.pid == os.getpid():
            pool.close()
        _pool = pool = None
    if pool is None:
        _pool = pool = _Pool(count)
    return pool


def _all_alive(pool: _Pool) -> bool:
    return all(worker.process.poll() is None for worker in pool.workers)


def _discard_after_failure() -> None:
    """Stop every worker of the current pool: after a failure their pipes may hold stale replies."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None and pool.pid == os.getpid():
        for worker in pool.workers:
            worker.process.kill()
        pool.close(timeout=5)


def shutdown() -> None:
    """Stop the workers (at interpreter exit, or to free their memory); the next batch restarts them."""
    global _pool
    with _POOL_LOCK:
        pool, _pool = _pool, None
    if pool is not None and pool.pid == os.getpid():
        pool.close()


def worker_pids() -> list[int]:
    """The process ids of the running workers (for tests and monitoring)."""
    pool = _pool
    return pool.pids() if pool is not None and pool.pid == os.getpid() else []


def _after_fork_in_child() -> None:
    """A forked child starts with no pool and a free lock, whatever the parent was doing."""
    global _pool, _POOL_LOCK
    pool, _pool = _pool, None
    _POOL_LOCK = threading.Lock()
    if pool is not None:
        for worker in pool.workers:
            worker.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(shutdown)


# -- the worker side ------------------------------------------------------------------------


def _worker_main() -> None:
    """Serve chunks until the parent closes the pipe: rebuild objects on first sight, run tasks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    set_num_workers(0)  # a task that encodes a batch runs it here, never in workers of its own
    # No automatic collections while a chunk runs (they cost a third of unpickling time, and
    # more while encoding): one collection after each reply, over the little that is not frozen.
    gc.disable()
    receive = Connection(int(sys.argv[2]), writable=False)
    send = Connection(int(sys.argv[3]), readable=False)
    kept: OrderedDict[str, Any] = OrderedDict()
    while True:
        try:
            message = receive.recv_bytes()
        except (EOFError, OSError):
            return
        index, key, carrier, build, task, chunk, args = pickle.loads(message)
        try:
            if carrier is not None:
                kept[key] = build(carrier)
                gc.freeze()  # the object lives as long as the worker: keep it out of collections
                if len(kept) > KEPT_OBJECTS:
                    kept.popitem(last=False)
        except Exception as error:
            reply: tuple[Any, bool, Any] = (index, False, _Unbuildable(repr(error)))
        else:
            kept.move_to_end(key)
            try:
                reply = (index, True, task(kept[key], chunk, *args))
            except Exception as error:  # sent back and raised in the parent
                reply = (index, False, error)
        try:
            payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:
            payload = pickle.dumps((index, False, WorkerPoolError(f"a worker could not send its result back: {error!r}")))
        send.send_bytes(payload)
        del message, chunk, args, reply, payload
        gc.collect()
