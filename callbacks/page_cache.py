"""The page cache: pages drawn once are served again until the data changes, keyed on the view they show.

A key holds the data version, so no worker serves a page drawn from older data. The cache also keeps a small
count of the views asked for (in the cache itself, so that it is shared by every worker when it is Redis);
when a request first sees a new data version (an import), one background thread per process draws the views
most asked for into the cache, so that the first visitor after an import does not wait for them."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from flask_caching import Cache

from data.db import DatabaseError, first_line
from data.periods import Period
from data.store import Store

T = TypeVar("T")
WARM_TOP = 20  # how many of the views most asked for are drawn again after an import
ASKED_LIMIT = 200  # views counted at most; beyond it the least asked are forgotten and the rest halved
DRAW_WAIT = 30.0  # seconds a request waits for the same page drawn by another before drawing it itself
ASKED = "asked"  # the cache entry that counts the views asked for: {(pathname, search): count}

# What draws one view (pathname, search) into the cache at a data version: the router's page, uncounted.
Warm = Callable[[str, str, str], object]


class PageCache:
    """A Flask-Caching cache (None: off) in front of the store's answers, with the warm-up after an import."""

    def __init__(self, cache: Cache | None, store: Store, top: int = WARM_TOP):
        self.cache = cache
        self.store = store
        self.top = top
        self.warm: Warm | None = None  # set by the router, which knows how a view is drawn
        self._lock = threading.Lock()
        self._seen: str | None = None  # the data version this process last saw
        self._wanted: str | None = None  # the version the running warm-up works for
        self._thread: threading.Thread | None = None
        self._drawing: dict[str, threading.Event] = {}  # keys being drawn now, set when done

    @property
    def enabled(self) -> bool:
        return self.cache is not None

    def version(self) -> str:
        """The data version now; the first request that sees a new one starts the warm-up."""
        version = self.store.data_version()
        if self.enabled and version != self._seen:
            self._new_version(version)
        return version

    def months(self, version: str) -> list[Period]:
        """The months one can report at (the store's), kept with the pages: every request resolves its URL."""
        return self.fetch(version, "months", "", self.store.months)

    def fetch(self, version: str, kind: str, key: str, draw: Callable[[], T]) -> T:
        """What `draw` gives, from the cache when it is there at this data version; drawn and kept if not."""
        if self.cache is None:
            return draw()
        full_key = f"{kind}:{version}:{hashlib.sha256(key.encode()).hexdigest()}"
        shown = self._get(full_key)
        if shown is not None:
            return shown
        return self._draw_once(full_key, draw)

    def _draw_once(self, full_key: str, draw: Callable[[], T]) -> T:
        """Draw and keep one entry; one draw of it at a time in this process: a request that finds it being
        drawn (by another request, or the warm-up) waits for that drawing rather than doing the work again."""
        assert self.cache is not None
        with self._lock:
            drawing = self._drawing.get(full_key)
            if drawing is None:
                mine = self._drawing[full_key] = threading.Event()
        if drawing is not None:
            drawing.wait(DRAW_WAIT)
            shown = self._get(full_key)
            return shown if shown is not None else draw()
        try:
            shown = draw()
            self._set(full_key, shown)
            return shown
        finally:
            with self._lock:
                del self._drawing[full_key]
            mine.set()

    def _get(self, key: str):
        """An entry, or None when there is none, or the cache is off or cannot be reached (then the page is
        simply drawn: a cache that fails must not fail the page)."""
        if self.cache is None:
            return None
        try:
            return self.cache.get(key)
        except Exception as error:  # whatever the backend raises (Redis down, say)
            logging.getLogger(__name__).warning("Cannot read the page cache: %s", first_line(error))
            return None

    def _set(self, key: str, value: object, **options: int) -> None:
        """Keep an entry if the cache can be reached; otherwise the next request draws it again."""
        if self.cache is None:
            return
        try:
            self.cache.set(key, value, **options)
        except Exception as error:
            logging.getLogger(__name__).warning("Cannot write to the page cache: %s", first_line(error))

    def holds(self, version: str, kind: str, key: str) -> bool:
        """Whether the cache holds this entry (for the warm-up and the tests)."""
        return self._get(f"{kind}:{version}:{hashlib.sha256(key.encode()).hexdigest()}") is not None

    def asked(self, view: tuple[str, str]) -> None:
        """Count one request for a view (pathname, search); approximate across workers, which is enough to
        know which pages to draw first."""
        if self.cache is None:
            return
        counts: dict = self._get(ASKED) or {}
        counts[view] = counts.get(view, 0) + 1
        if len(counts) > ASKED_LIMIT:  # forget the least asked; halve the rest, so old favourites fade
            kept = sorted(counts.items(), key=lambda item: -item[1])[:ASKED_LIMIT // 2]
            counts = {each: max(1, count // 2) for each, count in kept}
        self._set(ASKED, counts, timeout=0)

    def most_asked(self) -> list[tuple[str, str]]:
        """The views asked for most, most first, at most `top` of them."""
        counts: dict = self._get(ASKED) or {}
        return [view for view, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))][:self.top]

    def _new_version(self, version: str) -> None:
        with self._lock:
            self._seen = self._wanted = version
            if self._thread is not None or self.warm is None:
                return  # the running warm-up sees the new version when it finishes its round
            self._thread = threading.Thread(target=self._warm_up, name="page-cache-warm-up", daemon=True)
            self._thread.start()

    def _warm_up(self) -> None:
        """Draw the views most asked for at the newest version seen; again while it changes meanwhile."""
        done: str | None = None
        try:
            while True:
                with self._lock:  # checked and cleared together: a version seen now starts a new thread
                    version = self._wanted
                    if version is None or version == done:
                        self._thread = None
                        return
                self._draw_most_asked(version)
                done = version
        except BaseException:
            with self._lock:
                self._thread = None
            raise

    def _draw_most_asked(self, version: str) -> None:
        warm = self.warm
        if warm is None:
            return
        for pathname, search in self.most_asked():
            try:
                warm(pathname, search, version)
            except DatabaseError as error:
                logging.getLogger(__name__).warning("Cannot warm the page cache: %s", first_line(error))
                return

    def wait(self, timeout: float = 30.0) -> None:
        """Until the running warm-up (if any) has finished: for the tests and the benchmarks."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
