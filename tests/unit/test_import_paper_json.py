"""The catch-all JSON importer on the shapes of Semantic Scholar, OpenAlex, arXiv metadata,
Zotero's web API and hand-made lists (fixtures in ``tests/data/json/``)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from readlist.store.importers import csl_json, detect, hf_json, paper_json, read_file
from readlist.store.text import read_text

DATA = Path(__file__).resolve().parent.parent / "data"
JSON = DATA / "json"


def parse(name: str):
    path = JSON / name
    return paper_json.IMPORTER.parse(read_text(path), str(path))


def rows(result) -> list[tuple]:
    return [(p.title, p.arxiv_id, p.doi, p.date, p.venue, p.authors) for p in result.papers]


@pytest.mark.parametrize("path", sorted(JSON.iterdir()), ids=lambda p: p.name)
def test_each_fixture_is_read_by_this_importer(path: Path) -> None:
    text = read_text(path)
    assert detect(text, path.name) is paper_json.IMPORTER
    assert hf_json.IMPORTER.sniff(text) == 0 and csl_json.IMPORTER.sniff(text) == 0


@pytest.mark.parametrize("path", [DATA / "hf" / "daily_papers.json", DATA / "csl" / "zotero_export.json"],
                         ids=lambda p: p.name)
def test_files_of_formats_with_a_fixed_shape_stay_theirs(path: Path) -> None:
    text = read_text(path)
    assert 0 < paper_json.IMPORTER.sniff(text) < max(hf_json.IMPORTER.sniff(text), csl_json.IMPORTER.sniff(text))
    assert detect(text, path.name) is not paper_json.IMPORTER


def test_semantic_scholar_search_results() -> None:
    assert rows(parse("semantic_scholar_search.json")) == [
        ("Attention is All you Need", "1706.03762", "", "2017-06-12", "Neural Information Processing Systems",
         ("Ashish Vaswani", "Noam M. Shazeer")),
        # empty venue: the journal's name; no publication date: the year
        ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", "",
         "10.18653/v1/n19-1423", "2019", "North American Chapter of the Association for Computational Linguistics",
         ("Jacob Devlin",)),
    ]


def test_openalex_work_with_an_inverted_abstract() -> None:
    result = parse("openalex_works.json")
    assert rows(result) == [(
        "Deep Residual Learning for Image Recognition", "", "10.1109/cvpr.2016.90", "2016-06-01",
        "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", ("Kaiming He", "Xiangyu Zhang"),
    )]
    assert result.papers[0].abstract == "Deeper neural networks are more difficult to train."


def test_arxiv_metadata_lines_with_latex_and_version_dates() -> None:
    result = parse("arxiv_metadata.jsonl")
    assert rows(result) == [
        ("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies", "0704.0001",
         "10.1103/physrevd.76.013009", "2007-04-02", "Phys.Rev.D76:013009,2007",
         ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan")),
        ("Mixtral of Experts", "2401.04088", "", "2024-01-08", "", ("Albert Q. Jiang", "Alexandre Sablayrolles")),
    ]
    assert result.papers[1].abstract == (
        "We introduce Mixtral 8x7B, a Sparse Mixture of Experts (SMoE) language model with 𝒪(n) routing."
    )


def test_zotero_web_api_items_are_read_from_their_data() -> None:
    result = parse("zotero_web_api.json")
    assert rows(result) == [(
        "Let's Verify Step by Step", "2305.20050", "10.48550/arxiv.2305.20050", "2023-05-31", "arXiv",
        ("Hunter Lightman", "Vineet Kosaraju", "OpenAI"),
    )]
    assert result.papers[0].keywords == ("Computer Science - Machine Learning", "reasoning")


def test_a_hand_made_list_with_keys_links_tags_and_bad_records() -> None:
    result = parse("hand_made_list.json")
    assert [(p.title, p.arxiv_id, p.doi, p.citation_key, p.keywords, p.date) for p in result.papers] == [
        ("Scaling Law with Learning Rate Annealing", "2408.11029", "", "tissue2024", (), ""),
        ("Scaling Laws for Neural Language Models", "2001.08361", "", "kaplan2020", ("scaling", "language models"),
         "2020"),
        ("A Paper With Odd Authors", "", "10.1000/xyz123", "", (), ""),
    ]
    assert [(e.line, e.reason) for e in result.rejected] == [
        (6, "item 3: no title, DOI or arXiv id"),
        (7, "item 4: 'title' is a list, not text"),
    ]
    assert [(w.line, w.reason) for w in result.warnings] == [
        (8, "item 5: 'authors' is a number, not a list of names: left out"),
    ]


def test_read_file_detects_the_format_from_content(tmp_path: Path) -> None:
    path = tmp_path / "my papers.txt"
    path.write_text(json.dumps([{"title": "Mamba", "url": "https://arxiv.org/abs/2312.00752"}]), encoding="utf-8")
    result = read_file(path)
    assert result.format == "json-papers"
    assert [(p.title, p.arxiv_id, p.source, p.source_format) for p in result.papers] == [
        ("Mamba", "2312.00752", "my papers.txt", "json-papers"),
    ]


@pytest.mark.parametrize("document", [
    [{"title": "Only a title"}],  # nothing else says it is a paper
    [{"name": "awesome-repo", "url": "https://github.com/x/y"}],  # no title
    {"settings": {"theme": "dark"}},
    [1, 2, 3],
])
def test_json_that_is_not_a_list_of_papers_scores_zero(document) -> None:
    assert paper_json.IMPORTER.sniff(json.dumps(document)) == 0


SEEDS = DATA.parent.parent / "data" / "seeds"


@pytest.mark.parametrize("path", [*sorted(SEEDS.glob("*.txt")), SEEDS.parent / "catalogue.json",
                                  DATA / "bibtex" / "zotero.bib", DATA / "markdown" / "awesome-reasoning.md"],
                         ids=lambda p: p.name)
def test_seeds_the_bundled_catalogue_and_other_formats_score_zero(path: Path) -> None:
    assert paper_json.IMPORTER.sniff(read_text(path)) == 0


def test_a_readlist_backup_is_not_read_as_a_list_of_papers(tmp_path: Path) -> None:
    from readlist.store.exporters.backup import export_backup
    from readlist.store.library import Library

    library = Library.open(tmp_path / "home")
    library.set_note(library.ids()[0], "a note")
    text = export_backup(library).decode("utf-8")
    assert paper_json.IMPORTER.sniff(text) == 0
    assert detect(text, "backup.json").format == "readlist-backup"


def test_values_nested_1000_deep_and_dates_too_big_are_left_out() -> None:
    # externalIds.ArXiv, versions[0].created and a "format" field were written out with str():
    # RecursionError; a 22-digit hour made parsedate_to_datetime raise OverflowError
    deep = "[" * 1_000 + "]" * 1_000
    records = ('[{"title": "A", "externalIds": {"ArXiv": ' + deep + '}, "doi": "10.1/a"},\n'
               ' {"title": "B", "authors": "X", "versions": [{"created": ' + deep + "}]},\n"
               ' {"title": "C", "authors": "X",'
               ' "versions": [{"created": "Mon, 2 Apr 2007 1799999999999999999999:15:35 GMT"}]}]')
    result = paper_json.IMPORTER.parse(records, "papers.json")
    assert [(p.title, p.arxiv_id, p.date) for p in result.papers] == [("A", "", ""), ("B", "", ""), ("C", "", "")]
    assert [e.reason for e in result.warnings] == ["item 1: 'externalIds.ArXiv' is a list, not text: left out"]
    assert detect('{"format": ' + deep + ', "title": "A title", "doi": "10.1/a"}', "paper.json") is paper_json.IMPORTER


def test_authors_with_a_long_run_of_spaces_take_linear_time() -> None:
    # the separator pattern tried every place of the run: 60,000 spaces took some 16 s
    started = time.perf_counter()
    text = '[{"title": "A", "doi": "10.1/a", "authors": "Aho' + " " * 60_000 + 'x, Ullman"}]'
    result = paper_json.IMPORTER.parse(text, "a.json")
    assert result.papers[0].authors == ("Aho x", "Ullman")
    assert time.perf_counter() - started < 2



def test_a_crawler_dump_with_a_published_date() -> None:
    # the first record of longxiang-ai/awesome-video-diffusions' data/papers_2026-05-16.json
    # (abstract shortened): its date is in published_date
    record = {'title': 'EntityBench: Towards Entity-Consistent Long-Range Multi-Shot Video Generation',
              'authors': ['Ruozhen He', 'Meng Wei', 'Ziyan Yang', 'Vicente Ordonez'],
              'abstract': 'Multi-shot video generation extends single-shot generation to coherent visual na',
              'arxiv_url': 'https://arxiv.org/abs/2605.15199v1',
              'pdf_url': 'https://arxiv.org/pdf/2605.15199v1',
              'published_date': '2026-05-14',
              'categories': ['cs.CV', 'cs.AI'],
              'github_url': 'https://github.com/Catherine-R-He/EntityBench/',
              'keywords': ['video generation', 'evaluation', 'benchmark'],
              'citations': 0,
              'semantic_url': '',
              'links': {'arxiv': 'https://arxiv.org/abs/2605.15199v1',
                        'pdf': 'https://arxiv.org/pdf/2605.15199v1',
                        'github': 'https://github.com/Catherine-R-He/EntityBench'},
              'bibtex': ''}
    [paper] = paper_json.IMPORTER.parse(json.dumps([record]), "papers.json").papers
    assert (paper.date, paper.arxiv_id, paper.authors[:2], paper.keywords) == (
        "2026-05-14", "2605.15199", ("Ruozhen He", "Meng Wei"), ("video generation", "evaluation", "benchmark"))
