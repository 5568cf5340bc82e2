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

:func:`load_all_themes` (the reader's start) keeps what it parsed in a small cache
(:mod:`briefing.tui.theme_cache`), so a start where no theme file changed neither imports
PyYAML nor parses YAML; it gives the same themes and the same error lines.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from briefing.paths import config_dir
from briefing.tui import labels, theme_cache
from briefing.tui.labels import BY_LABEL, default_variables

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

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
_OTHER_FIELDS = ("name", "dark", "variables")
"""The :class:`Theme` fields a theme file sets besides colours and numbers."""
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_MAX_BYTES = 64_000


class ThemeError(ValueError):
    """A theme file is unreadable or invalid (the message names the file and the problem)."""


class _ReadError(ThemeError):
    """The file could not be read (perhaps for a passing reason: such outcomes are not cached)."""


_Outcome = Theme | ThemeError
"""What became of one theme file."""


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
    return Theme(**_theme_fields(data, source))


def _theme_fields(data: object, source: str) -> dict[str, Any]:
    """The :class:`Theme` keyword arguments for parsed YAML ``data`` (plain JSON values)."""
    if not isinstance(data, dict):
        raise ThemeError(f"{source}: a theme file must be a mapping of keys to values")
    unknown = sorted(str(key) for key in data if key not in _KNOWN)
    if unknown:
        raise ThemeError(f"{source}: unknown key {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
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
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not 0 <= value <= 1
            ):
                raise ThemeError(f"{source}: {key} must be a number from 0 to 1")
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
        variables[key] = _variable(key, value, source)
    return {"name": name, "dark": dark, "variables": variables, **kwargs}


_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")
_VARIABLE_VALUE = re.compile(r"[^;{}$\\\x00-\x1f\x7f]{1,100}")


def _variable(name: str, value: str, source: str) -> str:
    """A Textual theme variable's value, checked the way the stylesheet will read it.

    Textual pastes variables into its CSS, so a bad value would stop the reader when the
    theme is applied: a ``*-style`` variable must be a text style, any other a colour.
    """
    if not _VARIABLE_NAME.fullmatch(name):
        raise ThemeError(f"{source}: variables: {name!r} is not a variable name")
    where = f"{source}: variables.{name}"
    kind, prop = ("text style", "text-style") if name.endswith("-style") else ("colour", "color")
    if not _VARIABLE_VALUE.fullmatch(value):
        raise ThemeError(f"{where}: {value!r} is not a {kind}")
    from textual.css.styles import Styles

    try:
        Styles.parse(f"{prop}: {value};", (where, ""))
    except Exception:  # any complaint of the CSS parser means "not valid"
        raise ThemeError(f"{where}: {value!r} is not a {kind}") from None
    return value


def _load_fields(source: Traversable | Path, label: str) -> dict[str, Any]:
    """Read, parse and validate one theme file into :class:`Theme` keyword arguments."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise _ReadError(f"{label}: cannot read ({error.strerror or error})") from None
    if len(raw) > _MAX_BYTES:
        raise ThemeError(f"{label}: file is too large for a theme")
    import yaml  # here, not at the top: a start with an up-to-date cache never needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when available (faster)
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=loader)  # a safe loader
    except UnicodeDecodeError:
        raise ThemeError(f"{label}: not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{label}:{mark.line + 1}" if mark is not None else label
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ThemeError(f"{where}: {problem}") from None
    return _theme_fields(data, label)


def _load(source: Traversable | Path, label: str) -> Theme:
    return Theme(**_load_fields(source, label))


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
    packaged = Path(__file__).parents[1] / "_themes"  # briefing/_themes, as a wheel installs it
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "themes"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files  # a package not on a plain file system (zipped)

    resource = files("briefing") / "_themes"
    return resource if resource.is_dir() else checkout


def _yaml_entries(folder: Traversable | Path) -> list[Traversable | Path]:
    if not folder.is_dir():
        return []
    entries = [e for e in folder.iterdir() if e.name.endswith((".yaml", ".yml")) and e.is_file()]
    return sorted(entries, key=lambda entry: entry.name)


def load_builtin_themes() -> ThemeLoadResult:
    """The themes that ship with briefing, in :data:`BUILTIN_ORDER` first."""
    folder = builtin_theme_dir()
    result = _load_all((entry, _builtin_label(entry.name)) for entry in _yaml_entries(folder))
    _sort_builtin(result)
    return result


def _builtin_label(name: str) -> str:
    return f"built-in theme {name}"


def _sort_builtin(result: ThemeLoadResult) -> None:
    rank = {name: index for index, name in enumerate(BUILTIN_ORDER)}
    result.themes.sort(key=lambda theme: (rank.get(theme.name, len(rank)), theme.name))


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
    """Built-in themes followed by the user's (a user theme may replace a built-in by name).

    Uses the theme cache when every theme file is as it was last time (see
    :mod:`briefing.tui.theme_cache`) and refreshes it otherwise; the result is the same.
    """
    user = user_folder if user_folder is not None else user_theme_dir()
    cached = _load_all_cached(builtin_theme_dir(), user)
    if cached is not None:
        return cached
    result = load_builtin_themes()
    result.extend(load_user_themes(user))
    return result


def _code_files() -> list[str | None]:
    """The modules whose code shapes a cached theme: a change to one invalidates the cache."""
    return [__file__, theme_cache.__file__, labels.__file__, sys.modules[Color.__module__].__file__]


def _load_all_cached(builtin: Traversable | Path, user: Path) -> ThemeLoadResult | None:
    """:func:`load_all_themes` through the cache; ``None`` if the folders cannot be scanned."""
    if not isinstance(builtin, Path):
        return None  # e.g. a zipped package: no stamps to check
    try:
        code = [theme_cache.stamp(path) for path in _code_files() if path is not None]
        folders = [(builtin, theme_cache.scan(builtin)), (user, theme_cache.scan(user))]
    except (OSError, TypeError, ValueError):
        return None  # plain loading gives the usual outcome (e.g. "cannot list themes")
    key = theme_cache.make_key(code, folders)
    labelled = [
        [(builtin / name, _builtin_label(name)) for name, _stamp in folders[0][1]],
        [(user / name, str(user / name)) for name, _stamp in folders[1][1]],
    ]
    count = len(labelled[0]) + len(labelled[1])
    outcomes = _from_plain(theme_cache.read(key), count)
    if outcomes is None:
        outcomes = [_outcome(path, label) for group in labelled for path, label in group]
        if not any(isinstance(outcome, _ReadError) for outcome in outcomes):
            theme_cache.write(key, [_to_plain(outcome) for outcome in outcomes])
    split = len(labelled[0])
    result = _result(outcomes[:split])
    _sort_builtin(result)
    result.extend(_result(outcomes[split:]))
    return result


def _outcome(path: Path, label: str) -> _Outcome:
    try:
        return _load(path, label)
    except ThemeError as error:
        return error


def _result(outcomes: Iterable[_Outcome]) -> ThemeLoadResult:
    result = ThemeLoadResult()
    for outcome in outcomes:
        if isinstance(outcome, Theme):
            result.themes.append(outcome)
        else:
            result.errors.append(str(outcome))
    return result


def _to_plain(outcome: _Outcome) -> theme_cache.Outcome:
    if isinstance(outcome, ThemeError):
        return {"error": str(outcome)}
    fields: dict[str, Any] = {"name": outcome.name, "dark": outcome.dark}
    fields["variables"] = dict(outcome.variables)
    for key in (*_BASE_COLOURS, *_NUMBERS):
        value = getattr(outcome, key)
        if key in _BASE_COLOURS and value is None:
            continue
        fields[key] = value
    return {"theme": fields}


def _from_plain(plain: list[theme_cache.Outcome] | None, count: int) -> list[_Outcome] | None:
    """Cached outcomes as themes and errors, or ``None`` if they are not exactly as written."""
    if plain is None or len(plain) != count:
        return None
    outcomes: list[_Outcome] = []
    for item in plain:
        if not isinstance(item, dict) or len(item) != 1:
            return None
        if isinstance(item.get("error"), str):
            outcomes.append(ThemeError(item["error"]))
            continue
        fields = item.get("theme")
        if not _plain_fields_ok(fields):
            return None
        outcomes.append(Theme(**fields))
    return outcomes


def _plain_fields_ok(fields: object) -> bool:
    if not isinstance(fields, dict) or not isinstance(fields.get("name"), str):
        return False
    if not isinstance(fields.get("dark"), bool) or not isinstance(fields.get("primary"), str):
        return False
    variables = fields.get("variables")
    if not isinstance(variables, dict):
        return False
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in variables.items()):
        return False
    for key, value in fields.items():
        if key in _BASE_COLOURS and not isinstance(value, str):
            return False
        if key in _NUMBERS and type(value) is not float:
            return False
        if key not in _BASE_COLOURS and key not in _NUMBERS and key not in _OTHER_FIELDS:
            return False
    return True
