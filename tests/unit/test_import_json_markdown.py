"""The Hugging Face JSON, CSL-JSON and Markdown-list importers on their fixtures and odd input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from readlist.store.errors import InputError
from readlist.store.importers import base, csl_json, hf_json, json_records, markdown_list, ris
from readlist.store.text import read_text

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = Path(__file__).resolve().parent.parent.parent / "data" / "seeds"
HF = DATA / "hf" / "daily_papers.json"
HF_PRETTY = DATA / "hf" / "daily_papers_pretty.json"
CSL = DATA / "csl" / "zotero_export.json"
MARKDOWN = DATA / "markdown" / "awesome-reasoning.md"
IMPORTERS = (hf_json.IMPORTER, csl_json.IMPORTER, markdown_list.IMPORTER, ris.IMPORTER)
#: Which importer must win each fixture.
FIXTURES = {HF: hf_json.IMPORTER, HF_PRETTY: hf_json.IMPORTER, CSL: csl_json.IMPORTER, MARKDOWN: markdown_list.IMPORTER}


def parse(path: Path, importer=None):
    importer = importer or FIXTURES[path]
    return importer.parse(read_text(path), str(path))


def by_title(papers, start: str):
    return next(p for p in papers if p.title.startswith(start))


def reasons(result) -> list[tuple[int | None, str]]:
    return [(error.line, error.reason) for error in result.rejected]


@pytest.fixture
def lines(monkeypatch: pytest.MonkeyPatch) -> dict[str, int | None]:
    """Title -> the ``line`` each importer passed to ``build_paper`` (papers do not store it)."""
    seen: dict[str, int | None] = {}

    def recording(**fields):
        paper = base.build_paper(**fields)
        seen[paper.title] = fields.get("line")
        return paper

    monkeypatch.setattr(json_records, "build_paper", recording)
    monkeypatch.setattr(markdown_list, "build_paper", recording)
    return seen


# --- format detection -------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(FIXTURES), ids=lambda p: p.name)
def test_each_fixture_is_claimed_by_its_own_importer_only(path: Path) -> None:
    text = read_text(path)
    scores = {importer.format: importer.sniff(text) for importer in IMPORTERS}
    winner = FIXTURES[path].format
    assert scores[winner] >= 80
    assert all(score == 0 for name, score in scores.items() if name != winner), scores


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_files_score_zero_for_every_new_importer(path: Path) -> None:
    text = read_text(path)
    assert {importer.format: importer.sniff(text) for importer in IMPORTERS} == {
        "hf-json": 0, "csl-json": 0, "markdown-list": 0, "ris": 0,
    }


@pytest.mark.parametrize(
    "text",
    [
        read_text(SEEDS.parent / "catalogue.json"),
        '{"format": "readlist-backup", "version": 1, "papers": [{"paper": {"id": "2501.01234"}, "upvotes": 1}]}',
        "42", '"a string"', "[1, 2, 3]", "[]", "{}", '[{"a": 1}]', '[{"title": "x", "id": "y"}]',
        "@article{vaswani2017,\n  title = {Attention Is All You Need},\n  url = {https://arxiv.org/abs/1706.03762}\n}\n",
        "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n# A list\n",
    ],
    ids=["catalogue", "backup", "number", "string", "numbers", "empty-list", "empty-object", "unknown-keys",
         "title-and-id-only", "bibtex", "markdown-badge-first"],
)
def test_other_files_score_zero_for_every_new_importer(text: str) -> None:
    assert [importer.sniff(text) for importer in IMPORTERS] == [0, 0, 0, 0]


def test_broken_json_that_names_the_formats_keys_scores_low_so_its_error_is_reported() -> None:
    broken_hf = '[{"paper": {"id": "2501.04519"},\n "upvotes": 3,}]'
    broken_csl = '[{"type": "article-journal",\n "issued": {"date-parts": [[2024]]},]'
    hf, csl, broken = hf_json.IMPORTER, csl_json.IMPORTER, json_records.BROKEN_JSON_SCORE
    assert (hf.sniff(broken_hf), csl.sniff(broken_hf)) == (broken, 0)
    assert (hf.sniff(broken_csl), csl.sniff(broken_csl)) == (0, broken)


@pytest.mark.parametrize(("importer", "text"), [
    (hf_json.IMPORTER, '[{"paper": {"id": "2501.04519"},\n "upvotes": 3,}]'),
    (csl_json.IMPORTER, '[\n  {"type": "book" "title": "X"}\n]'),
])
def test_invalid_json_is_an_error_naming_its_line(importer, text: str) -> None:
    with pytest.raises(InputError) as caught:
        importer.parse(text, "papers.json")
    assert caught.value.line == 2
    assert caught.value.reason.startswith("not valid JSON (")
    assert str(caught.value).startswith("papers.json:2: not valid JSON")


def test_a_markdown_list_quoting_bibtex_in_a_code_block_is_surely_markdown() -> None:
    # The BibTeX importer scores 95 for any "@article{key," line, fenced or not.
    assert markdown_list.sniff(read_text(MARKDOWN)) == 98
    one_link = "# Paper\n\n- [A Title](https://arxiv.org/abs/2501.00001)\n"
    assert markdown_list.sniff(one_link) == 65


def test_mostly_foreign_records_score_low() -> None:
    mixed = '[{"title": "a", "summary": "b", "upvotes": 1}, {"x": 1}, {"y": 2}]'
    assert hf_json.IMPORTER.sniff(mixed) == 40


# --- Hugging Face Daily Papers JSON -------------------------------------------------------------


def test_hf_compact_file_reads_every_paper_with_its_fields() -> None:
    result = parse(HF)
    assert result.format == "hf-json"
    assert result.rejected == []
    assert [p.arxiv_id for p in result.papers] == [
        "2501.04519", "2501.12948", "2501.00663", "2501.17161", "2501.19393",
    ]
    rstar = result.papers[0]
    assert rstar.title == "rStar-Math: Small LLMs Can Master Math Reasoning with Self-Evolved Deep Thinking"
    assert rstar.abstract.startswith("We present rStar-Math to demonstrate that small language models (SLMs) can rival")
    assert "\n" not in rstar.abstract
    assert rstar.authors == (
        "Xinyu Guan", "Li Lyna Zhang", "Yifei Liu", "Ning Shang", "Youran Sun", "Yi Zhu", "Fan Yang", "Mao Yang",
    )
    assert (rstar.authors_count, rstar.votes, rstar.date, rstar.org) == (8, 189, "2025-01-08", "Microsoft")
    assert rstar.url == "https://huggingface.co/papers/2501.04519"
    assert (rstar.source, rstar.source_format, rstar.title_derived) == ("daily_papers.json", "hf-json", False)


def test_hf_organisations_hidden_authors_versions_and_missing_fields() -> None:
    papers = parse(HF).papers
    deepseek = by_title(papers, "DeepSeek-R1")
    assert deepseek.title == "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning"
    assert deepseek.org == "DeepSeek"  # under paper.organization, fullname preferred
    assert deepseek.authors[-1] == "Junxiao Song"  # hidden authors are still authors
    assert by_title(papers, "Titans").org == "google"  # no fullname: the handle
    assert by_title(papers, "Titans").date == "2024-12-31"
    sft = by_title(papers, "SFT Memorizes")
    assert sft.title == "SFT Memorizes, RL Generalizes: A Comparative Study of Foundation Model Post-training"
    assert (sft.arxiv_id, sft.url, sft.org) == ("2501.17161", "https://huggingface.co/papers/2501.17161", "")
    s1 = by_title(papers, "s1:")
    assert (s1.votes, s1.authors[1], s1.authors[8]) == (None, "Zitong Yang", "Emmanuel Candès")


def test_hf_pretty_file_nested_under_a_key_with_flat_objects_and_rejections(lines) -> None:
    result = parse(HF_PRETTY)
    assert [p.title for p in result.papers] == [
        "Janus-Pro: Unified Multimodal Understanding and Generation with Data and Model Scaling",
        "SmolLM2: When Smol Goes Big -- Data-Centric Training of a Small Language Model",
        "Qwen2.5-VL Technical Report",
    ]
    janus, smol, qwen = result.papers
    assert (janus.votes, janus.date, janus.org, len(janus.authors)) == (72, "2025-01-29", "DeepSeek", 8)
    assert smol.arxiv_id == "2502.02737"  # data at top level, no "paper" object
    assert (smol.votes, smol.date, smol.org) == (95, "2025-02-04", "Hugging Face Smol Models Research")
    assert smol.authors[3] == "Gabriel Martín Blázquez"
    assert smol.abstract.startswith("While large language models have facilitated breakthroughs in many applications")
    assert (qwen.abstract, qwen.authors, qwen.authors_count, qwen.votes) == ("", (), None, 150)
    assert reasons(result) == [
        (104, "item 4: no title, summary or arXiv id ('paper.id')"),
        (111, "item 5: 'upvotes' is text, not a whole number"),
    ]
    assert str(result.rejected[0]) == f"{HF_PRETTY}:104: item 4: no title, summary or arXiv id ('paper.id')"
    assert lines == {janus.title: 4, smol.title: 62, qwen.title: 94}


def test_hf_compact_file_is_all_on_line_one(lines) -> None:
    parse(HF)
    assert set(lines.values()) == {1}


def test_hf_single_object_and_wrong_types() -> None:
    one = '{"id": "2502.02737v1", "title": "SmolLM2", "summary": "Small models.", "upvotes": "95"}'
    result = hf_json.IMPORTER.parse(one, "one.json")
    assert [(p.arxiv_id, p.title, p.votes) for p in result.papers] == [("2502.02737", "SmolLM2", 95)]
    bad = (
        '[{"paper": {"id": "2501.00001", "title": ["a list"]}},\n'
        ' {"paper": {"id": "2501.00002", "title": "T", "authors": "Ann Lee"}},\n'
        ' {"paper": {"id": "2501.00003", "title": "T", "authors": [{"hidden": true}]}},\n'
        ' {"paper": "2501.00004"}, 7]'
    )
    assert reasons(hf_json.IMPORTER.parse(bad, "bad.json")) == [
        (1, "item 1: 'paper.title' is a list, not text"),
        (2, "item 2: 'authors' is text, not a list"),
        (3, "item 3: author 1 has no name"),
        (4, "item 4: 'paper' is text, not an object"),
        (4, "item 5: a number, not an object"),
    ]


def test_hf_titles_and_summaries_lose_their_latex_but_keep_literal_dollars_and_tildes() -> None:
    record = {
        "paper": {
            "id": "2503.08120",
            "title": "Uni$\\textbf{F}^2$ace: Fine-grained Face Understanding and $\\pi_0$ Generation",
            "summary": "A novel \\textbf{S}cale-level tokenizer, \\textbf{35}$\\times$ faster, +1.33 Fr\\'echet "
                       "Audio Distance, ~10x cheaper at $5 and $6 each. Code: \\url{https://github.com/qiuk2/AAR}.",
        }
    }
    paper = hf_json.IMPORTER.parse(json.dumps([record]), "latex.json").papers[0]
    assert paper.title == "UniF²ace: Fine-grained Face Understanding and π₀ Generation"
    assert paper.abstract == (
        "A novel Scale-level tokenizer, 35× faster, +1.33 Fréchet Audio Distance, ~10x cheaper at $5 and $6 each. "
        "Code: https://github.com/qiuk2/AAR."
    )


# --- CSL-JSON -----------------------------------------------------------------------------------


def test_csl_zotero_export_journal_article() -> None:
    result = parse(CSL)
    assert result.format == "csl-json"
    alphafold = result.papers[0]
    assert alphafold.title == "Highly accurate protein structure prediction with AlphaFold"  # <i> removed
    assert alphafold.authors == ("John Jumper", "Richard Evans", "Alexander Pritzel")
    assert (alphafold.date, alphafold.doi, alphafold.venue) == ("2021-08-26", "10.1038/s41586-021-03819-2", "Nature")
    assert alphafold.url == "https://www.nature.com/articles/s41586-021-03819-2"
    assert (alphafold.entry_type, alphafold.citation_key) == ("article-journal", "")  # a Zotero URL is no key
    assert alphafold.keywords == ("Protein structure predictions", "Machine learning")
    assert alphafold.abstract.startswith("Proteins are essential to life, and understanding their structure can")


def test_csl_arxiv_preprint_conference_paper_and_citation_keys() -> None:
    papers = parse(CSL).papers
    attention = by_title(papers, "Attention Is All You Need")
    assert (attention.arxiv_id, attention.doi) == ("1706.03762", "10.48550/arxiv.1706.03762")
    assert attention.date == "2017-12-05"
    assert (attention.venue, attention.entry_type) == ("arXiv", "article")
    assert attention.authors[-1] == "Łukasz Kaiser"
    assert attention.keywords == ("Computer Science - Computation and Language", "Computer Science - Machine Learning")
    resnet = by_title(papers, "Deep Residual Learning")
    assert (resnet.date, resnet.doi, resnet.entry_type) == ("2016-06", "10.1109/cvpr.2016.90", "paper-conference")
    assert resnet.venue == "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert resnet.authors == ("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun")
    bert = by_title(papers, "BERT")
    assert (bert.date, bert.citation_key) == ("2019", "devlin-etal-2019-bert")  # citation-key wins over id
    assert bert.venue.startswith("Proceedings of the 2019 Conference of the North American Chapter")


def test_csl_chapter_with_literal_authors_raw_and_literal_dates_and_archive() -> None:
    papers = parse(CSL).papers
    chapter = by_title(papers, "Reinforcement Learning in Practice")
    assert chapter.authors == ("The Reinforcement Learning Working Group", "Ludwig van Beethoven")
    assert (chapter.date, chapter.entry_type) == ("Spring 2018", "chapter")
    assert chapter.venue == "Handbook of Machine Learning Practice"
    assert (chapter.citation_key, chapter.keywords) == ("sutton2018reinforcement", ("reinforcement learning",))
    report = by_title(papers, "Language Models are Unsupervised")
    assert (report.date, report.venue, report.citation_key) == ("February 2019", "OpenAI", "")  # numeric id: no key
    gemma = by_title(papers, "Gemma")
    assert (gemma.arxiv_id, gemma.date, gemma.authors) == ("2403.08295", "2024", ("Gemma Team",))  # month 13: a season


def test_csl_rejections_name_the_item_and_its_line(lines) -> None:
    result = parse(CSL)
    assert len(result.papers) == 8
    assert reasons(result) == [(210, "item 7: no title, DOI or arXiv id")]
    # a field of the wrong type is left out, the paper kept
    assert [(w.line, w.reason) for w in result.warnings] == [
        (224, "item 8: 'author' is text, not a list of names: left out"),
    ]
    assert list(lines.values()) == [2, 51, 91, 129, 163, 190, 224, 239]


def test_csl_single_item_wrapper_and_date_forms() -> None:
    one = '{"id": "doe2024", "type": "article", "title": "One", "issued": {"date-parts": [["2024", "3"]]}}'
    papers = csl_json.IMPORTER.parse(one, "x.json").papers
    assert [(p.title, p.date, p.citation_key) for p in papers] == [("One", "2024-03", "doe2024")]
    wrapped = (
        '{"items": [\n'
        '  {"type": "book", "title": "A", "issued": {"raw": "2020-05-01"}, "keyword": ["x", "y"]},\n'
        '  {"type": "book", "title": "B", "issued": {"date-parts": [["c. 2020"]]}},\n'
        '  {"type": "book", "DOI": "https://doi.org/10.1000/ABC", "author": [{"family": "Plato"}, 3]}\n'
        "]}"
    )
    result = csl_json.IMPORTER.parse(wrapped, "w.json")
    assert [(p.title, p.date, p.keywords, p.authors) for p in result.papers] == [
        ("A", "2020-05-01", ("x", "y"), ()), ("B", "", (), ()), ("doi:10.1000/abc", "", (), ())]
    assert reasons(result) == []
    assert [(w.line, w.reason) for w in result.warnings] == [
        (3, "item 2: 'issued' date-parts ['c. 2020'] are not numbers: left out"),
        (4, "item 3: author 2 is a number, not a name object: left out"),
    ]
    doi_only = '[{"type": "book", "DOI": "https://doi.org/10.1000/ABC", "author": [{"family": "Plato"}]}]'
    paper = csl_json.IMPORTER.parse(doi_only, "d.json").papers[0]
    assert (paper.title, paper.doi, paper.authors) == ("doi:10.1000/abc", "10.1000/abc", ("Plato",))


# --- Markdown lists -----------------------------------------------------------------------------


MARKDOWN_TITLES = [
    "From System 1 to System 2: A Survey of Reasoning Large Language Models",
    "Towards Reasoning Era: A Survey of Long Chain-of-Thought for Reasoning Large Language Models",
    "Towards Large Reasoning Models: A Survey of Reinforced Reasoning with Large Language Models",
    "Reasoning with Language Model Prompting: A Survey",
    "s1: Simple test-time scaling",
    "Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters",
    "Let's Verify Step by Step",
    "Tree of Thoughts: Deliberate Problem Solving with Large Language Models",
    "Self-Consistency Improves Chain of Thought Reasoning in Language Models",
    "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
    "Kimi k1.5: Scaling Reinforcement Learning with LLMs",
    "Solving math word problems with process- and outcome-based feedback",
    "Let's Reward Step by Step: Step-Level Reward Model as the Navigators for Reasoning",
    "Math-Shepherd: Verify and Reinforce LLMs Step-by-step without Human Annotations",
]


def test_markdown_reads_table_rows_and_list_items_in_every_style(lines) -> None:
    result = parse(MARKDOWN)
    assert result.format == "markdown-list"
    assert [p.title for p in result.papers] == MARKDOWN_TITLES
    assert [p.arxiv_id for p in result.papers] == [
        "2502.17419", "2503.09567", "2501.09686", "", "2501.19393", "2408.03314", "2305.20050", "2305.10601",
        "2203.11171", "2501.12948", "2501.12599", "2211.14275", "", "2312.08935",
    ]
    assert list(lines.values()) == [22, 23, 24, 27, 31, 32, 33, 34, 35, 41, 43, 44, 45, 52]  # DeepSeek: its parent
    assert not any(p.title_derived for p in result.papers)


def test_markdown_titles_carry_no_markup_debris() -> None:
    for paper in parse(MARKDOWN).papers:
        assert not any(debris in paper.title for debris in ("![", "<", "](", "**", "[[", "]]", "`")), paper.title


def test_markdown_venues_dates_authors_links_and_sections() -> None:
    papers = parse(MARKDOWN).papers
    survey = papers[0]
    assert (survey.venue, survey.date, survey.keywords, survey.url) == ("arXiv", "2025", ("surveys",), "")
    prompting = by_title(papers, "Reasoning with Language Model Prompting")
    assert (prompting.doi, prompting.venue, prompting.date) == ("10.18653/v1/2023.acl-long.294", "ACL 2023", "2023")
    assert prompting.authors == ()  # "Shuofei Qiao et al." sits in the title cell, not an authors column
    verify = by_title(papers, "Let's Verify")
    assert (verify.venue, verify.date, verify.keywords) == ("ICLR 2024", "2024", ("test-time scaling",))
    assert verify.authors[:2] == ("Hunter Lightman", "Vineet Kosaraju") and len(verify.authors) == 10
    tot = by_title(papers, "Tree of Thoughts")
    assert (tot.venue, tot.date, tot.authors) == ("NeurIPS 2023", "2023", ())
    s1 = by_title(papers, "s1:")
    assert (s1.venue, s1.date, s1.authors) == ("", "", ())  # "Budget forcing with 1,000 examples" is no author list
    solving = by_title(papers, "Solving math")
    assert (solving.doi, solving.arxiv_id) == ("10.48550/arxiv.2211.14275", "2211.14275")
    openreview = papers[-2]
    assert openreview.url == "https://openreview.net/forum?id=aBcD3fGh1J"
    assert (openreview.arxiv_id, openreview.doi) == ("", "")
    assert openreview.keywords == ("reinforcement learning",)
    shepherd = papers[-1]
    assert (shepherd.venue, shepherd.date, shepherd.keywords) == ("ACL 2024", "15 Dec 2023", ("process reward models",))
    assert shepherd.authors[0] == "Peiyi Wang" and shepherd.authors[-1] == "Zhifang Sui" and len(shepherd.authors) == 9


def test_markdown_skips_code_blocks_prose_and_code_links_and_rejects_untitled_links() -> None:
    result = parse(MARKDOWN)
    ids = {p.arxiv_id for p in result.papers}
    assert "2599.99999" not in ids  # inside the ```bibtex block
    assert [p.arxiv_id for p in result.papers].count("2305.20050") == 1  # the prose paragraph citing it is no paper
    assert not any(p.title.startswith(("A curated", "The PRM800K", "PRM800K")) for p in result.papers)
    assert not any("Link Yet" in p.title or "Project page" in p.title for p in result.papers)
    assert reasons(result) == [
        (26, "table row links a paper (https://arxiv.org/abs/2404.01230) but has no title"),
        (46, "list item links a paper (https://arxiv.org/abs/2410.01234) but has no title"),
    ]


def test_markdown_variants_outside_the_fixture() -> None:
    text = (
        "# Papers\n"
        "Title | Authors | Date | Link\n"
        "--- | --- | --- | ---\n"
        "Mamba: Linear-Time Sequence Modeling with Selective State Spaces | Albert Gu, Tri Dao | 2023-12-01 | "
        "https://arxiv.org/abs/2312.00752\n"
        "\n"
        "- [YOLOv10: Real-Time End-to-End Object Detection](https://arxiv.org/html/2405.14458v1)\n"
        "- **[CVPR2024]** **YOLO-World: Real-Time Open-Vocabulary Object Detection** [📄](https://arxiv.org/abs/2401.17270)\n"
        "- Some prose that mentions arXiv.org but links nothing\n"
        "- [Old style](https://arxiv.org/abs/hep-th/9901001v2)\n"
        "~~~\n- [Not Read](https://arxiv.org/abs/2401.00001)\n~~~\n"
    )
    result = markdown_list.parse(text, "list.md")
    assert [(p.title, p.arxiv_id, p.date, p.authors, p.venue) for p in result.papers] == [
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "2312.00752", "2023-12-01",
         ("Albert Gu", "Tri Dao"), ""),
        ("YOLOv10: Real-Time End-to-End Object Detection", "2405.14458", "", (), ""),
        ("YOLO-World: Real-Time Open-Vocabulary Object Detection", "2401.17270", "2024", (), "CVPR2024"),
        ("Old style", "hep-th/9901001", "", (), ""),
    ]
    assert result.rejected == []


# --- line endings -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(FIXTURES), ids=lambda p: p.name)
def test_crlf_copies_give_the_same_papers_and_rejections(path: Path) -> None:
    text = read_text(path)
    crlf = text.replace("\n", "\r\n") + "\r\n"  # the compact JSON file is one line
    assert "\r\n" in crlf
    importer = FIXTURES[path]
    assert importer.sniff(crlf) == importer.sniff(text)
    plain, windows = importer.parse(text, str(path)), importer.parse(crlf, str(path))

    def same(papers):
        return [replace(paper, added="") for paper in papers]

    assert same(windows.papers) == same(plain.papers)
    assert reasons(windows) == reasons(plain)


def test_math_in_markdown_ris_and_csl_titles_reads_as_text(tmp_path) -> None:
    from readlist.store.importers import read_file

    md = tmp_path / "list.md"
    md.write_text("- [UniCode$^2$: a framework for $\\pi_0$](https://arxiv.org/abs/2506.12345)\n"
                  "- [Costs $5 and $6](https://arxiv.org/abs/2506.12346)\n")
    assert [p.title for p in read_file(md).papers] == ["UniCode²: a framework for π₀", "Costs $5 and $6"]
    ris = tmp_path / "refs.ris"
    ris.write_text("TY  - JOUR\nTI  - Bounds in $\\ell_1$ for `robust' nets\nER  - \n")
    assert read_file(ris).papers[0].title == "Bounds in ℓ₁ for ‘robust’ nets"
    csl = tmp_path / "items.json"
    csl.write_text('[{"type": "article", "title": "The $\\\\alpha$-divergence", "DOI": "10.1/x"}]')
    assert read_file(csl).papers[0].title == "The α-divergence"
