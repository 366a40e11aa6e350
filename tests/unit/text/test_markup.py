"""Text from data in generated Markdown (rendered by nbconvert's own Markdown filter, as in the reports)."""

from __future__ import annotations

import html.parser

from hypothesis import given, settings
from hypothesis import strategies as st
from nbconvert.filters.markdown import markdown2html

from index071lib.text.markup import md_code, md_text

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[klik](javascript:alert(1))",
           "![x](javascript:alert(1))", "<http://x.nl>", "http://x.nl", "&lt;b&gt; &amp;", "*vet* _schuin_ `code`",
           "# kop", "1. lijst", "- lijst", "---", "> citaat", "| a | b |", "~~weg~~", "$x^2$", "a\\", "{{ x }} {% y %}",
           "regel\n\n<b>nieuw blok</b>", "=HYPERLINK(1)", "\\*", "[a]: http://x"]


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def rendered(markdown: str) -> _Elements:
    parser = _Elements()
    parser.feed(markdown2html(markdown))
    return parser


def assert_literal(text: str) -> None:
    page = rendered(md_text(text))
    assert [t for t, _ in page.tags] in ([], ["p"]), (text, markdown2html(md_text(text)))
    assert " ".join("".join(page.text).split()) == " ".join(text.split())


def test_hostile_strings_are_shown_as_written():
    for text in HOSTILE:
        assert_literal(text)


def test_as_a_list_item_and_in_bold():
    for text in HOSTILE:
        page = rendered(f"- {md_text(text)}\n- **{md_text(text)}**")
        assert [t for t, _ in page.tags] == ["ul", "li", "li", "strong"], text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Co", "Cn"])
               | st.sampled_from(list("<>&[]()!*_`#-+=|~$\\:.{}\"' \n")), max_size=60))
def test_any_text_is_shown_as_written(text):
    assert_literal(text)


def test_code_span_holds_any_file_name():
    for name in ["a.yml", "a`b.yml", "`a`", "a``b"]:
        page = rendered(f"bestand {md_code(name)}")
        assert [t for t, _ in page.tags] == ["p", "code"]
        assert "".join(page.text).strip() == f"bestand {name}"
