"""``publish new``: take an article into the project as ``seeds/<doc>.txt``, with a
``seeds/<doc>.toml`` whose every line is a commented suggestion read from the article.

The article is read exactly as ``make`` will read it (the same decoding, the same segmenter), so an
article that ``publish new`` accepts is one the build can read, and what the suggestions show (the
byline, the dateline, a date in the lead) is what the segmenter found, with its line number.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from publish.catalogue import PIVOT_LOCALE
from publish.dates import english_months
from publish.errors import PublishError
from publish.fsio import write_bytes_atomic
from publish.model import Repair, Role, Segment
from publish.project import DOCUMENT_NAME_RULE, NOT_A_PROJECT, Project, allowed_document_name
from publish.segment.reading import read_source, segment_text

README_SECTION = 'README.md, "Adding an article"'

MONTH_NAMES = "|".join(sorted(english_months(), key=len, reverse=True))
# "June 30", "June 30, 2022", "Jun. 3", "30 June 2022": the date an article's lead names.
DATE = re.compile(
    rf"\b(?:(?P<month>{MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTH_NAMES})\.?(?:,?\s+(?P<year2>\d{{4}}))?)\b"
)
# What a byline says before the reporter's name: "Text/Yangcheng Evening News All-Media Reporter".
BYLINE_LEAD = re.compile(
    r"^(?:.*\b(?:Reporters?|Correspondents?|Writers?)\b|(?:Text|Words|Photos?)\s*[/／|:：]"
    r"|(?:By|Written by|Reported by|Story by)\b|记者)\s*[:：]?\s*",
    re.IGNORECASE,
)
DATELINE_AGENCY = re.compile(r"\(([^)]+)\)|/([^/]+)/")


def slug_of(path: Path) -> str:
    """A document name from a file name: every run of characters the name rule refuses
    becomes one '-', and a leading '-' or '.' is dropped."""
    stem = unicodedata.normalize("NFC", path.name.removesuffix(".txt"))
    kept = "".join(
        c if c.isalnum() or c in "-_." or unicodedata.category(c) in ("Mn", "Mc") else "-"
        for c in stem
    )
    return re.sub(r"-{2,}", "-", kept).lstrip("-.").rstrip("-")


def new(project: Project, article: Path, slug: str | None = None) -> tuple[Path, Path]:
    """Copy ``article`` into ``seeds/<slug>.txt`` and write ``seeds/<slug>.toml``; return both."""
    if not project.seeds.is_dir():
        raise PublishError(NOT_A_PROJECT, project.seeds)
    name = slug.removesuffix(".txt") if slug is not None else slug_of(article)
    if not allowed_document_name(name):
        if slug is None:
            raise PublishError(
                "cannot make a document name from this file name; give one with --slug", article
            )
        raise PublishError(f"refused --slug {slug!r}: {DOCUMENT_NAME_RULE}")
    text_target = project.source(name)
    toml_target = text_target.with_suffix(".toml")
    for target in (text_target, toml_target):
        if target.exists() or target.is_symlink():
            raise PublishError(
                f"a document named {name!r} exists already; choose another with --slug", target
            )
    data, text = read_source(article)
    segments, repairs = segment_text(text, project.relative(text_target))
    if not segments:
        raise PublishError("no text: the article is empty", article)
    toml = metadata_suggestions(name, article.name, segments, today(), repairs)
    # The metadata first: a .toml without its .txt is no document, so a stop between the two
    # writes leaves nothing that make would try to build.
    write_bytes_atomic(toml_target, toml.encode("utf-8"))
    write_bytes_atomic(text_target, data)
    return text_target, toml_target


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def metadata_suggestions(
    name: str,
    original_file: str,
    segments: Sequence[Segment],
    today: dt.date,
    repairs: Sequence[Repair] = (),
) -> str:
    """The text of ``seeds/<name>.toml``: each fact found in the article's segments as a
    commented line, saying where it was found and what in it is a guess.

    ``repairs``: the segmenter's, which tell a title line from a title run into the lead."""
    by_role = {role: next((s for s in segments if s.role == role), None) for role in Role}
    byline, dateline = by_role[Role.BYLINE], by_role[Role.DATELINE]
    headline = by_role[Role.HEADLINE]
    lead = next((s for s in segments if s.role == Role.PARAGRAPH), None)

    lines = [
        f"# Facts about seeds/{name}.txt that the article itself does not carry, for the",
        f"# briefing's heading and colophon. Every key is optional (see {README_SECTION}):",
        "# uncomment a line to use it, after checking it against the article.",
        f"# original_file = {quoted(original_file)}",
    ]
    reporter = reporter_of(byline.text) if byline else None
    if byline and reporter:
        lines.append(f"# reporter = {quoted(reporter)}  # from the byline, line {byline.line}")
    else:
        lines.append('# reporter = ""  # the article has no byline')
    lines.append(event_date_line(dateline, lead, today))
    if dateline:
        lines.append(f"# The dateline, line {dateline.line}: {dateline.text}")

    lines += ["", "# [translatable]"]
    if headline:
        run_in = any(r.kind == "run-in title" and r.first_line == headline.line for r in repairs)
        where = "the title run into the lead" if run_in else "the title line"
        # A headline of the editors' own keeps the article's title as its source title.
        lines.append(
            f"# headline = {quoted(headline.text)}  # {where}, line {headline.line}; "
            "the headline already while this line stays commented"
        )
    else:
        lines.append('# headline = ""  # the article has no title line')
    lines.append('# short_title = ""  # a few words for the running head')
    agency = agency_of(dateline.text) if dateline else None
    if dateline and agency:
        lines.append(f"# publication = {quoted(agency)}  # from the dateline, line {dateline.line}")
    else:
        lines.append('# publication = ""  # the newspaper or agency')
    trailers = [s for s in segments if s.role == Role.TRAILER]
    if trailers:
        lines += [
            "",
            "# End marks and credits found at the article's end, kept out of its text (credits",
            "# are printed small after the article, end marks not at all):",
            *(f"#   line {s.line}: {s.text}" for s in trailers),
        ]
    return "\n".join(lines) + "\n"


def quoted(text: str) -> str:
    # A JSON string is a TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def reporter_of(byline: str) -> str | None:
    name = BYLINE_LEAD.sub("", byline, count=1).strip(" ,;:：")
    return name or None


def agency_of(dateline: str) -> str | None:
    match = DATELINE_AGENCY.search(dateline)
    return (match.group(1) or match.group(2)).strip() if match else None


def event_date_line(dateline: Segment | None, lead: Segment | None, today: dt.date) -> str:
    for where, segment in (("dateline", dateline), ("lead", lead)):
        if segment is None:
            continue
        match = DATE.search(segment.text)
        if match is None:
            continue
        month = english_months()[match["month"] or match["month2"]]
        day = int(match["day"] or match["day2"])
        year = match["year"] or match["year2"]
        try:
            date = dt.date(int(year) if year else today.year, month, day)
        except ValueError:
            continue
        said = f'"{match.group()}" in the {where}, line {segment.line}'
        if year:
            return f"# event_date = {date.isoformat()}  # {said}"
        return f"# event_date = {date.isoformat()}  # {said}; the year is a guess"
    return "# event_date = YYYY-MM-DD  # the article names no date"


def next_steps(project: Project, name: str) -> str:
    """What to do after ``publish new``, with this project's paths."""
    steps = [
        f"next: check seeds/{name}.toml (uncomment what is right), then",
        f"  make            extract the article's segments and build build/{name}-*.pdf",
    ]
    for locale in sorted(project.locales(), key=lambda locale: locale != PIVOT_LOCALE):
        purpose = "to correct the English" if locale == PIVOT_LOCALE else "to translate"
        steps.append(f"  edit {project.relative(project.po(name, locale))}   {purpose}")
    steps.append("  make            again, to see the corrections and translations in the PDFs")
    return "\n".join(steps)


def main(project: Project, article: str, slug: str | None) -> int:
    text_target, toml_target = new(project, project.path(article), slug)
    for target in (text_target, toml_target):
        print(f"  {'wrote':<8} {project.relative(target)}", file=sys.stderr)
    print(next_steps(project, text_target.stem))
    return 0
