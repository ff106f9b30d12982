"""The one HTTP client every web service goes through.

:class:`ServiceClient` wraps an ``httpx.Client`` for one service (a base URL
and the name readers know it by) and adds what each service's terms and a
flaky network call for:

- a ``User-Agent`` naming readlist and its version (arXiv and Crossref ask
  clients to say who they are);
- timeouts (connect and read, :data:`TIMEOUT` seconds);
- the proxy variables of the reader's environment (``HTTPS_PROXY``,
  ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``: httpx's ``trust_env``);
- pacing: at least ``min_interval`` seconds between the starts of two requests
  (3 s for arXiv, https://info.arxiv.org/help/api/tou.html), measured with an
  injectable clock so tests need not wait;
- retries of answers that say "later" (429 and 5xx) and of timeouts, up to
  ``retries`` times, waiting what ``Retry-After`` asks (seconds or an HTTP date,
  RFC 9110 §10.2.3) or else an exponential backoff (1 s, 2 s, 4 s ...).

Every failure becomes one :class:`~store.errors.ServiceError` whose text names
the service and what went wrong, for the CLI to print and the TUI to notify.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson

from readlist.store import __version__
from readlist.store.errors import ServiceError

#: Sent with every request.
USER_AGENT = f"readlist/{__version__} (a reading-list manager for research papers; httpx/{httpx.__version__})"
#: Seconds to wait for a connection, and then for each part of the answer.
TIMEOUT = 20.0
#: Answers worth asking again for: too many requests, and the server's own failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Never wait longer than this for one retry, whatever ``Retry-After`` asks (seconds).
MAX_WAIT = 120.0


class ServiceClient:
    """HTTP GET requests to one web service, paced, retried, and failing in one line.

    Args:
        service: the name readers know the service by (``"Hugging Face"``); starts every error.
        base_url: the service's root, e.g. ``"https://export.arxiv.org"`` (``[services]`` of config.toml).
        min_interval: least seconds between the starts of two requests.
        retries: how many times a 429, 5xx or timeout is asked again.
        backoff: seconds of the first wait when ``Retry-After`` says nothing; doubled each time.
        timeout: seconds for connecting and for each read.
        clock: monotonic seconds (``time.monotonic``); tests pass a fake one.
        sleep: waits a number of seconds (``time.sleep``); tests pass one that advances the clock.
        transport: an httpx transport, for tests that need one (normally ``None``).
    """

    def __init__(
        self, service: str, base_url: str, *, min_interval: float = 0.0, retries: int = 3, backoff: float = 1.0,
        timeout: float = TIMEOUT, clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.min_interval = min_interval
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep
        self._last_start: float | None = None
        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT}, timeout=httpx.Timeout(timeout), follow_redirects=True,
            trust_env=True, transport=transport,
        )

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections (the client cannot be used afterwards)."""
        self._http.close()

    # -- requests ------------------------------------------------------------------

    def get(self, path: str, *, params: Mapping[str, Any] | None = None, accept: str | None = None,
            also_ok: Collection[int] = ()) -> httpx.Response:
        """GET ``base_url + path`` and return the successful (2xx) answer, body read.

        ``also_ok`` are statuses returned as well, for services that explain an
        error in the body (arXiv answers a malformed query 400 with an Atom feed).

        Raises:
            ServiceError: the service cannot be reached, does not answer in time,
                answers 4xx (404: "not found"), or still 429/5xx after the retries.
        """
        url = self.base_url + path
        headers = {"Accept": accept} if accept else None
        attempt = 0
        while True:
            self._pace()
            try:
                response = self._http.get(url, params=params, headers=headers)
            except httpx.TimeoutException:
                if attempt < self.retries:
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                raise ServiceError(self.service, f"did not answer within {self.timeout:g} s "
                                                 f"({attempt + 1} tries; {_shown(url)})") from None
            except httpx.RemoteProtocolError as error:
                raise ServiceError(self.service, f"broke off its answer ({error}; {_shown(url)})") from None
            except (httpx.ConnectError, httpx.NetworkError, httpx.ProxyError) as error:
                raise ServiceError(self.service, f"cannot be reached ({_reason(error)}; {_shown(url)})") from None
            except httpx.HTTPError as error:  # an unsupported protocol, too many redirects, a bad URL ...
                raise ServiceError(self.service, f"request failed ({error}; {_shown(url)})") from None
            status = response.status_code
            if 200 <= status < 300 or status in also_ok:
                return response
            if status in RETRY_STATUSES and attempt < self.retries:
                wait = retry_after(response.headers.get("Retry-After"))
                wait = self._backoff(attempt) if wait is None else wait
                if wait > MAX_WAIT:
                    raise ServiceError(self.service, f"HTTP {status}: asks to wait {wait:.0f} s; try again later")
                self.sleep(wait)
                attempt += 1
                continue
            if status == 404:
                raise ServiceError(self.service, f"not found (HTTP 404: {_shown(url)})")
            tries = f" after {attempt + 1} tries" if attempt else ""
            raise ServiceError(self.service, f"HTTP {status} {response.reason_phrase}{tries} ({_shown(url)})")

    def get_json(self, path: str, *, params: Mapping[str, Any] | None = None,
                 accept: str = "application/json") -> Any:
        """:meth:`get` an answer and read it as JSON.

        Raises:
            ServiceError: as :meth:`get`, or the answer is empty, cut off or not JSON
                (an HTML error page, say).
        """
        response = self.get(path, params=params, accept=accept)
        return self.json_of(response)

    def json_of(self, response: httpx.Response) -> Any:
        """The JSON document of an answer.

        Raises:
            ServiceError: the body is empty or not JSON (the message names what it looks like).
        """
        body = response.content
        if not body.strip():
            raise ServiceError(self.service, f"sent an empty answer ({_shown(str(response.url))})")
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as error:
            raise ServiceError(self.service, f"sent {looks_like(response)}, not JSON ({error}; "
                                             f"{_shown(str(response.url))})") from None

    # -- waiting -------------------------------------------------------------------

    def _pace(self) -> None:
        """Wait until ``min_interval`` seconds have passed since the last request started."""
        now = self.clock()
        if self._last_start is not None and self.min_interval > 0:
            wait = self._last_start + self.min_interval - now
            if wait > 0:
                self.sleep(wait)
                now = self.clock()
        self._last_start = now

    def _backoff(self, attempt: int) -> float:
        return self.backoff * (2 ** attempt)


def retry_after(value: str | None, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait: a number of seconds, or an
    HTTP date (RFC 9110 §10.2.3); ``None`` when absent or unreadable (never negative)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


def looks_like(response: httpx.Response) -> str:
    """What an answer that is not the expected format looks like, for an error
    message: ``"an HTML page"``, ``"text/plain"``, ``"something else"``."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    start = response.content[:200].lstrip().lower()
    if "html" in kind or start.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    return kind or "something else"


def _reason(error: httpx.HTTPError) -> str:
    """The short cause of a connection failure: ``connection refused``, ``name not found`` ..."""
    text = str(error) or type(error).__name__
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered or \
            "temporary failure in name resolution" in lowered or "getaddrinfo" in lowered:
        return "host name not found; offline?"
    if "network is unreachable" in lowered:
        return "network unreachable; offline?"
    return text


def _shown(url: str) -> str:
    """A URL short enough for a one-line message."""
    return url if len(url) <= 120 else url[:117] + "..."
