"""``readlist fetch``, ``add`` and ``enrich`` as real processes, against a real local
server serving the recorded answers of tests/data/net (config.toml points at it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import readlist
from tests.recorded_server import RecordedServer, config_toml, serve_recorded


@pytest.fixture
def server(home: Path):
    with serve_recorded(RecordedServer()) as running:
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text(config_toml(running.url))
        yield running


def test_fetch_a_day_of_daily_papers_twice(home: Path, server: RecordedServer) -> None:
    first = readlist(home, "fetch", "hf", "--date", "2026-06-12")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "Hugging Face Daily Papers 2026-06-12: 30 added, 0 updated, 0 skipped\n"
    second = readlist(home, "fetch", "hf", "--date", "2026-06-12")
    assert second.stdout == "Hugging Face Daily Papers 2026-06-12: 0 added, 0 updated, 30 skipped\n"
    listed = readlist(home, "list", "source:huggingface.co").stdout.splitlines()
    assert len(listed) == 30


def test_fetch_arxiv_and_add_by_id_and_doi(home: Path, server: RecordedServer) -> None:
    fetched = readlist(home, "fetch", "arxiv", "cs.CV")
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.startswith("arXiv cs.CV: 5 added")
    [request, *_] = server.requests_to("/api/query")
    assert request.query["search_query"].startswith("(cat:cs.CV) AND submittedDate:[")
    assert request.headers["User-Agent"].startswith("readlist/")
    added = readlist(home, "add", "https://arxiv.org/abs/1605.08386v1")
    assert added.returncode == 0, added.stderr
    assert "added" in added.stdout and "Heat-bath random walks with Markov bases" in added.stdout
    by_doi = readlist(home, "add", "https://doi.org/10.1126/science.169.3946.635")
    assert by_doi.returncode == 0, by_doi.stderr
    assert "The Structure of Ordinary Water" in by_doi.stdout
    rows = [line for line in readlist(home, "list", "--json").stdout.splitlines()]
    assert any('"link":"https://arxiv.org/abs/1605.08386"' in row for row in rows)


def test_bad_identifiers_and_unknown_ids_fail_in_one_line_each(home: Path, server: RecordedServer) -> None:
    result = readlist(home, "add", "0808.05394", "no-such-thing")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "readlist: arXiv: no paper 0808.05394 (not in the answer)",
        "readlist: no-such-thing: not an arXiv id (2501.12345, hep-th/9901001), DOI (10.…) or arXiv, "
        "doi.org or Hugging Face paper URL",
    ]


def test_with_the_server_gone_each_command_says_so_and_the_library_is_unchanged(home: Path, server) -> None:
    before = readlist(home, "list", "--json", "--all").stdout
    server.stop()
    for command in (["fetch", "hf", "--date", "2026-06-12"], ["fetch", "arxiv", "cs.CV"],
                    ["add", "1605.08386"], ["add", "10.1126/science.169.3946.635"], ["enrich", "ReasonGen"]):
        result = readlist(home, *command)
        assert result.returncode == 1, command
        failures = [line for line in result.stderr.splitlines() if "cannot be reached" in line]
        assert len(failures) == 1, (command, result.stderr)
        assert failures[0].startswith("readlist: ")
    assert readlist(home, "list", "--json", "--all").stdout == before


def test_fetch_without_followed_sources_says_how_to_follow(home: Path, server: RecordedServer) -> None:
    result = readlist(home, "fetch")
    assert result.returncode == 2
    assert "[follow]" in result.stderr


def test_enrich_fills_an_unambiguous_match_and_reports_the_rest(home: Path, server: RecordedServer,
                                                                tmp_path: Path) -> None:
    bib = tmp_path / "dreams.bib"
    bib.write_text("@article{a, title={Dreaming of atmospheres}}\n"
                   "@article{b, title={Connecting Dream Networks Across Many Cultures}}\n")
    assert readlist(home, "import", str(bib)).returncode == 0
    result = readlist(home, "enrich", "source:dreams.bib")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("matched") and "Dreaming of atmospheres" in line and "arXiv:1511.08339" in line
               for line in lines), lines
    assert any(line.startswith("doubt") and "Connecting Dream Networks Across Many Cultures" in line
               for line in lines), lines
    assert lines[-1] == "enrich: 1 matched, 1 doubtful, 0 not matched"
    shown = readlist(home, "list", "--json", "source:dreams.bib").stdout
    assert '"link":"https://arxiv.org/abs/1511.08339"' in shown
    assert shown.count('"link":""') == 1  # the doubtful one is unchanged
