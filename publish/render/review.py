"""The review edition: the page editors and reviewers work from, as plain data, then Jinja2.

For every segment in reading order it gathers the source as received, the editors' correction
(with its word diff and notes), each translation with its state and comment, the findings of
``publish check`` for each entry, the glossary's unverified names and the structural repairs;
``render_review`` fills ``templates/review.html.j2`` with it.  Everything here is a pure
function of what the pipeline read: the catalogues, their findings, the glossary and
SOURCE_DATE_EPOCH; never the clock, so two builds of the same files are the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from publish.catalogue import PIVOT_LOCALE, split_pivot_comment, unwrap
from publish.catalogue.pivot import PIVOT_WAS_COMMENT
from publish.catalogue.roles import RoleLineError, role_override, split_role_lines
from publish.catalogue.stats import first_msgstr, has_translation, is_fuzzy
from publish.checks import ERROR, WARNING, Finding
from publish.checks.terms import glossary_terms
from publish.glossary import Term
from publish.model import Document, Repair, Segment
from publish.render.html import (
    environment,
    html_lang,
    language_runs,
    load_labels,
    reader_note,
    word_diff,
)

TEMPLATE = "review.html.j2"
STATES = ("translated", "fuzzy", "untranslated", "missing")
"""An entry's state: ``missing`` when the catalogue has no entry for the segment yet."""
SEVERITIES = (ERROR, WARNING)
CHINESE = html_lang("zh_CN")


@dataclass(frozen=True)
class ReviewedCatalogue:
    """One catalogue of the document as the review shows it: read, and checked."""

    locale: str
    path: str
    """As the project names it (``locales/zh_CN/LC_MESSAGES/<doc>.po``)."""
    po: polib.POFile | None
    """None when the document has no catalogue for the locale yet."""
    findings: tuple[Finding, ...] = ()


def term_status(term: Term) -> str:
    """``verified`` or ``unverified``: a name is unverified until the glossary says otherwise."""
    return getattr(term, "status", "") or "unverified"


def entry_state(entry: polib.POEntry | None) -> str:
    if entry is None:
        return "missing"
    if not has_translation(entry):
        return "untranslated"
    return "fuzzy" if is_fuzzy(entry) else "translated"


def split_notes(comment: str) -> tuple[str, str]:
    """An editors' comment as (note for the editors, note for the readers), each one line.

    Split as the reader editions split it (``html.reader_note``): the readers' note runs from
    the line starting ``reader: `` to the end, so a wrapped one stays whole, and ``role:`` lines
    belong to neither.
    """
    return reader_note(comment)


def _entries(po: polib.POFile | None) -> dict[tuple, polib.POEntry]:
    return {} if po is None else {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


def _findings_by_line(reviewed: ReviewedCatalogue) -> dict[int, list[Finding]]:
    by_line: dict[int, list[Finding]] = {}
    for finding in reviewed.findings:
        by_line.setdefault(finding.line, []).append(finding)
    return by_line


def _finding(finding: Finding) -> dict[str, str]:
    return {"severity": finding.severity, "check": finding.check, "message": finding.message}


def _reference(segment: Segment) -> str:
    if segment.line == segment.last_line:
        return f"{segment.path}:{segment.line}"
    return f"{segment.path}:{segment.line}–{segment.last_line}"


def _segment_label(roles: dict[str, Any], segment: Segment) -> str:
    return str(roles.get(str(segment.role), str(segment.role))).format(number=segment.number)


def repairs_by_segment(
    document: Document,
) -> tuple[dict[tuple, list[Repair]], list[Repair]]:
    """Each repair beside the last segment, in reading order, whose lines it touches.

    A repair spanning a paragraph break (a carried-over sentence start, a join) touches the
    segments on both sides of it and changed the later one; a repair no segment's lines
    touch is returned apart.
    """
    beside: dict[tuple, list[Repair]] = {}
    apart: list[Repair] = []
    for repair in document.repairs:
        touched = [
            segment
            for segment in document.segments
            if segment.path == repair.path
            and segment.line <= repair.last_line
            and repair.first_line <= segment.last_line
        ]
        if touched:
            beside.setdefault(touched[-1].key, []).append(repair)
        else:
            apart.append(repair)
    return beside, apart


def role_line(segment: Segment, comment: str, roles: dict[str, Any]) -> dict[str, Any] | None:
    """The ``role:`` line of a correction as the review shows it: as written, and whether the
    reader editions apply it (the role they give the segment) or not (why not)."""
    try:
        override = role_override(comment, segment.role)
    except RoleLineError as error:
        written = split_role_lines(comment)[0]
        return {"written": "; ".join(written), "applied": False, "problem": str(error)}
    if override is None:
        return None
    label = str(roles.get(str(override.role), str(override.role))).format(number="").strip()
    return {
        "written": override.written,
        "applied": True,
        "role": label,
        "reconstructed": override.reconstructed,
    }


def _repair(repair: Repair, kinds: dict[str, Any]) -> dict[str, Any]:
    before, after = word_diff(repair.before, repair.after)
    return {
        "location": repair.location,
        # Labels for people: the internal kind's name is never printed.
        "kind": str(kinds.get(repair.kind, repair.description)),
        "description": repair.description,
        "before": before,
        "after": after,
    }


def _names(
    english: list[str], glossary: tuple[Term, ...], locales: list[str]
) -> list[dict[str, Any]]:
    found: dict[str, Term] = {}
    for text in english:
        for term in glossary_terms(text, glossary):
            found.setdefault(term.english, term)
    return [
        {
            "english": term.english,
            "status": term_status(term),
            "line": term.line,
            "renderings": [
                {"locale": locale, "lang": html_lang(locale), "text": term.renderings[locale]}
                for locale in locales
                if locale in term.renderings
            ],
        }
        for term in found.values()
    ]


def _correction(
    segment: Segment,
    entry: polib.POEntry | None,
    findings: list[Finding],
    path: str,
    roles: dict[str, Any],
) -> dict[str, Any]:
    state = entry_state(entry)
    text = first_msgstr(entry) if entry is not None and state != "untranslated" else ""
    editors, readers = split_notes(entry.tcomment if entry is not None else "")
    source, corrected = word_diff(segment.text, text) if text else ([], [])
    return {
        "state": state,
        "where": f"{path}:{entry.linenum}" if entry is not None else path,
        "changed": bool(text) and text != segment.text,
        "source": source,
        "text": corrected,
        "editors_note": language_runs(editors, CHINESE),
        "readers_note": language_runs(readers, CHINESE),
        "role": role_line(segment, entry.tcomment if entry is not None else "", roles),
        "findings": [_finding(f) for f in findings],
    }


def _translation(
    reviewed: ReviewedCatalogue, entry: polib.POEntry | None, findings: list[Finding]
) -> dict[str, Any]:
    state = entry_state(entry)
    comment = unwrap(entry.tcomment.split("\n")) if entry is not None and entry.tcomment else ""
    was = ""
    if entry is not None and state == "fuzzy":
        was = split_pivot_comment(entry.comment)[1].get(PIVOT_WAS_COMMENT, "")
    return {
        "locale": reviewed.locale,
        "lang": html_lang(reviewed.locale),
        "state": state,
        "where": f"{reviewed.path}:{entry.linenum}" if entry is not None else reviewed.path,
        "text": first_msgstr(entry) if entry is not None else "",
        "comment": language_runs(comment, html_lang(reviewed.locale)),
        "was": was,
        "findings": [_finding(f) for f in findings],
    }


def context(
    document: Document,
    catalogues: list[ReviewedCatalogue],
    glossary: tuple[Term, ...],
    labels: dict[str, Any],
    built: dt.datetime | None,
) -> dict[str, Any]:
    """Everything the review template needs, as plain data.

    ``catalogues``: the pivot's first, then one per translated locale. ``labels``: the English
    labels of ``labels.toml`` (role names and repair kinds, as the briefings print them).
    ``built``: SOURCE_DATE_EPOCH's moment, or None when it is not set (no time is printed).
    """
    pivot = next((c for c in catalogues if c.locale == PIVOT_LOCALE), None)
    translated = [c for c in catalogues if c.locale != PIVOT_LOCALE]
    entries = {c.locale: _entries(c.po) for c in catalogues}
    findings = {c.locale: _findings_by_line(c) for c in catalogues}
    kinds = labels.get("repair_kinds", {})
    beside, apart = repairs_by_segment(document)
    locales = [c.locale for c in translated]

    def entry_findings(catalogue: ReviewedCatalogue, entry: polib.POEntry | None):
        return findings[catalogue.locale].get(entry.linenum, []) if entry is not None else []

    states = {c.locale: Counter[str]() for c in catalogues}
    segments = []
    unverified: set[str] = set()
    for segment in document.segments:
        correction = None
        english = [segment.text]
        if pivot is not None:
            entry = entries[pivot.locale].get(segment.key)
            correction = _correction(
                segment, entry, entry_findings(pivot, entry), pivot.path, labels.get("roles", {})
            )
            states[pivot.locale][correction["state"]] += 1
            if correction["changed"]:
                english.append(first_msgstr(entry))
        rows = []
        for catalogue in translated:
            entry = entries[catalogue.locale].get(segment.key)
            row = _translation(catalogue, entry, entry_findings(catalogue, entry))
            states[catalogue.locale][row["state"]] += 1
            rows.append(row)
        names = _names(english, glossary, locales)
        unverified.update(n["english"] for n in names if n["status"] != "verified")
        segments.append(
            {
                "label": _segment_label(labels.get("roles", {}), segment),
                "role": str(segment.role),
                "reference": _reference(segment),
                "source": segment.text,
                "correction": correction,
                "translations": rows,
                "names": names,
                "repairs": [_repair(r, kinds) for r in beside.get(segment.key, [])],
            }
        )
    # Findings about a catalogue as a whole (its header) belong to no segment.
    entry_lines = {c.locale: {e.linenum for e in entries[c.locale].values()} for c in catalogues}
    general = [
        {"locale": c.locale, "where": f"{c.path}:{f.line}", **_finding(f)}
        for c in catalogues
        for f in c.findings
        if f.line not in entry_lines[c.locale]
    ]
    return {
        "document": document.name,
        "page_lang": html_lang(PIVOT_LOCALE),
        "title": f"Review edition — {document.name}",
        "source": segment_source(document),
        "built": built.strftime("%Y-%m-%d %H:%M UTC") if built is not None else None,
        "summary": {
            "segments": len(document.segments),
            "catalogues": [
                {
                    "locale": c.locale,
                    "lang": html_lang(c.locale),
                    "pivot": c.locale == PIVOT_LOCALE,
                    "path": c.path,
                    "present": c.po is not None,
                    "states": {state: states[c.locale][state] for state in STATES},
                    "findings": {
                        severity: sum(f.severity == severity for f in c.findings)
                        for severity in SEVERITIES
                    },
                }
                for c in catalogues
            ],
            "findings": {
                severity: sum(f.severity == severity for c in catalogues for f in c.findings)
                for severity in SEVERITIES
            },
            "unverified": sorted(unverified, key=str.casefold),
            "repairs": len(document.repairs),
        },
        "general_findings": general,
        "segments": segments,
        "other_repairs": [_repair(r, kinds) for r in apart],
    }


def segment_source(document: Document) -> str:
    """The source file the segments were read from, as the project names it."""
    paths = [s.path for s in document.segments if Path(s.path).suffix == ".txt"]
    return paths[0] if paths else str(document.source)


def render_review(
    document: Document,
    catalogues: list[ReviewedCatalogue],
    glossary: tuple[Term, ...],
    templates: Path,
    built: dt.datetime | None,
) -> str:
    labels = load_labels(templates, PIVOT_LOCALE)
    values = context(document, catalogues, glossary, labels, built)
    return environment(templates).get_template(TEMPLATE).render(values)
