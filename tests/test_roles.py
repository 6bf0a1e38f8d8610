"""What the reader editions make of the roles that are not the article's text, and of the roles
the editors give segments: the article's own title under the editors' headline, the credits
and end marks at its end, and a ``role:`` line of the English catalogue.

One scratch article (wire copy with a title line, a lost subheading that survived as a
lower-case paragraph, "Source: Xinhua" and "Enditem") is extracted, corrected and translated in
part through the command line, then built.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from publish.catalogue.roles import RoleLineError, role_override
from publish.model import REPAIR_KINDS, Role
from publish.render.html import reader_note
from publish.render.review import split_notes
from tests.conftest import ROOT, run_publish
from tests.pdfread import pdftotext

DOC = "ferry"
ARTICLE = """\
New ferry links Shekou and Macao in under an hour

SHENZHEN, May 9 (Xinhua) -- A new high-speed ferry route between Shekou port in Shenzhen and the \
Taipa terminal in Macao opened on Monday, cutting the crossing to fifty-five minutes.

The operator said six sailings a day would run in each direction, rising to ten in the summer, \
and that tickets could be bought with either city's transport cards.

students and traders on board

Passengers on the first sailing included students returning to university in Macao and traders \
carrying samples to a trade fair, who said the route saved them a journey through Zhuhai.

Port officials expect about two thousand passengers a day in the first year.

Source: Xinhua

Enditem
"""
METADATA = '[translatable]\nheadline = "Shekou–Macao ferry opens"\n'
SOURCE_TITLE = "New ferry links Shekou and Macao in under an hour"
LOST = "students and traders on board"
SUBHEADING = "Students and traders on board"
EN, ZH, BILINGUAL, REVIEW = (f"{DOC}-{kind}.pdf" for kind in ("en", "zh_CN", "en-zh_CN", "review"))
LABELS = tomllib.loads((ROOT / "templates" / "labels.toml").read_text(encoding="utf-8"))


def squeeze(text: str) -> str:
    """Text without the spaces, line ends and hyphens that typesetting adds or moves."""
    return re.sub(r"[\s\u00ad\u2010]+", "", text)


def bookmarks(path: Path) -> list[str]:
    """Every bookmark title of a PDF, nested ones included."""

    def walk(items: list) -> list[str]:
        return [t for i in items for t in (walk(i) if isinstance(i, list) else [i.title])]

    return walk(PdfReader(str(path)).outline)


def catalogue(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"


def edit(path: Path, changes: dict[str, tuple[str, str]]) -> None:
    """Set msgstr and translator comment of the entries whose msgid is a key."""
    po = polib.pofile(str(path), wrapwidth=79)
    for entry in po:
        if entry.msgid in changes:
            entry.msgstr, entry.tcomment = changes[entry.msgid]
    po.save(str(path))


def scratch_project(root: Path) -> Path:
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "seeds").mkdir()
    (root / "locales").mkdir()
    (root / "seeds" / f"{DOC}.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "seeds" / f"{DOC}.toml").write_text(METADATA, encoding="utf-8")
    shutil.copy2(ROOT / "locales" / "glossary.csv", root / "locales" / "glossary.csv")
    run_publish("-C", str(root), "extract", check=True)
    for locale in ("en", "zh_CN"):
        run_publish("-C", str(root), "init", locale, check=True)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = scratch_project(tmp_path_factory.mktemp("roles"))
    edit(
        catalogue(root, "en"),
        {
            LOST: (
                SUBHEADING,
                "Lost its capital and its place as a heading.\nrole: subheading (reconstructed)",
            ),
            "Source: Xinhua": ("Source: Xinhua", ""),
        },
    )
    run_publish("-C", str(root), "update", check=True)
    edit(
        catalogue(root, "zh_CN"),
        {
            SOURCE_TITLE: ("新渡轮一小时内连接蛇口与澳门", ""),
            LOST: ("船上的学生与商人", ""),
            "Source: Xinhua": ("来源：新华社", ""),
        },
    )
    names = (EN, ZH, BILINGUAL, REVIEW)
    run_publish("-C", str(root), "build", *(f"build/{n}" for n in names), check=True)
    return root, {name: pdftotext(root / "build" / name) for name in names}


def test_every_role_and_repair_kind_has_a_label_in_every_language():
    # English and Simplified Chinese at least; every other table the file has besides.
    assert {"en", "zh_CN"} <= set(LABELS)
    for locale in LABELS:
        roles, kinds = LABELS[locale]["roles"], LABELS[locale]["repair_kinds"]
        assert sorted(str(role) for role in Role if str(role) not in roles) == [], locale
        assert sorted(kind for kind in REPAIR_KINDS if kind not in kinds) == [], locale
        for key in ("source_title", "credits", "reconstructed", "legend_reconstructed"):
            assert LABELS[locale][key], (locale, key)


def test_end_marks_are_not_printed_and_credits_follow_the_article_small(built):
    _, texts = built
    for name in (EN, ZH, BILINGUAL):
        assert "Enditem" not in texts[name], name
    english = texts[EN]
    credits = english.index(LABELS["en"]["credits"])
    assert english.index("Port officials expect") < credits
    assert "Source: Xinhua" in english[credits:]
    assert "Source: Xinhua" not in english[:credits]
    chinese = squeeze(texts[ZH])
    assert squeeze(LABELS["zh_CN"]["credits"]) + "来源：新华社" in chinese


def test_the_articles_own_title_is_printed_marked_under_the_editors_headline(built):
    _, texts = built
    english = squeeze(texts[EN])
    label = squeeze(LABELS["en"]["source_title"])
    assert squeeze("Shekou–Macao ferry opens") in english
    assert label + squeeze(SOURCE_TITLE) in english
    # Under the headline, before the article.
    assert english.index(label) < english.index(squeeze("A new high-speed ferry"))
    chinese = squeeze(texts[ZH])
    assert squeeze(LABELS["zh_CN"]["source_title"]) + "新渡轮一小时内连接蛇口与澳门" in chinese


def test_a_reconstructed_subheading_is_a_marked_bookmarked_heading(built):
    root, texts = built
    for name, locale in ((EN, "en"), (ZH, "zh_CN")):
        text = squeeze(texts[name])
        assert squeeze(LABELS[locale]["legend_reconstructed"]) in text, name
        assert squeeze(LABELS[locale]["reconstructed"]) in text, name
    outline = bookmarks(root / "build" / EN)
    assert SUBHEADING in outline
    assert LOST not in texts[EN]
    # The editors' working note stays with the editors.
    assert "Lost its capital" not in texts[EN]


def test_the_review_edition_shows_the_role_line_and_every_trailer(built):
    _, texts = built
    # Labels are set in capitals there: compare without case.
    review = squeeze(texts[REVIEW]).casefold()

    def shown(text: str) -> bool:
        return squeeze(text).casefold() in review

    assert shown("role: subheading (reconstructed): the reader editions set this segment as")
    assert shown("Paragraph 3 → Subheading (reconstructed), set by the editors")
    assert shown("End mark or credit 1") and shown("End mark or credit 2")
    assert "Enditem" in texts[REVIEW] and "Source: Xinhua" in texts[REVIEW]
    assert shown("The article’s own title")
    # Repairs are named by their labels.
    assert shown(LABELS["en"]["repair_kinds"]["trailer"])
    assert shown(LABELS["en"]["repair_kinds"]["title"])


def test_publish_check_names_a_role_line_it_cannot_apply(tmp_path):
    root = scratch_project(tmp_path)
    edit(
        catalogue(root, "en"),
        {
            "Port officials expect about two thousand passengers a day in the first year.": (
                "",
                "role: headline",
            ),
            LOST: ("", "role: subheading (guessed)"),
        },
    )
    result = run_publish("-C", str(root), "check", str(catalogue(root, "en")))
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if "[roles]" in line]
    assert len(errors) == 2, result.stdout
    lines = catalogue(root, "en").read_text(encoding="utf-8").splitlines()
    for error in errors:
        path, line, rest = error.split(":", 2)
        assert path.endswith(f"locales/en/LC_MESSAGES/{DOC}.po")
        assert lines[int(line) - 1].startswith("msgid "), error
        assert rest.startswith(" error: [roles]")
    assert any("'headline' cannot be given" in error for error in errors)
    assert any("(guessed)" in error for error in errors)
    # The build ignores the lines it cannot apply: the segments keep their roles.
    run_publish("-C", str(root), "build", f"build/{EN}", check=True)
    outline = bookmarks(root / "build" / EN)
    assert LOST not in outline


def test_a_credit_made_a_paragraph_is_article_text_and_no_longer_a_credit(tmp_path):
    root = scratch_project(tmp_path)
    edit(catalogue(root, "en"), {"Source: Xinhua": ("", "role: paragraph")})
    run_publish("-C", str(root), "build", f"build/{EN}", check=True)
    text = pdftotext(root / "build" / EN)
    assert LABELS["en"]["credits"] not in text
    assert text.index("Port officials expect") < text.index("Source: Xinhua")
    assert "Enditem" not in text


def test_role_and_reader_lines_are_apart_whatever_their_order():
    comment = "Working note.\nreader: The name was garbled.\nrole: subheading"
    assert reader_note(comment) == ("Working note.", "The name was garbled.")
    assert split_notes(comment) == ("Working note.", "The name was garbled.")
    assert role_override(comment, "paragraph").role == Role.SUBHEADING


@pytest.mark.parametrize(
    ("comment", "own", "expected"),
    [
        ("role: subheading", "paragraph", (Role.SUBHEADING, False)),
        ("note\nrole: subheading (reconstructed)\nreader: x", "paragraph", (Role.SUBHEADING, True)),
        ("role:  paragraph ", "subheading", (Role.PARAGRAPH, False)),
        ("role: paragraph", "trailer", (Role.PARAGRAPH, False)),
        ("no role here\nreader: role: subheading", "paragraph", None),
    ],
)
def test_role_lines_that_apply(comment, own, expected):
    override = role_override(comment, own)
    assert (override.role, override.reconstructed) == expected if expected else override is None


@pytest.mark.parametrize(
    ("comment", "own", "says"),
    [
        ("role: headline", "paragraph", "cannot be given"),
        ("role: key point", "paragraph", "cannot be given"),
        ("role: paragraph (reconstructed)", "subheading", "only a subheading"),
        ("role: subheading (probably)", "paragraph", "unknown remark"),
        ("role: subheading\nrole: paragraph", "paragraph", "keep one"),
        ("role: subheading", "headline", "keeps its role"),
        ("role: subheading (a) (b)", "paragraph", "cannot read"),
    ],
)
def test_role_lines_that_do_not(comment, own, says):
    with pytest.raises(RoleLineError, match=says):
        role_override(comment, own)
