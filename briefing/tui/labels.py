"""Entity types as the reader shows them: toggle key, non-colour tag, name and theme variable."""

from __future__ import annotations

from typing import NamedTuple


class LabelInfo(NamedTuple):
    """How one entity type is shown."""

    label: str
    key: str
    """The number key that toggles this type."""
    tag: str
    """A one-cell superscript letter written after each mention (the non-colour cue)."""
    name: str
    """A short name for the legend."""
    style: str
    """Extra text style besides the colour (a second non-colour cue)."""
    description: str = ""
    """What the type covers (for the help screen)."""

    @property
    def variable(self) -> str:
        """The theme variable that holds this type's colour."""
        return f"entity-{self.label.lower()}"


LABEL_INFO: tuple[LabelInfo, ...] = (
    LabelInfo("PERSON", "1", "ᵖ", "person", "bold", "people"),
    LabelInfo("ORG", "2", "ᵒ", "org", "bold", "organisations, companies, agencies"),
    LabelInfo("GPE", "3", "ᵍ", "geo", "italic", "countries, cities, states"),
    LabelInfo("LOC", "4", "ˡ", "place", "italic", "other places: regions, seas, mountains"),
    LabelInfo("NORP", "5", "ⁿ", "group", "italic", "nationalities, religious and political groups"),
    LabelInfo("DATE", "6", "ᵈ", "date", "underline", "dates and periods"),
    LabelInfo("TIME", "7", "ᵗ", "time", "underline", "times of day"),
    LabelInfo("MONEY", "8", "ᵐ", "money", "", "amounts of money"),
    LabelInfo("PERCENT", "9", "ʳ", "rate", "", "percentages"),
    LabelInfo("NUMBER", "0", "ᶜ", "count", "", "other numbers"),
)
BY_LABEL: dict[str, LabelInfo] = {info.label: info for info in LABEL_INFO}
BY_KEY: dict[str, LabelInfo] = {info.key: info for info in LABEL_INFO}

#: Colour-blind-safe defaults (Okabe-Ito based) used when a theme has no entity colours.
DEFAULT_COLOURS: dict[bool, dict[str, str]] = {
    True: {  # dark backgrounds
        "PERSON": "#648FFF",
        "ORG": "#F07E3A",
        "GPE": "#5FD3A8",
        "LOC": "#F0E442",
        "NORP": "#CC79A7",
        "DATE": "#C7A0F0",
        "TIME": "#DDC8F5",
        "MONEY": "#B7C99A",
        "PERCENT": "#C9B59A",
        "NUMBER": "#A7B0BC",
    },
    False: {  # light backgrounds
        "PERSON": "#0072B2",
        "ORG": "#7F3B08",
        "GPE": "#117733",
        "LOC": "#332288",
        "NORP": "#A8467F",
        "DATE": "#762A83",
        "TIME": "#8A4FA0",
        "MONEY": "#4F6B2E",
        "PERCENT": "#6B5A3A",
        "NUMBER": "#55606E",
    },
}


def label_info(label: str) -> LabelInfo:
    """The display info for ``label`` (unknown labels are shown as NUMBER-like plain spans)."""
    return BY_LABEL.get(label) or LabelInfo(label, "", "·", label.lower(), "")


def default_variables(dark: bool) -> dict[str, str]:
    """Theme variable defaults for every entity type."""
    return {BY_LABEL[label].variable: colour for label, colour in DEFAULT_COLOURS[dark].items()}
