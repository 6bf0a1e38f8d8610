"""The named steps of the pipeline, with their file I/O: read, transform with pure functions, write.

Each step reports progress as one line per file it writes, in the manner of
a build tool, and writes every output atomically.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import polib

from publish import catalogue
from publish.catalogue import PIVOT_LOCALE, Paths
from publish.dates import source_date
from publish.errors import PublishError
from publish.fsio import remove_leftovers, write_if_changed
from publish.model import Document
from publish.po import reader
from publish.segment import read_document

DOCUMENT_NAME_RULE = (
    "a document name holds only letters, digits, '-', '_' and '.', "
    "and starts with neither '-' nor '.'"
)


def allowed_document_name(name: str) -> bool:
    """Letters of any script (with their accents, composed or not), digits, '-', '_' and '.',
    not first '-' or '.': names that make can take as targets and a shell reads as one word."""
    return (
        bool(name)
        and name[0] not in "-."
        and all(c.isalnum() or c in "-_." or unicodedata.category(c) in ("Mn", "Mc") for c in name)
    )


def refuse_document_name(source: Path) -> None:
    if not allowed_document_name(source.stem):
        raise PublishError(f"refused: {DOCUMENT_NAME_RULE}", source)


def say(verb: str, what: object) -> None:
    print(f"  {verb:<8} {what}", file=sys.stderr)


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def paths(self) -> Paths:
        return Paths(self.root)

    def sources(self, names: list[str] | None = None, skip_refused: bool = False) -> list[Path]:
        """The sources named (all of seeds/ when none is); a name against ``DOCUMENT_NAME_RULE`` is
        refused, or left out with ``skip_refused``."""
        if names:
            found = []
            for name in names:
                path = self.seeds / f"{Path(name).name.removesuffix('.txt')}.txt"
                refuse_document_name(path)
                if not path.is_file():
                    raise PublishError(f"no such document: {name} (looked for {path})")
                found.append(path)
            return found
        if not self.seeds.is_dir():
            raise PublishError(
                "no such folder: not a project folder? (run publish in the folder that holds "
                "seeds/ and locales/, or name it with -C)",
                self.seeds,
            )
        found = sorted(self.seeds.glob("*.txt"))
        if skip_refused:
            found = [path for path in found if allowed_document_name(path.stem)]
        for path in found:
            refuse_document_name(path)
        if not found:
            raise PublishError(f"no documents: {self.seeds} has no .txt file")
        return found

    def document(self, source: Path) -> Document:
        return read_document(source, self.root)

    def locales(self) -> list[str]:
        return self.paths.locales()

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def save_catalogue(
    path: Path, po: polib.POFile, project: Project, previous: polib.POFile | None = None
) -> None:
    """Write ``po`` to ``path``, unless the catalogue there (``previous``) says the same.

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
            return
        width = writer.written_width(existing.decode("utf-8"), previous)
        data = writer.dumps(po, width or writer.PAGE_WIDTH)
    else:
        data = writer.dumps(po)
    if write_if_changed(path, data.encode("utf-8")):
        say("wrote", project.relative(path))


# --- steps ----------------------------------------------------------------------------


def extract(project: Project, docs: list[str]) -> None:
    for source in project.sources(docs):
        document = project.document(source)
        target = project.paths.pot(document.name)
        previous = reader.load(target) if target.exists() else None
        save_catalogue(target, catalogue.build_template(document, previous), project, previous)


def check_catalogues(paths: list[Path]) -> None:
    """Read every catalogue a step needs before it writes anything, so bad input changes nothing."""
    for path in dict.fromkeys(paths):
        if path.exists():
            reader.load(path)


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


def update(project: Project, docs: list[str], only: list[str] | None) -> None:
    locales = catalogue_locales(project, only)
    # The pivot goes first: the other locales record its corrected English.
    locales = sorted(locales, key=lambda locale: locale != PIVOT_LOCALE)
    check_catalogues(
        [
            path
            for source in project.sources(docs)
            for path in [
                project.paths.pot(source.stem),
                *(project.paths.po(source.stem, locale) for locale in [PIVOT_LOCALE, *locales]),
            ]
        ]
    )
    for source in project.sources(docs):
        name = source.stem
        pot = reader.load(project.paths.pot(name))
        for locale in locales:
            path = project.paths.po(name, locale)
            previous = reader.load(path) if path.exists() else None
            po = previous if previous is not None else catalogue.new_catalogue(pot, locale)
            merged = catalogue.merge(pot, po)
            if locale != PIVOT_LOCALE:
                pivot_path = project.paths.po(name, PIVOT_LOCALE)
                if pivot_path.exists():
                    merged = catalogue.set_pivot(merged, reader.load(pivot_path))
            save_catalogue(path, merged, project, previous)


def init(project: Project, locale: str, docs: list[str]) -> None:
    for source in project.sources(docs):
        name = source.stem
        path = project.paths.po(name, locale)
        if path.exists():
            raise PublishError("catalogue exists already; run 'publish update' to refresh it", path)
        pot = reader.load(project.paths.pot(name))
        po = catalogue.new_catalogue(pot, locale)
        if locale != PIVOT_LOCALE and project.paths.po(name, PIVOT_LOCALE).exists():
            po = catalogue.set_pivot(po, reader.load(project.paths.po(name, PIVOT_LOCALE)))
        save_catalogue(path, po, project)


def build_plan(project: Project, targets: list[str], output: Path) -> list[tuple[Path, list[str]]]:
    """Which PDFs to write: (target path, locales of its columns)."""
    plan: list[tuple[Path, list[str]]] = []
    pdf_targets = [t for t in targets if t.endswith(".pdf")]
    docs = [t for t in targets if not t.endswith(".pdf")]
    locales = project.locales()
    others = [locale for locale in locales if locale != PIVOT_LOCALE]
    if pdf_targets:
        variants = {locale: [locale] for locale in locales}
        variants.update({f"{PIVOT_LOCALE}-{o}": [PIVOT_LOCALE, o] for o in others})
        names = [source.stem for source in project.sources(skip_refused=True)]
        for target in pdf_targets:
            # Like make -C, a relative target names a file under the project folder.
            path = project.root / target
            matches = [
                columns
                for name in names
                for variant, columns in variants.items()
                if path.stem == f"{name}-{variant}"
            ]
            if not matches:
                raise PublishError(
                    f"cannot tell document and locale from {target}: expected <doc>-<locale>.pdf "
                    f"or <doc>-{PIVOT_LOCALE}-<locale>.pdf, with a document of seeds/ and a locale "
                    f"of {', '.join(locales)}"
                )
            plan.append((path, matches[0]))
        return plan
    for source in project.sources(docs):
        for locale in locales:
            plan.append((output / f"{source.stem}-{locale}.pdf", [locale]))
        for other in others:
            plan.append(
                (output / f"{source.stem}-{PIVOT_LOCALE}-{other}.pdf", [PIVOT_LOCALE, other])
            )
    return plan


def build_pdf(
    project: Project,
    target: Path,
    locales: list[str],
    allow_fuzzy: bool,
    threshold: float = catalogue.DEFAULT_THRESHOLD,
    strict: bool = False,
) -> None:
    """Typeset one PDF: the unit of work a build schedules, here or in a worker process."""
    from publish import render

    html, document = pdf_html(project, target, locales, allow_fuzzy, threshold, strict)
    render.write_pdf(
        html, target, project.templates, render.pdf_date(document), render.font_configuration()
    )


def pdf_html(
    project: Project,
    target: Path,
    locales: list[str],
    allow_fuzzy: bool,
    threshold: float = catalogue.DEFAULT_THRESHOLD,
    strict: bool = False,
) -> tuple[str, Document]:
    """The HTML a PDF is typeset from, and its document: everything the PDF shows."""
    from publish import render

    name = target.stem.rsplit("-", len(locales))[0]
    document = project.document(project.seeds / f"{name}.txt")
    catalogues: dict[tuple[str, str], polib.POFile] = {}
    columns = []
    for locale in locales:
        key = (name, locale)
        if key not in catalogues:
            catalogues[key] = reader.load(project.paths.po(name, locale))
    source_text = {s.key: s.text for s in document.segments}
    pivot_po = catalogues.get((name, PIVOT_LOCALE))
    if pivot_po is None and project.paths.po(name, PIVOT_LOCALE).exists():
        pivot_po = reader.load(project.paths.po(name, PIVOT_LOCALE))
    pivot = catalogue.translations(document, pivot_po, source_text, allow_fuzzy)
    for locale in locales:
        if locale == PIVOT_LOCALE:
            texts = pivot
        else:
            fallback = {key: t.text for key, t in pivot.items()}
            texts = catalogue.translations(
                document, catalogues[(name, locale)], fallback, allow_fuzzy
            )
        labels = render.load_labels(project.templates, locale)
        share = catalogue.translated_share(document, texts)
        po_path = project.relative(project.paths.po(name, locale))
        draft = catalogue.enforce_threshold(share, threshold, strict, po_path)
        columns.append(render.Column(locale, texts, labels, draft))
    back = render.back_matter(document, pivot_po, pivot, project.root / "locales" / "glossary.csv")
    return render.render_html(document, columns, project.templates, back), document


def pdf_cost(project: Project, target: Path, locales: list[str]) -> float:
    """A rough guess of a PDF's typesetting time, to start the slowest first.

    Text length times columns, with Chinese columns weighing double (more glyphs to
    shape and larger fonts to subset).
    """
    name = target.stem.rsplit("-", len(locales))[0]
    try:
        size = (project.seeds / f"{name}.txt").stat().st_size
    except OSError:
        size = 0
    return size * sum(2 if locale.startswith("zh") else 1 for locale in locales)


def build(
    project: Project,
    targets: list[str],
    output: Path,
    allow_fuzzy: bool,
    threshold: float = catalogue.DEFAULT_THRESHOLD,
    strict: bool = False,
    processes: int | None = 1,
) -> None:
    """Typeset the planned PDFs in at most ``processes`` processes (``None``: one per core).

    Called as a library, a build stays in this process; the command line asks for every core.
    """
    from publish import render, workers

    plan = build_plan(project, targets, output)
    check_catalogues(
        [
            project.paths.po(target.stem.rsplit("-", len(locales))[0], locale)
            for target, locales in plan
            for locale in [PIVOT_LOCALE, *locales]
        ]
    )
    jobs = [
        workers.Job(
            label=project.relative(target),
            run=partial(build_pdf, project, target, locales, allow_fuzzy, threshold, strict),
            cost=pdf_cost(project, target, locales),
        )
        for target, locales in plan
    ]
    workers.run_jobs(
        jobs, processes, prepare=render.preload, done=lambda job: say("pdf", job.label)
    )


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
            path = project.paths.po(source.stem, locale)
            if path.exists():
                paths.append(path)
    return paths


def check(
    project: Project, targets: list[str], locales: list[str] | None, as_json: bool, strict: bool
) -> int:
    """Check catalogues; print one line per finding and a summary. Exit status 1 on errors."""
    from publish import check as checks

    files: list[tuple[Path, str | None]] = []
    # Like make -C, a relative path names a file under the project folder.
    paths = [t for t in targets if t.endswith((".po", ".pot")) or (project.root / t).is_file()]
    docs = [t for t in targets if t not in paths]
    for target in paths:
        files.append((project.root / target, locales[0] if locales else None))
    if docs or not files:
        for source in project.sources(docs):
            for locale in catalogue_locales(project, locales):
                path = project.paths.po(source.stem, locale)
                if path.exists() or locales:
                    files.append((path, locale))
    glossary = checks.read_glossary(project.root / "locales" / "glossary.csv")
    findings: list[checks.Finding] = []
    entries = 0
    for path, locale in files:
        po = reader.load(path)
        text = path.read_text(encoding="utf-8")
        language = locale or checks.language_of(po, path)
        english = language.replace("-", "_").split("_")[0] == PIVOT_LOCALE
        pivot = None if english else project_pivot(project, path)
        found, count = checks.check_catalogue(
            po, text, project.relative(path), language, glossary, pivot=pivot
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
    if folder.name != "LC_MESSAGES" or folder.parent.parent != (project.root / "locales").resolve():
        return None
    pivot_path = project.paths.po(path.stem, PIVOT_LOCALE)
    if not (project.seeds / f"{path.stem}.txt").is_file() or not pivot_path.exists():
        return None
    return catalogue.pivot_texts(reader.load(pivot_path))


def list_checks() -> int:
    from publish import check as checks

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
        init(project, args.locale, args.docs)
    elif args.command == "build":
        build(
            project,
            args.targets,
            args.root / args.output,
            args.allow_fuzzy,
            args.threshold / 100,
            args.strict,
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
