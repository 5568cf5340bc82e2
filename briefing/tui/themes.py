"""Reader themes: YAML files turned into Textual themes with entity colours.

Built-in themes ship inside the package (``briefing/_themes`` in a wheel; ``<repo>/themes`` in a
source checkout). Users add ``*.yaml`` files to ``<config dir>/themes`` (see
:func:`briefing.paths.config_dir`). A theme file looks like::

    name: my-theme          # required: lowercase letters, digits and dashes
    dark: true              # optional (default true)
    primary: "#5DA9E9"      # required; any Textual base colour may follow:
    background: "#15181D"   # secondary accent warning error success foreground surface panel boost
    entities:               # optional; missing types get colour-blind-safe defaults
      person: "#56B4E9"     # person org gpe loc norp date time money percent number
    variables:              # optional raw Textual theme variables
      footer-key-foreground: "#E69F00"

A file that cannot be read or is invalid is reported (one line per file) and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from textual.color import Color, ColorParseError
from textual.theme import Theme

from briefing.paths import config_dir
from briefing.tui.labels import BY_LABEL, default_variables

DEFAULT_THEME = "briefing-dark"
"""The theme used when none is chosen or the chosen one is unavailable."""

BUILTIN_ORDER = ("briefing-dark", "briefing-light", "briefing-high-contrast")

_BASE_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_NUMBERS = ("luminosity_spread", "text_alpha")
_KNOWN = {"name", "dark", "entities", "variables", "author", "description", *_BASE_COLOURS}
_KNOWN |= set(_NUMBERS)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_MAX_BYTES = 64_000
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when available (several times faster), else PyYAML's."""


class ThemeError(ValueError):
    """A theme file is unreadable or invalid (the message names the file and the problem)."""


@dataclass
class ThemeLoadResult:
    """Themes that loaded and one-line reasons for files that did not."""

    themes: list[Theme] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def extend(self, other: ThemeLoadResult) -> None:
        """Add another result's themes and errors to this one."""
        self.themes.extend(other.themes)
        self.errors.extend(other.errors)


def _colour(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ThemeError(f"{where}: expected a colour string, got {type(value).__name__}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeError(f"{where}: {value!r} is not a colour") from None
    return value


def parse_theme(data: object, source: str = "<theme>") -> Theme:
    """Validate parsed YAML ``data`` and build a Textual theme (raises :class:`ThemeError`)."""
    if not isinstance(data, dict):
        raise ThemeError(f"{source}: a theme file must be a mapping of keys to values")
    unknown = sorted(str(key) for key in data if key not in _KNOWN)
    if unknown:
        raise ThemeError(f"{source}: unknown key {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeError(f"{source}: 'name' must be lowercase letters, digits and dashes")
    if "primary" not in data:
        raise ThemeError(f"{source}: 'primary' colour is required")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"{source}: 'dark' must be true or false")
    kwargs: dict[str, Any] = {
        key: _colour(data[key], f"{source}: {key}") for key in _BASE_COLOURS if key in data
    }
    for key in _NUMBERS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ThemeError(f"{source}: {key} must be a number")
            kwargs[key] = float(value)
    variables = default_variables(dark)
    entities = data.get("entities") or {}
    if not isinstance(entities, dict):
        raise ThemeError(f"{source}: 'entities' must map entity types to colours")
    for key, value in entities.items():
        info = BY_LABEL.get(str(key).upper())
        if info is None:
            raise ThemeError(f"{source}: unknown entity type {key!r}")
        variables[info.variable] = _colour(value, f"{source}: entities.{key}")
    extra = data.get("variables") or {}
    if not isinstance(extra, dict):
        raise ThemeError(f"{source}: 'variables' must be a mapping")
    for key, value in extra.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ThemeError(f"{source}: variables must map names to strings")
        variables[key] = value
    return Theme(name=name, dark=dark, variables=variables, **kwargs)


def _load(source: Traversable | Path, label: str) -> Theme:
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ThemeError(f"{label}: cannot read ({error.strerror or error})") from None
    if len(raw) > _MAX_BYTES:
        raise ThemeError(f"{label}: file is too large for a theme")
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)  # a safe loader
    except UnicodeDecodeError:
        raise ThemeError(f"{label}: not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{label}:{mark.line + 1}" if mark is not None else label
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ThemeError(f"{where}: {problem}") from None
    return parse_theme(data, label)


def load_theme_file(path: Path) -> Theme:
    """Load one theme file (raises :class:`ThemeError`)."""
    return _load(path, str(path))


def _load_all(entries: Iterable[tuple[Traversable | Path, str]]) -> ThemeLoadResult:
    result = ThemeLoadResult()
    for entry, label in entries:
        try:
            result.themes.append(_load(entry, label))
        except ThemeError as error:
            result.errors.append(str(error))
    return result


def builtin_theme_dir() -> Traversable | Path:
    """Where the built-in theme files are: in the package, else the source checkout."""
    packaged = files("briefing") / "_themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "themes"


def _yaml_entries(folder: Traversable | Path) -> list[Traversable | Path]:
    if not folder.is_dir():
        return []
    entries = [e for e in folder.iterdir() if e.name.endswith((".yaml", ".yml")) and e.is_file()]
    return sorted(entries, key=lambda entry: entry.name)


def load_builtin_themes() -> ThemeLoadResult:
    """The themes that ship with briefing, in :data:`BUILTIN_ORDER` first."""
    folder = builtin_theme_dir()
    result = _load_all((entry, f"built-in theme {entry.name}") for entry in _yaml_entries(folder))
    rank = {name: index for index, name in enumerate(BUILTIN_ORDER)}
    result.themes.sort(key=lambda theme: (rank.get(theme.name, len(rank)), theme.name))
    return result


def user_theme_dir() -> Path:
    """The folder users put their own theme files in."""
    return config_dir() / "themes"


def load_user_themes(folder: Path | None = None) -> ThemeLoadResult:
    """Every ``*.yaml``/``*.yml`` theme in ``folder`` (default :func:`user_theme_dir`)."""
    folder = folder if folder is not None else user_theme_dir()
    try:
        entries = _yaml_entries(folder)
    except OSError as error:
        return ThemeLoadResult(errors=[f"{folder}: cannot list themes ({error.strerror})"])
    return _load_all((entry, str(entry)) for entry in entries)


def load_all_themes(user_folder: Path | None = None) -> ThemeLoadResult:
    """Built-in themes followed by the user's (a user theme may replace a built-in by name)."""
    result = load_builtin_themes()
    result.extend(load_user_themes(user_folder))
    return result
