"""Titles derived from abstracts (store.titles)."""

from __future__ import annotations

import pytest

from readlist.store.titles import MAX_TITLE, derive_title, looks_like_name


@pytest.mark.parametrize(
    ("abstract", "title"),
    [
        (
            "Although RL has driven breakthroughs in NLP, it is underexplored. We introduce "
            "ReasonGen-R1, a two-stage framework that first imbues an autoregressive image "
            "generator with explicit text-based thinking skills via supervised fine-tuning.",
            "ReasonGen-R1: a two-stage framework that first imbues an autoregressive image generator…",
        ),
        (
            "We propose SOAR (Self-Correction for Optimal Alignment and Refinement), a method.",
            "SOAR: Self-Correction for Optimal Alignment and Refinement",
        ),
        (
            "To this end, we propose a verifier-free method (VeriFree) that bypasses verification.",
            "VeriFree: a verifier-free method",
        ),
        (
            "To address this issue, we propose Variance-Reduced Preference Optimization (VRPO), "
            "a framework that formally analyzes the variance.",
            "VRPO: Variance-Reduced Preference Optimization",
        ),
        (
            "In this paper, we propose HiTVideo for text-to-video generation with hierarchical "
            "tokenizers. It utilizes a 3D causal VAE.",
            "HiTVideo for text-to-video generation with hierarchical tokenizers",
        ),
        (
            "Audio generation has achieved remarkable progress with the advance of models, "
            "such as diffusion models.",
            "Audio generation has achieved remarkable progress with the advance of models",
        ),
        ("", "Untitled paper"),
    ],
)
def test_derive_title(abstract: str, title: str) -> None:
    assert derive_title(abstract) == title


def test_derived_titles_are_never_too_long() -> None:
    abstract = "We introduce Longname-X1, " + "a very long description " * 40 + "."
    assert len(derive_title(abstract)) <= MAX_TITLE


@pytest.mark.parametrize("token", ["ReasonGen-R1", "ViaRL", "SOAR", "eMIGM", "Phi-4-Mini", "RIFLEx"])
def test_names(token: str) -> None:
    assert looks_like_name(token)


@pytest.mark.parametrize("token", ["We", "Large", "RL", "a", "Variance-Reduced", "Self-Correction"])
def test_not_names(token: str) -> None:
    assert not looks_like_name(token)
