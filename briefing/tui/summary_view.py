"""The summary pane: the chosen sentences, each with a score cue; enter jumps to it.

A sentence longer than :data:`MAX_SHOWN` characters (a megabyte "sentence" without
punctuation is possible) is cut with an ellipsis and a note of its length: the option list
wraps every option in full, so the pane shows only what it can usefully show.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from briefing.models import Mention, Sentence
from briefing.tui.highlight import MentionIndex, highlight
from briefing.tui.pane_list import PaneList
from briefing.tui.safe import one_line

BARS = "▁▂▃▄▅▆▇█"
PIN_MARK = "◆"
"""Shown before a pinned sentence (space pins / unpins)."""
MAX_SHOWN = 480
"""Characters of one sentence the pane shows; a longer one ends in an ellipsis and a note."""


def sentence_body(
    text: str,
    sentence: Sentence,
    mentions: MentionIndex,
    hidden: Collection[str],
    limit: int = MAX_SHOWN,
) -> Content:
    """The shown part of ``sentence`` (its span of ``text``), highlighted.

    Only the first ``limit`` characters are highlighted and shown; a longer sentence ends
    with ``…`` and a dim note, so the cost does not grow with the sentence.
    """
    start, end = max(0, sentence.start), max(0, min(len(text), sentence.end))
    cut = min(end, start + limit)
    if cut < end:  # do not split a word when a space is near the cut
        space = text.rfind(" ", start + limit // 2, cut + 1)
        cut = space if space > start else cut
    inner = mentions.between(start, cut)
    body = highlight(text[start:cut], inner, hidden=hidden).content
    if cut >= end:
        return body
    note = f" ({end - start:,} characters; enter shows it in the text)"
    return Content.assemble(body.rstrip(), ("…", "bold"), (note, "dim italic"))


def score_bar(score: float) -> str:
    """One block character whose height shows ``score`` (0..1)."""
    clamped = min(1.0, max(0.0, score))
    return BARS[min(len(BARS) - 1, int(clamped * len(BARS)))]


def rank_of(sentences: Sequence[Sentence]) -> dict[int, int]:
    """Sentence index -> rank by score (1 = highest)."""
    ordered = sorted(sentences, key=lambda s: (-s.score, s.index))
    return {sentence.index: rank for rank, sentence in enumerate(ordered, start=1)}


class SummaryView(PaneList):
    """Summary sentences in text order; the cue is a score bar, the rank (#1 = most central)
    and a pin mark for sentences pinned into the briefing."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.sentences: list[Sentence] = []
        """The sentences shown, in text order."""
        self.shown_for: str | None = None
        """The article whose summary is shown (``None`` while loading or empty)."""

    def show_sentences(
        self,
        article_id: str,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention] | None,
        hidden: Collection[str],
        *,
        pinned: Collection[int] = (),
    ) -> None:
        """Show ``sentences`` of ``text``, with entity highlights when mentions are known;
        sentences whose index is in ``pinned`` get a pin mark."""
        keep = self.highlighted if article_id == self.shown_for else None
        self.shown_for = article_id
        self.sentences = list(sentences)
        ranks = rank_of(self.sentences)
        index = MentionIndex(mentions or ())
        options = []
        for sentence in self.sentences:
            body = sentence_body(text, sentence, index, hidden)
            cue = Content.assemble(
                (score_bar(sentence.score), "$accent"),
                (f"{ranks[sentence.index]:>2}", "dim"),
                (PIN_MARK, "bold $warning") if sentence.index in pinned else " ",
                " ",
            )
            options.append(Option(cue + body, id=f"s{sentence.index}"))
        self.set_options(options)
        if not self.sentences:
            self.set_options([Option(Content.styled("No sentences to show.", "dim"))])
        elif keep is not None and keep < len(self.sentences):
            self.highlighted = keep
        self.loading = False

    def show_loading(self) -> None:
        """Forget the shown sentences and show the loading indicator."""
        self.sentences = []
        self.shown_for = None
        self.clear_options()
        self.loading = True

    def show_message(self, message: str) -> None:
        """Show a one-line note instead of sentences (e.g. an error)."""
        self.sentences = []
        self.shown_for = None
        self.set_options([Option(Content.styled(one_line(message), "dim italic"))])
        self.loading = False

    @property
    def highlighted_sentence(self) -> Sentence | None:
        """The sentence under the cursor, if any."""
        if self.highlighted is None or self.highlighted >= len(self.sentences):
            return None
        return self.sentences[self.highlighted]
