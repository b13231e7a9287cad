"""Open a written view in a real headless Chromium with the network cut off.

Used by the browser tests, ``bench/viz.py`` and ``bench/screenshot.py``; needs Playwright for
Python (a test dependency) and Debian's ``chromium`` (no browser download is possible where
analysts and CI run). Every request other than the page file itself is aborted and recorded,
so a caller can assert the page asked for nothing.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import NordgraphError

CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")
CHROMIUM_ENV = "NORDGRAPH_CHROMIUM"


def chromium_path() -> str:
    """The Chromium to drive: ``$NORDGRAPH_CHROMIUM``, else ``chromium`` on the PATH.

    Raises
    ------
    NordgraphError
        When there is none, saying how to install it.
    """
    found = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).exists():
        raise NordgraphError("no Chromium found: install it (Debian: apt-get install -y chromium) "
                             f"or set ${CHROMIUM_ENV} to its path")
    return found


@dataclass
class PageLog:
    """What a page did while it was open: requests it tried, errors and dialogs."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def offline_page(path: str | os.PathLike[str], *, width: int = 1280, height: int = 800,
                 timeout_ms: float = 120_000) -> Iterator[tuple[Any, PageLog]]:
    """Load ``path`` in headless Chromium with every other request blocked; wait for the layout.

    Yields the Playwright page and its :class:`PageLog`. The page is ready (layout settled,
    ``window.nordgraphViz.ready``) when the block starts.
    """
    url = Path(path).resolve().as_uri()
    with _page(lambda requested: requested == url, width, height, timeout_ms) as (page, log):
        page.goto(url)
        wait_until_ready(page, timeout_ms)
        yield page, log


@contextmanager
def served_page(origin: str, *, width: int = 1280, height: int = 800,
                timeout_ms: float = 60_000) -> Iterator[tuple[Any, PageLog]]:
    """A headless Chromium page that may reach ``origin`` (``http://127.0.0.1:PORT``) and nothing
    else: every other request is aborted and recorded. The caller navigates."""
    prefix = origin.rstrip("/") + "/"
    with _page(lambda requested: requested.startswith(prefix), width, height, timeout_ms) as opened:
        yield opened


@contextmanager
def _page(allowed: Any, width: int, height: int, timeout_ms: float) -> Iterator[tuple[Any, PageLog]]:
    from playwright.sync_api import sync_playwright

    log = PageLog()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(timeout_ms)

            def route(request_route: Any) -> None:
                if allowed(request_route.request.url):
                    request_route.continue_()
                else:
                    log.requests.append(request_route.request.url)
                    request_route.abort()

            page.route("**/*", route)
            page.on("request", lambda r: None if allowed(r.url) else log.requests.append(r.url))
            page.on("pageerror", lambda exc: log.errors.append(str(exc)))
            page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
            page.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))
            yield page, log
        finally:
            browser.close()


def wait_until_ready(page: Any, timeout_ms: float = 120_000) -> None:
    """Wait until the view's layout (the first, or again after a filter) has settled.

    Polls from outside: ``wait_for_function`` evaluates strings in the page, which its CSP forbids.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate("Boolean(window.nordgraphViz && window.nordgraphViz.ready)"):
        if time.monotonic() > deadline:
            raise NordgraphError(f"the view did not finish its layout within {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(50)
