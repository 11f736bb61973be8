"""Web pages: read by lxml, or by BeautifulSoup where lxml cannot read a page as it is; the two give
the same text and metadata (tests/cases/html_pages.yaml, and the passages as whole pages)."""

from __future__ import annotations

import pytest
import yaml

from etl import html
from tests.conftest import CASES, web_pages

PAGES = yaml.safe_load((CASES / "html_pages.yaml").read_text(encoding="utf-8"))


def soup(markup: str) -> tuple[str, dict[str, str]]:
    """html_to_text() by BeautifulSoup alone."""
    text, meta = html._with_soup(markup)
    return html.LINE_BREAK_RUN.sub("\n", html.SPACE_RUN.sub(" ", text)).strip(), meta


@pytest.mark.parametrize("markup", PAGES["same"])
def test_both_readers_give_the_same_text_and_metadata(markup):
    assert html._with_lxml(markup) is not None  # read by lxml, not handed over
    assert html.html_to_text(markup) == soup(markup)


@pytest.mark.parametrize("case", PAGES["differ"], ids=lambda case: case["why"][:40])
def test_where_the_readers_differ(case):
    assert html.html_to_text(case["markup"])[0] == case["lxml"]
    assert soup(case["markup"])[0] == case["soup"]


def test_whole_pages_read_alike(raw_dir, tmp_path):
    pages = sorted(web_pages(raw_dir, tmp_path / "pages").glob("*.html"))
    assert len(pages) == 30
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        text, meta = html.html_to_text(markup)
        assert (text, meta) == soup(markup) and meta["published"] and "Section 39: 24 stories\n" in text


@pytest.mark.parametrize(
    ("markup", "why"),
    [
        ("<?xml version='1.0' encoding='utf-8'?><html><body><p>Russia launched 40 drones.</p></body>", "encoding"),
        ("<div>" * 3000 + "<p>Russia launched 40 drones.</p>" + "</div>" * 3000, "depth"),
        ("   ", "empty"),
    ],
)
def test_a_page_lxml_cannot_read_as_it_is_is_read_by_beautifulsoup(markup, why):
    assert html._with_lxml(markup) is None, why
    assert html.html_to_text(markup) == soup(markup)
    assert ("40 drones" in html.html_to_text(markup)[0]) == (why != "empty")
