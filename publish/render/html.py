"""A briefing as HTML: its columns, labels and back matter as plain data, then Jinja2.

``context`` turns a document and one column per language into everything the reader editions'
template needs (rows of cells, the marks that occur and their legend, what the text is, the
corrections that carry a reader note, the names the article uses); ``render_html`` fills
``templates/briefing.html.j2`` with it. ``word_diff``, ``corrections`` and the repairs in
``back_matter`` also serve an edition for reviewers, which shows every correction side by side.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import polib
from babel import Locale
from babel.dates import format_date
from markupsafe import Markup, escape

from publish import cjk
from publish.catalogue import PIVOT_LOCALE, Translation, unwrap
from publish.catalogue.roles import RoleLineError, RoleOverride, role_override, split_role_lines
from publish.errors import PublishError
from publish.glossary import Term, read_glossary
from publish.model import NOT_BODY_ROLES, Document, Repair, Role, Segment

TEMPLATE = "briefing.html.j2"
READER_NOTE = "reader: "
"""A translator comment line of the English catalogue that starts so is the note for readers."""

PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
"""CLDR plural categories: a label table with only these keys is one label in plural forms."""

KEY_POINTS_SHOWN = 3
MARKS = ("unedited", "untranslated", "fuzzy", "reconstructed")
"""The marks, in the order the legend explains them."""
END_MARK = re.compile(
    r"(?:\s*(?:End\s?item|ENDITEM|[(（\[【]\s*END\s*[)）\]】]))+\s*", re.IGNORECASE
)
"""A trailer that only says the copy ends ("Enditem", "(END)"): nothing a reader needs."""
CHINESE_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
"""Han characters and CJK punctuation: the Chinese an English note quotes (回归祖国)."""


@dataclass(frozen=True)
class Column:
    """One language of a briefing: its locale, its texts and the words around them."""

    locale: str
    texts: dict[tuple, Translation]
    labels: dict[str, Any]
    draft_percent: int | None = None

    @property
    def lang(self) -> str:
        return html_lang(self.locale)

    @property
    def is_pivot(self) -> bool:
        return self.locale == PIVOT_LOCALE


@dataclass(frozen=True)
class Correction:
    """An editorial correction of the source: the segment, its source and corrected text, why.

    ``note`` is the editors' working note, ``reader_note`` the plain words for readers (the
    comment lines from ``reader: `` on); only corrections with a reader note reach readers.
    """

    segment: Segment
    before: str
    after: str
    note: str
    reader_note: str = ""


@dataclass(frozen=True)
class BackMatter:
    """What a briefing may print after the article: corrections, repairs and the glossary.

    Reader editions print the corrections that carry a reader note and the glossary entries
    the article uses; the structural repairs and the full comparison serve a review edition.
    """

    corrections: tuple[Correction, ...] = ()
    repairs: tuple[Repair, ...] = ()
    glossary: tuple[Term, ...] = ()
    corrected: tuple[str, ...] = ()
    """The pivot English as typeset, where the names of the article are looked up."""
    roles: dict[tuple, RoleOverride] = field(default_factory=dict)
    """The roles the editors gave segments (``role:`` lines of the English catalogue)."""

    @property
    def reader_corrections(self) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.reader_note)


def html_lang(locale: str) -> str:
    """BCP 47 tag for HTML ``lang``: CJK needs its script or region (zh-Hans, zh-HK, zh-TW), or
    the stylesheet cannot choose its faces and another region's glyph forms are used."""
    written = cjk.writing(locale)
    if written is not None:
        return written.lang
    return Locale.parse(locale).language


LABELS_FILE = Path("templates") / "labels.toml"


class PluralForms(dict):
    """A label's forms by CLDR plural category, and the locale whose plural rule picks one:
    English words fallen back to keep English forms whatever the page's language."""

    def __init__(self, forms: dict[str, str], locale: str) -> None:
        super().__init__(forms)
        self.locale = locale

    def pick(self, count: int) -> str:
        return self.get(Locale.parse(self.locale).plural_form(count), self["other"])


def _is_plural(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= PLURAL_CATEGORIES


def load_labels(templates: Path, locale: str) -> dict[str, Any]:
    """The words around the article in ``locale``, falling back key by key to English.

    A label in plural forms (a table of CLDR categories) is replaced whole, never merged
    with English forms; a table of names (``roles``) is merged name by name.
    """
    path = templates / "labels.toml"
    try:
        with open(path, "rb") as handle:
            table = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise PublishError(f"not valid TOML: {error}", path) from None
    labels: dict[str, Any] = {}
    for name in ("en", locale.split("_")[0], locale):
        for key, value in table.get(name, {}).items():
            if _is_plural(value):
                if "other" not in value:
                    raise PublishError(f"label {key!r} of [{name}] needs an 'other' form", path)
                labels[key] = PluralForms(value, "en" if name == "en" else locale)
            elif isinstance(value, dict):
                labels[key] = {**labels.get(key, {}), **value}
            else:
                labels[key] = value
    return labels


def reader_note(comment: str) -> tuple[str, str]:
    """A translator comment split into the editors' working note and the note for readers.

    The reader note runs from the line starting ``reader: `` to the end of the comment, so a
    tool that wraps it onto several lines keeps it whole.
    """
    lines = split_role_lines(comment)[1].split("\n") if comment else []
    start = next((n for n, line in enumerate(lines) if line.startswith(READER_NOTE)), len(lines))
    reader = lines[start:]
    if reader:
        reader[0] = reader[0].removeprefix(READER_NOTE)
    return (unwrap(lines[:start]) if start else ""), (unwrap(reader) if reader else "")


def corrections(
    document: Document, pivot_po: polib.POFile | None, pivot: dict[tuple, Translation]
) -> tuple[Correction, ...]:
    """Every segment whose corrected English, as typeset, differs from the source."""
    # A note as the editor wrote it, though polib or Babel may have rewrapped it on saving.
    notes = (
        {}
        if pivot_po is None
        else {(e.msgctxt, e.msgid): reader_note(e.tcomment) for e in pivot_po}
    )
    return tuple(
        Correction(
            segment, segment.text, pivot[segment.key].text, *notes.get(segment.key, ("", ""))
        )
        for segment in document.segments
        if pivot[segment.key].status != "untranslated" and pivot[segment.key].text != segment.text
    )


def note(comment: str) -> str:
    """A translator comment as one line of text, with the line breaks tools added undone."""
    return unwrap(comment.split("\n")) if comment else ""


def role_overrides(document: Document, pivot_po: polib.POFile | None) -> dict[tuple, RoleOverride]:
    """The roles the editors gave segments of the article in the English catalogue.

    A role line that cannot be applied is left out: the segment keeps the role the segmenter
    found, and ``publish check`` reports the line as an error.
    """
    if pivot_po is None:
        return {}
    comments = {(e.msgctxt, e.msgid): e.tcomment for e in pivot_po if e.tcomment}
    found = {}
    for segment in document.segments:
        try:
            override = role_override(comments.get(segment.key, ""), segment.role)
        except RoleLineError:
            continue
        if override is not None:
            found[segment.key] = override
    return found


def back_matter(
    document: Document,
    pivot_po: polib.POFile | None,
    pivot: dict[tuple, Translation],
    glossary: Path,
) -> BackMatter:
    return BackMatter(
        corrections(document, pivot_po, pivot),
        document.repairs,
        read_glossary(glossary),
        tuple(translation.text for translation in pivot.values()),
        role_overrides(document, pivot_po),
    )


# Opening quotes not after an opener or a space, closing quotes not before a closer or a space.
CJK_OPENING_QUOTE = re.compile(r"(?<=[^\s（《「『【〔“‘(\[])([“‘])")
CJK_CLOSING_QUOTE = re.compile(r"([”’])(?=[^\s，。、；：！？）》」』】〕”’…—,.;:!?)\]])")


def cjk_line_breaks(text: str, lang: str) -> Markup:
    """Escaped text with break opportunities (``<wbr>``) outside Chinese quotation marks.

    Unicode line breaking treats “ and ” as ambiguous quotes and forbids a break on either side,
    so a quoted name and its neighbours move to the next line as one block, leaving a gap at the
    end of the line. Chinese allows a break before an opening and after a closing quote.
    """
    escaped = str(escape(text))
    if not lang.startswith("zh"):
        return Markup(escaped)
    escaped = CJK_OPENING_QUOTE.sub(r"<wbr>\1", escaped)
    return Markup(CJK_CLOSING_QUOTE.sub(r"\1<wbr>", escaped))


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled once per user rather than once per process: compiling the briefing's
    costs about 0.15 s of every build. Jinja2 keeps the cache in a folder of the user's own
    under the temporary directory and checks each entry against its template's text.

    A cache is never a reason to fail a build: an entry that cannot be written (full disk) or
    read (damaged) is compiled again instead.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # pickle and marshal raise many kinds on a damaged entry
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates() -> CompiledTemplates | None:
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every time
        return None


@functools.cache
def environment(templates: Path) -> jinja2.Environment:
    """One Jinja2 environment per templates folder and process: templates compile once."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=compiled_templates(),
    )
    env.filters["line_breaks"] = cjk_line_breaks
    return env


def _fill(column: Column, key: str, **values: Any) -> str:
    """A label of ``labels.toml`` with its placeholders filled in, in the plural form
    the column's language uses for ``count`` when the label has plural forms."""
    try:
        label = column.labels[key]
        if isinstance(label, PluralForms):
            label = label.pick(values["count"])
        elif _is_plural(label):
            category = Locale.parse(column.locale).plural_form(values["count"])
            label = label.get(category, label["other"])
        return str(label).format(**values)
    except KeyError as error:
        missing = (
            f"no label {key!r}" if key not in column.labels else f"unknown {{{error.args[0]}}}"
        )
        raise PublishError(f"{missing} for locale {column.locale}", LABELS_FILE) from None
    except (IndexError, ValueError) as error:
        raise PublishError(f"label {key!r} of {column.locale}: {error}", LABELS_FILE) from None


def _label(column: Column, key: str, **values: Any) -> dict[str, str]:
    return {"lang": column.lang, "text": _fill(column, key, **values)}


def _mark_key(column: Column, status: str) -> str | None:
    """The mark a text of this status carries: an English pivot text that is not translated
    is the machine translation the editors have not corrected yet."""
    if status == "translated":
        return None
    if status == "untranslated" and column.is_pivot:
        return "unedited"
    return status


def _cell(column: Column, key: tuple, pivot_lang: str) -> dict[str, Any]:
    translation = column.texts[key]
    # An untranslated segment shows the pivot's text, which is in the pivot's language.
    lang = pivot_lang if translation.status == "untranslated" else column.lang
    mark = _mark_key(column, translation.status)
    return {
        "text": translation.text,
        "status": translation.status,
        "lang": lang,
        "mark_key": mark,
        "mark": _label(column, mark) if mark else None,
        "reconstructed": None,
    }


def _segment_label(column: Column, segment: Segment) -> str:
    roles = column.labels.get("roles", {})
    return str(roles.get(str(segment.role), str(segment.role))).format(number=segment.number)


def _lines_label(column: Column, first: int, last: int) -> str:
    if first == last:
        return str(column.labels["line"]).format(line=first)
    return str(column.labels["lines"]).format(first=first, last=last)


def _reference(document: Document, column: Column, segment: Segment) -> str:
    """Where a segment is in the source; a segment from another file (the metadata) names it."""
    lines = _lines_label(column, segment.line, segment.last_line)
    if Path(segment.path).name == Path(document.source).name:
        return lines
    return f"{Path(segment.path).name}, {lines}"


def _split_words(text: str) -> list[str]:
    """Words, spaces and single punctuation marks: "Office)," differs from "Office" by two."""
    return re.findall(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]", text)


def word_diff(before: str, after: str) -> tuple[list[dict], list[dict]]:
    """Both texts as runs of words, each run marked ``changed`` or not, for a side-by-side view."""
    old, new = _split_words(before), _split_words(after)
    left: list[dict] = []
    right: list[dict] = []

    def add(runs: list[dict], words: list[str], changed: bool) -> None:
        if not words:
            return
        text = "".join(words)
        if runs and runs[-1]["changed"] == changed:
            runs[-1]["text"] += text
        else:
            runs.append({"text": text, "changed": changed and bool(text.strip())})

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        add(left, old[i1:i2], tag != "equal")
        add(right, new[j1:j2], tag != "equal")
    return _space_inside(left), _space_inside(right)


def _space_inside(runs: list[dict]) -> list[dict]:
    """Move the space before a changed run into it.

    WeasyPrint 70 cannot break a line just before an inline element that follows a space: it
    falls back to an earlier break and leaves a line of one word. A space inside the element
    is an ordinary break opportunity.
    """
    for before, changed in itertools.pairwise(runs):
        if changed["changed"] and not before["changed"] and before["text"].endswith(" "):
            stripped = before["text"].rstrip(" ")
            changed["text"] = before["text"][len(stripped) :] + changed["text"]
            before["text"] = stripped
    return [run for run in runs if run["text"]]


QUOTE_WORDS = 12
"""A quoted wording longer than this is cut in the middle: the reader needs to recognise it."""


HUNK_GAP = 3
"""Changes fewer than this many unchanged words apart are one change to a reader."""


def changed_words(before: str, after: str, note: str = "") -> tuple[str, str]:
    """The changed wording of each text, as short quotes of the same stretch.

    A text changed in several places is quoted from the first to the last change whose words
    the note uses (from its first change to its last when it uses none), cut in the middle.
    Spacing alone is not a change a reader needs to see.
    """
    old_tokens, new_tokens = _split_words(before), _split_words(after)
    # The diff runs over words and marks only: with every space a token of its own, it took
    # 0.1 s of each PDF's time for the seed's seven corrections (spaces match everywhere).
    old_at = [i for i, token in enumerate(old_tokens) if not token.isspace()]
    new_at = [i for i, token in enumerate(new_tokens) if not token.isspace()]
    old = [old_tokens[i] for i in old_at]
    new = [new_tokens[i] for i in new_at]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks: list[list[tuple]] = []
    gap = HUNK_GAP
    for op in matcher.get_opcodes():
        if op[0] == "equal":
            gap = op[2] - op[1]
        elif hunks and gap < HUNK_GAP:
            hunks[-1].append(op)
        else:
            hunks.append([op])
    if not hunks:
        return "", ""
    chosen = [hunks[0][0], hunks[-1][-1]]
    said = set(re.findall(r"\w{4,}", note.casefold()))

    def named(hunk: list[tuple]) -> bool:
        words = " ".join(old[hunk[0][1] : hunk[-1][2]] + new[hunk[0][3] : hunk[-1][4]])
        return bool(said & set(re.findall(r"\w{4,}", words.casefold())))

    mentioned = [hunk for hunk in hunks if named(hunk)]
    if mentioned:
        chosen = [mentioned[0][0], mentioned[-1][-1]]
    first, last = chosen
    return (
        _quote(_stretch(old_tokens, old_at, first[1], last[2])),
        _quote(_stretch(new_tokens, new_at, first[3], last[4])),
    )


def _stretch(tokens: list[str], at: list[int], start: int, end: int) -> list[str]:
    """The tokens, spaces included, from the ``start``-th word to the one before ``end``."""
    if start >= end:
        return []
    return tokens[at[start] : at[end - 1] + 1]


def _quote(words: list[str]) -> str:
    """Words as one line, cut in the middle past QUOTE_WORDS words."""
    text = " ".join("".join(words).split())
    split = text.split(" ")
    if len(split) > QUOTE_WORDS:
        half = QUOTE_WORDS // 2
        return " ".join(split[:half]) + " … " + " ".join(split[-half + 1 :])
    return text


def _reader_corrections(back: BackMatter, pivot: Column) -> list[dict[str, Any]]:
    entries = []
    for correction in back.reader_corrections:
        before, after = changed_words(correction.before, correction.after, correction.reader_note)
        entries.append(
            {
                "where": _segment_label(pivot, correction.segment),
                "before": before,
                "after": after,
                "note": correction.reader_note,
            }
        )
    return entries


def _occurs(name: str, text: str) -> bool:
    """Whether a name is in a text as a whole word (any case), or anywhere in Chinese."""
    if not name:
        return False
    pattern = re.escape(name.casefold())
    if re.match(r"\w", name[0]) and name[0].isascii():
        pattern = r"(?<!\w)" + pattern
    if re.match(r"\w", name[-1]) and name[-1].isascii():
        pattern += r"(?!\w)"
    return re.search(pattern, text) is not None


def used_terms(
    document: Document, columns: list[Column], terms: tuple[Term, ...], corrected: tuple[str, ...]
) -> list[Term]:
    """The glossary entries this article uses: in its source, its corrected English or the
    translation of one of the columns."""
    english = "\n".join([*(s.text for s in document.segments), *corrected]).casefold()
    english += (
        "\n" + "\n".join(t.text for c in columns if c.is_pivot for t in c.texts.values()).casefold()
    )
    translations = {
        c.locale: "\n".join(t.text for t in c.texts.values()).casefold() for c in columns
    }
    return [
        term
        for term in terms
        if _occurs(term.english, english)
        or any(_occurs(term.name(locale) or "", text) for locale, text in translations.items())
    ]


def language_runs(text: str, chinese_lang: str) -> list[dict[str, str]]:
    """English that may quote Chinese, as runs each with its ``lang`` (empty: the element's), so
    that the Chinese it quotes is set in Chinese forms and read out as Chinese."""
    runs = []
    position = 0
    for match in CHINESE_RUN.finditer(text):
        if match.start() > position:
            runs.append({"text": text[position : match.start()], "lang": ""})
        runs.append({"text": match.group(0), "lang": chinese_lang})
        position = match.end()
    if position < len(text):
        runs.append({"text": text[position:], "lang": ""})
    return runs


def _names_table(
    document: Document, columns: list[Column], back: BackMatter
) -> dict[str, Any] | None:
    terms = used_terms(document, columns, back.glossary, back.corrected)
    if not terms:
        return None
    head = columns[0]
    # A translation's reader also gets the English each name renders, to look it up.
    languages = [(c.locale, c.lang, _label(c, "language_name")) for c in columns]
    if not any(c.is_pivot for c in columns):
        languages.append((PIVOT_LOCALE, html_lang(PIVOT_LOCALE), _label(head, "english_name")))
    rows = []
    for term in terms:
        names = [{"lang": lang, "text": term.name(locale) or "—"} for locale, lang, _ in languages]
        rows.append(
            {
                "names": names,
                "verified": term.verified,
                "status": _label(head, "verified" if term.verified else "unverified"),
                # Where a name was verified may quote a Chinese publication's words.
                "source": language_runs(term.source, html_lang("zh_CN")) if term.verified else [],
            }
        )
    unverified = [row for row in rows if not row["verified"]]
    return {
        "heading": [_label(c, "names") for c in columns],
        "columns": [heading for _, _, heading in languages],
        "status_heading": _label(head, "status"),
        "rows": rows,
        "explanation": [_label(c, "unverified_legend") for c in columns] if unverified else [],
    }


def _back_context(
    document: Document,
    columns: list[Column],
    back: BackMatter,
    cell: Any,
) -> dict[str, Any]:
    """The reader editions' back matter as plain data: headings in every language."""
    pivot = next((c for c in columns if c.is_pivot), None)
    result: dict[str, Any] = {"corrections": None, "note": None}
    if pivot is not None:
        entries = _reader_corrections(back, pivot)
        if entries:
            result["corrections"] = {
                "heading": [_label(c, "corrections") for c in columns],
                "intro": _label(pivot, "corrections_intro", count=len(entries)),
                "entries": entries,
                "added": _label(pivot, "added"),
                "removed": _label(pivot, "removed"),
            }
    else:
        head = columns[0]
        sentences = [
            _fill(head, "pivot_corrected", count=len(back.corrections))
            if back.corrections
            else _fill(head, "pivot_uncorrected")
        ]
        if back.reader_corrections:
            sentences.append(
                _fill(head, "corrections_elsewhere", count=len(back.reader_corrections))
            )
        result["note"] = {
            "heading": [_label(c, "about") for c in columns],
            "text": {"lang": head.lang, "text": "".join(sentences)},
        }
    background = document.segments_of(Role.BACKGROUND)
    result["background"] = (
        {
            "heading": [_label(c, "background") for c in columns],
            "rows": [[cell(n, c, s) for n, c in enumerate(columns)] for s in background],
        }
        if background
        else None
    )
    result["glossary"] = _names_table(document, columns, back)
    return result


def _state(document: Document, column: Column) -> str:
    """How much of the article the column has: ``all``, ``some`` or ``none`` translated."""
    done = sum(1 for s in document.segments if column.texts[s.key].status == "translated")
    if done == len(document.segments):
        return "all"
    return "some" if done else "none"


def _about(document: Document, column: Column, publication: Segment | None) -> dict[str, str]:
    """What the text of this column is, in plain words, on page 1."""
    if publication is not None:
        original = _fill(column, "original", publication=column.texts[publication.key].text)
    else:
        original = _fill(column, "original_unnamed")
    kind = "about_pivot" if column.is_pivot else "about_translation"
    return _label(column, f"{kind}_{_state(document, column)}", original=original)


def _distinct(texts: list[str]) -> str:
    """Texts joined with a slash, each once: a title is never its headline twice."""
    return " / ".join(dict.fromkeys(t for t in texts if t))


def _event_date(document: Document, column: Column) -> str | None:
    date = document.metadata.event_date
    if date is None:
        return None
    formatted = format_date(date, column.labels.get("date_format", "long"), locale=column.locale)
    return _fill(column, "event_date", date=formatted)


def context(
    document: Document, columns: list[Column], back: BackMatter | None = None
) -> dict[str, Any]:
    """Everything the template needs, as plain data."""
    back = back or BackMatter()
    first = columns[0]
    headline = document.first(Role.HEADLINE)
    short_title = document.first(Role.SHORT_TITLE) or headline
    publication = document.first(Role.PUBLICATION)
    byline = document.first(Role.BYLINE)
    source_title = document.source_title
    pivot_lang = html_lang(PIVOT_LOCALE)
    seen_marks: list[set[str]] = [set() for _ in columns]

    def cell(index: int, column: Column, segment: Segment) -> dict[str, Any]:
        result = _cell(column, segment.key, pivot_lang)
        if result["mark_key"]:
            seen_marks[index].add(result["mark_key"])
        return result

    def role_of(segment: Segment) -> Role:
        """The segment's role as the editors set it, else as the segmenter found it."""
        override = back.roles.get(segment.key)
        return override.role if override is not None else segment.role

    apart = (*NOT_BODY_ROLES, Role.BYLINE)
    body = [s for s in document.segments if role_of(s) not in apart]
    rows: list[dict[str, Any]] = []
    for segment in body:
        role = str(role_of(segment))
        cells = [cell(n, column, segment) for n, column in enumerate(columns)]
        bookmark = _distinct([c.texts[segment.key].text for c in columns])
        override = back.roles.get(segment.key)
        for n, (item, column) in enumerate(zip(cells, columns, strict=True)):
            item["bookmark"] = bookmark if role == Role.SUBHEADING else ""
            if override is not None and override.reconstructed:
                item["reconstructed"] = _label(column, "reconstructed")
                seen_marks[n].add("reconstructed")
        if rows and rows[-1]["role"] == str(Role.SUBHEADING) and not rows[-1]["blocks"][1:]:
            # A subheading shares its row with the paragraph it introduces, so they stay together.
            for row_cell, item in zip(rows[-1]["cells"], cells, strict=True):
                row_cell["blocks"].append({"role": role, **item})
            rows[-1]["blocks"].append(role)
            continue
        rows.append(
            {
                "role": role,
                "blocks": [role],
                "cells": [
                    {"lang": column.lang, "blocks": [{"role": role, **item}]}
                    for column, item in zip(columns, cells, strict=True)
                ],
            }
        )
    # Credits left at the article's end are the source's, printed small after it; end marks
    # ("Enditem", "(END)") only told the desk the copy was complete.
    credit_lines = [
        s
        for s in document.segments
        if role_of(s) == Role.TRAILER and not END_MARK.fullmatch(s.text)
    ]
    credits = (
        [
            {
                "lang": c.lang,
                "label": _label(c, "credits"),
                "texts": [cell(n, c, s) for s in credit_lines],
            }
            for n, c in enumerate(columns)
        ]
        if credit_lines
        else []
    )
    key_points = [
        [cell(n, c, s) for n, c in enumerate(columns)]
        for s in document.segments_of(Role.KEY_POINT)[:KEY_POINTS_SHOWN]
    ]
    back_context = _back_context(document, columns, back, cell)

    headlines = [c.texts[headline.key].text for c in columns] if headline else [document.name]
    titles_block = []
    for n, c in enumerate(columns):
        title: dict[str, Any] = {
            "lang": c.lang,
            "publication": cell(n, c, publication) if publication else None,
            "byline": cell(n, c, byline) if byline else None,
            "date": _event_date(document, c),
            "draft": _draft(c),
            "about": _about(document, c, publication),
            "headline": None,
            "headline_note": None,
            "headline_absent": None,
            "source_title": None,
        }
        if headline is None:
            if n == 0:
                title["headline"] = {
                    "text": document.name,
                    "lang": c.lang,
                    "status": "file-name",
                    "mark": None,
                }
                title["headline_note"] = _label(c, "headline_missing")
        else:
            item = cell(n, c, headline)
            if n > 0 and (item["status"] == "untranslated" or item["text"] == headlines[0]):
                # The second column has no headline of its own: the title shows it once.
                title["headline_absent"] = _label(c, "headline_untranslated")
            else:
                title["headline"] = item
                if document.headline_source == "editors":
                    title["headline_note"] = _label(c, "headline_by_editors")
            if source_title is not None and document.headline_source == "editors":
                # The article's own wording, corrected and translated like its text: a reader
                # may know the article by it.
                title["source_title"] = {
                    "label": _label(c, "source_title"),
                    "text": cell(n, c, source_title),
                }
        titles_block.append(title)
    for title, column, marks in zip(titles_block, columns, seen_marks, strict=True):
        title["legend"] = [
            {"mark": _label(column, key), "text": _fill(column, f"legend_{key}")}
            for key in MARKS
            if key in marks
        ]

    def running_title(column: Column) -> str:
        if short_title is not None:
            translation = column.texts[short_title.key]
            if column is first or translation.status != "untranslated":
                return translation.text
            return ""
        return headlines[0] if column is first else ""

    publication_texts = [c.texts[publication.key].text for c in columns] if publication else []
    title_text = _distinct(headlines)
    return {
        "mode": "bilingual" if len(columns) > 1 else "monolingual",
        "page_lang": first.lang,
        "title": title_text,
        "author": ", ".join(t for t in (document.metadata.reporter, *publication_texts[:1]) if t),
        "description": title_text,
        "keywords": ", ".join(
            dict.fromkeys(
                t for t in [*(running_title(c) for c in columns), *publication_texts] if t
            )
        ),
        "running": [
            {
                "lang": c.lang,
                "title": running_title(c),
                "page": _page_label(c),
                "draft": _draft(c),
            }
            for c in columns
        ],
        "secondary_running": publication_texts[0] if publication_texts else "",
        "columns": titles_block,
        "bookmarks": {"headline": title_text},
        "key_points": key_points,
        "key_points_heading": [_label(c, "key_points") for c in columns],
        "rows": rows,
        "credits": credits,
        "back": back_context,
    }


def _draft(column: Column) -> str:
    if column.draft_percent is None:
        return ""
    key = "draft_pivot" if column.is_pivot else "draft"
    return _fill(column, key, percent=column.draft_percent)


def _page_label(column: Column) -> tuple[str, str, str]:
    """The page label around its two numbers, which only the typesetter knows."""
    label = _fill(column, "page", page="\0", pages="\1")
    if label.count("\0") != 1 or label.count("\1") != 1 or label.index("\0") > label.index("\1"):
        raise PublishError(
            f"label 'page' of {column.locale} needs {{page}} and then {{pages}}", LABELS_FILE
        )
    before, rest = label.split("\0")
    middle, after = rest.split("\1")
    return before, middle, after


def render_html(
    document: Document, columns: list[Column], templates: Path, back: BackMatter | None = None
) -> str:
    return environment(templates).get_template(TEMPLATE).render(context(document, columns, back))
