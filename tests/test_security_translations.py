"""Hostile translations are text: they print verbatim and make WeasyPrint fetch nothing.

A translator's msgstr (or a tool that writes one) may hold HTML, CSS, Jinja syntax, bidi
controls or zero-width characters. The briefing must show them as the characters they are, and
the only files WeasyPrint may read are the project's own templates.
"""

from __future__ import annotations

import builtins
import io
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pikepdf
import pytest

from publish import render
from publish.pipeline import build
from publish.po import reader, writer
from publish.project import Project
from tests.conftest import DOC, ROOT, copy_project, run_publish

HOSTILE = [
    "<script>alert('pwned')</script>",
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/hostname">',
    "<style>@import url(http://127.0.0.1:9/evil.css);</style>",
    '<p style="background: url(http://127.0.0.1:9/track.png)">styled</p>',
    "{{ 7*7 }} {% if true %}jinja-block{% endif %} {# hidden #}",
    "\u202eevil-override\u202c and \u2067isolate\u2069",
    "zero\u200bwidth\u200cjoin\u200dmark\u2060word",
]
HOSTILE_TITLE = '</title><meta name="author" content="forged">{{ 7*7 }}'
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The English and Chinese briefings, built from catalogues whose first paragraphs (and the
    English headline) are hostile."""
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    for locale in ("en", "zh_CN"):
        path = root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"
        po = reader.load(path)
        paragraphs = [e for e in po if "type: paragraph" in e.comment and not e.obsolete]
        for entry, text in zip(paragraphs, HOSTILE, strict=False):
            entry.msgstr = text
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        if locale == "en":
            (headline,) = [e for e in po if "type: headline" in e.comment and not e.obsolete]
            headline.msgstr = HOSTILE_TITLE
        path.write_text(writer.dumps(po), encoding="utf-8")

    fetchers = []
    constructed = []
    base_fetches = []
    original_factory = render.pdf.template_only_fetcher

    def counting_factory(templates):
        fetcher = original_factory(templates)
        fetchers.append(fetcher)
        return fetcher

    import weasyprint
    from weasyprint.urls import URLFetcher

    original_html, original_css, original_fetch = weasyprint.HTML, weasyprint.CSS, URLFetcher.fetch

    def recording(cls):
        def make(*args, **kwargs):
            constructed.append((cls.__name__, kwargs.get("url_fetcher")))
            return cls(*args, **kwargs)

        return make

    def base_fetch(self, url, headers=None):
        base_fetches.append(url)
        return original_fetch(self, url, headers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render.pdf, "template_only_fetcher", counting_factory)
        patch.setattr(weasyprint, "HTML", recording(original_html))
        patch.setattr(weasyprint, "CSS", recording(original_css))
        patch.setattr(URLFetcher, "fetch", base_fetch)
        targets = [root / "build" / f"{DOC}-{locale}.pdf" for locale in ("en", "zh_CN")]
        build(Project(root), [str(t) for t in targets], root / "build")
    return root, targets, fetchers, constructed, base_fetches


@pytest.mark.parametrize("which", [0, 1], ids=["en", "zh_CN"])
def test_hostile_text_appears_verbatim(hostile_build, which):
    target = hostile_build[1][which]
    text = squeeze(INVISIBLE.sub("", pdf_text(target)))
    for hostile in HOSTILE:
        if "\u202e" not in hostile:
            assert squeeze(INVISIBLE.sub("", hostile)) in text, hostile


@pytest.mark.parametrize("which", [0, 1], ids=["en", "zh_CN"])
def test_jinja_syntax_is_not_evaluated(hostile_build, which):
    target = hostile_build[1][which]
    text = pdf_text(target)
    assert "{{ 7*7 }}" in text and "{% if true %}jinja-block{% endif %}" in text
    assert "{# hidden #}" in text
    # Neither the article nor its catalogues contain 49: only an evaluated {{ 7*7 }} could.
    assert "49" not in text


def test_a_hostile_headline_is_the_literal_pdf_title(hostile_build):
    target = hostile_build[1][0]
    with pikepdf.open(target) as pdf:
        assert str(pdf.docinfo["/Title"]) == HOSTILE_TITLE
        assert str(pdf.docinfo["/Author"]) != "forged"
    assert squeeze(HOSTILE_TITLE) in squeeze(pdf_text(target))


@pytest.mark.parametrize("which", [0, 1], ids=["en", "zh_CN"])
def test_bidi_and_zero_width_characters_are_typeset_as_unicode_says(hostile_build, which):
    """The controls are characters, not markup: Pango applies them, so an override shows
    reversed on the page (which is why ``publish check`` reports bidi controls)."""
    target = hostile_build[1][which]
    text = pdf_text(target)
    assert "edirrevo-live and isolate" in text
    assert squeeze(INVISIBLE.sub("", "zero\u200bwidth\u200cjoin\u200dmark\u2060word")) in squeeze(
        INVISIBLE.sub("", text)
    )


@pytest.mark.parametrize("which", [0, 1], ids=["en", "zh_CN"])
def test_the_pdf_embeds_no_file_and_no_image(hostile_build, which):
    target = hostile_build[1][which]
    with pikepdf.open(target) as pdf:
        assert len(pdf.attachments) == 0
        for page in pdf.pages:
            assert not page.get_images()
        kinds = {
            str(obj.get("/Type")) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
        }
        assert not kinds & {"/EmbeddedFile", "/Filespec", "/XObject"}


def test_the_only_fetches_are_template_files(hostile_build):
    root, _, fetchers, _, base_fetches = hostile_build
    templates = (root / "templates").resolve().as_uri() + "/"
    assert fetchers, "write_pdf did not use template_only_fetcher"
    fetched = [url for f in fetchers for url in f.fetched]
    refused = [url for f in fetchers for url in f.refused]
    assert fetched, "the stylesheet link was not fetched through the counting fetcher"
    assert all(url.startswith(templates) for url in fetched), fetched
    assert refused == []
    assert base_fetches == fetched, "something fetched without the template-only fetcher"


def test_every_html_and_css_gets_the_template_only_fetcher(hostile_build):
    _, _, fetchers, constructed, _ = hostile_build
    assert {kind for kind, _ in constructed} >= {"HTML"}
    for kind, fetcher in constructed:
        assert fetcher is not None and any(fetcher is f for f in fetchers), kind


# --- the fetcher on its own, as if markup had got through ------------------------------


@pytest.fixture
def fetcher(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "escape.css").symlink_to("/etc/hostname")
    os.mkfifo(templates / "pipe.css")
    return templates, render.pdf.template_only_fetcher(templates)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file:///dev/urandom",
        "file:///dev/zero",
        "http://127.0.0.1:9/evil.css",
        "https://example.invalid/x.png",
        "ftp://127.0.0.1/x",
        "data:text/css;base64,Ym9keXtjb2xvcjpyZWR9",
        "file://otherhost/etc/passwd",
    ],
)
def test_the_fetcher_refuses_what_is_not_a_template(fetcher, monkeypatch, url):
    _, f = fetcher

    def forbidden(*args, **kwargs):
        raise AssertionError(f"a refused URL was opened: {args[:1]}")

    # Refused before anything is opened: no file (/dev/zero would never end), no connection.
    with monkeypatch.context() as patch:
        for module in (builtins, io, os):
            patch.setattr(module, "open", forbidden)
        patch.setattr(socket, "socket", forbidden)
        with pytest.raises(ValueError, match="refused"):
            f.fetch(url)
    assert f.refused == [url] and f.fetched == []


def test_the_fetcher_refuses_escapes_from_the_templates_folder(fetcher):
    templates, f = fetcher
    for url in [
        (templates / "escape.css").as_uri(),
        (templates / "pipe.css").as_uri(),
        templates.as_uri() + "/../../../../etc/passwd",
        templates.as_uri() + "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        templates.as_uri(),
    ]:
        with pytest.raises(ValueError, match="refused"):
            f.fetch(url)
    assert len(f.refused) == 5 and f.fetched == []


def test_the_fetcher_serves_template_files(fetcher):
    templates, f = fetcher
    url = (templates / "briefing.css").as_uri()
    response = f.fetch(url)
    try:
        body = response.read() if hasattr(response, "read") else response.body.read()
    finally:
        response.close()
    assert body == (templates / "briefing.css").read_bytes()
    assert f.fetched == [url] and f.refused == []


def test_injected_markup_rendered_with_the_fetcher_reads_nothing(fetcher, tmp_path):
    """Defence in depth: even raw hostile HTML given to WeasyPrint fetches nothing outside."""
    from weasyprint import HTML

    templates, f = fetcher
    html = (
        '<html><head><link rel="stylesheet" href="briefing.css">'
        '<link rel="attachment" href="file:///etc/hostname">'
        "<style>@import url(file:///etc/passwd); p { background: url(data:image/png;base64,AA==) }"
        "</style></head><body><p>x</p>"
        '<img src="file:///etc/passwd"><img src="file:///dev/urandom">'
        '<a rel="attachment" href="escape.css">a</a></body></html>'
    )
    target = tmp_path / "injected.pdf"
    HTML(string=html, base_url=templates.as_uri() + "/", url_fetcher=f).write_pdf(target)
    assert f.fetched == [(templates / "briefing.css").as_uri()]
    assert set(f.refused) >= {
        "file:///etc/hostname",
        "file:///etc/passwd",
        "file:///dev/urandom",
        (templates / "escape.css").as_uri(),
    }
    with pikepdf.open(target) as pdf:
        assert len(pdf.attachments) == 0


def test_check_reports_the_invisible_characters(hostile_build):
    """Rendering keeps them; ``publish check`` is where a reviewer learns of them."""
    root = hostile_build[0]
    result = run_publish("-C", str(root), "check", "--locale", "zh_CN")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    flagged = [line for line in out.splitlines() if "[invisible-characters]" in line]
    assert len(flagged) >= 2, out
