"""Diagrams in lesson text: ``figure:`` images from checked SVG files with alt text, caption and a
long description; a figure without alt text, or an unsafe drawing, is refused."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from education.figures import FigureError, read_figures
from education.loading import CONTENT_DIR
from education.rendering import markdown_to_plain, render_markdown

SAFE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect class="fig-paper" width="10" height="10"/></svg>'
)


def write_figure(folder: Path, svg=SAFE_SVG, **entry):
    values = {
        "slug": "demo",
        "alt": "A square.",
        "caption": "A caption.",
        "description": "A long description.",
    }
    values.update(entry)
    lines = ["[[figure]]", *(f'{key} = "{value}"' for key, value in values.items() if value is not None)]
    (folder / "figures.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "figures").mkdir(exist_ok=True)
    (folder / "figures" / f"{values['slug']}.svg").write_text(svg, encoding="utf-8")


def test_the_content_folders_figures_all_read_with_their_texts():
    figures = read_figures()
    assert {"bone-renewal", "balance-tipped", "spongy-bone", "sample-week"} <= set(figures)
    for figure in figures.values():
        assert figure.alt and figure.caption and figure.description
        assert figure.svg.startswith("<svg")


@pytest.mark.parametrize("missing", ["alt", "description", "caption"])
def test_a_figure_without_alt_text_or_description_is_refused(tmp_path, missing):
    write_figure(tmp_path, **{missing: None})
    with pytest.raises(FigureError, match=f"'{missing}' is missing"):
        read_figures(tmp_path)


def test_a_figure_with_empty_alt_text_is_refused(tmp_path):
    write_figure(tmp_path, alt="   ")
    with pytest.raises(FigureError, match="'alt' is missing or empty"):
        read_figures(tmp_path)


@pytest.mark.parametrize(
    "svg",
    [
        '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>',
        '<svg viewBox="0 0 1 1" onload="alert(1)"></svg>',
        '<svg viewBox="0 0 1 1"><rect style="fill:red"/></svg>',
        '<svg viewBox="0 0 1 1"><style>rect{}</style></svg>',
        '<svg viewBox="0 0 1 1"><image href="https://evil.example/x.png"/></svg>',
        '<svg viewBox="0 0 1 1"><rect fill="url(https://evil.example/#x)"/></svg>',
        "<div>not a drawing</div>",
    ],
)
def test_a_drawing_that_could_run_style_or_load_anything_is_refused(tmp_path, svg):
    write_figure(tmp_path, svg=svg)
    with pytest.raises(FigureError):
        read_figures(tmp_path)


def test_a_figure_line_renders_the_drawing_caption_and_a_long_description():
    html = render_markdown("Before.\n\n![Bone renewal](figure:bone-renewal)\n\nAfter.")
    figure = read_figures()["bone-renewal"]
    assert '<figure class="lesson-figure" id="figure-bone-renewal">' in html
    assert 'role="img" aria-labelledby="figure-bone-renewal-alt"' in html
    assert f'<title id="figure-bone-renewal-alt">{figure.alt}</title>' in html
    assert f'<figcaption class="lesson-figure__caption">{figure.caption}</figcaption>' in html
    assert (
        '<details class="lesson-figure__description"><summary>Describe this picture in words</summary>'
        in html
    )
    assert "<script" not in html and "style=" not in html


def test_an_unknown_figure_or_an_image_inside_a_sentence_shows_nothing():
    html = render_markdown("![x](figure:no-such-figure)\n\nText ![x](figure:bone-renewal) more.")
    assert "<figure" not in html and "<img" not in html and "<svg" not in html
    assert "Text" in html and "more." in html


def test_diagrams_are_not_counted_as_words():
    assert markdown_to_plain("One.\n\n![Bone renewal](figure:bone-renewal)\n\nTwo.").split() == [
        "One.",
        "Two.",
    ]


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


@pytest.mark.django_db
def test_load_series_refuses_a_lesson_showing_a_figure_that_is_not_described(content):
    lesson = next((content / "lessons").glob("01-*.md"))
    lesson.write_text(lesson.read_text().replace("figure:bone-renewal", "figure:not-described"))
    with pytest.raises(CommandError, match="figures missing from figures.toml: not-described"):
        call_command("load_series", "--content-dir", str(content), stdout=StringIO())


@pytest.mark.django_db
def test_load_series_refuses_content_whose_figure_lacks_alt_text(content):
    toml = content / "figures.toml"
    toml.write_text(
        toml.read_text().replace('alt = "Diagram: clearing cells', 'caption2 = "Diagram: clearing cells', 1)
    )
    with pytest.raises(CommandError, match="'alt' is missing"):
        call_command("load_series", "--content-dir", str(content), stdout=StringIO())
