"""The word index of the abstracts (store.abstract_index): the same answers as a
pass over them, kept current through the library's writes, never trusted stale."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.store import abstract_index
from readlist.store import library as library_module
from readlist.store.abstract_index import INDEX_FILE, TOKEN, AbstractIndex, answerable, indexed_text
from readlist.store.library import ABSTRACTS_FILE, Library
from readlist.store.models import Paper
from readlist.store.storage import signature_of
from readlist.store.view import LibraryView

#: Characters that make case folding and token splitting differ from the plain
#: ASCII case: ligatures and sharp s (folded to several letters), a Kelvin sign
#: and a dotted capital I (folded to ASCII plus a combining mark), NUL, CRLF,
#: a non-breaking space, an emoji, quotes and backslashes (escaped in JSON).
ALPHABET = "abcdeABCDE0123 -_.,;\t\r\n\u00a0\u00df\ufb01\ufb03\u212a\u0130\u00e9\x00\U0001f600\"\\"


def _built(tmp_path: Path, abstracts: dict[str, str]) -> AbstractIndex:
    """An index of ``abstracts`` (id -> text) describing a file in ``tmp_path``."""
    source = tmp_path / ABSTRACTS_FILE
    source.write_text("x", encoding="utf-8")
    index = AbstractIndex(tmp_path, source)
    ids = list(abstracts)

    def each_chunk(put):
        numbers = {}
        for start in range(0, len(ids), 3):  # several chunks
            some = ids[start:start + 3]
            numbers.update(zip(some, put([abstracts[i] for i in some]), strict=True))
        return numbers

    assert index.build(each_chunk, signature_of(source))
    return index


def _pass(abstracts: dict[str, str], word: str) -> set[str]:
    return {paper_id for paper_id, text in abstracts.items() if word in text.casefold()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(ALPHABET, max_size=60), min_size=1, max_size=12),
       words=st.lists(st.text("abcde0123", min_size=1, max_size=5), min_size=1, max_size=6))
def test_the_index_answers_as_a_pass_over_the_abstracts(tmp_path: Path, texts: list[str], words: list[str]) -> None:
    abstracts = {f"p{n}": text for n, text in enumerate(texts)}
    index = _built(tmp_path, abstracts)
    # words found inside the abstracts too, so most have hits
    pieces = [t.casefold()[i:i + 4] for t in texts[:3] for i in range(0, len(t), 7)]
    words += [piece for piece in pieces if answerable(piece)]
    answered = index.papers_with(words)
    assert set(answered) == {w for w in words if answerable(w)}  # the others are left to the pass
    for word, papers in answered.items():
        assert papers == _pass(abstracts, word), word
    index.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(ALPHABET, max_size=60), min_size=1, max_size=8))
def test_the_tokens_found_in_python_are_those_of_sqlite(tmp_path: Path, texts: list[str]) -> None:
    """An update adds the new abstracts' tokens found with TOKEN: they must be the tokenizer's."""
    _built(tmp_path, {f"p{n}": text for n, text in enumerate(texts)}).close()
    with sqlite3.connect(tmp_path / INDEX_FILE) as connection:
        connection.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, words, 'row')")
        held = {term for (term,) in connection.execute("SELECT term FROM v")}
        (tokens,) = connection.execute("SELECT value FROM meta WHERE key = 'tokens'").fetchone()
    found = {token for text in texts for token in TOKEN.findall(indexed_text(text))}
    assert held == found == set(tokens.split("\n")) - {""}


def test_a_word_in_too_many_tokens_is_left_to_the_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(abstract_index, "MAX_QUERIES", 2)
    index = _built(tmp_path, {"a": "xmodel ymodel", "b": "models zmodel", "c": "remodelled"})
    assert index.papers_with(["model", "ymod"]) == {"ymod": {"a"}}


@pytest.fixture
def indexed(library: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    """The bundled library, its abstracts indexed as a big library's are."""
    monkeypatch.setattr(library_module, "INDEX_ABSTRACTS_ABOVE", 0)
    assert library.index_abstracts()
    return library


def _scan(library: Library, word: str) -> set[str]:
    ids = library.ids()
    return {paper_id for paper_id, text in zip(ids, library.abstracts_of(ids), strict=True) if word in text.casefold()}


WOMBAT = Paper(id="wombat01", title="WombatNet: burrowing networks", keys=("title:wombatnet",),
               abstract="We present WombatNet, a marsupial-inspired network for burrowing.")


def test_the_librarys_own_writes_keep_the_index_current(indexed: Library) -> None:
    assert indexed.abstracts_with(["reasoning"]) == {"reasoning": _scan(indexed, "reasoning")}
    indexed.add_papers([WOMBAT])
    assert indexed.abstracts_indexed
    assert indexed.abstracts_with(["marsupial", "reasoning"]) == {
        "marsupial": {"wombat01"}, "reasoning": _scan(indexed, "reasoning")}
    again = Library.open(indexed.home)  # another process, later: the index describes the file it finds
    assert again.abstracts_indexed and again.abstracts_with(["wombatnet"]) == {"wombatnet": {"wombat01"}}


def test_an_abstract_filled_in_replaces_the_old_rows(indexed: Library) -> None:
    bare = Paper(id="bare0001", title="A paper with no abstract yet", keys=("title:bare",))
    indexed.add_papers([bare])
    assert indexed.abstracts_with(["quokka"]) == {"quokka": set()}
    indexed.fill_papers({"bare0001": Paper(id="x", title="A paper with no abstract yet",
                                           abstract="Quokka detection in the wild.")})
    assert indexed.abstracts_indexed
    assert indexed.abstracts_with(["quokka", "detection"]) == {"quokka": {"bare0001"},
                                                               "detection": _scan(indexed, "detection")}


def test_a_change_by_another_hand_makes_the_index_stale(indexed: Library) -> None:
    path = indexed.home / ABSTRACTS_FILE
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data.replace(b"reasoning", b"rea-soning"))  # edited by hand: same shape, new inode
    assert not indexed.abstracts_indexed
    assert indexed.abstracts_with(["reasoning"]) == {}  # the pass answers
    other = Library.open(indexed.home)
    assert other.index_abstracts() and other.abstracts_with(["soning"]) == {"soning": _scan(other, "soning")}


def test_a_failed_update_leaves_no_index_that_would_answer_wrong(indexed: Library,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as patched:
        patched.setattr(abstract_index, "indexed_text", broken)
        indexed.add_papers([WOMBAT])
        assert not indexed.abstracts_indexed  # stale (or gone): the pass answers
    assert indexed.index_abstracts() and indexed.abstracts_with(["marsupial"]) == {"marsupial": {"wombat01"}}


def test_no_index_without_fts5_or_on_a_read_only_library(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "INDEX_ABSTRACTS_ABOVE", 0)
    monkeypatch.setattr(abstract_index, "available", lambda: False)
    assert not library.index_abstracts() and not (library.home / INDEX_FILE).exists()
    monkeypatch.undo()
    monkeypatch.setattr(library_module, "INDEX_ABSTRACTS_ABOVE", 0)
    library.read_only = "opened read-only"
    assert not library.index_abstracts() and not (library.home / INDEX_FILE).exists()


def test_small_libraries_get_no_index(library: Library) -> None:
    assert not library.index_abstracts() and not (library.home / INDEX_FILE).exists()


def _search(library: Library, text: str, *, once: bool = False) -> list[str]:
    view = LibraryView(library, once=once)
    view.ensure_index()
    result = view.search(text, abstracts=True)
    assert result is not None
    return result.ids


@pytest.mark.parametrize("once", [False, True], ids=["app", "readlist list"])
def test_a_search_takes_its_abstract_words_from_the_index(library: Library, monkeypatch: pytest.MonkeyPatch,
                                                          once: bool) -> None:
    expected = {text: _search(library, text, once=once) for text in ("grpo reasonign", "grpo re", "video")}
    monkeypatch.setattr(library_module, "INDEX_ABSTRACTS_ABOVE", 0)
    assert library.index_abstracts()
    passes = []
    for name in ("map_abstracts", "abstracts_of"):  # the two ways a search reads abstracts
        read = getattr(Library, name)
        monkeypatch.setattr(Library, name, lambda self, *a, read=read, **k: passes.append(1) or read(self, *a, **k))
    assert _search(library, "grpo reasonign", once=once) == expected["grpo reasonign"]  # typo variants too
    assert _search(library, "video", once=once) == expected["video"]
    assert passes == []
    assert _search(library, "grpo re", once=once) == expected["grpo re"]  # "re" is left to the pass
    assert passes


# -- killed while writing ------------------------------------------------------------

KILLS = 40
WORDS = ["marsupial", "burrow", "reasoning", "diffusion", "wombat", "video"]


def _writer(home: Path, report_fd: int, start: int) -> None:
    library = Library(home)
    os.write(report_fd, b"open\n")
    step = start
    while True:
        if step % 3 == 0:
            (home / INDEX_FILE).unlink(missing_ok=True)
            library.index_abstracts()  # built anew
        library.add_papers([Paper(id=f"kill{step:06d}", title=f"Wombat burrow survey {step}", keys=(f"title:{step}",),
                                  abstract=f"Marsupial burrow number {step} studied with video.")])  # updated
        os.write(report_fd, f"{step}\n".encode())
        step += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_9_while_indexing_never_leaves_an_index_that_answers_wrong(indexed: Library) -> None:
    home = indexed.home
    rng = random.Random(14)
    step, current = 0, 0
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                _writer(home, write_fd, step)
            finally:
                os._exit(1)
        os.close(write_fd)
        select.select([read_fd], [], [], 30)
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reported = b""
        while select.select([read_fd], [], [], 0)[0] and (chunk := os.read(read_fd, 65536)):
            reported += chunk
        os.close(read_fd)
        done = [int(line) for line in reported.replace(b"open\n", b"").split()]
        step = (done[-1] if done else step) + 2
        library = Library(home)
        assert not list(home.glob(".*.tmp"))  # a killed build's temporary file is cleaned up
        if library.abstracts_indexed:
            current += 1
            assert library.abstracts_with(WORDS) == {word: _scan(library, word) for word in WORDS}
        else:
            assert library.abstracts_with(WORDS) == {}
    assert current > KILLS // 8  # many kills leave an index in place (the others land in a build), and it is right


def test_the_index_file_is_as_readable_as_the_abstracts(indexed: Library) -> None:
    mode = (indexed.home / ABSTRACTS_FILE).stat().st_mode & 0o777
    assert (indexed.home / INDEX_FILE).stat().st_mode & 0o777 == mode
