"""JSON files as other tools write them: JSON Lines, DBLP-style arXiv volumes, escaped DOIs."""

from __future__ import annotations

import json

from store.importers import csl_json, detect, hf_json


def test_json_lines_are_read_with_the_line_of_each_record() -> None:
    records = [
        {"paper": {"id": f"2501.0000{n}", "title": f"Paper {n}", "summary": "An abstract.", "upvotes": n}}
        for n in range(1, 4)
    ]
    text = "\n".join(json.dumps(r) for r in records[:2]) + "\n\n" + json.dumps(records[2]) + "\n"
    assert detect(text, "feed.jsonl").FORMAT == "hf-json"
    result = hf_json.parse(text, "feed.jsonl")
    assert [p.arxiv_id for p in result.papers] == ["2501.00001", "2501.00002", "2501.00003"]
    broken = text.replace('"upvotes": 2', '"upvotes": [2]')  # a wrong type still names its line
    assert [(e.line, e.reason.split(":")[0]) for e in hf_json.parse(broken, "feed.jsonl").rejected] == [(2, "item 2")]


def test_csl_arxiv_id_from_a_dblp_style_volume_and_an_escaped_doi() -> None:
    items = [
        {"type": "article-journal", "title": "Layer Normalization", "container-title": "ArXiv",
         "volume": "abs/1607.06450"},
        {"type": "chapter", "title": "A Chapter", "DOI": "10.1007/978-3-319-93034-3\\_22", "volume": "12"},
    ]
    papers = csl_json.parse(json.dumps(items), "refs.json").papers
    assert [(p.arxiv_id, p.doi) for p in papers] == [("1607.06450", ""), ("", "10.1007/978-3-319-93034-3_22")]
