"""Theme files: the built-in ones, validation, user themes, packaging and colour safety."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import Theme

from briefing.tui import theme_cache
from briefing.tui import themes as themes_module
from briefing.tui.labels import BY_LABEL, DEFAULT_COLOURS, LABEL_INFO
from briefing.tui.themes import (
    BUILTIN_ORDER,
    ThemeError,
    ThemeLoadResult,
    builtin_theme_dir,
    load_all_themes,
    load_builtin_themes,
    load_theme_file,
    load_user_themes,
    parse_theme,
    user_theme_dir,
)

REPO = Path(__file__).resolve().parent.parent
MAIN_TYPES = ("person", "org", "gpe", "loc", "norp", "date")


# -- the built-in themes ------------------------------------------------------------------


def test_builtin_themes_load_without_errors():
    result = load_builtin_themes()
    assert result.errors == []
    names = [theme.name for theme in result.themes]
    assert names[:3] == list(BUILTIN_ORDER)
    dark = {theme.name: theme.dark for theme in result.themes}
    assert dark["briefing-dark"] and not dark["briefing-light"]


def test_every_builtin_theme_sets_every_entity_colour_explicitly():
    import yaml

    for path in sorted(Path(builtin_theme_dir()).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data["entities"]) == {info.label.lower() for info in LABEL_INFO}, path.name


def test_label_table_follows_the_core_labels():
    from briefing.models import LABELS

    assert tuple(BY_LABEL) == LABELS
    assert len({info.key for info in LABEL_INFO}) == len(LABEL_INFO)
    assert len({info.tag for info in LABEL_INFO}) == len(LABEL_INFO)


def _linear(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    c = Color.parse(colour)
    return 0.2126 * _linear(c.r) + 0.7152 * _linear(c.g) + 0.0722 * _linear(c.b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", load_builtin_themes().themes, ids=lambda t: t.name)
def test_entity_colours_are_readable_on_the_theme(theme):
    floor = 7.0 if "high-contrast" in theme.name else 4.5  # WCAG AAA / AA for body text
    for info in LABEL_INFO:
        colour = theme.variables[info.variable]
        for ground in filter(None, (theme.background, theme.surface)):
            assert contrast(colour, ground) >= floor, (theme.name, info.label, ground)


# Machado, Oliveira & Fernandes (2009) colour-vision-deficiency matrices, severity 1.0.
CVD = {
    "protan": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deutan": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritan": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _lab(colour: str, vision: str | None) -> tuple[float, float, float]:
    c = Color.parse(colour)
    rgb = [_linear(c.r), _linear(c.g), _linear(c.b)]
    if vision:
        m = CVD[vision]
        rgb = [min(1.0, max(0.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3)]
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


@pytest.mark.parametrize("theme", load_builtin_themes().themes, ids=lambda t: t.name)
@pytest.mark.parametrize("vision", [None, "protan", "deutan", "tritan"])
def test_main_entity_colours_stay_distinct_for_colour_blind_readers(theme, vision):
    """The six common types differ by at least 10 ΔE (CIE76) under each simulated vision."""
    labs = {name: _lab(theme.variables[f"entity-{name}"], vision) for name in MAIN_TYPES}
    for a, b in itertools.combinations(MAIN_TYPES, 2):
        distance = sum((p - q) ** 2 for p, q in zip(labs[a], labs[b])) ** 0.5
        assert distance >= 10, (theme.name, vision, a, b, round(distance, 1))


def test_default_entity_colours_match_the_builtin_themes():
    themes = {theme.name: theme for theme in load_builtin_themes().themes}
    for dark, name in ((True, "briefing-dark"), (False, "briefing-light")):
        for label, colour in DEFAULT_COLOURS[dark].items():
            assert themes[name].variables[BY_LABEL[label].variable] == colour


# -- validation -----------------------------------------------------------------------------


def test_parse_theme_maps_entities_and_fills_missing_ones():
    theme = parse_theme(
        {"name": "mine", "primary": "#123456", "dark": False, "entities": {"person": "red"}}
    )
    assert theme.variables["entity-person"] == "red"
    assert theme.variables["entity-org"] == DEFAULT_COLOURS[False]["ORG"]
    assert theme.dark is False


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([1, 2], "must be a mapping"),
        ({"primary": "#fff"}, "'name' must be"),
        ({"name": "Bad Name", "primary": "#fff"}, "'name' must be"),
        ({"name": "x"}, "'primary' colour is required"),
        ({"name": "x", "primary": "not-a-colour"}, "'not-a-colour' is not a colour"),
        ({"name": "x", "primary": 12}, "expected a colour string"),
        ({"name": "x", "primary": "#fff", "colour": "#fff"}, "unknown key 'colour'"),
        ({"name": "x", "primary": "#fff", "entities": {"people": "#fff"}}, "unknown entity"),
        ({"name": "x", "primary": "#fff", "entities": {"person": "nope"}}, "entities.person"),
        ({"name": "x", "primary": "#fff", "entities": ["person"]}, "'entities' must map"),
        ({"name": "x", "primary": "#fff", "dark": "yes"}, "'dark' must be true or false"),
        ({"name": "x", "primary": "#fff", "text_alpha": "high"}, "text_alpha must be a number"),
        ({"name": "x", "primary": "#fff", "variables": {"a": 1}}, "variables must map"),
    ],
)
def test_parse_theme_rejects_bad_data_with_one_clear_line(data, problem):
    with pytest.raises(ThemeError) as info:
        parse_theme(data, "t.yaml")
    message = str(info.value)
    assert problem in message
    assert message.startswith("t.yaml: ")
    assert "\n" not in message


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nprimary: [unclosed\n", encoding="utf-8")
    with pytest.raises(ThemeError, match=r"broken\.yaml:\d+: "):
        load_theme_file(path)


def test_yaml_tags_are_not_executed(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['true']\nprimary: '#fff'\n")
    with pytest.raises(ThemeError):
        load_theme_file(path)


# -- user themes ----------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_theme_dir_follows_the_config_env(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "cfg"))
    assert user_theme_dir() == tmp_path / "cfg" / "themes"


def test_user_themes_load_and_bad_files_are_reported(tmp_path):
    folder = tmp_path / "themes"
    write(folder, "good.yaml", "name: solar\nprimary: '#b58900'\nentities: {person: '#268bd2'}\n")
    write(folder, "bad.yml", "name: broken\nprimary: '#zzzzzz'\n")
    write(folder, "notes.txt", "not a theme")
    result = load_user_themes(folder)
    assert [theme.name for theme in result.themes] == ["solar"]
    assert len(result.errors) == 1
    assert "bad.yml" in result.errors[0] and "not a colour" in result.errors[0]


def test_missing_user_folder_is_fine(tmp_path):
    result = load_user_themes(tmp_path / "nowhere")
    assert result.themes == [] and result.errors == []


def test_all_themes_are_builtin_first_then_user(tmp_path):
    write(tmp_path, "a.yaml", "name: aardvark\nprimary: '#000080'\n")
    names = [theme.name for theme in load_all_themes(tmp_path).themes]
    assert names == [*BUILTIN_ORDER, "aardvark"]


# -- packaging ------------------------------------------------------------------------------


def test_builtin_themes_are_found_in_a_source_checkout():
    assert Path(str(builtin_theme_dir())).resolve() == (REPO / "themes").resolve()


def test_the_wheel_ships_the_themes_and_finds_them_when_installed(tmp_path):
    builders = pytest.importorskip("hatchling.builders.wheel", reason="hatchling not installed")
    wheel = next(iter(builders.WheelBuilder(str(REPO)).build(directory=str(tmp_path))))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    for path in sorted((REPO / "themes").glob("*.yaml")):
        assert f"briefing/_themes/{path.name}" in names
    assert "briefing/tui/reader.tcss" in names
    assert "briefing/tui/screens.tcss" in names
    script = (
        "from briefing.tui.themes import builtin_theme_dir, load_builtin_themes;"
        "r = load_builtin_themes(); print(builtin_theme_dir()); print(len(r.themes), r.errors)"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(tmp_path / "site")) and out[0].endswith("_themes")
    assert out[1] == f"{len(list((REPO / 'themes').glob('*.yaml')))} []"


# -- number and variable checks (a bad value would stop the reader when applied) -----------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"text_alpha": 2}, "text_alpha must be a number from 0 to 1"),
        ({"luminosity_spread": -0.5}, "luminosity_spread must be a number from 0 to 1"),
        ({"text_alpha": float("nan")}, "text_alpha must be a number from 0 to 1"),
        ({"text_alpha": 10**400}, "text_alpha must be a number from 0 to 1"),
        ({"variables": {"footer-key-foreground": "nope"}}, "'nope' is not a colour"),
        ({"variables": {"footer-key-foreground": "#fff; color: red"}}, "is not a colour"),
        ({"variables": {"entity-person": "}{"}}, "is not a colour"),
        ({"variables": {"panel": "$primary"}}, "is not a colour"),
        ({"variables": {"a": "red\n"}}, "is not a colour"),
        ({"variables": {"a": ""}}, "is not a colour"),
        ({"variables": {"link-style": "blinking"}}, "'blinking' is not a text style"),
        ({"variables": {"bad name": "red"}}, "'bad name' is not a variable name"),
        ({"name": "x\n"}, "'name' must be"),
    ],
)
def test_numbers_and_variables_are_checked(data, problem):
    with pytest.raises(ThemeError) as info:
        parse_theme({"name": "x", "primary": "#fff", **data}, "t.yaml")
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_good_variables_and_numbers_are_kept():
    variables = {
        "footer-key-foreground": "#E69F00",
        "text": "auto 90%",
        "link-style": "bold not underline",
        "link-background": "initial",
        "block-cursor-background": "rgb(10, 20, 30)",
    }
    theme = parse_theme(
        {"name": "x", "primary": "#fff", "text_alpha": 1, "variables": variables}, "t.yaml"
    )
    assert {key: theme.variables[key] for key in variables} == variables
    assert theme.text_alpha == 1.0 and isinstance(theme.text_alpha, float)


# -- the theme cache ----------------------------------------------------------------------


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The theme cache file; files count as settled at once (no 2 s wait after writing them)."""
    monkeypatch.setattr(theme_cache, "RACY_NS", 0)
    return theme_cache.cache_path()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The labels of the theme files parsed from now on."""
    seen: list[str] = []
    original = themes_module._load_fields

    def counting(source, label):
        seen.append(label)
        return original(source, label)

    monkeypatch.setattr(themes_module, "_load_fields", counting)
    return seen


def plain_load(folder: Path) -> ThemeLoadResult:
    """What loading without any cache gives."""
    result = load_builtin_themes()
    result.extend(load_user_themes(folder))
    return result


def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "user-themes"
    write(folder, "good.yaml", "name: solar\nprimary: '#b58900'\nentities: {person: '#268bd2'}\n")
    write(folder, "more.yml", "name: ink\ndark: false\nprimary: '#000080'\ntext_alpha: 0.9\n")
    write(folder, "bad.yaml", "name: broken\nprimary: '#zzzzzz'\n")
    write(folder, "worse.yaml", "name: [\n")
    write(folder, "notes.txt", "not a theme")
    return folder


def test_a_second_load_comes_from_the_cache_and_is_the_same(tmp_path, cache, parses):
    folder = user_folder(tmp_path)
    first = load_all_themes(folder)
    assert cache.is_file()
    assert len(parses) == 7  # three built-in files and four user files
    assert first == plain_load(folder)
    assert [t.name for t in first.themes] == [*BUILTIN_ORDER, "solar", "ink"]  # by file name
    assert len(first.errors) == 2
    parses.clear()
    second = load_all_themes(folder)
    assert parses == []
    assert second == first  # the same themes (every field) and the same error lines
    assert [type(t) for t in second.themes] == [Theme] * 5


@pytest.mark.parametrize("change", ["edit", "edit-same-size", "add", "remove", "replace"])
def test_a_changed_theme_folder_is_parsed_again(tmp_path, cache, parses, change):
    folder = user_folder(tmp_path)
    load_all_themes(folder)
    good = folder / "good.yaml"
    if change == "edit":
        good.write_text("name: solar\nprimary: '#112233'\n", encoding="utf-8")
    elif change == "edit-same-size":
        text = good.read_text(encoding="utf-8")
        stat = good.stat()
        good.write_text(text.replace("#b58900", "#c58900"), encoding="utf-8")
        os.utime(good, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    elif change == "add":
        write(folder, "new.yaml", "name: fresh\nprimary: '#00aa00'\n")
    elif change == "remove":
        (folder / "bad.yaml").unlink()
    else:  # another file under the same name, same size and times
        stat = good.stat()
        other = folder / "other.tmp"
        other.write_text(good.read_text(encoding="utf-8").replace("b5", "c5"), encoding="utf-8")
        os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        other.replace(good)
    parses.clear()
    result = load_all_themes(folder)
    assert parses  # parsed, not taken from the stale cache
    assert result == plain_load(folder)
    parses.clear()
    assert load_all_themes(folder) == result and parses == []  # and cached again


def test_a_built_in_theme_change_or_another_user_folder_is_noticed(
    tmp_path, cache, parses, monkeypatch
):
    builtin = tmp_path / "builtin"
    shutil.copytree(Path(str(builtin_theme_dir())), builtin)
    monkeypatch.setattr(themes_module, "builtin_theme_dir", lambda: builtin)
    folder = user_folder(tmp_path)
    load_all_themes(folder)
    parses.clear()
    other = tmp_path / "elsewhere"
    write(other, "a.yaml", "name: aardvark\nprimary: '#000080'\n")
    assert [t.name for t in load_all_themes(other).themes] == [*BUILTIN_ORDER, "aardvark"]
    assert parses
    parses.clear()
    dark = builtin / "briefing-dark.yaml"
    dark.write_text(dark.read_text(encoding="utf-8").replace("#15181D", "#101010"))
    result = load_all_themes(other)
    assert len(parses) == 4  # a miss parses every file again
    assert result.themes[0].background == "#101010"


def test_a_change_to_the_code_that_shapes_themes_is_noticed(tmp_path, cache, parses, monkeypatch):
    code = tmp_path / "code.py"
    code.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(themes_module, "_code_files", lambda: [str(code)])
    load_all_themes(tmp_path / "none")
    parses.clear()
    load_all_themes(tmp_path / "none")
    assert parses == []
    code.write_text("x = 22\n", encoding="utf-8")
    load_all_themes(tmp_path / "none")
    assert len(parses) == 3


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\xff\xfe not json",
        b'{"key": ',
        b"[1, 2, 3]",
        b"[" * 100_000,
        b'{"key": {}, "outcomes": []}',
        "same key, outcomes not a list",
        "same key, one outcome short",
        "same key, a colour is a number",
        "same key, an unknown field",
        "same key, an outcome with two answers",
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(tmp_path, cache, parses, damage):
    folder = user_folder(tmp_path)
    expected = load_all_themes(folder)
    good = cache.read_bytes()
    data = json.loads(good)
    if isinstance(damage, bytes):
        raw = damage
    else:
        outcomes = data["outcomes"]
        if damage.endswith("not a list"):
            data["outcomes"] = {"0": outcomes[0]}
        elif damage.endswith("short"):
            outcomes.pop()
        elif damage.endswith("a number"):
            outcomes[0]["theme"]["primary"] = 12
        elif damage.endswith("unknown field"):
            outcomes[0]["theme"]["ansi"] = True
        else:
            outcomes[0]["error"] = "x"
        raw = json.dumps(data).encode()
    cache.write_bytes(raw)
    parses.clear()
    assert load_all_themes(folder) == expected
    assert len(parses) == 7
    assert cache.read_bytes() == good  # written afresh
    parses.clear()
    assert load_all_themes(folder) == expected and parses == []


def test_an_unwritable_data_folder_only_costs_speed(tmp_path, monkeypatch, cache, parses):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(blocker / "data"))  # cannot be made
    folder = user_folder(tmp_path)
    assert load_all_themes(folder) == plain_load(folder)
    parses.clear()
    assert load_all_themes(folder) == plain_load(folder)
    assert len(parses) == 7 * 2  # no cache: parsed every time, and nothing raised


def test_recently_changed_files_are_not_cached(tmp_path, parses):
    """A file written a moment ago may change again within its timestamp's granularity."""
    folder = user_folder(tmp_path)  # just written
    load_all_themes(folder)
    assert not theme_cache.cache_path().exists()
    past = theme_cache.RACY_NS // 1_000_000_000 + 5
    for path in folder.iterdir():
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - past * 1_000_000_000))
    load_all_themes(folder)
    assert theme_cache.cache_path().exists()


def test_an_unreadable_file_is_reported_but_not_cached(tmp_path, cache, monkeypatch):
    folder = user_folder(tmp_path)
    original = themes_module._load_fields

    def flaky(source, label):
        if label.endswith("good.yaml"):
            raise themes_module._ReadError(f"{label}: cannot read (Input/output error)")
        return original(source, label)

    monkeypatch.setattr(themes_module, "_load_fields", flaky)
    result = load_all_themes(folder)
    assert any("good.yaml: cannot read" in line for line in result.errors)
    assert not cache.exists()
    monkeypatch.setattr(themes_module, "_load_fields", original)
    assert "solar" in [t.name for t in load_all_themes(folder).themes]


def test_an_unlistable_user_folder_is_reported_as_before(tmp_path, cache):
    folder = tmp_path / "themes.yaml"
    folder.write_text("a file, not a folder", encoding="utf-8")
    assert load_all_themes(folder) == plain_load(folder)


def test_a_fresh_process_with_a_current_cache_needs_no_yaml(tmp_path):
    """``import briefing.tui.themes`` never imports PyYAML; a warm start does not either."""
    script = (
        "import sys\n"
        "import briefing.tui.themes as themes, briefing.tui.theme_cache as cache\n"
        "assert 'yaml' not in sys.modules, 'imported by briefing.tui.themes'\n"
        "cache.RACY_NS = 0\n"
        "result = themes.load_all_themes()\n"
        "print(len(result.themes), len(result.errors), 'yaml' in sys.modules)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "BRIEFING_DATA_DIR": str(tmp_path / "data"),
        "BRIEFING_CONFIG_DIR": str(tmp_path / "config"),
    }
    write(tmp_path / "config" / "themes", "bad.yaml", "name: x\nprimary: nope\n")

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert run() == "3 1 True"  # cold: parsed (and cached)
    assert run() == "3 1 False"  # warm: the same from the cache, without PyYAML


def test_an_oversized_cache_is_neither_read_nor_written(tmp_path, cache, parses, monkeypatch):
    folder = user_folder(tmp_path)
    expected = load_all_themes(folder)
    size = cache.stat().st_size
    monkeypatch.setattr(theme_cache, "MAX_BYTES", size - 1)
    parses.clear()
    assert load_all_themes(folder) == expected
    assert len(parses) == 7
    cache.unlink()
    assert load_all_themes(folder) == expected
    assert not cache.exists()
