"""Markdown to safe HTML for lesson text, run once when content is saved, never per request.

Two additions to plain Markdown, both written so a lesson file stays readable as text:

- ``[bone-clearing cells (osteoclasts)](term:osteoclast)`` links the words to the glossary entry
  further down the same page (``#term-osteoclast``); lesson.js turns the link into a button
  that shows the definition in place. A slug with no glossary entry stays plain text.
- ``[2]`` or ``[1, 3]`` cites the lesson's numbered references (``#ref-2``).
- ``![Bone renewal](figure:bone-renewal)`` on a line of its own shows a diagram from the
  content folder (education.figures: drawing, caption and long description).
- A "For the curious" panel, for detail most readers can skip, is a block between a line
  ``::: curious Heading words`` and a line ``:::``; it becomes a ``<details>`` panel.

Whatever an editor types, the output passes through nh3 with a short allow-list: no scripts,
no event handlers, no styles, links only to http(s), mailto or this site, and only the few
classes this module itself writes (an editor's ``position-fixed`` or ``stretched-link`` could
otherwise draw a fake page over the real one). Diagrams are put in after that, from the
repository's own checked SVG files.
"""

import re
import xml.etree.ElementTree as etree
from collections.abc import Container

import markdown
import nh3
from django.utils.html import escape
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from education.figures import known_figures

TERM_LINK_RE = re.compile(r"\]\(term:([a-z0-9]+(?:-[a-z0-9]+)*)\)")
CITATION_RE = r"\[(\d{1,2}(?:,\s*\d{1,2})*)\](?![(\[:])"

# Block and inline elements Markdown produces, nothing that runs, loads or styles anything.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_TAGS |= {"code", "sup", "sub", "span", "abbr", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_TAGS |= {"details", "summary", "figure"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "data-term"},
    "span": {"class"},
    "abbr": {"title"},
    "th": {"scope"},
    "details": {"class"},
    "figure": {"data-figure"},
}
# The only classes lesson HTML may carry, each written by this module; any other class
# (Bootstrap's position-fixed, stretched-link, d-none...) is dropped whatever the editor types.
ALLOWED_CLASSES = {"term-link", "cite", "sr-only", "curious"}
CURIOUS_OPEN_RE = re.compile(r"^::: *curious +(\S.*)$")  # matched against a stripped line
CURIOUS_CLOSE = ":::"
FIGURE_SLOT_RE = re.compile(r'<figure data-figure="([a-z0-9-]+)"></figure>')


def term_slugs_in(text: str) -> set[str]:
    """The glossary slugs a piece of Markdown links to."""
    return set(TERM_LINK_RE.findall(text or ""))


class _CitationProcessor(InlineProcessor):
    """``[1, 3]`` -> ``[<a href="#ref-1">1</a>, <a href="#ref-3">3</a>]``, each link read
    out as "reference 1"."""

    def handleMatch(self, m, data):
        span = etree.Element("span", {"class": "cite"})
        span.text = "["
        numbers = [n.strip() for n in m.group(1).split(",")]
        previous = None
        for number in numbers:
            if previous is not None:
                previous.tail = ", "
            link = etree.SubElement(span, "a", {"href": f"#ref-{number}"})
            hidden = etree.SubElement(link, "span", {"class": "sr-only"})
            hidden.text = "reference "
            hidden.tail = number
            previous = link
        previous.tail = "]"
        return span, m.start(0), m.end(0)


class _LessonTreeprocessor(Treeprocessor):
    """Glossary links point into the page; headings inside a section body sit below the
    section's own h2; a paragraph that is only a ``figure:`` image becomes a slot for the
    diagram (an image anywhere else is dropped)."""

    def __init__(self, md, known_terms):
        super().__init__(md)
        self.known_terms = known_terms

    def run(self, root):
        for el in list(root.iter()):
            if el.tag == "p" and len(el) == 1 and el[0].tag == "img" and not (el.text or "").strip():
                src = el[0].get("src", "")
                if src.startswith("figure:") and not (el[0].tail or "").strip():
                    el.clear()
                    el.tag = "figure"
                    el.set("data-figure", src[len("figure:") :])
                    continue
        for el in root.iter():
            if el.tag in ("h1", "h2"):
                el.tag = "h3"
            if el.tag != "a" or not el.get("href", "").startswith("term:"):
                continue
            slug = el.get("href")[len("term:") :]
            if self.known_terms is not None and slug not in self.known_terms:
                el.tag = "span"
                el.attrib.clear()
                continue
            el.attrib.clear()
            el.set("href", f"#term-{slug}")
            el.set("class", "term-link")
            el.set("data-term", slug)


class _LessonExtension(Extension):
    def __init__(self, known_terms=None, **kwargs):
        self.known_terms = known_terms
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Before the link and reference-link patterns (160, 170), which would eat "[1]".
        md.inlinePatterns.register(_CitationProcessor(CITATION_RE, md), "citation", 175)
        # After the inline patterns (20) have made the <a> elements.
        md.treeprocessors.register(_LessonTreeprocessor(md, self.known_terms), "lesson_links", 15)


def _keep_known_classes(tag, attribute, value):
    if attribute != "class":
        return value
    kept = [name for name in value.split() if name in ALLOWED_CLASSES]
    return " ".join(kept) or None


def _markdown_html(text, known_terms):
    return markdown.markdown(
        text, extensions=["sane_lists", _LessonExtension(known_terms=known_terms)], output_format="html"
    )


def _split_curious(text: str):
    """[(heading or None, markdown)]: the text outside and inside "For the curious" blocks, in
    order. One pass over the lines; a block left open runs to the end of the text."""
    parts, current, heading = [], [], None
    for line in text.splitlines():
        opening = CURIOUS_OPEN_RE.match(line.strip()) if heading is None else None
        if opening:
            parts.append((None, "\n".join(current)))
            current, heading = [], opening.group(1)
        elif heading is not None and line.strip() == CURIOUS_CLOSE:
            parts.append((heading, "\n".join(current)))
            current, heading = [], None
        else:
            current.append(line)
    parts.append((heading, "\n".join(current)))
    return [(h, body) for h, body in parts if body.strip() or h is not None]


def outside_panels(text: str) -> str:
    """The Markdown of ``text`` without its "For the curious" panels: the lesson's core text."""
    return "\n\n".join(body for heading, body in _split_curious(text or "") if heading is None)


def _figure_html(match):
    figure = known_figures().get(match.group(1))
    return figure.html() if figure else ""


def render_markdown(text: str, known_terms: Container[str] | None = None) -> str:
    """Lesson Markdown to sanitised HTML. ``known_terms``: glossary slugs that exist; a
    term link to any other slug is shown as plain words (None: link every term)."""
    if not text or not text.strip():
        return ""
    html = "".join(
        _markdown_html(body, known_terms)
        if heading is None
        else f'<details class="curious"><summary>For the curious: {escape(heading)}</summary>'
        f"{_markdown_html(body, known_terms)}</details>"
        for heading, body in _split_curious(text)
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_known_classes,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return FIGURE_SLOT_RE.sub(_figure_html, clean)


_PLAIN_SUBS = [
    (re.compile(r"^::: *curious +(.*)$", re.MULTILINE), r"### \1"),  # panel headings
    (re.compile(r"^:::\s*$", re.MULTILINE), ""),
    (re.compile(r"^!\[[^\]\n]*\]\(figure:[^)\n]*\)[ \t]*$", re.MULTILINE), ""),  # diagrams are not words
    (re.compile(r"\s*\{#[^}]*\}"), ""),  # heading anchors
    (re.compile(r"!?\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their words
    (re.compile(r"\s*" + CITATION_RE), ""),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"[*_`]+"), ""),
]


def markdown_to_plain(text: str) -> str:
    """Readable sentences from lesson Markdown, for word counts and reading grades.
    Headings and list items without a full stop end with one, so each counts as a
    sentence of its own rather than running into the next."""
    for pattern, replacement in _PLAIN_SUBS:
        text = pattern.sub(replacement, text or "")
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(#{1,6}|[-*+]|\d+\.)\s+", "", line).strip()
        if line and line[-1] not in ".!?:;":
            line += "."
        lines.append(line)
    return "\n".join(lines).strip()
