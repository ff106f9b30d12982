"""The command palette (``ctrl+p``): every action of the current screen, with
its key, and the saved searches."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class KeyCommands(Provider):
    """Offers each bound action of the screen the palette was opened on.

    The list comes from the screen's active bindings, so it shows exactly the
    keys that work there (after any remapping) and never drifts from them.
    """

    def _commands(self) -> list[tuple[str, str, partial]]:
        seen: set[tuple[str, int]] = set()
        commands = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.system:
                continue
            if (binding.action, id(active.node)) in seen:
                continue
            seen.add((binding.action, id(active.node)))
            keys = self.app.get_key_display(binding.with_key(key))
            run = partial(self.app.run_action, binding.action, active.node)
            commands.append((binding.description, keys, run))
        return commands

    async def discover(self) -> Hits:
        for name, keys, run in self._commands():
            yield DiscoveryHit(name, run, help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, keys, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=f"key: {keys}")


class SavedSearchCommands(Provider):
    """Offers the saved searches of the library screen (``Search: name``)."""

    def _commands(self) -> list[tuple[str, str, partial]]:
        screen = self.screen
        use = getattr(screen, "use_query", None)
        saved = getattr(screen, "saved_searches", None)
        if use is None or saved is None:
            return []
        return [(f"Search: {s.name}", s.query, partial(use, s.query)) for s in saved()]

    async def discover(self) -> Hits:
        for name, query, run in self._commands():
            yield DiscoveryHit(name, run, help=query)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=text)
