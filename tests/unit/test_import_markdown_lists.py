"""The Markdown-list importer on the shapes real awesome lists take.

Each fixture in ``tests/data/markdown/`` copies the structure of a public list:
loose numbered lists whose authors sit in an indented second paragraph, a
milestones table with Date/Institute columns and links to many paper hosts, a
README whose News and Citation sections are not papers, reference-style links,
and a README that pastes its BibTeX citation without a code fence.
"""

from __future__ import annotations

from pathlib import Path

from readlist.store.importers import bibtex, detect, markdown_list
from readlist.store.importers.markdown_blocks import read
from readlist.store.text import read_text

DATA = Path(__file__).resolve().parent.parent / "data" / "markdown"


def parse(name: str):
    path = DATA / name
    return markdown_list.parse(read_text(path), str(path))


# --- loose lists ---------------------------------------------------------------------------------


def test_a_loose_item_keeps_its_indented_second_paragraph() -> None:
    result = parse("loose-numbered-list.md")
    rows = [(p.title, p.venue, p.date, p.arxiv_id, p.keywords) for p in result.papers]
    section = ("reasoning in large language models an emergent ability",)
    assert rows == [
        ("Reasoning with Language Model Prompting: A Survey", "ACL 2023", "2022-12", "2212.09597", ("survey",)),
        ("Towards Reasoning in Large Language Models: A Survey", "ACL 2023 Findings", "2022-12", "2212.10403",
         ("survey",)),
        ("Puzzle Solving using Reasoning of Large Language Models: A Survey", "Preprint", "2024-02", "2402.11291",
         ("survey",)),
        ("Chain of Thought Prompting Elicits Reasoning in Large Language Models", "NeurIPS 2022", "2022-01",
         "2201.11903", section),
        # no year-month token: the venue's year, never an invented month
        ("Iteratively Prompt Pre-trained Language Models for Chain of Thought", "EMNLP 2022", "2022", "2203.08383",
         section),
        ("Large Language Models are Zero-Shot Reasoners", "NeurIPS 2022", "2022-05", "2205.11916", section),
    ]
    first = result.papers[0]
    assert first.authors[:2] == ("Shuofei Qiao", "Yixin Ou") and len(first.authors) == 9
    assert result.papers[1].authors == ("Jie Huang", "Kevin Chen-Chuan Chang")
    assert result.rejected == [] and result.warnings == []


def test_an_unindented_paragraph_ends_the_loose_list() -> None:
    document = read(read_text(DATA / "loose-numbered-list.md"))
    last_item = [b for b in document.blocks if b.kind == "list item"][-1]
    assert "Zero-Shot Reasoners" in last_item.text and "in passing" not in last_item.text
    prose = [b for b in document.blocks if "in passing" in b.text]
    assert len(prose) == 1 and prose[0].kind == "paragraph"


# --- tables with many paper hosts ----------------------------------------------------------------


def test_a_milestones_table_reads_dates_institutes_and_paper_hosts() -> None:
    result = parse("milestones-table.md")
    rows = [(p.title[:40], p.date, p.org, p.venue, p.arxiv_id or p.doi or p.url) for p in result.papers]
    assert rows == [
        ("Attention Is All You Need", "2017-06", "Google", "", "1706.03762"),
        ("Improving Language Understanding by Gene", "2018-06", "OpenAI", "",
         "https://www.cs.ubc.ca/~someone/papers/radford2018improving.pdf"),
        ("BERT: Pre-training of Deep Bidirectional", "2018-10", "Google", "", "https://aclanthology.org/N19-1423.pdf"),
        ("Exploring the Limits of Transfer Learnin", "2019-10", "Google", "", "https://jmlr.org/papers/v21/20-074.html"),
        ("Language models are few-shot learners", "2020-05", "OpenAI", "",
         "https://papers.nips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf"),
        ("WebGPT: Browser-assisted question-answer", "2021-12", "OpenAI", "",
         "https://www.semanticscholar.org/paper/WebGPT%3A-Browser-assisted-question-answering/"
         "2f3efe44083af91cef562c1a3451eee2f8601d22"),
        # "2023.03" is normalised to ISO year-month
        ("Resurrecting Recurrent Neural Networks f", "2023-03", "DeepMind", "",
         "https://proceedings.mlr.press/v202/orvieto23a.html"),
        ("Highly accurate protein structure predic", "2021", "DeepMind", "Nature", "10.1038/s41586-021-03819-2"),
        ("On the Dangers of Stochastic Parrots", "2021-03", "UW", "FAccT", "10.1145/3442188.3445922"),
        ("Deep Residual Learning for Image Recogni", "2016", "Microsoft", "CVPR",
         "https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html"),
    ]
    assert {p.keywords for p in result.papers} == {("milestone papers",), ("other papers",)}


def test_rows_without_a_paper_link_are_left_out_with_one_warning() -> None:
    result = parse("milestones-table.md")
    titles = " ".join(p.title for p in result.papers)
    # a company blog, a GitHub repo, a research page and a relative link are not papers
    for absent in ("Retro", "trillions of tokens", "Imitation Game", "GPT-4", "Local Copy", "TinyZero"):
        assert absent not in titles
    assert result.rejected == []
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert (warning.source, warning.line) == (str(DATA / "milestones-table.md"), 5)
    assert warning.reason.startswith("6 list items and table rows without a paper link were left out")
    assert "lines 5, 6, 26, 27, 28, 40" in warning.reason


# --- sections and labels that are not papers -----------------------------------------------------


def test_news_citation_and_star_history_sections_are_not_papers() -> None:
    result = parse("news-and-labels.md")
    survey = [p for p in result.papers if p.arxiv_id == "2604.00626"]
    assert len(survey) == 1  # the News bullets and the Citation item link it too, but are not papers
    assert survey[0].title == "A Survey of On-Policy Distillation for Large Language Models"  # not "Survey Paper:"
    assert not any(p.keywords in (("news",), ("citation",), ("star history",)) for p in result.papers)


def test_bold_labels_and_dates_are_not_titles() -> None:
    result = parse("news-and-labels.md")
    assert [(p.title, p.keywords) for p in result.papers[1:]] == [
        ("Distributional DAgger", ("why on-policy the core problem",)),
        ("Trust Region On-Policy Distillation", ("why on-policy the core problem",)),
        ("When Should the Teacher Move?", ("why on-policy the core problem",)),
        ("Distilling the Knowledge in a Neural Network", ("quick-start guide",)),
        ("Sequence-Level Knowledge Distillation for Machine Translation", ("quick-start guide",)),
        ("On-Policy Distillation of Language Models: Learning from Self-Generated Mistakes", ("quick-start guide",)),
        ("CAKE: Cascading and Adaptive KV Cache Eviction with Layer Preferences", ("week papers",)),
        ("AttentionPredictor: Temporal Pattern Matters for Efficient LLM Inference", ("week papers",)),
    ]
    assert result.papers[-2].url == "https://openreview.net/forum?id=EQgEMAD4kv"
    # "If you only read 3 papers: [GKD] + [MiniLLM] + ..." names papers by nicknames: left out, and said so
    assert [(w.line, w.reason) for w in result.warnings] == [
        (37, "1 list item linking several papers by short names only was left out (line 37)")
    ]


# --- reference-style links -----------------------------------------------------------------------


def test_reference_style_links_and_titled_definitions() -> None:
    result = parse("reference-links.md")
    assert [(p.title, p.arxiv_id, p.keywords) for p in result.papers] == [
        ("Attention Is All You Need", "1706.03762", ("papers reference-style links",)),
        ("Scaling Laws for Neural Language Models", "2001.08361", ("papers reference-style links",)),
        ("BERT", "1810.04805", ("papers reference-style links",)),
        ("Deep Residual Learning", "1512.03385", ("papers reference-style links",)),
        # "[[PDF]][randaugment]": the generic link text gives way to the definition's title
        ("RandAugment: Practical automated data augmentation", "1909.13719", ("papers reference-style links",)),
        # a bibliography of titled definitions: each paper link is a paper; torchvision's docs and the
        # untitled [27] are not
        ("mixup: BEYOND EMPIRICAL RISK MINIMIZATION", "1710.09412", ("augmentation",)),
        ("SpecAugment: A Simple Data Augmentation Method for Automatic Speech Recognition", "1904.08779",
         ("augmentation",)),
    ]
    assert result.rejected == []


# --- a README that pastes its BibTeX citation without a fence ------------------------------------


def test_an_unfenced_bibtex_citation_does_not_make_a_readme_bibtex() -> None:
    text = read_text(DATA / "unfenced-citation.md")
    assert markdown_list.sniff(text) > bibtex.sniff(text)
    assert detect(text, "README.md") is markdown_list.IMPORTER


def test_an_unfenced_bibtex_entry_is_skipped_up_to_its_closing_brace() -> None:
    result = parse("unfenced-citation.md")
    assert [(p.title, p.date, p.venue, p.arxiv_id) for p in result.papers] == [
        ("MotionDiffuse: Text-Driven Human Motion Generation with Diffusion Model", "31 Aug 2022", "TPAMI'2024",
         "2208.15001"),
        ("All are Worth Words: A ViT Backbone for Diffusion Models", "25 Sep 2022", "CVPR'2023", "2209.12152"),
        ("Scalable Diffusion Models with Transformers", "19 Dec 2022", "ICCV'2023", "2212.09748"),
        ("Not In The Entry Above", "", "", "2401.77777"),  # the list item right after a one-line entry
    ]


# --- hostile input -------------------------------------------------------------------------------


def test_long_runs_of_one_character_parse_in_linear_time() -> None:
    """Lines of spaces, pipes, brackets or asterisks must not make a pattern backtrack.

    A quadratic pattern would take hours on these 200,000-character lines (the suite would
    hang); a linear reader takes a fraction of a second. Timings themselves live in
    ``benchmarks/``.
    """
    run = 200_000
    hostile = [
        " " * run + "x",
        "|" + " " * run + "|",
        "- [" * (run // 3),
        "*" * run,
        "[" * run + "](https://arxiv.org/abs/2401.00001",
        "<a href=" + "a" * run,
        "| a |\n|" + "-|" * (run // 2),
    ]
    text = "\n\n".join(hostile) + "\n\n- [A Real Paper](https://arxiv.org/abs/2401.00002)\n"
    result = markdown_list.parse(text, "hostile.md")
    assert [p.title for p in result.papers] == ["A Real Paper"]


def test_a_list_nested_too_deep_loses_nothing_after_it() -> None:
    nested = "\n".join("  " * depth + f"- [Paper {depth} Title Words](https://arxiv.org/abs/2401.{depth:05d})"
                       for depth in range(80))
    text = nested + "\n\n# After\n\n- [Later Paper Title](https://arxiv.org/abs/2402.00001)\n"
    result = markdown_list.parse(text, "deep.md")
    assert {p.arxiv_id for p in result.papers} >= {f"2401.{depth:05d}" for depth in range(80)}
    assert result.papers[-1].title == "Later Paper Title" and result.papers[-1].keywords == ("after",)


def test_html_lines_around_a_list_leave_its_items_alone() -> None:
    text = (
        "<details>\n<summary>More</summary>\n"
        "- [First Listed Paper](https://arxiv.org/abs/2401.00001)\n"
        "- <a href=\"https://arxiv.org/abs/2401.00002\">Second Listed Paper</a> <img src=\"badge.svg\">\n"
        "</details>\n"
    )
    blocks = read(text).blocks
    # "</details>" right below the last item continues it, as any line does
    assert [(b.kind, b.line) for b in blocks] == [("paragraph", 1), ("list item", 3), ("list item", 4)]
    papers = markdown_list.parse(text, "html.md").papers
    assert [(p.title, p.arxiv_id) for p in papers] == [("First Listed Paper", "2401.00001"),
                                                       ("Second Listed Paper", "2401.00002")]
