"""A real HTTP server on 127.0.0.1 that serves recorded answers of the web services.

Tests point ``[services]`` of config.toml at it, so readlist's own client
(httpx, retries, pacing) talks real HTTP; nothing is mocked. The answers are
the files in ``tests/data/net`` (their sources: ``tests/data/net/SOURCES.md``).

:class:`RecordedServer` answers each request with the first matching
:class:`Route` (path, and a test of the query), in order; a route may give a
sequence of answers (a 503, then the recorded one) and keeps serving the last.
Requests are logged with their time, for pacing and retry tests.

Run it by hand, for trying readlist in a terminal against the recorded answers::

    python -m tests.recorded_server 8765     # then, in config.toml:
    # [services]
    # huggingface = "http://127.0.0.1:8765"
    # arxiv = "http://127.0.0.1:8765"
    # doi = "http://127.0.0.1:8765"
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

NET = Path(__file__).resolve().parent / "data" / "net"
ATOM = "application/atom+xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
CSL = "application/vnd.citationstyles.csl+json"


@dataclass
class Answer:
    """One HTTP answer: status, headers, body (``close_early`` sends a body cut short;
    ``delay`` seconds pass before anything is sent, for timeout tests)."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    close_early: bool = False
    delay: float = 0.0


def recorded(name: str, content_type: str, status: int = 200) -> Answer:
    """The answer of a recorded file of ``tests/data/net``, byte for byte."""
    return Answer((NET / name).read_bytes(), status, {"Content-Type": content_type})


@dataclass
class Request:
    """A request the server got."""

    path: str
    query: dict[str, str]
    headers: Mapping[str, str]
    at: float


@dataclass
class Route:
    """Answers for requests to ``path`` whose query passes ``when``."""

    path: str
    answers: list[Answer]
    when: Callable[[dict[str, str]], bool] = lambda _query: True
    served: int = 0

    def next_answer(self) -> Answer:
        answer = self.answers[min(self.served, len(self.answers) - 1)]
        self.served += 1
        return answer


class RecordedServer:
    """The server; start with :meth:`start` (or as a context manager), then use :attr:`url`."""

    def __init__(self, port: int = 0) -> None:
        self.routes: list[Route] = []
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                path = unquote(parts.path)
                with server._lock:
                    server.requests.append(Request(path, query, dict(self.headers), time.monotonic()))
                    route = next((r for r in server.routes if r.path == path and r.when(query)), None)
                    answer = route.next_answer() if route else Answer(b'{"error":"not found"}', 404,
                                                                      {"Content-Type": JSON})
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    body = answer.body[: len(answer.body) // 2] if answer.close_early else answer.body
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a delay)
                    self.close_connection = True
                    return
                if answer.close_early:
                    self.close_connection = True

            def log_message(self, *_args) -> None:  # quiet
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        # A short poll interval: stop() waits for one, and tests start and stop many servers.
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._http.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, *answers: Answer, when: Callable[[dict[str, str]], bool] = lambda _q: True) -> Route:
        """Answer requests to ``path`` (whose query passes ``when``) with ``answers`` in turn."""
        route = Route(path, list(answers), when)
        with self._lock:
            self.routes.append(route)
        return route

    def requests_to(self, path: str) -> list[Request]:
        """The requests made to ``path``, in order."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> RecordedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def __enter__(self) -> RecordedServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


# -- the recorded answers, routed as the real services route them ------------------

HF_DAY = "2026-06-12"  # every paper of the recorded answer was put on Daily Papers that day
HF_DAILY = "hf_daily_papers_limit30_2026-06-12.json"
ARXIV_NEW_SUBMISSIONS = "arxiv_query_all_transformer_cat_cs_LG_2026.atom.xml"
ARXIV_CLASSIC = "arxiv_query_search_deep_dream_classic_2017.atom.xml"
ARXIV_ONE = "arxiv2026_id_list_1605.08386.atom.xml"
ARXIV_TWO = "arxiv2026_id_list_0808.05394_1707.08567.atom.xml"
ARXIV_EMPTY = "arxiv2026_id_list_0000.0000_empty.atom.xml"
ARXIV_ERROR = "arxiv2026_id_list_abc_error_400.atom.xml"
CSL_DOI = "10.1126/science.169.3946.635"
CSL_FILE = "csl_10.1126_science.169.3946.635.json"


def serve_recorded(server: RecordedServer) -> RecordedServer:
    """Route every recorded answer the way the real services would serve it:

    - Hugging Face ``/api/daily_papers?date=2026-06-12``: the recorded 30 papers
      (one page); any other day, and later pages: ``[]``;
    - arXiv ``/api/query``: ``id_list=1605.08386``, ``id_list=0808.05394,1707.08567``,
      an unknown id (the recorded empty feed), a malformed one (the recorded 400
      error feed); a ``cat:`` search: the recorded new submissions (5 entries);
      any other search (``ti:``, ``abs:`` ...): the recorded classic-shape answer to a search;
    - doi.org ``/10.1126/science.169.3946.635``: Crossref's recorded CSL-JSON.
    """
    first_page = lambda q: q.get("date") == HF_DAY and q.get("p", "0") == "0"  # noqa: E731
    server.route("/api/daily_papers", recorded(HF_DAILY, JSON), when=first_page)
    server.route("/api/daily_papers", Answer(b"[]", 200, {"Content-Type": JSON}))
    ids = lambda *wanted: lambda q: q.get("id_list", "").split(",") == list(wanted)  # noqa: E731
    server.route("/api/query", recorded(ARXIV_ONE, ATOM), when=ids("1605.08386"))
    server.route("/api/query", recorded(ARXIV_TWO, ATOM), when=ids("0808.05394", "1707.08567"))
    server.route("/api/query", recorded(ARXIV_ERROR, ATOM, 400),
                 when=lambda q: bool(q.get("id_list")) and not all(_looks_like_arxiv_id(i)
                                                                   for i in q["id_list"].split(",")))
    server.route("/api/query", recorded(ARXIV_EMPTY, ATOM), when=lambda q: bool(q.get("id_list")))
    server.route("/api/query", recorded(ARXIV_NEW_SUBMISSIONS, ATOM),
                 when=lambda q: "cat:" in q.get("search_query", "") and q.get("start", "0") == "0")
    server.route("/api/query", recorded(ARXIV_EMPTY, ATOM), when=lambda q: "cat:" in q.get("search_query", ""))
    server.route("/api/query", recorded(ARXIV_CLASSIC, ATOM), when=lambda q: bool(q.get("search_query")))
    server.route("/" + CSL_DOI, recorded(CSL_FILE, CSL))
    return server


def _looks_like_arxiv_id(text: str) -> bool:
    from readlist.store.identity import normalise_arxiv_id

    return bool(normalise_arxiv_id(text))


def config_toml(url: str) -> str:
    """A config.toml whose ``[services]`` all point at ``url``."""
    return "[services]\n" + "".join(f'{name} = "{url}"\n' for name in ("huggingface", "arxiv", "doi"))


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    with serve_recorded(RecordedServer(port)) as running:
        print(f"serving recorded answers at {running.url} (ctrl+c stops)", flush=True)
        print(config_toml(running.url), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
