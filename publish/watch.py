"""``publish watch``: rebuild on every save what ``make`` would rebuild, in one long-lived process.

Each ``make`` pays WeasyPrint's import (0.74 s) again; this process pays it once, keeps the
compiled template and a font configuration with the faces loaded, and forks the typesetting
workers of each rebuild from that warm state.

The decisions are make's: the same targets (the Makefile's stamps under ``build/.stamps`` and
the reader editions), the same prerequisites, the same comparison of modification times, the
same steps in the same order (extract, update of the pivot, update of each other locale, one
build of every stale PDF), and the stamps touched as make touches them, so that a ``make``
afterwards has nothing to do. Events only say *when* to look; what to rebuild is decided from
the files, so a save that came while a rebuild ran is found by the next look, and the events of
this process's own writes lead to a look that finds nothing to do. One difference: a document
whose source or catalogue cannot be read holds back only its own PDFs, where make (without -k)
stops at the first failure.

Files are watched with watchdog (inotify). Measured on this machine (2 cores, 1 December 2026,
20 renames of a file over a catalogue): from the rename to the event, median
0.4 ms with watchdog 7.1 against 11 ms with watchfiles 1.3 (step=10 ms: it gathers changes for
a step before it reports them); idle, 0.000% of a core with watchdog against 0.21% with
watchfiles, whose Rust side wakes every step. watchdog's thread blocks on inotify; its events
go to a queue, and the quiet period that ends a burst of saves is a timeout on that queue.
"""

from __future__ import annotations

import os
import queue
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from publish import pipeline
from publish.catalogue import DEFAULT_POLICY, PIVOT_LOCALE
from publish.dates import source_date
from publish.errors import STOP_SIGNALS, PublishError
from publish.fsio import write_if_changed
from publish.project import PdfJob, Project
from publish.workers import STOP_CHECK_SECONDS

# A save is a burst of events: an editor writes a temporary file and renames it, or writes the
# file in place in several pieces, with swap and backup files around it; Poedit writes the .po
# and then the .mo. Measured here (10 edits saved by vim with backups on, a 40 KB catalogue):
# from its first event to its last, 29 ms median, 44 ms at most, of which the catalogue itself
# was written in place in three pieces. 150 ms without an event ends a burst with a margin of
# three, and is short next to a rebuild's seconds.
QUIET_SECONDS = 0.15


# Where the inputs are, as the Makefile names them.
WATCHED = (("seeds", False), ("templates", False), ("locales", True))
BUILD = "build"


Fingerprint = tuple[int, int, int] | None


def fingerprint(path: Path) -> Fingerprint:
    """What tells whether a file changed: its time, size and inode (a rename gives a new one)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def modified(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def out_of_date(target: Path, prerequisites: Iterable[Path]) -> bool:
    """make's rule: a target is remade when it is missing or any prerequisite is newer; a
    prerequisite that is missing is a catalogue its step will make (the Makefile's empty rule)."""
    made = modified(target)
    if made is None:
        return True
    for path in prerequisites:
        changed = modified(path)
        if changed is None or changed > made:
            return True
    return False


class MakeGraph:
    """The Makefile's targets and prerequisites for one project, read from the folder each time."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.stamps = project.root / BUILD / ".stamps"

    def pot_stamp(self, doc: str) -> Path:
        return self.stamps / f"{doc}.pot"

    def po_stamp(self, doc: str, locale: str) -> Path:
        return self.stamps / f"{doc}-{locale}.po"

    def code(self) -> list[Path]:
        """$(CODE): the project's copy of the package, when it has one."""
        root = self.project.root
        return sorted(root.glob("publish/*.py")) + sorted(root.glob("publish/*/*.py"))

    def templates(self) -> list[Path]:
        """$(TEMPLATES): make's wildcard templates/*, which leaves hidden files out."""
        folder = self.project.templates
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))

    def metadata_state(self, doc: str) -> Path:
        return self.stamps / f"{doc}.toml-state"

    def record_metadata_presence(self, doc: str) -> None:
        """The Makefile's build/.stamps/<doc>.toml-state: written when missing or when
        seeds/<doc>.toml came or went since, so that a deleted metadata file, which no
        modification time shows, makes what read it out of date."""
        present = self.project.source(doc).with_suffix(".toml").exists()
        self.stamps.mkdir(parents=True, exist_ok=True)
        write_if_changed(self.metadata_state(doc), b"present\n" if present else b"absent\n")

    def seed(self, doc: str) -> list[Path]:
        """seeds/<doc>.txt, seeds/<doc>.toml when it is there, and the record of whether it is."""
        source = self.project.source(doc)
        metadata = source.with_suffix(".toml")
        found = [source, metadata] if metadata.exists() else [source]
        return [*found, self.metadata_state(doc)]

    def catalogue(self, doc: str, locale: str) -> list[Path]:
        return [self.project.po(doc, locale), self.po_stamp(doc, locale)]

    def pdf_prerequisites(self, job: PdfJob) -> list[Path]:
        locales = dict.fromkeys([PIVOT_LOCALE, *job.locales])
        return [
            *self.seed(job.document),
            *(path for locale in locales for path in self.catalogue(job.document, locale)),
            *glossary(self.project),
            *self.templates(),
            *self.code(),
        ]


def glossary(project: Project) -> list[Path]:
    """The names table the PDFs print comes from the glossary (the Makefile's $(GLOSSARY))."""
    return [project.glossary] if project.glossary.exists() else []


def run_step(stamp: Path, inputs: list[Path], step: Callable[[], list[Path]]) -> None:
    """Run one catalogue step and touch its stamp, as make's ``publish ... && touch STAMP``.

    An input that another program changed while the step read it (a translator's save in the
    middle) leaves the stamp as it was: still older than that input, so the step runs again.
    """
    before = {path: fingerprint(path) for path in inputs}
    written = set(step())
    if any(fingerprint(path) != before[path] for path in inputs if path not in written):
        return
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()


def catalogue_steps(graph: MakeGraph, doc: str) -> None:
    """Extract and update one document's catalogues where make would, in make's order."""
    project = graph.project
    graph.record_metadata_presence(doc)
    pot, pot_stamp = project.pot(doc), graph.pot_stamp(doc)
    if out_of_date(pot_stamp, [*graph.seed(doc), pot, *graph.code()]):
        run_step(pot_stamp, [*graph.seed(doc), pot], lambda: pipeline.extract(project, [doc]))
    pivot, pivot_stamp = project.po(doc, PIVOT_LOCALE), graph.po_stamp(doc, PIVOT_LOCALE)
    if out_of_date(pivot_stamp, [pot_stamp, pivot]):
        run_step(pivot_stamp, [pot, pivot], lambda: pipeline.update(project, [doc], [PIVOT_LOCALE]))
    for locale in project.locales():
        if locale == PIVOT_LOCALE:
            continue
        po, stamp = project.po(doc, locale), graph.po_stamp(doc, locale)
        if out_of_date(stamp, [pot_stamp, pivot_stamp, pivot, po]):
            run_step(
                stamp,
                [pot, pivot, po],
                lambda locale=locale: pipeline.update(project, [doc], [locale]),
            )


def report_error(error: BaseException) -> None:
    """One line, as the command line reports errors; watching goes on."""
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        message = f"{where}{error.strerror or error}"
    elif isinstance(error, PublishError):
        message = str(error)
    else:
        # A template being edited (Jinja's syntax errors name their file and line).
        filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        where = f"{filename}:{line}: " if filename and line else ""
        message = (
            f"{where}{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        )
    print(f"publish: {message}", file=sys.stderr, flush=True)


class Watch:
    """Rebuild what is out of date, then again after every burst of saves."""

    def __init__(self, project: Project, docs: list[str], jobs: int | None) -> None:
        self.project = project
        self.docs = docs
        self.jobs = jobs
        self.graph = MakeGraph(project)
        self.output = project.root / BUILD
        self.changes: queue.Queue[float] = queue.Queue()
        self.warm = False

    def documents(self) -> list[str]:
        return [s.stem for s in self.project.sources(self.docs or None, skip_refused=True)]

    def rebuild(self, since: float) -> list[str]:
        """One look at the files: run make's steps for what is out of date; the PDFs rewritten."""
        stale: list[PdfJob] = []
        for doc in self.documents():
            try:
                catalogue_steps(self.graph, doc)
            except PublishError as error:
                # This document's PDFs wait for a good catalogue; the last good ones stay.
                report_error(error)
                continue
            for job in pipeline.build_plan(self.project, [doc], self.output):
                if out_of_date(job.target, self.graph.pdf_prerequisites(job)):
                    stale.append(job)
        if not stale:
            return []
        return self.typeset(stale, since)

    def typeset(self, stale: list[PdfJob], since: float) -> list[str]:
        inputs = {job: self.graph.pdf_prerequisites(job) for job in stale}
        before = {path: fingerprint(path) for paths in inputs.values() for path in paths}
        targets = [self.project.relative(job.target) for job in stale]
        print(f"typesetting {' '.join(targets)}", flush=True)
        rebuilt: list[str] = []

        def done(label: str) -> None:
            rebuilt.append(label)
            print(f"rebuilt {label} in {time.perf_counter() - since:.2f} s", flush=True)

        try:
            pipeline.build(self.project, targets, self.output, DEFAULT_POLICY, self.jobs, done)
        finally:
            for job in stale:
                self.mark_stale_if_changed(job, inputs[job], before)
        return rebuilt

    def mark_stale_if_changed(
        self, job: PdfJob, inputs: list[Path], before: dict[Path, Fingerprint]
    ) -> None:
        """A PDF whose input was saved while it was typeset may show the old text: date it just
        before that save, so that this watch and make both see it out of date."""
        changed = [
            stamp[0]
            for path in inputs
            if fingerprint(path) != before[path] and (stamp := fingerprint(path)) is not None
        ]
        moment = min(changed, default=0) - 1
        if changed and (modified(job.target) or 0) > moment:
            os.utime(job.target, ns=(moment, moment))

    def warm_up(self) -> None:
        """Lay out the cheapest PDF with a translation here, unwritten, once: the workers forked
        for each rebuild then start with the fonts (the CJK faces too) loaded and the template
        compiled, not only WeasyPrint imported. Measured with scripts/bench-watch (median of 5
        saves of a zh_CN entry): 3.46 s of CPU per save with it, 3.94 s without."""
        from weasyprint import HTML

        from publish import render
        from publish.render.pdf import template_only_fetcher

        self.warm = True
        plan = pipeline.build_plan(self.project, self.documents(), self.output)
        if not plan:
            return
        translated = [job for job in plan if job.locales != (PIVOT_LOCALE,)] or plan
        job = min(translated, key=lambda job: pipeline.pdf_cost(self.project, job))
        try:
            html, _ = pipeline.pdf_html(self.project, job, DEFAULT_POLICY)
        except PublishError:
            return  # reported by the rebuild that needs it
        fetcher = template_only_fetcher(self.project.templates)
        base = str(self.project.templates.resolve()) + "/"
        HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            font_config=render.font_configuration(), presentational_hints=False
        )

    def look(self, since: float) -> None:
        try:
            self.rebuild(since)
            if not self.warm:
                self.warm_up()
        except Exception as error:
            report_error(error)

    def wait_for_saves(self) -> float:
        """Block until a save, then until the files are quiet; when the first change came."""
        while True:
            try:
                # Woken often, as a build's pool is: see workers.STOP_CHECK_SECONDS.
                first = self.changes.get(timeout=STOP_CHECK_SECONDS)
                break
            except queue.Empty:
                continue
        while True:
            try:
                self.changes.get(timeout=QUIET_SECONDS)
            except queue.Empty:
                return first

    def run(self) -> None:
        observer = self.observe()
        try:
            self.look(time.perf_counter())
            folders = ", ".join(f"{name}/" for name, _ in WATCHED)
            print(f"watching {folders} (Ctrl-C stops)", flush=True)
            while True:
                self.look(self.wait_for_saves())
        finally:
            observer.stop()
            observer.join(timeout=2)

    def observe(self):
        """Start watching before the first look, so that nothing saved during it is missed."""
        import signal

        from watchdog.events import (
            DirCreatedEvent,
            DirDeletedEvent,
            DirMovedEvent,
            FileAttribEvent,
            FileClosedEvent,
            FileCreatedEvent,
            FileDeletedEvent,
            FileModifiedEvent,
            FileMovedEvent,
            FileSystemEvent,
            FileSystemEventHandler,
        )
        from watchdog.observers import Observer

        project, changes = self.project, self.changes
        root = project.root.resolve()

        class Saves(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                paths = [event.src_path, getattr(event, "dest_path", "") or ""]
                if any(is_input(root, Path(os.fsdecode(p))) for p in paths if p):
                    changes.put(time.perf_counter())

        # Reading a file is an event too (opened, closed without writing): left out, or every
        # look would cause the next.
        kinds = [
            FileCreatedEvent,
            FileModifiedEvent,
            FileClosedEvent,
            FileAttribEvent,
            FileMovedEvent,
            FileDeletedEvent,
            DirCreatedEvent,
            DirMovedEvent,
            DirDeletedEvent,
        ]
        observer = Observer()
        # The observer's threads inherit this mask: the stop signals reach the main thread only,
        # where publish.fsio holds them while it names a temporary file.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            for name, recursive in WATCHED:
                folder = root / name
                if folder.is_dir():
                    observer.schedule(Saves(), folder, recursive=recursive, event_filter=kinds)
            observer.daemon = True
            observer.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return observer


def is_input(root: Path, path: Path) -> bool:
    """Whether a change to ``path`` can change what make builds: seeds/<doc>.txt and .toml, every
    file of templates/, locales/<doc>.pot, the catalogues and the glossary. Not: compiled .mo
    files, hidden files (editors' swap files, publish's own temporary files), backups (name~,
    #name#), anything under build/."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if not parts:
        return False
    name = parts[-1]
    if name.startswith((".", "#")) or name.endswith("~"):
        return False
    top, depth = parts[0], len(parts)
    if top == "seeds":
        return depth == 2 and name.endswith((".txt", ".toml"))
    if top == "templates":
        return depth == 2
    if top == "locales":
        # A locale's folder made or moved in (locales/de, locales/de/LC_MESSAGES) brings its
        # catalogues along.
        if depth == 2:
            return name.endswith(".pot") or name == "glossary.csv" or "." not in name
        if depth == 3:
            return name == "LC_MESSAGES"
        return depth == 4 and parts[2] == "LC_MESSAGES" and name.endswith(".po")
    return False


def run(root: Path, docs: list[str], jobs: int | None) -> int:
    project = Project(root)
    # Read before any step writes, so that a bad value changes nothing.
    source_date()
    project.sources(docs or None, skip_refused=True)
    Watch(project, docs, jobs).run()
    return 0
