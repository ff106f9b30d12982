"""``readlist similar``, ``readlist stats`` and ``list --sort for-you``, run as real processes
on a library of known topics (tests/topics.py; the command adds the 97 bundled papers to it)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from readlist.store.models import Status
from tests.cli.test_cli import readlist
from tests.topics import topic_library


def test_similar_lists_the_nearest_papers_with_scores_and_terms(home: Path) -> None:
    _library, video, rl = topic_library(home)
    result = readlist(home, "similar", video[0][:8], "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    ids = [line.split()[0] for line in lines]
    assert set(ids) <= set(video) and video[0] not in ids
    scores = [float(line.split()[1]) for line in lines]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] < 1
    assert lines[0].endswith(")") and " • Video" in lines[0]
    objects = [json.loads(line) for line in readlist(home, "similar", rl[0], "--json").stdout.splitlines()]
    assert len(objects) == 20 and objects[0]["id"] in rl
    assert set(objects[0]) == {"id", "score", "terms", "title", "status", "tags", "link"}
    assert objects[0]["terms"] and objects[0]["status"] == "new"
    unknown = readlist(home, "similar", "zzzz")
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1 and "zzzz" in unknown.stderr


def test_list_sort_for_you_says_what_it_learnt_from(home: Path) -> None:
    library, video, rl = topic_library(home)
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:10], Status.SKIPPED)
    result = readlist(home, "list", "--sort", "for-you", "--json", "--limit", "30")
    assert result.returncode == 0, result.stderr
    assert "readlist: for-you: trained on 10 for, 10 against" in result.stderr
    assert {json.loads(line)["id"] for line in result.stdout.splitlines()} == set(video[10:])
    few = readlist(home, "list", "--sort", "for-you:nothing", "--limit", "1")
    assert "too few decisions to learn from (0 tagged nothing, 20 not; 5 of each needed)" in few.stderr
    bad = readlist(home, "list", "--sort", "for-you:")
    assert bad.returncode == 2 and "for-you:TAG" in bad.stderr


def test_stats_prints_the_weeks_statuses_tags_sources_and_pace(home: Path) -> None:
    library, video, rl = topic_library(home)
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:10], Status.SKIPPED)
    library.set_status(video[:2], Status.READ)
    library.edit_tags(video[:4], "+vid")
    text = readlist(home, "stats")
    assert text.returncode == 0, text.stderr
    assert "Papers: 157 new · 8 to-read · 0 reading · 2 read · 10 skipped" in text.stdout
    assert "decided: 20 (this week 20)" in text.stdout and "Busiest tags: #vid 4" in text.stdout
    stats = json.loads(readlist(home, "stats", "--json").stdout)
    assert len(stats["weeks"]) == 52
    this_week = stats["weeks"][-1]
    monday = date.fromisoformat(this_week["start"])
    assert monday.weekday() == 0 and monday <= date.today() < monday + timedelta(days=7)
    assert (this_week["read"], this_week["decided"]) == (2, 20)
    assert stats["statuses"]["skipped"] == 10 and stats["decided"] == 20
    assert stats["sources"] == [{"source": "the bundled catalogue", "papers": 97, "decided": 0},
                                {"source": "topics.bib", "papers": 80, "decided": 20}]
    assert stats["pace"]["last_7_days"] == round(20 / 7, 2)
