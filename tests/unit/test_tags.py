"""Tag spelling and the tag box's edit language (store.tags)."""

from __future__ import annotations

import pytest

from readlist.store.tags import apply_tag_edit, normalise_tag, normalise_tags


def test_normalise_tag() -> None:
    assert normalise_tag("  #Video Gen ") == "video-gen"
    assert normalise_tag("#") == ""
    assert normalise_tag("Computer Science - Machine Learning") == "computer-science-machine-learning"
    assert normalise_tag("Why on-policy? — The core problem") == "why-on-policy-the-core-problem"
    assert normalise_tag("🚀 C++ / GPT-4.5!") == "c++/gpt-4.5"


def test_normalise_tags_sorts_and_dedupes() -> None:
    assert normalise_tags(["RL", "rl", "", "video"]) == ("rl", "video")


@pytest.mark.parametrize(
    ("current", "edit", "result"),
    [
        (("video",), "+rl", ("rl", "video")),
        (("rl", "video"), "-video", ("rl",)),
        (("rl", "video"), "+diffusion -video", ("diffusion", "rl")),
        (("old",), "rl, video", ("rl", "video")),
        (("old",), "rl video", ("rl", "video")),
        (("old",), "rl, video +x -video", ("rl", "x")),
        (("old",), "", ()),
        (("old",), "   ", ()),
        ((), "+RL +Rl", ("rl",)),
    ],
)
def test_apply_tag_edit(current: tuple[str, ...], edit: str, result: tuple[str, ...]) -> None:
    assert apply_tag_edit(current, edit) == result
