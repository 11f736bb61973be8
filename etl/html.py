"""A web page's visible text, one block a line, and the metadata its head declares.

Read by lxml (libxml2's HTML parser, in C: a 110 kB news page in 3.6 ms against 38 ms for
BeautifulSoup's tree over the standard library's parser, which was most of the cost of a page);
a page lxml cannot read as it is (an encoding declaration in the text, nesting past libxml2's
depth limit of 2,048, where it stops building the tree) is read by BeautifulSoup, as before. The
two give the same text and metadata (tests/etl/test_html.py); they differ on some broken markup
(text after </html>, which lxml drops; markup inside a <textarea>, which lxml keeps as text).
"""

from __future__ import annotations

import lxml.etree
import lxml.html
import regex
from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

SPACE_RUN = regex.compile(r"[ \t\r\f\v]+")
LINE_BREAK_RUN = regex.compile(r" *\n[ \n]*")

BLOCK_TAGS = [
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
]
BLOCKS = frozenset(BLOCK_TAGS)


# what a page's head may declare, each under the names tried in turn (<meta property>, then name)
META_NAMES = {
    "published": ("article:published_time", "datePublished", "date", "pubdate"),
    "url": ("og:url",),
    "outlet": ("og:site_name",),
    "title": ("og:title",),
}
HIDDEN = ("script", "style", "noscript", "template")


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible text of a page, one block a line, and the metadata its head declares."""
    read = _with_lxml(html)
    if read is None:
        read = _with_soup(html)
    text, meta = read
    text = SPACE_RUN.sub(" ", text)
    text = LINE_BREAK_RUN.sub("\n", text)
    return text.strip(), meta


def _declared(first: dict[tuple[str, str], str | None], title: str | None) -> dict[str, str]:
    """The metadata from the content of the first <meta> of each (attribute, value) — a property's
    before a name's, even with no content — and the page's <title>. A publication timestamp is kept
    whole: its offset says which day it is in Kyiv (documents._publication_date)."""
    meta: dict[str, str] = {}
    for key, names in META_NAMES.items():
        for name in names:
            content = first.get(("property", name), first.get(("name", name)))
            if content and content.strip():
                meta[key] = content.strip()
                break
    if "title" not in meta and title:
        meta["title"] = title.strip()
    return meta


def _with_lxml(html: str) -> tuple[str, dict[str, str]] | None:
    """The page's text (before spaces are tidied) and metadata; None where lxml cannot read it as
    it is. A parser per page: lxml's parsers are not to be shared between threads (Dask's)."""
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None  # no element at all ("Document is empty"), or an encoding declaration in a str
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return None  # nested past its depth limit: the tree stops there
    first: dict[tuple[str, str], str | None] = {}
    for tag in root.iter("meta"):
        for attribute in ("property", "name"):
            value = tag.get(attribute)
            if value is not None:
                first.setdefault((attribute, value), tag.get("content"))
    title = root.find(".//title")
    parts: list[str] = []
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element.tag in HIDDEN:
                walker.skip_subtree()
                continue
            if element.tag in BLOCKS:
                parts.append("\n")
            if element.text and isinstance(element.tag, str):
                parts.append(element.text)
        else:
            if element.tag in BLOCKS:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
    return "".join(parts), _declared(first, title.text if title is not None else None)


def _with_soup(html: str) -> tuple[str, dict[str, str]]:
    """The same, by BeautifulSoup over the standard library's parser: any markup at all."""
    soup = BeautifulSoup(html, "html.parser")
    first: dict[tuple[str, str], str | None] = {}
    for tag in soup.find_all("meta"):
        for attribute in ("property", "name"):
            value = tag.get(attribute)
            if isinstance(value, str):
                content = tag.get("content")
                first.setdefault((attribute, value), content if isinstance(content, str) else None)
    title = soup.title.string if soup.title else None
    for tag in soup(list(HIDDEN)):
        tag.decompose()
    return _block_text(soup), _declared(first, title)


def _block_text(soup: BeautifulSoup) -> str:
    """The strings get_text() gives, with a line break before and after each block tag, in one
    walk: inserting the breaks into the tree costs the page's depth per tag (16,000 nested divs
    took 22 s)."""
    types = soup.interesting_string_types or soup.MAIN_CONTENT_STRING_TYPES
    wanted = (types,) if isinstance(types, type) else tuple(types)
    blocks = set(BLOCK_TAGS)
    parts: list[str] = []
    stack: list[tuple[PageElement, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            parts.append("\n")
        elif isinstance(node, Tag):
            if node.name in blocks and node is not soup:
                parts.append("\n")
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and type(node) in wanted:
            parts.append(str(node))
    return "".join(parts)
