"""`publish new` and `make new`: an article taken into seeds/, with a seeds/<doc>.toml of
commented suggestions read from it by the segmenter."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from tests.conftest import DOC, ROOT, MakeProject, run_publish

WIRE = (
    "BEIJING, June 3, 2022 (Xinhua) -- A new railway linking Chengdu and Chongqing will open\n"
    "at the end of the the year, the operator said on Friday.\n\n"
    "The line runs 292 kilometres through the Sichuan Basin. Enditem\n"
)
BYLINED = (
    "Text/Yangcheng Evening News All-Media Reporter Li Yige On June 30, a forum on science and\n"
    "technology was held in Qianhai.\n\nIt has become a consensus to promote cooperation.\n"
)


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("seeds", "locales/en/LC_MESSAGES", "locales/zh_CN/LC_MESSAGES"):
        (root / folder).mkdir(parents=True)
    return root


def uncommented(toml: str) -> dict:
    """The metadata as an editor who accepts every suggestion would have it."""
    lines = [re.sub(r"^# ((?:\[\w+\])|(?:\w+ = .*))$", r"\1", line) for line in toml.splitlines()]
    return tomllib.loads("\n".join(lines))


def test_an_article_is_copied_as_it_is_with_every_suggestion_commented(tmp_path):
    root = project(tmp_path)
    article = tmp_path / "Rail Wire (final).txt"
    article.write_bytes(WIRE.encode("utf-8"))
    result = run_publish("-C", str(root), "new", str(article))
    assert result.returncode == 0, result.stderr
    assert (root / "seeds" / "Rail-Wire-final.txt").read_bytes() == article.read_bytes()
    toml = (root / "seeds" / "Rail-Wire-final.toml").read_text(encoding="utf-8")
    # Nothing is asserted for the editor: every key is a comment until one is uncommented.
    assert tomllib.loads(toml) == {}
    assert "Every key is optional" in toml and 'README.md, "Adding an article"' in toml
    assert "# The dateline, line 1: BEIJING, June 3, 2022 (Xinhua) --" in toml
    suggested = uncommented(toml)
    assert suggested["event_date"] == dt.date(2022, 6, 3)
    assert suggested["original_file"] == "Rail Wire (final).txt"
    assert suggested["translatable"]["publication"] == "Xinhua"
    assert suggested["reporter"] == ""
    assert "year is a guess" not in toml
    assert result.stderr.splitlines() == [
        "  wrote    seeds/Rail-Wire-final.txt",
        "  wrote    seeds/Rail-Wire-final.toml",
    ]
    steps = result.stdout
    assert "make" in steps
    assert "locales/en/LC_MESSAGES/Rail-Wire-final.po   to correct the English" in steps
    assert "locales/zh_CN/LC_MESSAGES/Rail-Wire-final.po   to translate" in steps


def test_the_byline_gives_the_reporter_and_a_date_without_a_year_is_marked_a_guess(tmp_path):
    root = project(tmp_path)
    article = tmp_path / "forum.txt"
    article.write_text(BYLINED, encoding="utf-8")
    run_publish("-C", str(root), "new", str(article), "--slug", "forum", check=True)
    toml = (root / "seeds" / "forum.toml").read_text(encoding="utf-8")
    suggested = uncommented(toml)
    assert suggested["reporter"] == "Li Yige"
    assert re.search(r"# reporter = .*# from the byline, line 1", toml)
    assert suggested["event_date"].replace(year=2022) == dt.date(2022, 6, 30)
    assert re.search(r'# event_date = .*"June 30" in the lead, line 1; the year is a guess', toml)
    assert "# The dateline" not in toml


TITLED = (
    "Kite flyers from forty countries fill the sky over Weifang harbour\n\n"
    "WEIFANG, April 16 -- More than two thousand kite flyers gathered on the seafront on\n"
    "Saturday for the opening of the city's international kite festival.\n\n"
    "The festival runs until April 24.\n\n"
    "Source: Xinhua\n\n"
    "(END)\n"
)
RUN_IN = (
    "Kite flyers from forty countries fill the sky over Weifang harbour On April 16, more than\n"
    "two thousand kite flyers gathered on the seafront for the festival.\n\n"
    "The festival runs until April 24.\n"
)


def test_a_title_is_suggested_as_the_headline_it_already_is_and_trailers_are_listed(tmp_path):
    root = project(tmp_path)
    article = tmp_path / "kites.txt"
    article.write_text(TITLED, encoding="utf-8")
    run_publish("-C", str(root), "new", str(article), check=True)
    toml = (root / "seeds" / "kites.toml").read_text(encoding="utf-8")
    assert tomllib.loads(toml) == {}
    title = "Kite flyers from forty countries fill the sky over Weifang harbour"
    assert uncommented(toml)["translatable"]["headline"] == title
    assert (
        f'# headline = "{title}"  # the title line, line 1; the headline already while this '
        "line stays commented" in toml
    )
    listed = toml[toml.index("# End marks and credits") :].splitlines()
    assert listed[2:] == ["#   line 8: Source: Xinhua", "#   line 10: (END)"]
    # The listing never becomes a key when suggestions are uncommented.
    assert set(uncommented(toml)) == {"original_file", "reporter", "event_date", "translatable"}


def test_a_title_run_into_the_lead_is_named_so_and_no_trailer_no_listing(tmp_path):
    root = project(tmp_path)
    article = tmp_path / "kites.txt"
    article.write_text(RUN_IN, encoding="utf-8")
    run_publish("-C", str(root), "new", str(article), check=True)
    toml = (root / "seeds" / "kites.toml").read_text(encoding="utf-8")
    title = "Kite flyers from forty countries fill the sky over Weifang harbour"
    assert f'# headline = "{title}"  # the title run into the lead, line 1' in toml
    assert "End marks and credits" not in toml
    untitled = tmp_path / "wire.txt"
    untitled.write_text(WIRE, encoding="utf-8")
    run_publish("-C", str(root), "new", str(untitled), check=True)
    toml = (root / "seeds" / "wire.toml").read_text(encoding="utf-8")
    assert '# headline = ""  # the article has no title line' in toml
    assert "#   line 4: Enditem" in toml


def test_an_existing_document_is_never_overwritten(tmp_path):
    root = project(tmp_path)
    (root / "seeds" / "forum.txt").write_text("An article already here.\n", encoding="utf-8")
    article = tmp_path / "forum.txt"
    article.write_text(BYLINED, encoding="utf-8")
    result = run_publish("-C", str(root), "new", str(article))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "seeds/forum.txt: a document named 'forum' exists already" in result.stderr
    assert (root / "seeds" / "forum.txt").read_text(
        encoding="utf-8"
    ) == "An article already here.\n"
    assert not (root / "seeds" / "forum.toml").exists()


def test_a_name_against_the_rule_is_refused_and_a_file_name_is_made_to_fit(tmp_path):
    root = project(tmp_path)
    article = tmp_path / ".. weird name!.txt"
    article.write_text(BYLINED, encoding="utf-8")
    refused = run_publish("-C", str(root), "new", str(article), "--slug=-x")
    assert refused.returncode == 2 and "refused --slug '-x'" in refused.stderr
    assert list((root / "seeds").iterdir()) == []
    run_publish("-C", str(root), "new", str(article), check=True)
    assert sorted(p.name for p in (root / "seeds").iterdir()) == [
        "weird-name.toml",
        "weird-name.txt",
    ]


def test_bytes_that_are_not_an_article_are_refused_in_one_line_and_nothing_is_written(tmp_path):
    root = project(tmp_path)
    cases = {
        "latin1.txt": ("Caf\xe9 owners said\n".encode("latin-1"), "latin1.txt:1: not valid UTF-8"),
        "control.txt": (
            b"First line\nA bell \x07 rings\n",
            "control.txt:2: control character U+0007",
        ),
        "empty.txt": (b"\n\n", "empty.txt: no text: the article is empty"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        result = run_publish("-C", str(root), "new", str(tmp_path / name))
        assert result.returncode == 2, name
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert list((root / "seeds").iterdir()) == []


def test_make_new_takes_the_file_and_the_slug(tmp_path):
    project = MakeProject(tmp_path / "make")
    article = tmp_path / "it's here.txt"
    article.write_text(WIRE, encoding="utf-8")
    result = project.make("new", f"FILE={article}", "SLUG=rail")
    assert result[0].returncode == 0, result[0].stderr
    assert (project.root / "seeds" / "rail.txt").read_text(encoding="utf-8") == WIRE
    usage = project.make("new")[0]
    assert usage.returncode != 0 and "usage: make new FILE=" in usage.stderr
    assert "make new FILE=" in project.make("help")[0].stdout


def test_the_seed_article_yields_its_known_reporter():
    from publish import intake
    from publish.segment.reading import segment_text

    text = (ROOT / "seeds" / f"{DOC}.txt").read_text(encoding="utf-8")
    segments, _ = segment_text(text, f"seeds/{DOC}.txt")
    toml = intake.metadata_suggestions(DOC, "a.txt", segments, dt.date(2022, 7, 1))
    recorded = tomllib.loads((ROOT / "seeds" / f"{DOC}.toml").read_text(encoding="utf-8"))
    suggested = uncommented(toml)
    assert suggested["reporter"] == recorded["reporter"]
    assert suggested["event_date"] == recorded["event_date"]
