"""The parsed-CSS cache: used when it matches, ignored otherwise, never a way to run code."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import pytest

from briefing.tui import css_cache
from tests.test_tui_first_frame import first_frame
from tests.test_tui_helpers import build_app


async def run_once(theme: str | None = None) -> tuple[frozenset[tuple[object, ...]], str]:
    """Start the reader once: the parses it took from the cache and its screen."""
    app = build_app(theme=theme)
    # notifications and tooltips on, as in a terminal: their widgets bring CSS of their own
    async with app.run_test(size=(100, 30), notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        return app._css_cached, app.export_screenshot()


async def test_a_second_start_takes_its_css_from_the_cache_and_looks_the_same() -> None:
    assert not css_cache.cache_path().exists()
    loaded, first = await run_once()
    assert not loaded
    assert css_cache.cache_path().is_file()  # written after the first frame
    loaded, second = await run_once()
    assert len(loaded) >= 5  # reader.tcss and the widgets' default CSS
    assert any(str(key[1][0]).endswith("reader.tcss") for key in loaded)
    assert second == first


async def test_the_first_frame_from_the_cache_is_the_parsed_one() -> None:
    parsed = await first_frame((120, 36))
    assert css_cache.cache_path().is_file()
    cached = await first_frame((120, 36))
    assert cached == parsed


async def test_another_theme_does_not_use_the_cached_parse() -> None:
    await run_once("briefing-dark")
    loaded, light = await run_once("briefing-light")
    assert not loaded  # other variables: parsed afresh (and the cache rewritten for it)
    loaded, again = await run_once("briefing-light")
    assert loaded and again == light


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps(("header", "entries")), b"\x80\x05" + b"\x00" * 50],
)
async def test_a_damaged_cache_is_ignored(content: bytes) -> None:
    _, expected = await run_once()
    css_cache.cache_path().write_bytes(content)
    loaded, shown = await run_once()
    assert not loaded
    assert shown == expected


class _Payload:
    """Unpickles as ``os.system("touch <marker>")``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


class _DictMethod:
    """Unpickles as ``getattr({}, "clear")``: a dict method the cache never needs."""

    def __reduce__(self) -> tuple[object, ...]:
        return (getattr, ({}, "clear"))


async def test_a_tampered_cache_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = css_cache.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(_Payload(marker)))
    loaded, _ = await run_once()
    assert not loaded
    assert not marker.exists()
    path.write_bytes(pickle.dumps(_DictMethod()))  # only get and __contains__ are looked up
    loaded, _ = await run_once()
    assert not loaded


def test_unpickler_refuses_globals_it_does_not_know() -> None:
    for data in (
        pickle.dumps(os.system),
        pickle.dumps(Path("x")),
        pickle.dumps(eval),
    ):
        with pytest.raises(pickle.UnpicklingError):
            css_cache._CssUnpickler(io.BytesIO(data)).load()
    with pytest.raises(pickle.UnpicklingError):
        css_cache._safe_getattr({}, "clear")
    with pytest.raises(pickle.UnpicklingError):
        css_cache._safe_getattr(os, "system")


async def test_an_unwritable_data_folder_only_costs_the_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(blocked / "data"))  # cannot be created
    loaded, _ = await run_once()
    assert not loaded
    assert not (blocked / "data").exists()
