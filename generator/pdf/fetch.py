"""What WeasyPrint may read: files of the content root and of our templates, nothing else.

An author's Markdown can name any URL as an image, and a stylesheet or a
`<link rel=attachment>` could pull in any file the process can read. The
fetcher below answers only `file:` URLs whose real path (symlinks resolved)
lies inside an allowed folder, and `data:` images; everything else is
refused and remembered, so the caller reports it instead of dropping it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

_IMAGE_DATA = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")


@dataclass
class Refusal:
    url: str
    reason: str


class ConfinedFetcher(URLFetcher):
    """A fetcher that reads local files below `roots` and never touches the network."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[Refusal] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data" and url.lower().startswith(_IMAGE_DATA):
            return super().fetch(url, headers)
        if scheme != "file":
            return self._refuse(url, "only files inside the content root are read")
        path = Path(url2pathname(unquote(urlsplit(url).path)))
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return self._refuse(url, "no such file")
        if not any(real.is_relative_to(root) for root in self.roots):
            return self._refuse(url, "it is outside the content root")
        if not real.is_file():
            return self._refuse(url, "not a file")
        return URLFetcherResponse(real.as_uri(), real.read_bytes())

    def _refuse(self, url: str, reason: str) -> URLFetcherResponse:
        self.refused.append(Refusal(url, reason))
        raise ValueError(f"refused {url}: {reason}")


@dataclass
class LoadWarnings:
    """WeasyPrint's own "Failed to load ..." messages, caught while a document renders."""

    messages: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    def __init__(self, sink: LoadWarnings) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Failed to load"):
            self.sink.messages.append(message.splitlines()[0])


@contextmanager
def load_warnings() -> Iterator[LoadWarnings]:
    """Collect WeasyPrint's load failures, and keep them off the terminal."""
    logger = logging.getLogger("weasyprint")
    sink = LoadWarnings()
    handler = _Collector(sink)
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield sink
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
