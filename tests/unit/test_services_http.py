"""ServiceClient against a real HTTP server on 127.0.0.1 (tests/recorded_server.py).

Nothing of the client is mocked: every request goes through httpx to the
server. Only time is faked: a :class:`FakeClock` whose ``sleep`` records the
wait and advances the clock, so pacing and retries are checked without waiting.
"""

from __future__ import annotations

import email.utils
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from readlist.store.errors import ServiceError
from readlist.store.services.http import MAX_WAIT, ServiceClient, retry_after
from tests.fake_clock import FakeClock
from tests.recorded_server import JSON, Answer, RecordedServer

SERVICE = "Test Service"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make(server: RecordedServer, clock: FakeClock) -> Iterator[Callable[..., ServiceClient]]:
    """Makes clients of ``server`` on the fake clock (closed after the test)."""
    made: list[ServiceClient] = []

    def make_client(url: str | None = None, **options) -> ServiceClient:
        options.setdefault("clock", clock)
        options.setdefault("sleep", clock.sleep)
        http = ServiceClient(SERVICE, url or server.url, **options)
        made.append(http)
        return http

    yield make_client
    for http in made:
        http.close()


def header(request, name: str) -> str:
    """A request header, whatever the case of its name."""
    return next((v for k, v in request.headers.items() if k.lower() == name.lower()), "")


def fails(call: Callable[[], object]) -> str:
    """The text of the ServiceError ``call`` raises: one line, starting with the service's name."""
    with pytest.raises(ServiceError) as caught:
        call()
    text = str(caught.value)
    assert "\n" not in text and "\r" not in text, text
    assert text.startswith(f"{SERVICE}: "), text
    assert caught.value.service == SERVICE
    return text


def ok(body: bytes = b'{"ok": true}') -> Answer:
    return Answer(body, 200, {"Content-Type": JSON})


# -- what is sent -----------------------------------------------------------------------


def test_user_agent_names_readlist(server, make):
    server.route("/a", ok())
    make().get("/a")
    agent = header(server.requests_to("/a")[0], "User-Agent")
    assert "readlist/" in agent
    assert "python-httpx" not in agent  # httpx's own default is replaced


def test_accept_is_sent(server, make):
    server.route("/atom", ok(b"<feed/>"))
    server.route("/json", ok())
    http = make()
    http.get("/atom", accept="application/atom+xml")
    assert http.get_json("/json") == {"ok": True}
    assert header(server.requests_to("/atom")[0], "Accept") == "application/atom+xml"
    assert header(server.requests_to("/json")[0], "Accept") == "application/json"


def test_query_parameters_are_sent(server, make):
    server.route("/q", ok())
    make().get("/q", params={"date": "2026-06-12", "p": 2})
    assert server.requests_to("/q")[0].query == {"date": "2026-06-12", "p": "2"}


# -- pacing ------------------------------------------------------------------------------


def test_pacing_keeps_request_starts_apart(server, make, clock):
    starts: list[float] = []  # the fake time at which the server got each request
    server.route("/p", ok(), when=lambda _q: starts.append(clock.now) or True)
    http = make(min_interval=3)
    http.get("/p")
    clock.now += 1.0  # one second of work between the first two requests
    http.get("/p")
    http.get("/p")
    assert len(starts) == 3
    assert clock.sleeps == [pytest.approx(2.0), pytest.approx(3.0)]
    assert all(later - earlier >= 3.0 - 1e-9 for earlier, later in itertools.pairwise(starts))


def test_no_pacing_without_min_interval(server, make, clock):
    server.route("/p", ok())
    http = make()
    for _ in range(3):
        http.get("/p")
    assert clock.sleeps == []
    assert len(server.requests_to("/p")) == 3


# -- retries -----------------------------------------------------------------------------


def test_retry_after_seconds_is_honoured(server, make, clock):
    server.route("/r", Answer(b"busy", 503, {"Retry-After": "7"}), ok(b'{"answer": 42}'))
    assert make().get_json("/r") == {"answer": 42}
    assert clock.sleeps == [7.0]
    assert len(server.requests_to("/r")) == 2


def test_retry_after_http_date_is_honoured(server, make, clock):
    when = datetime.now(UTC) + timedelta(seconds=30)
    server.route("/r", Answer(b"", 503, {"Retry-After": email.utils.format_datetime(when, usegmt=True)}), ok())
    assert make().get_json("/r") == {"ok": True}
    assert len(clock.sleeps) == 1
    assert 27.0 < clock.sleeps[0] <= 30.0  # the date has whole seconds; some time passed since


def test_429_without_retry_after_backs_off_exponentially(server, make, clock):
    too_many = Answer(b"slow down", 429)
    server.route("/r", too_many, too_many, too_many, ok())
    assert make(retries=3).get_json("/r") == {"ok": True}
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert len(server.requests_to("/r")) == 4


def test_still_503_after_the_retries(server, make, clock):
    server.route("/r", Answer(b"down", 503))
    text = fails(lambda: make(retries=2).get("/r"))
    assert "HTTP 503" in text and "3 tries" in text
    assert clock.sleeps == [1.0, 2.0]
    assert len(server.requests_to("/r")) == 3


def test_a_wait_longer_than_max_wait_is_not_waited(server, make, clock):
    server.route("/r", Answer(b"", 429, {"Retry-After": str(int(MAX_WAIT) + 1000)}), ok())
    text = fails(lambda: make().get("/r"))
    assert "HTTP 429" in text and "try again later" in text
    assert clock.sleeps == []
    assert len(server.requests_to("/r")) == 1


def test_client_errors_are_not_retried(server, make, clock):
    server.route("/r", Answer(b"no", 403), ok())
    text = fails(lambda: make().get("/r"))
    assert "HTTP 403" in text
    assert clock.sleeps == [] and len(server.requests_to("/r")) == 1


def test_also_ok_statuses_are_returned(server, make):
    server.route("/r", Answer(b"explained", 400))
    response = make().get("/r", also_ok=(400,))
    assert response.status_code == 400 and response.content == b"explained"


# -- failures, each one line --------------------------------------------------------------


def test_404_is_not_found(server, make):
    text = fails(lambda: make().get_json("/nothing/here"))  # no route: the server answers 404
    assert "not found" in text and "/nothing/here" in text


def test_html_where_json_expected(server, make):
    page = b"<!DOCTYPE html>\n<html><head><title>Oops</title></head>\n<body>Gateway</body></html>\n"
    server.route("/j", Answer(page, 200, {"Content-Type": "text/html; charset=utf-8"}))
    text = fails(lambda: make().get_json("/j"))
    assert "HTML" in text and "not JSON" in text


def test_html_without_content_type_is_named_too(server, make):
    server.route("/j", Answer(b"  <html><body>hello</body></html>", 200))
    assert "HTML" in fails(lambda: make().get_json("/j"))


def test_empty_body(server, make):
    server.route("/j", Answer(b"", 200, {"Content-Type": JSON}))
    assert "empty" in fails(lambda: make().get_json("/j"))


def test_truncated_body(server, make):
    server.route("/j", Answer(b'{"papers": [' + b'{"id": "2501.12345"}, ' * 50 + b"]}", 200,
                              {"Content-Type": JSON}, close_early=True))
    text = fails(lambda: make().get_json("/j"))
    assert "broke off" in text


def test_connection_refused(make):
    stopped = RecordedServer().start()
    url = stopped.url
    stopped.stop()
    text = fails(lambda: make(url).get("/x"))
    assert "cannot be reached" in text and "connection refused" in text


def test_timeout(server, make, clock):
    server.route("/slow", Answer(b"{}", 200, {"Content-Type": JSON}, delay=0.6))
    text = fails(lambda: make(timeout=0.2, retries=0).get("/slow"))
    assert "did not answer" in text and "0.2 s" in text
    assert clock.sleeps == []


def test_timeout_is_retried(server, make, clock):
    server.route("/slow", Answer(b"{}", 200, {"Content-Type": JSON}, delay=0.6), ok())
    assert make(timeout=0.2, retries=1).get_json("/slow") == {"ok": True}
    assert clock.sleeps == [1.0]
    assert len(server.requests_to("/slow")) == 2


def test_long_urls_are_shortened_in_messages(server, make):
    text = fails(lambda: make().get("/" + "x" * 500))
    assert "..." in text and len(text) < 250


# -- retry_after ------------------------------------------------------------------------------


NOW = datetime(2015, 10, 21, 7, 27, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "seconds"), [
    (None, None),
    ("", None),
    ("   ", None),
    ("7", 7.0),
    (" 120 ", 120.0),
    ("0", 0.0),
    ("soon", None),
    ("-5", None),
    ("1.5", None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0),
    ("Wed, 21 Oct 2015 07:28:00", 60.0),  # no zone: GMT, as HTTP dates are
    ("Wed, 21 Oct 2015 09:28:00 +0200", 60.0),
    ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),  # in the past: no wait, never negative
    ("Wed, 99 Foo 2015 07:28:00 GMT", None),
])
def test_retry_after(value, seconds):
    assert retry_after(value, now=lambda: NOW) == seconds
