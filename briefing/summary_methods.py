"""The summary methods by name (apart from the summarizer, so the command line can list them
without importing it)."""

from __future__ import annotations

#: Sumy algorithms by name -> (module, class).
SUMY_CLASSES: dict[str, tuple[str, str]] = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
}
#: Every method name accepted by :func:`briefing.summarize.summarize`.
METHODS: tuple[str, ...] = ("default", "lead", *SUMY_CLASSES)
