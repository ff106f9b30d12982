"""A synthetic library whose topics are known: papers about video generation and
papers about reinforcement learning, written from two word lists and a shared
one with a fixed seed, for the recommendation tests."""

from __future__ import annotations

import random
from pathlib import Path

from readlist.store.importers.base import build_paper
from readlist.store.library import Library

VIDEO = ("video frames temporal motion camera clips spatiotemporal footage optical flow frame interpolation "
         "animation cinematic scene dynamics shots editing storyboard keyframes denoising latent playback "
         "resolution streaming").split()
RL = ("reinforcement reward policy agent environment actions exploration value returns bellman trajectories "
      "rollouts critic episodes gradient discount offline online bandit curriculum advantage actor planning "
      "simulator").split()
SHARED = ("we propose method model results experiments benchmark performance training learning approach data "
          "large efficient novel framework evaluation scaling robust baseline study analysis tasks quality "
          "improvement architecture dataset").split()
#: The share of a paper's words drawn from its topic's list (the others from the shared one).
TOPICAL = 0.3
#: Papers of each topic.
EACH = 40


def _text(rng: random.Random, topic: list[str], length: int) -> str:
    return " ".join(rng.choice(topic) if rng.random() < TOPICAL else rng.choice(SHARED) for _ in range(length))


def topic_library(home: Path, each: int = EACH) -> tuple[Library, list[str], list[str]]:
    """A library in ``home`` (no bundled papers) of ``each`` video papers and
    ``each`` reinforcement learning papers, interleaved; dated one a day, the
    later papers newer.

    Returns:
        ``(library, video ids, rl ids)``, each in library order.
    """
    rng = random.Random(16)
    papers, topics = [], []
    for index in range(2 * each):
        topic, name = (VIDEO, "Video") if index % 2 == 0 else (RL, "Agent")
        day = f"2025-{1 + index // 28:02d}-{1 + index % 28:02d}"
        papers.append(build_paper(source="topics.bib", source_format="bibtex", date=day,
                                  title=f"{name}{index}: {_text(rng, topic, 8)}", abstract=_text(rng, topic, 60)))
        topics.append(name)
    library = Library.open(home, bundled=False)
    added = library.add_papers(papers).added
    assert len(added) == 2 * each
    ids = library.ids()
    by_title = {library.title_of(pid).split(":")[0]: pid for pid in ids}
    video = [by_title[f"Video{i}"] for i in range(0, 2 * each, 2)]
    rl = [by_title[f"Agent{i}"] for i in range(1, 2 * each, 2)]
    return library, video, rl
