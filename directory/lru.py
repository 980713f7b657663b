"""Small thread-safe caches for values that are costly to make and keyed by what made them: ``LRU``
forgets the least recently used entry first (compressed static files, gazetteer answers); ``Memo``
keeps each value until told to forget them all (reference data per database, built statements)."""

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


class Memo:
    """Each key's value made once, by the first caller that asks (others wait for it), and kept
    until ``clear``."""

    def __init__(self) -> None:
        self.values: dict = {}
        self.lock = threading.Lock()

    def get(self, key, make):
        value = self.values.get(key)
        if value is None:
            with self.lock:
                value = self.values.get(key)
                if value is None:
                    value = self.values[key] = make()
        return value

    def clear(self) -> None:
        with self.lock:
            self.values.clear()
