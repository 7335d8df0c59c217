"""Reads asked for twice are answered once: a read-only connection that keeps what it read.

A page asks for some of the same things several times: the overview's headline, its
week-over-week change and "Cette semaine" each read the participants up to the same day, and
every query looks up the chosen campaign's dates. `SharedReads` wraps one read-only
connection to one warehouse file (its cursors share what it keeps): `once(con, key, compute)`
then computes a result the first time it is asked for and hands a copy to everyone who asks
again, including a thread asking while the first is still computing it. The results are those
of one file that never changes under the connection (an import swaps in a new file, read
through a new connection), so nothing kept is ever stale.

On a plain DuckDB connection `once` simply computes: tests and one-off commands keep nothing.
"""

import copy
import threading
from collections import OrderedDict
from concurrent.futures import Future

KEPT_RESULTS = 512  # aggregated frames of a few hundred rows at most: a few MB in all


class Kept:
    """Results by key, the oldest forgotten past `size`; one computation per key at a time."""

    def __init__(self, size: int = KEPT_RESULTS):
        self.size = size
        self._results: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, compute):
        with self._lock:
            result = self._results.get(key)
            first = result is None
            if first:
                result = self._results[key] = Future()
                while len(self._results) > self.size:
                    self._results.popitem(last=False)
            else:
                self._results.move_to_end(key)
        if first:
            try:
                result.set_result(compute())
            except BaseException as exc:  # nothing kept: the next ask tries again
                with self._lock:
                    if self._results.get(key) is result:
                        del self._results[key]
                result.set_exception(exc)
                raise
        return copy.deepcopy(result.result())


class SharedReads:
    """A DuckDB connection or cursor whose cursors share what `once` keeps; everything else is
    the connection's own."""

    def __init__(self, con, kept: Kept | None = None):
        self._con = con
        self.kept = kept if kept is not None else Kept()

    def cursor(self) -> "SharedReads":
        return SharedReads(self._con.cursor(), self.kept)

    def __getattr__(self, name):
        return getattr(self._con, name)


def once(con, key, compute):
    """compute(), or a copy of what it gave before on this connection when `con` shares its
    reads (SharedReads); computed every time on a plain connection."""
    kept = getattr(con, "kept", None)
    return compute() if kept is None else kept.get(key, compute)
