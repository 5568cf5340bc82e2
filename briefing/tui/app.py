"""The Textual app: themes, persistence, the command palette and the reader screen.

The app stays thin: it owns what lives longer than a screen (the corpus, the store, the
analysis cache, the state session, themes) and the app-wide keys. Reading happens in
:class:`ReaderScreen`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from briefing.models import Corpus
from briefing.paths import corpus_key
from briefing.tui import css_cache
from briefing.tui.analysis import Analyser
from briefing.tui.labels import LABEL_INFO, default_variables
from briefing.tui.listing import SORT_NAMES, SORTS
from briefing.tui.messages import StoreProblem
from briefing.tui.reader import ReaderScreen
from briefing.tui.safe import one_line, visible
from briefing.tui.session import Session
from briefing.tui.themes import DEFAULT_THEME, ThemeLoadResult, load_all_themes, user_theme_dir

if TYPE_CHECKING:  # pragma: no cover
    from briefing.brief import Briefing
    from briefing.store import Store

AnalyserFactory = Callable[[Corpus], Analyser]
STORE_TITLE = "Saved state"
"""The title of the notice about a store problem."""


def build_briefing(corpus: Corpus, **options: Any) -> Briefing:
    """:func:`briefing.brief.build_briefing` (imported when the first briefing is built)."""
    from briefing.brief import build_briefing as build

    return build(corpus, **options)


def add_to_corpus(corpus_path: Path, sources: list[str], **options: Any) -> Any:
    """:func:`briefing.add.add_to_corpus` (imported when articles are first added)."""
    from briefing.add import add_to_corpus as add

    return add(corpus_path, sources, **options)


def article_commands() -> type[Provider]:
    """The palette's article commands (imported when the palette first opens)."""
    from briefing.tui.commands import ArticleCommands

    return ArticleCommands


class BriefingApp(App[None]):
    """A reader for one corpus of news articles."""

    CSS_PATH = "reader.tcss"
    _first_theme_set = False
    _css_cached: frozenset[tuple[Any, ...]] = frozenset()
    TITLE = "briefing"
    NOTIFICATION_TIMEOUT = 4
    COMMANDS = App.COMMANDS | {article_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("t", "next_theme", "Theme"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        corpus: Corpus,
        *,
        store: Store | None = None,
        theme: str | None = None,
        analyser: Analyser | None = None,
        themes: ThemeLoadResult | None = None,
        analyser_factory: AnalyserFactory | None = None,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        """The corpus being read."""
        if store is None:
            from briefing.store import Store

            store = Store.open()
        self.store: Store = store
        """Read state, the analysis cache and the search index (never raises: on trouble it
        works in memory and reports one line, shown as one notice)."""
        self.analyser_factory: AnalyserFactory = analyser_factory or Analyser
        """Makes the analyser for a corpus (again when the corpus is reloaded)."""
        self.analyser = analyser or self.analyser_factory(corpus)
        """Summaries and entities, computed off the UI thread and cached (also in the store)."""
        self.analyser.use_store(store)
        self.briefing_builder: Callable[..., Briefing] = build_briefing
        """Builds the combined briefing (called in a worker thread)."""
        self.adder: Callable[..., Any] = add_to_corpus
        """Adds sources to a corpus file (called in a worker thread)."""
        self._briefing: tuple[tuple[object, ...], Briefing, str] | None = None
        self._notices: list[tuple[str, str, str]] = []
        self.session = Session(store, corpus_key(corpus.path), self._store_problem)
        """Read marks, last article and preferences for this corpus (in memory, written to
        the store behind the UI's back)."""
        self.reader = ReaderScreen()
        """The reader screen (the default screen)."""
        self.theme_names: list[str] = []
        """Themes ``t`` cycles through: the built-in ones, then the user's."""
        self._setup_themes(themes if themes is not None else load_all_themes(), theme)

    # -- themes ----------------------------------------------------------------------------

    def _setup_themes(self, loaded: ThemeLoadResult, requested: str | None) -> None:
        for theme in loaded.themes:
            self.register_theme(theme)
            if theme.name not in self.theme_names:
                self.theme_names.append(theme.name)
        if loaded.errors:
            count = len(loaded.errors)
            heading = (
                "1 theme file was skipped" if count == 1 else f"{count} theme files were skipped"
            )
            self._notices.append(
                (
                    heading,
                    "\n".join(loaded.errors) + f"\n(themes folder: {user_theme_dir()})",
                    "warning",
                )
            )
        stored = self.session.pref("theme")
        wanted = requested or stored or DEFAULT_THEME
        if wanted not in self.available_themes:
            fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
            self._notices.append(
                ("Theme", f"Theme {wanted!r} is not available; using {fallback}.", "warning")
            )
            wanted = fallback
        self._set_first_theme(wanted)
        if requested and requested == wanted and stored != wanted:
            self.session.set_pref("theme", wanted)

    def _set_first_theme(self, name: str) -> None:
        """Choose the theme before the app runs, without the CSS refresh a theme switch does.

        ``App.theme = name`` queues a full re-parse of the stylesheet, which before the first
        frame only repeats the initial parse (it costs the first paint ~10 ms); the initial
        parse reads the variables of the theme set here.
        """
        if self.is_running:
            self.theme = name
            return
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        classes = {cls: False for cls in self.classes if cls.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self._first_theme_set = True
        self.stylesheet.set_variables(self.get_css_variables())

    def get_css_variables(self) -> dict[str, str]:
        # Textual's own __init__ asks for its default theme's variables (2-3 ms to compute);
        # _set_first_theme replaces them before anything reads them.
        if not self._first_theme_set:
            return {}
        return super().get_css_variables()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Entity colours for themes that do not set them (Textual's own themes)."""
        return default_variables(self.current_theme.dark)

    def action_next_theme(self) -> None:
        """Switch to the next briefing theme (and remember it)."""
        names = self.theme_names or [DEFAULT_THEME]
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", markup=False, timeout=2)

    def _theme_changed(self, theme: Theme) -> None:
        if self.session.pref("theme") != theme.name:
            self.session.set_pref("theme", theme.name)

    # -- lifecycle -------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        self.reader.apply_breakpoints(self.size.width, update=False)  # styled once, not twice
        self._css_cached = css_cache.load_into(self.stylesheet)  # before the first parse
        return self.reader

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for title, message, severity in self._notices:
            self.notify(message, title=title, severity=severity, markup=False, timeout=10)  # type: ignore[arg-type]
        self._notices.clear()

    def on_ready(self) -> None:
        """The first frame is on screen: the reader starts analysing (and the parsed CSS is
        kept for the next start if some of it was parsed this time)."""
        self.reader.after_first_paint()
        css_cache.save_from(self.stylesheet, self._css_cached)

    def _store_problem(self, message: str) -> None:
        """The store's first problem (from any thread): shown as one notice."""
        if self.is_running:
            self.post_message(StoreProblem(message))
        else:
            self._notices.append((STORE_TITLE, message, "warning"))

    def on_store_problem(self, message: StoreProblem) -> None:
        self.notify(
            message.problem, title=STORE_TITLE, severity="warning", markup=False, timeout=10
        )

    def on_unmount(self) -> None:
        self.reader.stop_background()
        self.session.close()
        self.store.close()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notice; control characters in it are made visible (defence in depth: corpus
        text never reaches the terminal raw, even if a caller forgets to clean it)."""
        super().notify(
            visible(message),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- the corpus and its briefing -------------------------------------------------------

    def briefing_key(self) -> tuple[object, ...]:
        """What the current briefing depends on: the corpus (object) and the pins."""
        return (id(self.corpus), tuple(sorted(self.session.pins)))

    def cached_briefing(self) -> tuple[Briefing, str] | None:
        """The briefing built for the current corpus and pins, with its Markdown, if any."""
        if self._briefing is not None and self._briefing[0] == self.briefing_key():
            return self._briefing[1], self._briefing[2]
        return None

    def remember_briefing(self, key: tuple[object, ...], briefing: Briefing, markdown: str) -> None:
        """Keep a built briefing (and its Markdown) for as long as its key holds."""
        self._briefing = (key, briefing, markdown)

    def forget_briefing(self) -> None:
        """Drop the kept briefing (pins changed, or a rebuild was asked for)."""
        self._briefing = None

    def replace_corpus(self, corpus: Corpus, select: str | None = None) -> None:
        """Switch to ``corpus`` (reloaded after an add) and open ``select``."""
        self.corpus = corpus
        self.analyser = self.analyser_factory(corpus)
        self.analyser.use_store(self.store)
        self.forget_briefing()
        self.reader.corpus_replaced(select)

    def action_help(self) -> None:
        """Show the key help."""
        from briefing.tui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- command palette -------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        reader = self.reader
        commands: list[tuple[str, str, object]] = [
            ("Next article", "Open the next article ( ] )", partial(reader.action_step, 1)),
            (
                "Previous article",
                "Open the previous article ( [ )",
                partial(reader.action_step, -1),
            ),
            ("Next unread article", "n", partial(reader.action_unread, 1)),
            ("Previous unread article", "p", partial(reader.action_unread, -1)),
            ("Toggle read", "Mark the article read / unread (m)", reader.action_toggle_read),
            ("Search articles", "Search titles and text (/)", reader.action_search),
            (
                "Clear filters",
                "Clear the search and entity filter (esc)",
                reader.action_clear_filters,
            ),
            (
                "Focus entities",
                "Entity panel; enter filters the list (e)",
                reader.action_focus_entities,
            ),
            ("Longer summary", "+", partial(reader.action_length, 1)),
            ("Shorter summary", "-", partial(reader.action_length, -1)),
            ("Next summary method", "s", reader.action_next_method),
            ("Open in browser", "Open the article's web address (o)", reader.action_open_url),
            ("Copy citation", "Copy a citation of the article (y)", reader.action_copy_citation),
            (
                "Pin sentence",
                "Pin / unpin the summary sentence or the text's current sentence (space)",
                reader.action_pin,
            ),
            (
                "Show briefing",
                "The combined, cited briefing of the corpus (b)",
                reader.action_briefing,
            ),
            ("Export briefing", "Write the briefing to a Markdown file (x)", reader.action_export),
            ("Add articles", "Add a file or a web page to the corpus (a)", reader.action_add),
            (
                "Toggle entity tags",
                "Show / hide the small type letters after mentions",
                reader.toggle_tags,
            ),
            ("Next theme", "t", self.action_next_theme),
            ("Show keys", "?", self.action_help),
        ]
        for order in SORTS:
            commands.append(
                (
                    f"Sort: {SORT_NAMES[order]}",
                    "Order the article list (S cycles)",
                    partial(reader.set_sort, order),
                )
            )
        for method in self.analyser.methods:
            commands.append(
                (
                    f"Summary method: {method}",
                    "Summarize with this method",
                    partial(reader.set_method, method),
                )
            )
        for info in LABEL_INFO:
            commands.append(
                (
                    f"Toggle {info.name} entities",
                    f"key {info.key}",
                    partial(reader.action_toggle_label, info.label),
                )
            )
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)  # type: ignore[arg-type]


def make_app(
    corpus: Corpus,
    *,
    theme: str | None = None,
    store: Store | None = None,
    analyser: Analyser | None = None,
    user_themes: Path | None = None,
    analyser_factory: AnalyserFactory | None = None,
) -> BriefingApp:
    """Build the reader for ``corpus`` (tests pass their own store, analyser and themes)."""
    themes = load_all_themes(user_themes)
    return BriefingApp(
        corpus,
        store=store,
        theme=theme,
        analyser=analyser,
        themes=themes,
        analyser_factory=analyser_factory,
    )
