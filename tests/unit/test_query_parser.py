"""The query language's parser (store.query): every construct, and malformed queries."""

from __future__ import annotations

import pytest

from readlist.store.models import Status
from readlist.store.query import (
    And,
    Changed,
    Compare,
    DateRange,
    Not,
    Or,
    QueryError,
    Source,
    StatusIs,
    Word,
    parse,
    words_of_query,
)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("", None),
        ("   ", None),
        ("diffusion", Word("diffusion")),
        ("Diffusion Model", And((Word("diffusion"), Word("model")))),
        ('"flow matching"', Word("flow matching", exact=True)),
        ("title:flow", Word("flow", field="title")),
        ('abstract:"reward model"', Word("reward model", exact=True, field="abstract")),
        ("tag:RL", Word("rl", exact=True, field="tag")),
        ("tag:#video", Word("video", exact=True, field="tag")),
        ('tag:"Video Gen"', Word("video-gen", exact=True, field="tag")),  # spelt as tags are stored
        ("tag:video—gen", Word("video-gen", exact=True, field="tag")),
        ("note:idea org:ByteDance", And((Word("idea", field="note"), Word("bytedance", field="org")))),
        ("keyword:Robotics", Word("robotics", field="keyword")),
        ('keyword:"machine learning"', Word("machine learning", exact=True, field="keyword")),
        ("status:to-read", StatusIs(frozenset({Status.TO_READ}))),
        ("status:read,skipped", StatusIs(frozenset({Status.READ, Status.SKIPPED}))),
        ("is:unread", Not(StatusIs(frozenset({Status.READ})))),
        ("is:read", StatusIs(frozenset({Status.READ}))),
        ("is:noted", StatusIs(noted=True)),
        ("is:tagged", StatusIs(tagged=True)),
        ("priority:1", Compare("priority", 1, 1)),
        ("priority:<=2", Compare("priority", None, 2)),
        ("priority:none", Compare("priority", None, None, missing=True)),
        ("votes:>=3", Compare("votes", 3, None)),
        ("votes:2..10", Compare("votes", 2, 10)),
        ("authors:<5", Compare("authors", None, 5 - 1e-9)),
        ("date:2024", DateRange((2024, None, None), (2024, None, None))),
        ("date:2025-03..2025-06", DateRange((2025, 3, None), (2025, 6, None))),
        ("date:>=2024-06", DateRange((2024, 6, None), None)),
        ("date:oct", DateRange((None, 10, None), (None, 10, None))),
        ("date:oct-13", DateRange((None, 10, 13), (None, 10, 13))),
        ("date:10-13", DateRange((None, 10, 13), (None, 10, 13))),
        ("changed:<7d", Changed(7 * 86400, within=True)),
        ("changed:>2w", Changed(14 * 86400, within=False)),
        ("added:<7d", Changed(7 * 86400, within=True, field="added")),
        ("added:>1m", Changed(30 * 86400, within=False, field="added")),
        ("Added:<=12h", Changed(12 * 3600, within=True, field="added")),
        ("source:Zotero", Source("zotero")),
        ("source:bibtex tag:rl", And((Source("bibtex"), Word("rl", exact=True, field="tag")))),
        ('source:"My Refs.bib"', Source("my refs.bib")),
        ("-source:zotero", Not(Source("zotero"))),
        ('-source:"my refs.bib"', Not(Source("my refs.bib"))),
        ("NOT source:markdown-list", Not(Source("markdown-list"))),
        ("a OR b", Or((Word("a"), Word("b")))),
        ("a b OR c", Or((And((Word("a"), Word("b"))), Word("c")))),
        ("-video", Not(Word("video"))),
        ("NOT video", Not(Word("video"))),
        ('-"exact words"', Not(Word("exact words", exact=True))),
        ("-tag:rl", Not(Word("rl", exact=True, field="tag"))),
        ("(a OR b) c", And((Or((Word("a"), Word("b"))), Word("c")))),
        ("NOT (a OR b)", Not(Or((Word("a"), Word("b"))))),
        ("or and not", And((Word("or"), Word("and"), Word("not")))),  # lower case: plain words
        ("http://x.org GPT-4o:", And((Word("http://x.org"), Word("gpt-4o:")))),  # not fields
    ],
)
def test_parse(text: str, tree) -> None:
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "token", "reason"),
    [
        ('"unclosed phrase', '"unclosed phrase', "the quote is never closed"),
        ("(a OR b", "(", "'(' is never closed"),
        ("a)", ")", "unexpected here"),
        ("()", ")", "empty parentheses"),
        ("OR a", "OR", "nothing before OR"),
        ("a OR", "OR", "nothing after OR"),
        ("a NOT", "NOT", "nothing after NOT"),
        ("votes:>=x", "votes:>=x", "expected a number after >="),
        ("votes:1..x", "votes:1..x", "a range is two numbers"),
        ("status:done", "status:done", "no status 'done'"),
        ("is:fun", "is:fun", "is: takes unread, read, noted, tagged"),
        ("date:yesterday", "date:yesterday", "is not a date"),
        ("date:2024-13", "date:2024-13", "is not a date"),
        ("date:2024..oct", "date:2024..oct", "both ends of a range need a year"),
        ("changed:7", "changed:7", "expected an age"),
        ("added:7", "added:7", "expected an age"),
        ("added:=2d", "added:=2d", "expected an age"),
        ("added:<2x", "added:<2x", "expected an age"),
        ("source:", "source:", "nothing after 'source:'"),
        ('source:""', 'source:""', "empty value"),
        ('source:"my refs', 'source:"my refs', "the quote is never closed"),
        ("title:", "title:", "nothing after 'title:'"),
        ('title:""', 'title:""', "empty value"),
    ],
)
def test_malformed_queries_name_the_token_and_why(text: str, token: str, reason: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert caught.value.token == token
    assert reason in caught.value.reason
    assert str(caught.value).startswith(repr(token))


def test_words_of_query_skip_negated_terms() -> None:
    assert [w.text for w in words_of_query(parse('a -b "c d" (e OR NOT f)'))] == ["a", "c d", "e"]


@pytest.mark.parametrize("text", ["foo:bar", "tite:flow", "diffusion Venue:neurips"])
def test_a_field_that_does_not_exist_is_an_error_naming_the_fields(text: str) -> None:
    with pytest.raises(QueryError, match=r"no field '\w+:' \(fields: title, abstract, .*quote it"):
        parse(text)


def test_words_with_colons_that_are_no_field_stay_words() -> None:
    assert parse('"foo:bar"') == Word("foo:bar", exact=True)
    assert parse("https://arxiv.org/abs/1 re:") == And((Word("https://arxiv.org/abs/1"), Word("re:")))
