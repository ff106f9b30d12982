"""JSON files as other tools write them: JSON Lines, DBLP-style arXiv volumes, escaped DOIs."""

from __future__ import annotations

import json

import pytest

from readlist.store.importers import csl_json, detect, hf_json, paper_json


def test_json_lines_are_read_with_the_line_of_each_record() -> None:
    records = [
        {"paper": {"id": f"2501.0000{n}", "title": f"Paper {n}", "summary": "An abstract.", "upvotes": n}}
        for n in range(1, 4)
    ]
    text = "\n".join(json.dumps(r) for r in records[:2]) + "\n\n" + json.dumps(records[2]) + "\n"
    assert detect(text, "feed.jsonl").format == "hf-json"
    result = hf_json.IMPORTER.parse(text, "feed.jsonl")
    assert [p.arxiv_id for p in result.papers] == ["2501.00001", "2501.00002", "2501.00003"]
    broken = text.replace('"upvotes": 2', '"upvotes": [2]')  # a wrong type still names its line
    rejected = hf_json.IMPORTER.parse(broken, "feed.jsonl").rejected
    assert [(e.line, e.reason.split(":")[0]) for e in rejected] == [(2, "item 2")]


def test_csl_arxiv_id_from_a_dblp_style_volume_and_an_escaped_doi() -> None:
    items = [
        {"type": "article-journal", "title": "Layer Normalization", "container-title": "ArXiv",
         "volume": "abs/1607.06450"},
        {"type": "chapter", "title": "A Chapter", "DOI": "10.1007/978-3-319-93034-3\\_22", "volume": "12"},
    ]
    papers = csl_json.IMPORTER.parse(json.dumps(items), "refs.json").papers
    assert [(p.arxiv_id, p.doi) for p in papers] == [("1607.06450", ""), ("", "10.1007/978-3-319-93034-3_22")]


DEEP = "[" * 1_000 + "]" * 1_000  # orjson reads up to 1,024 levels


def test_a_record_nested_1000_deep_still_has_its_line() -> None:
    # the json module (which found the lines) recursed into the value: RecursionError
    text = ('[{"title": "A", "upvotes": 1, "summary": "x"},\n'
            ' {"title": "B", "upvotes": [2], "summary": "x", "n": ' + DEEP + "}]")
    result = hf_json.IMPORTER.parse(text, "deep.json")
    assert [p.title for p in result.papers] == ["A"]
    assert [(e.line, e.reason) for e in result.rejected] == [(2, "item 2: 'upvotes' is a list, not a whole number")]


def test_a_wrapper_key_given_twice_has_the_lines_of_its_last_value() -> None:
    # the lines were looked for in the key's first value (orjson keeps the last): JSONDecodeError on a number
    text = ('{"papers": 5,\n "papers": [{"title": "A", "upvotes": 1, "summary": "x"},\n'
            ' {"title": "B", "upvotes": [2], "summary": "x"}]}')
    result = hf_json.IMPORTER.parse(text, "twice.json")
    assert [p.title for p in result.papers] == ["A"]
    assert [e.line for e in result.rejected] == [3]


def test_csl_type_that_is_a_list_and_date_parts_nested_1000_deep() -> None:
    # a list "type" raised TypeError (unhashable) while sniffing; the date-parts were written
    # out with str() and repr(): RecursionError
    items = ('[{"type": ["article"], "title": "A", "DOI": "10.1/a", "issued": {"date-parts": [[2020]]}},\n'
             ' {"type": "article", "title": "B", "issued": {"date-parts": [' + DEEP + "]}}]")
    assert detect(items, "refs.json") is csl_json.IMPORTER
    result = csl_json.IMPORTER.parse(items, "refs.json")
    assert [(p.title, p.date) for p in result.papers] == [("A", "2020"), ("B", "")]
    assert [e.reason for e in result.warnings] == [
        "item 1: 'type' is a list, not text: left out",
        "item 2: 'issued' date-parts [[[[[[[...]]]]]]] are not numbers: left out",
    ]


def test_hf_upvotes_text_that_is_no_storable_number_is_rejected() -> None:
    # "²" passed isdigit() and int() refused it, as it does 5,000 digits (ValueError, in Python's
    # words); 20 digits made a number the library could not store (StorageError on import)
    values = ["²", "1" * 5_000, "1" * 20, " 12 "]
    text = json.dumps([{"title": f"P{n}", "upvotes": value, "summary": "x"} for n, value in enumerate(values)])
    result = hf_json.IMPORTER.parse(text, "votes.json")
    assert [(p.title, p.votes) for p in result.papers] == [("P3", 12)]
    assert {e.reason.split(": ", 1)[1] for e in result.rejected} == {"'upvotes' is text, not a whole number"}


@pytest.mark.parametrize("text", ["null", "3", '"{\\"title\\": \\"A\\"}"', "true"])
def test_a_json_document_that_is_no_list_or_object_holds_no_records(text: str) -> None:
    # sniffing scores such a text 0, but each importer read directly (the contract test's fuzzing
    # does) looked for the records' lines in it: IndexError, or AttributeError on a string
    for importer in (hf_json.IMPORTER, csl_json.IMPORTER, paper_json.IMPORTER):
        result = importer.parse(text, "odd.json")
        assert (result.papers, result.rejected) == ([], [])
