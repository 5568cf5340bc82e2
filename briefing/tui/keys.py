"""The reader's key table: one source for the help screen, the palette and the README."""

from __future__ import annotations

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Move",
        (
            ("j / k, ↓ / ↑", "move in the focused pane (list, summary, entities, text)"),
            ("enter", "open the highlighted article (marks it read) / jump to a sentence"),
            ("tab / shift+tab", "next / previous pane"),
            ("[ / ]", "previous / next article, from any pane"),
            ("n / p", "next / previous unread article"),
            ("g / G", "first / last item in the focused pane"),
        ),
    ),
    (
        "Articles",
        (
            ("m", "toggle read / unread"),
            ("/", "search as you type: best matches first (enter: go to the list, esc: clear)"),
            ("S", "sort the list: oldest first, newest first, by outlet"),
            ("o", "open the article's web address in a browser"),
            ("y", "copy a citation of the article"),
        ),
    ),
    (
        "Summary and entities",
        (
            ("+ / -", "longer / shorter summary"),
            ("s", "next summary method"),
            ("e", "focus the entity panel; enter filters the list to articles naming it"),
            ("esc", "clear the entity filter and the search"),
            ("1-9, 0", "show / hide an entity type (see the legend)"),
        ),
    ),
    (
        "Briefing",
        (
            ("space", "pin / unpin a sentence for the briefing (summary, or the text's ▶ one)"),
            ("( / )", "in the text: previous / next sentence (the one space pins)"),
            ("b", "the combined briefing of the corpus (built in the background)"),
            ("x", "export the briefing to a Markdown file (asks before overwriting)"),
            ("r / c", "on the briefing: rebuild it / show or hide its contents"),
            ("a", "add a file or a web page to the corpus"),
        ),
    ),
    (
        "App",
        (
            ("t", "next theme"),
            ("ctrl+p", "command palette (every action, themes, methods)"),
            ("?", "this help"),
            ("q", "quit"),
        ),
    ),
)
"""Groups of (keys, what they do)."""


def markdown_table() -> str:
    """The key table as Markdown (for the README)."""
    lines = ["| Keys | Action |", "|---|---|"]
    for _group, rows in KEYS:
        for keys, action in rows:
            escaped = keys.replace("|", "\\|")
            lines.append(f"| `{escaped}` | {action} |")
    return "\n".join(lines)
