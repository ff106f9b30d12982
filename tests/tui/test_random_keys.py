"""Random key presses in every state never crash the app (a seeded "monkey" test)."""

from __future__ import annotations

import random

import pytest

KEYS = [
    "j", "k", "g", "G", "up", "down", "pageup", "pagedown", "ctrl+d", "ctrl+u", "home", "end",
    "slash", "escape", "enter", "r", "t", "n", "E", "y", "e", "question_mark", "ctrl+s", "ctrl+u",
    "a", "b", "x", "z", "space", "backspace", "tab", "shift+tab", "plus", "minus", "comma", "left", "right",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_keys_never_crash(make_app, seed: int) -> None:
    rng = random.Random(seed)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(120):
            await pilot.press(rng.choice(KEYS))
        await pilot.pause()
    # run_test re-raises any exception the app hit; reaching here means none.
