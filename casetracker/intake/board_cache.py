"""A small in-process cache of built boards, keyed by scope, event and fingerprint."""

import threading
from collections import OrderedDict


class BoardCache:
    """Least recently used first out; thread-safe for gunicorn's threaded workers."""

    def __init__(self, *, size: int) -> None:
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
