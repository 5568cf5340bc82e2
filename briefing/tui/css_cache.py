"""The reader's parsed CSS, kept between runs, so a start parses no stylesheet text.

Textual parses every CSS source (reader.tcss, its own and our widgets' default CSS) on each
start: about 8 ms, the largest single part of the reader's first frame after imports. The
parsed rules are saved in ``<data dir>/css-cache.pickle`` after a start that parsed any, keyed
as Textual keys its own parse cache (each source's exact text, where it came from, its scope
and priority) plus the theme's variables, Python's version and the stamps of Textual's CSS
code. A start whose theme and sources match puts them in the stylesheet's parse cache, where
Textual looks first; a changed source or theme is parsed as usual.

The file is read with an unpickler that builds only Textual's CSS model classes (a fixed
list), members of its enums and ``functools.partial`` of its selector checks: no other global
can come out of it, so a tampered file cannot run code. A missing, stale, corrupt or
unwritable cache only costs the parse: nothing is said.
"""

from __future__ import annotations

import enum
import functools
import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from textual.css.stylesheet import Stylesheet

from briefing.paths import data_dir

CACHE_NAME = "css-cache.pickle"
FORMAT = 1
MAX_BYTES = 2_000_000
"""A larger file is neither read nor written (the reader's CSS pickles to about 40 kB)."""

_ALLOWED: dict[tuple[str, str], Any] = {}
"""``(module, name)`` -> object: what the unpickler may build (filled on first use)."""


def _allowed() -> dict[tuple[str, str], Any]:
    if not _ALLOWED:
        from textual.color import Color
        from textual.css import model, scalar, styles
        from textual.css.transition import Transition
        from textual.geometry import Offset, Size, Spacing
        from textual.layouts.grid import GridLayout
        from textual.layouts.horizontal import HorizontalLayout
        from textual.layouts.stream import StreamLayout
        from textual.layouts.vertical import VerticalLayout

        for item in (  # plain values: none runs code when it is built
            Color,
            model.CombinatorType,
            model.RuleSet,
            model.Selector,
            model.SelectorSet,
            model.SelectorType,
            model._check_class,
            model._check_id,
            model._check_type,
            model._check_universal,
            scalar.Scalar,
            scalar.ScalarOffset,
            scalar.Unit,
            styles.Styles,
            Transition,
            Offset,
            Size,
            Spacing,
            GridLayout,
            HorizontalLayout,
            StreamLayout,
            VerticalLayout,
        ):
            _ALLOWED[(item.__module__, item.__qualname__)] = item
        _ALLOWED[("functools", "partial")] = functools.partial
        _ALLOWED[("builtins", "getattr")] = _safe_getattr
    return _ALLOWED


def _safe_getattr(obj: Any, name: str) -> Any:
    """``getattr`` as pickle uses it here: members of allowed enums, and the ``get`` and
    ``__contains__`` of a plain dict (Textual's styles keep them as attributes). Nothing else."""
    if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj in _allowed().values():
        member = obj.__members__.get(name)
        if member is not None:
            return member
    if type(obj) is dict and name in ("get", "__contains__"):
        return getattr(obj, name)
    raise pickle.UnpicklingError(f"css cache asks for {type(obj).__name__}.{name}")


class _CssUnpickler(pickle.Unpickler):
    """Builds only the classes and functions in :func:`_allowed`."""

    def find_class(self, module: str, name: str) -> Any:
        found = _allowed().get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"css cache refers to {module}.{name}")
        return found


def cache_path() -> Path:
    """Where the cache lives (in :func:`briefing.paths.data_dir`)."""
    return data_dir() / CACHE_NAME


def _code_stamp() -> list[object]:
    """Python's version and the stamps of the Textual code that shapes parsed CSS."""
    import textual.css.model as model

    folder = Path(model.__file__).parent
    stamp: list[object] = [sys.version, FORMAT]
    for name in ("model.py", "parse.py", "styles.py", "tokenize.py", "scalar.py", "types.py"):
        try:
            st = os.stat(folder / name)
        except OSError:
            stamp.append(None)
            continue
        stamp.append((name, st.st_mtime_ns, st.st_size))
    return stamp


def _header(stylesheet: Stylesheet) -> tuple[object, ...]:
    return (_code_stamp(), sorted(stylesheet._variables.items()))


def load_into(stylesheet: Stylesheet, path: Path | None = None) -> frozenset[tuple[Any, ...]]:
    """Put the cached parses that match ``stylesheet``'s variables into its parse cache.

    Call it before the first parse (after the theme's variables are set). Returns the keys
    it put there (empty when there is no usable cache).
    """
    try:
        with open(path or cache_path(), "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return frozenset()
        header, entries = _CssUnpickler(io.BytesIO(data)).load()
        if header != _header(stylesheet):
            return frozenset()
        loaded = []
        for key, rules in entries:
            if not isinstance(key, tuple) or not isinstance(rules, list):
                return frozenset()
            loaded.append((key, rules))
    except Exception:  # any problem with the file means "no cache"
        return frozenset()
    cache = stylesheet._parse_cache
    for key, rules in loaded:
        cache[key] = rules
    return frozenset(key for key, _rules in loaded)


def save_from(
    stylesheet: Stylesheet, loaded: frozenset[tuple[Any, ...]], path: Path | None = None
) -> bool:
    """Save ``stylesheet``'s parses if any was not loaded from the cache; ``False`` (and
    nothing said) if there was nothing new or it cannot be written."""
    cache = stylesheet._parse_cache
    keys = list(cache.keys())
    if not keys or all(key in loaded for key in keys):
        return False
    entries = [(key, cache.get(key)) for key in keys]
    try:
        data = pickle.dumps((_header(stylesheet), entries), protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > MAX_BYTES:
            return False
        _CssUnpickler(io.BytesIO(data)).load()  # only write what a later start can read
        from briefing.atomic import atomic_write

        target = path or cache_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    except Exception:  # the cache only ever saves time
        return False
    return True
