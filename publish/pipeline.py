"""The named steps of the pipeline, with their file I/O: read, transform with pure functions, write.

Each step reports progress as one line per file it writes, in the manner of
a build tool, and writes every output atomically.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path

import polib

from publish import catalogue
from publish.catalogue import PIVOT_LOCALE, BuildPolicy
from publish.dates import source_date
from publish.errors import PublishError
from publish.fsio import remove_leftovers, write_if_changed
from publish.glossary import read_glossary
from publish.model import Document
from publish.po import reader
from publish.project import REVIEW, PdfJob, Project, pdf_name


def say(verb: str, what: object) -> None:
    print(f"  {verb:<8} {what}", file=sys.stderr)


def save_catalogue(
    path: Path, po: polib.POFile, project: Project, previous: polib.POFile | None = None
) -> bool:
    """Write ``po`` to ``path``, unless the catalogue there (``previous``) says the same; True
    when it wrote.

    A file that another tool wrapped differently, or whose header fields it ordered
    differently, is left alone, bytes and modification time, while its content is unchanged;
    when it changes, it is written at the width it was written with, if gettext's, so that
    Weblate (``msgcat --width=77``) and this writer do not rewrap each other's files.
    """
    # Imported here: its Unicode line breaking (uniseg) costs the commands that only read.
    from publish.po import writer

    existing = path.read_bytes() if previous is not None and path.exists() else None
    if existing is not None:
        # CRLF line ends are read, but written as gettext writes them, even with nothing else new.
        if b"\r" not in existing and writer.content(previous) == writer.content(po):
            remove_leftovers(path)
            return False
        width = writer.written_width(existing.decode("utf-8"), previous)
        data = writer.dumps(po, width or writer.PAGE_WIDTH)
    else:
        data = writer.dumps(po)
    # Refused if the file was saved again since ``previous`` was read from it (see fsio).
    read_stamp = getattr(previous, "read_stamp", None)
    if write_if_changed(path, data.encode("utf-8"), read_stamp):
        say("wrote", project.relative(path))
        return True
    return False


# --- steps ----------------------------------------------------------------------------


def extract(project: Project, docs: list[str]) -> list[Path]:
    """Write each document's template; the files it wrote (an unchanged one is left alone)."""
    written = []
    for source in project.sources(docs):
        document = project.document(source)
        target = project.pot(document.name)
        previous = reader.load(target) if target.exists() else None
        if save_catalogue(target, catalogue.build_template(document, previous), project, previous):
            written.append(target)
    return written


def read_catalogues(paths: list[Path]) -> dict[Path, polib.POFile]:
    """Every catalogue a step needs that exists, read before it writes anything, so that bad
    input changes nothing."""
    return {path: reader.load(path) for path in dict.fromkeys(paths) if path.exists()}


def catalogue_locales(project: Project, given: list[str] | None) -> list[str]:
    """The locales named on the command line, each of which must have catalogues here; all
    of the project's when none is named.  Only ``init`` starts a new locale."""
    known = project.locales()
    for locale in given or []:
        if locale in known:
            continue
        match = catalogue.matching_locale(locale, known)
        if match is not None:
            raise PublishError(f"no catalogues for locale {locale!r}; did you mean {match}?")
        raise PublishError(
            f"no catalogues for locale {locale!r} (this project has {', '.join(known)}); "
            f"'publish init {catalogue.gettext_spelling(locale)}' starts them"
        )
    return list(dict.fromkeys(given)) if given else known


def update(project: Project, docs: list[str], only: list[str] | None) -> list[Path]:
    """Merge each template into its catalogues; the files it wrote."""
    written = []
    locales = catalogue_locales(project, only)
    # The pivot goes first: the other locales record its corrected English.
    locales = sorted(locales, key=lambda locale: locale != PIVOT_LOCALE)
    read = read_catalogues(
        [
            path
            for source in project.sources(docs)
            for path in [
                project.pot(source.stem),
                *(project.po(source.stem, locale) for locale in [PIVOT_LOCALE, *locales]),
            ]
        ]
    )
    for source in project.sources(docs):
        name = source.stem
        pot_path = project.pot(name)
        pot = read[pot_path] if pot_path in read else reader.load(pot_path)
        # The English the other locales record: as this update leaves it, when it updates it.
        pivot = read.get(project.po(name, PIVOT_LOCALE))
        for locale in locales:
            path = project.po(name, locale)
            previous = read.get(path)
            po = previous if previous is not None else catalogue.new_catalogue(pot, locale)
            merged = catalogue.merge(pot, po)
            if locale == PIVOT_LOCALE:
                pivot = merged
            elif pivot is not None:
                merged = catalogue.set_pivot(merged, pivot)
            if save_catalogue(path, merged, project, previous):
                written.append(path)
    return written


def init(project: Project, locale: str, docs: list[str], convert_from: str | None = None) -> None:
    """Start ``locale``'s catalogue of each document; with ``convert_from``, seeded by OpenCC
    from that locale's catalogue (``catalogue.convert``), every converted entry fuzzy.

    Every catalogue is made before the first is written: an error writes none.
    """
    from publish.catalogue import convert

    if convert_from is not None:
        [convert_from] = catalogue_locales(project, [convert_from])
        convert.opencc_config(convert_from, locale)
    made = []
    for source in project.sources(docs):
        name = source.stem
        path = project.po(name, locale)
        if path.exists():
            raise PublishError("catalogue exists already; run 'publish update' to refresh it", path)
        po = catalogue.new_catalogue(reader.load(project.pot(name)), locale)
        if convert_from is not None:
            origin = project.po(name, convert_from)
            if not origin.exists():
                raise PublishError(f"no {convert_from} catalogue to convert from", origin)
            po = convert.convert_catalogue(reader.load(origin), po, convert_from, locale)
        if locale != PIVOT_LOCALE and project.po(name, PIVOT_LOCALE).exists():
            po = catalogue.set_pivot(po, reader.load(project.po(name, PIVOT_LOCALE)))
        made.append((path, po))
    for path, po in made:
        save_catalogue(path, po, project)


def build_plan(project: Project, targets: list[str], output: Path) -> list[PdfJob]:
    """Which PDFs to write, each with its document and the locales of its columns."""
    plan: list[PdfJob] = []
    pdf_targets = [t for t in targets if t.endswith(".pdf")]
    docs = [t for t in targets if not t.endswith(".pdf")]
    locales = project.locales()
    others = [locale for locale in locales if locale != PIVOT_LOCALE]
    editions = [(locale,) for locale in locales] + [(PIVOT_LOCALE, other) for other in others]
    if pdf_targets:
        names = [source.stem for source in project.sources(skip_refused=True)]
        for target in pdf_targets:
            path = project.path(target)
            matches = [
                PdfJob(name, columns, path)
                for name in names
                for columns in editions
                if path.name == pdf_name(name, columns)
            ] + [
                review_job(project, name, path)
                for name in names
                if path.name == pdf_name(name, (), REVIEW)
            ]
            if not matches:
                raise PublishError(
                    f"cannot tell document and locale from {target}: expected <doc>-<locale>.pdf, "
                    f"<doc>-{PIVOT_LOCALE}-<locale>.pdf or <doc>-review.pdf, with a document of "
                    f"seeds/ and a locale of {', '.join(locales)}"
                )
            plan.append(matches[0])
        return plan
    for source in project.sources(docs):
        for columns in editions:
            plan.append(PdfJob(source.stem, columns, output / pdf_name(source.stem, columns)))
    return plan


def review_job(project: Project, name: str, target: Path) -> PdfJob:
    """The review edition of a document: the pivot, and every locale it has a catalogue for."""
    others = [
        locale
        for locale in project.locales()
        if locale != PIVOT_LOCALE and project.po(name, locale).exists()
    ]
    return PdfJob(name, (PIVOT_LOCALE, *others), target, REVIEW)


def build_pdf(project: Project, job: PdfJob, policy: BuildPolicy) -> None:
    """Typeset one PDF: the unit of work a build schedules, here or in a worker process."""
    from publish import render

    if job.kind == REVIEW:
        html, document = review_html(project, job)
    else:
        html, document = pdf_html(project, job, policy)
    created = render.pdf_date(document)
    render.write_pdf(html, job.target, project.templates, created, render.font_configuration())


def review_html(project: Project, job: PdfJob) -> tuple[str, Document]:
    """The HTML of a review edition, and its document: each catalogue read and checked as
    ``publish check`` checks it.

    Dated as a briefing is (``render.pdf_date``), never by the clock: the page prints a build
    time only when SOURCE_DATE_EPOCH gives one, so two builds of the same files are the same.
    """
    from publish import checks, fontcoverage
    from publish.render import review

    name = job.document
    document = project.document(project.source(name))
    glossary = read_glossary(project.glossary)
    fonts = fontcoverage.coverage(project.templates)
    reviewed = []
    for locale in job.locales:
        path = project.po(name, locale)
        po = reader.load(path) if path.exists() else None
        findings: list[checks.Finding] = []
        if po is not None:
            pivot = None if locale == PIVOT_LOCALE else project_pivot(project, path)
            text = path.read_text(encoding="utf-8")
            findings, _ = checks.check_catalogue(
                po, text, project.relative(path), locale, glossary, pivot=pivot, fonts=fonts
            )
        reviewed.append(
            review.ReviewedCatalogue(locale, project.relative(path), po, tuple(findings))
        )
    html = review.render_review(document, reviewed, glossary, project.templates, source_date())
    return html, document


def pdf_html(project: Project, job: PdfJob, policy: BuildPolicy) -> tuple[str, Document]:
    """The HTML a PDF is typeset from, and its document: everything the PDF shows."""
    from publish import render

    name = job.document
    document = project.document(project.source(name))
    catalogues: dict[tuple[str, str], polib.POFile] = {}
    columns = []
    for locale in job.locales:
        key = (name, locale)
        if key not in catalogues:
            catalogues[key] = reader.load(project.po(name, locale))
    source_text = {s.key: s.text for s in document.segments}
    pivot_po = catalogues.get((name, PIVOT_LOCALE))
    if pivot_po is None and project.po(name, PIVOT_LOCALE).exists():
        pivot_po = reader.load(project.po(name, PIVOT_LOCALE))
    pivot = catalogue.translations(document, pivot_po, source_text, policy.allow_fuzzy)
    for locale in job.locales:
        if locale == PIVOT_LOCALE:
            texts = pivot
        else:
            fallback = {key: t.text for key, t in pivot.items()}
            texts = catalogue.translations(
                document, catalogues[(name, locale)], fallback, policy.allow_fuzzy
            )
        labels = render.load_labels(project.templates, locale)
        share = catalogue.translated_share(document, texts)
        po_path = project.relative(project.po(name, locale))
        draft = catalogue.enforce_threshold(share, policy.threshold, policy.strict, po_path)
        columns.append(render.Column(locale, texts, labels, draft))
    back = render.back_matter(document, pivot_po, pivot, project.glossary)
    return render.render_html(document, columns, project.templates, back), document


def pdf_cost(project: Project, job: PdfJob) -> float:
    """A rough guess of a PDF's typesetting time, to start the slowest first.

    Text length times columns, with Chinese columns weighing double (more glyphs to
    shape and larger fonts to subset).
    """
    try:
        size = project.source(job.document).stat().st_size
    except OSError:
        size = 0
    weight = sum(2 if locale.startswith("zh") else 1 for locale in job.locales)
    # A review prints each segment several times over, with its notes and findings.
    return size * weight * (2 if job.kind == REVIEW else 1)


def build(
    project: Project,
    targets: list[str],
    output: Path,
    policy: BuildPolicy = catalogue.DEFAULT_POLICY,
    processes: int | None = 1,
    done: Callable[[str], None] | None = None,
) -> None:
    """Typeset the planned PDFs in at most ``processes`` processes (``None``: one per core).

    Called as a library, a build stays in this process; the command line asks for every core.
    ``done`` is told the path of each PDF as soon as it is written; without it, a progress line
    reports every PDF once all are written.
    """
    from publish import render, workers

    plan = build_plan(project, targets, output)
    refuse_foreign_faces(project, [locale for job in plan for locale in job.locales])
    read_catalogues(
        [
            project.po(job.document, locale)
            for job in plan
            for locale in [PIVOT_LOCALE, *job.locales]
        ]
    )
    jobs = [
        workers.Job(
            label=project.relative(job.target),
            run=partial(build_pdf, project, job, policy),
            cost=pdf_cost(project, job),
        )
        for job in plan
    ]
    report = done or partial(say, "pdf")
    workers.run_jobs(
        jobs,
        processes,
        prepare=render.preload,
        done=lambda job: report(job.label),
        report_each=done is not None,
    )


def refuse_foreign_faces(project: Project, locales: list[str]) -> None:
    """Stop before typesetting a CJK locale whose own faces the stylesheet lacks or the machine
    has not installed: fontconfig would set it in another region's glyph forms, silently."""
    from publish import doctor

    if shutil.which("fc-list") is None:
        return  # WeasyPrint cannot find any font without it; the doctor says so
    for locale in dict.fromkeys(locales):
        problem = doctor.face_problem(project.templates, locale)
        if problem is not None:
            raise PublishError(f"{problem}; see publish doctor")


def repairs(project: Project, docs: list[str], as_json: bool = False) -> None:
    """List the structural repairs made to each source, in source order, one per line."""
    found = [r for source in project.sources(docs) for r in project.document(source).repairs]
    if as_json:
        records = [{**asdict(r), "description": r.description} for r in found]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for repair in found:
        print(repair)


def stats(
    project: Project, targets: list[str], as_json: bool, locales: list[str] | None = None
) -> None:
    rows = []
    for path in stats_paths(project, targets, locales):
        po = reader.load(path)
        locale = po.metadata.get("Language") or path.parent.parent.name
        rows.append(
            catalogue.StatisticsRow(
                path.stem, locale, project.relative(path), catalogue.statistics(po)
            )
        )
    if as_json:
        print(catalogue.statistics_json(rows))
    else:
        print(catalogue.statistics_table(rows), end="")


def stats_paths(
    project: Project, targets: list[str], locales: list[str] | None = None
) -> list[Path]:
    paths = [Path(t) for t in targets if t.endswith((".po", ".pot"))]
    docs = [t for t in targets if not t.endswith((".po", ".pot"))]
    if paths and not docs:
        return paths
    for source in project.sources(docs):
        for locale in catalogue_locales(project, locales):
            path = project.po(source.stem, locale)
            if path.exists():
                paths.append(path)
    return paths


def check(
    project: Project, targets: list[str], locales: list[str] | None, as_json: bool, strict: bool
) -> int:
    """Check catalogues; print one line per finding and a summary. Exit status 1 on errors."""
    from publish import checks, fontcoverage

    files: list[tuple[Path, str | None]] = []
    # Like make -C, a relative path names a file under the project folder.
    paths = [t for t in targets if t.endswith((".po", ".pot")) or project.path(t).is_file()]
    docs = [t for t in targets if t not in paths]
    for target in paths:
        files.append((project.path(target), locales[0] if locales else None))
    if docs or not files:
        for source in project.sources(docs):
            for locale in catalogue_locales(project, locales):
                path = project.po(source.stem, locale)
                if path.exists() or locales:
                    files.append((path, locale))
    glossary = read_glossary(project.glossary)
    fonts = fontcoverage.coverage(project.templates)
    findings: list[checks.Finding] = []
    entries = 0
    for path, locale in files:
        po = reader.load(path)
        text = path.read_text(encoding="utf-8")
        language = locale or checks.language_of(po, path)
        english = language.replace("-", "_").split("_")[0] == PIVOT_LOCALE
        pivot = None if english else project_pivot(project, path)
        found, count = checks.check_catalogue(
            po, text, project.relative(path), language, glossary, pivot=pivot, fonts=fonts
        )
        findings.extend(found)
        entries += count
    summary = checks.summary(findings, len(files), entries)
    if as_json:
        report = {
            "findings": [vars(finding) for finding in findings],
            "summary": {
                "errors": sum(f.severity == checks.ERROR for f in findings),
                "warnings": sum(f.severity == checks.WARNING for f in findings),
                "suggestions": sum(f.severity == checks.INFO for f in findings),
                "catalogues": len(files),
                "entries": entries,
            },
        }
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for finding in findings:
            print(finding)
        print(summary)
    failing = {checks.ERROR, checks.WARNING} if strict else {checks.ERROR}
    return 1 if any(f.severity in failing for f in findings) else 0


def project_pivot(project: Project, path: Path) -> dict[tuple, str | None] | None:
    """The English of each entry of a document's catalogue, from the document's English catalogue.

    None for a catalogue that is not a document's of this project: its entries carry their
    English as ``#. en:`` comments.
    """
    folder = path.resolve().parent
    if folder.name != "LC_MESSAGES" or folder.parent.parent != project.locales_folder.resolve():
        return None
    pivot_path = project.po(path.stem, PIVOT_LOCALE)
    if not project.source(path.stem).is_file() or not pivot_path.exists():
        return None
    return catalogue.pivot_texts(reader.load(pivot_path))


def list_checks() -> int:
    from publish import checks

    for item in checks.CHECKS:
        print(f"{item.name:<22} {item.severity:<8} {item.description}")
    return 0


def run(args: argparse.Namespace) -> int:
    project = Project(args.root)
    # Read before any step writes, so that a bad value changes nothing.
    source_date()
    if args.command == "extract":
        extract(project, args.docs)
    elif args.command == "update":
        update(project, args.docs, args.locale)
    elif args.command == "init":
        init(project, args.locale, args.docs, args.convert_from)
    elif args.command == "build":
        build(
            project,
            args.targets,
            project.path(args.output),
            BuildPolicy(args.allow_fuzzy, args.threshold / 100, args.strict),
            args.jobs,
        )
    elif args.command == "repairs":
        repairs(project, args.docs, args.json)
    elif args.command == "stats":
        stats(project, args.targets, args.json, args.locale)
    elif args.command == "check":
        if args.list:
            return list_checks()
        return check(project, args.targets, args.locale, args.json, args.strict)
    return 0
