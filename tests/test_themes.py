"""Theme files: the built-in ones, validation, user themes, packaging and colour safety."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from textual.color import Color

from briefing.tui.labels import BY_LABEL, DEFAULT_COLOURS, LABEL_INFO
from briefing.tui.themes import (
    BUILTIN_ORDER,
    ThemeError,
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
