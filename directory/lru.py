"""A small thread-safe cache that forgets the least recently used entry first (LRU), for values
that are costly to make and keyed by what made them: compressed static files, gazetteer answers."""

from __future__ import annotations

import threading
from collections import OrderedDict


class LRU:
    """At most ``size`` entries; ``get`` answers None for a key it does not hold."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
