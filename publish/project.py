"""The project folder: where the sources, templates, catalogues, glossary and PDFs are.

``Project`` is the one place that knows the layout (seeds/, templates/, locales/ and
its catalogues, locales/glossary.csv); ``PdfJob`` is one PDF a build writes, with the
document and locales it was planned from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.model import Document

DOCUMENT_NAME_RULE = (
    "a document name holds only letters, digits, '-', '_' and '.', "
    "and starts with neither '-' nor '.'"
)
NOT_A_PROJECT = (
    "no such folder: not a project folder? (run publish in the folder that holds "
    "seeds/ and locales/, or name it with -C)"
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


BRIEFING = "briefing"
REVIEW = "review"


def pdf_name(document: str, locales: tuple[str, ...], kind: str = BRIEFING) -> str:
    """``<doc>-<locale>.pdf``, or ``<doc>-en-<locale>.pdf`` for two columns; the review edition
    of every locale is ``<doc>-review.pdf``."""
    if kind == REVIEW:
        return f"{document}-review.pdf"
    return f"{document}-{'-'.join(locales)}.pdf"


@dataclass(frozen=True)
class PdfJob:
    """One PDF a build writes: its document, the locales of its columns, and its path.

    ``kind``: a reader's ``briefing``, or the editors' ``review`` edition, whose locales are
    the pivot and every other locale the document has a catalogue for.
    """

    document: str
    locales: tuple[str, ...]
    target: Path
    kind: str = BRIEFING


@dataclass(frozen=True)
class Project:
    """A project folder: seeds/<doc>.txt and .toml, templates/, locales/ and its catalogues."""

    root: Path

    seeds = property(lambda self: self.root / "seeds", doc="the articles: <doc>.txt and .toml")
    templates = property(lambda self: self.root / "templates", doc="HTML, CSS and labels")
    locales_folder = property(lambda self: self.root / "locales", doc="templates and catalogues")
    glossary = property(lambda self: self.locales_folder / "glossary.csv", doc="names and terms")

    def path(self, given: str | Path) -> Path:
        """A path named on the command line: like make -C, a relative one is under the project."""
        return self.root / given

    def source(self, document: str) -> Path:
        return self.seeds / f"{document}.txt"

    def pot(self, document: str) -> Path:
        return self.locales_folder / f"{document}.pot"

    def po(self, document: str, locale: str) -> Path:
        return self.locales_folder / locale / "LC_MESSAGES" / f"{document}.po"

    def locales(self) -> list[str]:
        """Every locale with a catalogue folder, locales/<L>/LC_MESSAGES."""
        if not self.locales_folder.is_dir():
            raise PublishError(NOT_A_PROJECT, self.locales_folder)
        return sorted(p.name for p in self.locales_folder.iterdir() if (p / "LC_MESSAGES").is_dir())

    def sources(self, names: list[str] | None = None, skip_refused: bool = False) -> list[Path]:
        """The sources named (all of seeds/ when none is); a name against ``DOCUMENT_NAME_RULE`` is
        refused, or left out with ``skip_refused``."""
        if names:
            found = []
            for name in names:
                path = self.source(Path(name).name.removesuffix(".txt"))
                refuse_document_name(path)
                if not path.is_file():
                    raise PublishError(f"no such document: {name} (looked for {path})")
                found.append(path)
            return found
        if not self.seeds.is_dir():
            raise PublishError(NOT_A_PROJECT, self.seeds)
        found = sorted(self.seeds.glob("*.txt"))
        if skip_refused:
            found = [path for path in found if allowed_document_name(path.stem)]
        for path in found:
            refuse_document_name(path)
        if not found:
            raise PublishError(f"no documents: {self.seeds} has no .txt file")
        return found

    def document(self, source: Path) -> Document:
        # Imported here: compiling the segmenter's rules costs the commands that only read
        # catalogues (update, check, stats) about 0.1 s.
        from publish.segment import read_document

        return read_document(source, self.root)

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)
