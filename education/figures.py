"""Diagrams for lesson text: SVG files kept with the content, described in figures.toml.

Lesson Markdown places a diagram on a line of its own with the ``figure:`` scheme, like the
``term:`` links: ``![Bone renewal](figure:bone-renewal)``. The words in the brackets are for
someone reading the file; what the page shows comes from one place, the figure's entry in
``content/figures.toml``:

- ``slug``: the name used after ``figure:``; the drawing is ``content/figures/<slug>.svg``;
- ``alt``: a short text alternative (one sentence), read out in place of the picture;
- ``caption``: shown under the picture;
- ``description``: a longer description in words, in a "Describe this picture" panel.

The SVG files come from the repository, never from an editor's text, and are checked when
they are read: no scripts, no styles, no event handlers, no links, nothing loaded from
elsewhere (so they are safe under the site's Content Security Policy). Their colours come
from classes that lesson.css sets, so high-contrast modes and printing can restyle them.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

FIGURES_DIR = Path(__file__).resolve().parent / "content"
FIGURE_LINK_RE = re.compile(r"!\[[^\]\n]*\]\(figure:([a-z0-9]+(?:-[a-z0-9]+)*)\)")
# What an SVG file must not contain: it could run, style or load something.
_FORBIDDEN_SVG = re.compile(
    r"<\s*(script|style|foreignObject|image|use|a|iframe)\b|\son[a-z]+\s*=|\sstyle\s*=|href\s*=|url\s*\(",
    re.IGNORECASE,
)


class FigureError(Exception):
    """A figure entry or file that cannot be used; the message names it and the problem."""


@dataclass(frozen=True)
class Figure:
    slug: str
    alt: str
    caption: str
    description: str
    svg: str

    def html(self) -> str:
        """The figure as page markup: the drawing (named by its short text), its caption, and its
        long description in a panel that opens by keyboard and is open when printed."""
        slug = escape(self.slug)
        svg = re.sub(
            r"^<svg\b",
            f'<svg role="img" aria-labelledby="figure-{slug}-alt" focusable="false"',
            self.svg,
            count=1,
        )
        svg = svg.replace(">", f'><title id="figure-{slug}-alt">{escape(self.alt)}</title>', 1)
        return (
            f'<figure class="lesson-figure" id="figure-{slug}">'
            f'<div class="lesson-figure__drawing">{svg}</div>'
            f'<figcaption class="lesson-figure__caption">{escape(self.caption)}</figcaption>'
            f'<details class="lesson-figure__description"><summary>Describe this picture in words</summary>'
            f"<p>{escape(self.description)}</p></details></figure>"
        )


def figure_slugs_in(text: str) -> list[str]:
    """The figure slugs a piece of Markdown shows, in order."""
    return FIGURE_LINK_RE.findall(text or "")


def read_figures(content_dir: Path = FIGURES_DIR) -> dict[str, Figure]:
    """Every figure described in ``figures.toml``, checked; raises FigureError naming the first
    problem (a missing alt text or description, a missing or unsafe SVG file)."""
    path = content_dir / "figures.toml"
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FigureError(f"figures.toml: not valid TOML ({exc}).") from None
    figures = {}
    for n, entry in enumerate(data.get("figure", []), start=1):
        where = f"figures.toml figure {n}"
        values = {}
        for key in ("slug", "alt", "caption", "description"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise FigureError(f"{where}: '{key}' is missing or empty (every figure needs it).")
            values[key] = " ".join(value.split())
        slug = values["slug"]
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            raise FigureError(f"{where}: the slug {slug!r} must be lowercase words joined by hyphens.")
        if slug in figures:
            raise FigureError(f"{where}: two figures share the slug {slug!r}.")
        svg_path = content_dir / "figures" / f"{slug}.svg"
        try:
            svg = svg_path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise FigureError(f"{where}: the drawing figures/{slug}.svg is missing.") from None
        svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
        if not svg.startswith("<svg") or 'viewBox="' not in svg[: svg.find(">")]:
            raise FigureError(f"figures/{slug}.svg: must start with an <svg> element that has a viewBox.")
        if _FORBIDDEN_SVG.search(svg):
            raise FigureError(
                f"figures/{slug}.svg: scripts, styles, event handlers, links and images are not allowed."
            )
        figures[slug] = Figure(svg=svg, **values)
    return figures


@cache
def known_figures() -> dict[str, Figure]:
    """The figures of the content folder, read once per process."""
    return read_figures()
