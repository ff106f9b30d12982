"""More like this and for you, on a library whose topics are known (tests/topics.py):
video papers and reinforcement learning papers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.recommend.foryou import MIN_EACH, split, train
from readlist.store.recommend.similar import similar
from readlist.store.recommend.vectors import cached_vectors, vectors_for
from readlist.store.sorting import sort_ids
from readlist.store.view import LibraryView
from tests.topics import RL, SHARED, VIDEO, topic_library


@pytest.fixture
def topics(home: Path) -> tuple[Library, list[str], list[str]]:
    return topic_library(home)


def new_ids(library: Library, ids: list[str]) -> list[str]:
    return [pid for pid in ids if library.state(pid).status == Status.NEW]


def test_for_you_ranks_unseen_video_papers_first_after_queueing_video_and_skipping_rl(topics) -> None:
    library, video, rl = topics
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:10], Status.SKIPPED)
    view = LibraryView(library, sort="for-you")
    unseen_video, unseen_rl = set(video[10:]), set(rl[10:])
    shown = view.shown
    assert set(shown[:len(unseen_video)]) == unseen_video  # every unseen video paper before any rl one
    assert set(shown[len(unseen_video):len(unseen_video) + len(unseen_rl)]) == unseen_rl
    assert set(shown[-10:]) == set(video[:10])  # decided papers after the new ones (skipped ones hidden)
    model = view.for_you()
    assert model is not None and model.trained and model.describe() == "trained on 10 for, 10 against"
    reasons = model.reasons(shown[0])
    assert reasons and set(reasons) <= set(VIDEO)  # why: the video words
    assert model.score(shown[0]) > 0 > model.score(shown[len(unseen_video)])


def test_reads_and_priorities_count_for_and_the_order_agrees_with_sort_ids(topics) -> None:
    library, video, rl = topics
    library.set_status(rl[:3], Status.READ)
    library.set_status(rl[3:4], Status.READING)
    library.set_priority(rl[4:6], 2)  # still new, but given a priority: for
    library.set_status(video[:6], Status.SKIPPED)
    for_, against = split(library.touched())
    assert set(for_) == set(rl[:6]) and set(against) == set(video[:6])
    view = LibraryView(library, sort="for-you", show_skipped=True)
    expected = sort_ids(library, library.ids(), "for-you")
    assert view.shown == expected
    first_new = [pid for pid in expected if library.state(pid).status == Status.NEW][:10]
    assert set(first_new) <= set(rl)


def test_too_few_decisions_falls_back_to_newest_first_and_says_so(topics) -> None:
    library, video, rl = topics
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:MIN_EACH - 1], Status.SKIPPED)
    view = LibraryView(library, sort="for-you")
    assert view.for_you() is None  # not ranked yet
    new = [pid for pid in view.shown if library.state(pid).status == Status.NEW]
    model = view.for_you()
    assert model is not None and not model.trained
    assert model.describe() == ("too few decisions to learn from (10 for, 4 against; 5 of each needed): "
                                "newest first")
    dates = [library.paper(pid, with_abstract=False).date for pid in new]
    assert dates == sorted(dates, reverse=True) and view.shown[:len(new)] == new


def test_for_you_by_tag_ranks_by_what_the_reader_tagged(topics) -> None:
    library, video, rl = topics
    library.edit_tags(rl[:6], "+later")  # tagged: for
    library.set_status(video[:6], Status.TO_READ)  # decided, not tagged: against
    model = train(library, tag="later")
    assert model is not None and model.trained and (model.positives, model.negatives) == (6, 6)
    view = LibraryView(library, sort="for-you:later")
    new = [pid for pid in view.shown if library.state(pid).status == Status.NEW]
    assert set(new[:len(rl) - 6]) == set(rl) - set(rl[:6])  # the papers tagged already come after
    assert set(new[-6:]) == set(rl[:6])
    plain = LibraryView(library, sort="for-you")
    assert plain.shown and plain.for_you() is not None and not plain.for_you().trained  # 6 for, none against


def test_m_on_a_video_paper_lists_video_papers_first_with_the_words_they_share(topics) -> None:
    library, video, rl = topics
    vectors = vectors_for(library)
    neighbours = similar(vectors, video[0])
    assert len(neighbours) == 20
    assert video[0] not in [n.id for n in neighbours]
    assert all(n.id in video for n in neighbours[:15])
    assert [n.score for n in neighbours] == sorted((n.score for n in neighbours), reverse=True)
    assert 0 < neighbours[-1].score <= neighbours[0].score < 1
    assert set(neighbours[0].terms) & set(VIDEO)
    assert all(set(n.terms) <= set(VIDEO) | set(SHARED) for n in neighbours)
    assert similar(vectors, rl[0], limit=5)[0].id in rl


def test_retitling_and_retagging_change_the_neighbours(topics) -> None:
    library, video, rl = topics
    paper = video[0]
    before = vectors_for(library)
    near = [n.id for n in similar(before, paper)]
    library.set_title(paper, " ".join(RL * 3))
    assert cached_vectors(library) is None  # the reader's words changed: built again when asked
    retitled = [n.id for n in similar(vectors_for(library), paper)]
    assert retitled != near
    assert sum(pid in rl for pid in retitled) > sum(pid in rl for pid in near)
    library.set_title(paper, None)
    assert [n.id for n in similar(vectors_for(library), paper)] == near
    everyone = len(video) + len(rl)
    untagged = [n.id for n in similar(before, paper, limit=everyone)]
    library.edit_tags([paper, rl[0]], "+crossover")  # the same tag on a video and an rl paper
    retagged = similar(vectors_for(library), paper, limit=everyone)
    assert untagged.index(rl[0]) >= len(video) - 1  # after every other video paper
    now = [n.id for n in retagged].index(rl[0])
    assert now < untagged.index(rl[0]) - 5  # much nearer: ahead of video papers now
    assert retagged[now].terms[0] == "crossover"  # the word they share that counts most


def test_a_decision_keeps_the_vectors_and_an_import_drops_them(topics, tmp_path: Path) -> None:
    library, video, _ = topics
    vectors = vectors_for(library)
    library.set_status(video[:3], Status.READ)
    library.set_note(video[3], "a note changes no vector")
    assert vectors_for(library) is vectors
    bib = tmp_path / "more.bib"
    bib.write_text("@article{x, title={Motion and camera control for video clips}, year={2025}}\n",
                   encoding="utf-8")
    library.import_files([bib])
    assert cached_vectors(library) is None
    again = vectors_for(library)
    assert len(again.ids) == len(vectors.ids) + 1


def test_an_empty_library_and_a_paper_without_words(empty_library: Library) -> None:
    assert vectors_for(empty_library).matrix.shape[0] == 0
    view = LibraryView(empty_library, sort="for-you")
    assert view.shown == [] and not view.for_you().trained  # no decision at all
    from readlist.store.importers.base import build_paper

    empty_library.add_papers([build_paper(source="t", source_format="test", title="Of the and", url="https://x.org/1"),
                              build_paper(source="t", source_format="test", title="Video frames", url="https://x.org/2")])
    lone = empty_library.ids()[0]
    assert similar(vectors_for(empty_library), lone) == []  # stop words only: nothing shared


def test_the_vectors_stay_small(topics) -> None:
    library, _, _ = topics
    matrix = vectors_for(library).matrix
    assert matrix.dtype.name == "float32" and matrix.format == "csr"
    assert matrix.nnz < 80 * 60  # at most one entry per word of each paper


def test_the_week_this_is(topics) -> None:
    """Not about vectors: the statistics read the same decisions (store/stats.py)."""
    from readlist.store.stats import statistics

    library, video, rl = topics
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:10], Status.SKIPPED)
    library.set_status(video[:2], Status.READ)
    stats = statistics(library)
    assert stats.weeks[-1].decided == 20 and stats.weeks[-1].read == 2
    assert stats.weeks[-1].start.weekday() == 0 and stats.weeks[-1].start <= date.today()
    assert stats.statuses == {"new": 60, "to-read": 8, "reading": 0, "read": 2, "skipped": 10}
    assert stats.days[-1][1] == 20 and stats.decided == 20
    assert stats.pace_week == pytest.approx(20 / 7) and stats.pace_month == pytest.approx(20 / 30)
    assert stats.sources == [("topics.bib", 80, 20)]


def test_the_catalogue_counts_are_cached_and_the_cache_gives_the_same_vectors(topics) -> None:
    from readlist.store.recommend.vectors import CACHE_FILE, CACHE_FOLDER, Vectors

    library, video, rl = topics
    library.edit_tags(video[:3], "+crossover")
    library.set_title(rl[0], "Video frames of agents")
    cache = library.home / CACHE_FOLDER / CACHE_FILE
    assert not cache.exists()
    counted = Vectors.build(library)
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns
    cached = Vectors.build(library)
    assert cache.stat().st_mtime_ns == stamp  # read, not written again
    assert (counted.matrix != cached.matrix).nnz == 0 and counted.ids == cached.ids
    library.edit_tags(video[:3], "-crossover")  # the reader's words are never cached
    untagged = Vectors.build(library)
    assert (untagged.matrix != cached.matrix).nnz > 0 and cache.stat().st_mtime_ns == stamp
    cache.write_bytes(cache.read_bytes()[:-100])  # cut short: counted again
    assert (Vectors.build(library).matrix != untagged.matrix).nnz == 0
    cache.write_bytes(b"not a cache")  # damaged: counted again and rewritten
    assert (Vectors.build(library).matrix != untagged.matrix).nnz == 0
    assert cache.stat().st_mtime_ns != stamp


def test_the_cache_follows_an_import(topics, tmp_path: Path) -> None:
    from readlist.store.recommend.vectors import Vectors

    library, _, _ = topics
    before = Vectors.build(library)
    bib = tmp_path / "more.bib"
    bib.write_text("@article{x, title={Motion and camera control for video clips}, year={2025}}\n",
                   encoding="utf-8")
    library.import_files([bib])
    after = Vectors.build(library)
    assert after.matrix.shape[0] == before.matrix.shape[0] + 1
    assert Library.open(library.home, bundled=False).ids() == after.ids


def counting(monkeypatch) -> list[int]:
    """Record how many papers each word count is asked for (the real counting still runs)."""
    from readlist.store.recommend import vectors

    sizes: list[int] = []
    real = vectors.count_matrix

    def count_matrix(documents):
        documents = list(documents)
        sizes.append(len(documents))
        return real(documents)

    monkeypatch.setattr(vectors, "count_matrix", count_matrix)
    return sizes


def test_after_an_import_only_the_new_and_changed_papers_are_counted(topics, tmp_path: Path, monkeypatch) -> None:
    from readlist.store.recommend.vectors import CACHE_FILE, CACHE_FOLDER, catalogue_counts

    library, _, _ = topics
    catalogue_counts(library, library.ids())  # counted and cached
    sizes = counting(monkeypatch)
    bib = tmp_path / "more.bib"
    bib.write_text("@article{x, title={Motion and camera control for video clips}, year={2025}}\n"
                   "@article{y, title={Policy gradients for agents}, year={2025}}\n", encoding="utf-8")
    library.import_files([bib])
    counts = catalogue_counts(library, library.ids())
    assert sizes == [2]  # the two new papers, not the whole library again
    monkeypatch.undo()
    (library.home / CACHE_FOLDER / CACHE_FILE).unlink()
    recounted = catalogue_counts(library, library.ids())  # from scratch: the same rows
    assert counts.shape == recounted.shape and (counts != recounted).nnz == 0
    sizes = counting(monkeypatch)
    assert (catalogue_counts(library, library.ids()) != recounted).nnz == 0 and sizes == []  # files as they were


def test_a_paper_whose_words_changed_is_counted_again_and_order_is_kept(topics, monkeypatch) -> None:
    from readlist.store.importers.base import build_paper
    from readlist.store.recommend.vectors import CACHE_FILE, CACHE_FOLDER, catalogue_counts

    library, video, _ = topics
    ids = library.ids()
    first = catalogue_counts(library, ids).copy()
    sizes = counting(monkeypatch)
    swapped = [ids[1], ids[0], *ids[2:]]  # the same papers in another order: nothing counted, rows follow
    counts = catalogue_counts(library, swapped)
    assert (counts[0] != first[1]).nnz == 0 and (counts[1] != first[0]).nnz == 0 and (counts[2:] != first[2:]).nnz == 0
    assert sizes == []
    # the same paper again, with keywords: the merge fills them in, so its words changed
    again = build_paper(source="more.bib", source_format="bibtex", title=library.title_of(video[0]),
                        keywords=("agents", "policies"))
    assert library.add_papers([again]).merged == [video[0]]
    counts = catalogue_counts(library, library.ids())
    assert sizes == [1]
    monkeypatch.undo()
    (library.home / CACHE_FOLDER / CACHE_FILE).unlink()
    recounted = catalogue_counts(library, library.ids())  # from scratch: the same rows, in the same places
    assert (counts != recounted).nnz == 0


def test_a_cache_of_the_first_format_is_counted_again(topics, monkeypatch) -> None:
    from readlist.store.recommend.vectors import CACHE_FILE, CACHE_FOLDER, catalogue_counts

    library, _, _ = topics
    cache = library.home / CACHE_FOLDER / CACHE_FILE
    cache.parent.mkdir()
    cache.write_bytes(b'{"fingerprint": "x", "shape": [80, 262144], "nnz": 0}\n' + bytes(8 * 81))
    sizes = counting(monkeypatch)
    counts = catalogue_counts(library, library.ids())
    assert sum(sizes) == len(library.ids()) and counts.shape[0] == len(library.ids())


def test_a_cache_counted_with_other_settings_is_counted_again(topics, monkeypatch) -> None:
    from readlist.store.recommend import vectors

    library, _, _ = topics
    vectors.catalogue_counts(library, library.ids())  # cached
    monkeypatch.setattr(vectors, "TITLE_WEIGHT", vectors.TITLE_WEIGHT + 1)  # as a later version would count
    sizes = counting(monkeypatch)
    vectors.catalogue_counts(library, library.ids())
    assert sum(sizes) == len(library.ids())


def test_tf_idf_in_place_is_scikit_learns(topics) -> None:
    """The in-place weighting gives what TfidfTransformer(sublinear_tf=True) does."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfTransformer

    from readlist.store.recommend.vectors import catalogue_counts, tf_idf

    library, _, _ = topics
    counts = catalogue_counts(library, library.ids())
    expected = TfidfTransformer(sublinear_tf=True).fit_transform(counts.copy())
    tf_idf(counts)
    assert np.abs((counts - expected).toarray()).max() < 1e-5


def test_the_whole_library_keys_are_the_one_by_one_keys(topics) -> None:
    from readlist.store.sorting import Ranking

    library, video, rl = topics
    library.set_status(video[:6], Status.READ)
    library.set_status(rl[:6], Status.SKIPPED)
    library.set_priority(rl[7], 1)
    key = Ranking(library, "for-you").key
    assert key.model.trained
    ids = library.ids()
    assert key.many(ids) == [key(pid) for pid in ids]
