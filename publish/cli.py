"""The ``publish`` command line: one subcommand per step of the pipeline.

Every failure the user can fix is reported as one line (``path:line: message``)
with exit status 2; no traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from publish import __version__
from publish.errors import STOP_SIGNALS, Interrupted, PublishError

EPILOG = """examples:
  publish extract                 write locales/<doc>.pot for every seeds/<doc>.txt
  publish update                  merge the templates into every locales/<L>/LC_MESSAGES/<doc>.po
  publish init de                 start a German catalogue for every document
  publish init zh_HK --from zh_CN start Hong Kong Chinese from zh_CN by OpenCC, all fuzzy
  publish build                   typeset every PDF into build/
  publish build build/qianhai-forum-zh_CN.pdf
  publish build build/qianhai-forum-review.pdf   the editors' review edition (not in a plain build)
  publish repairs qianhai-forum   list the structural repairs made to the source
  publish stats                   how far every catalogue is translated
  publish check                   check every catalogue (exit 1 on any error-level finding)
  publish check path/to/any.po    check one catalogue, of this project or not
  publish new ~/in/forum.txt       copy an article into seeds/ and suggest its seeds/<doc>.toml
  publish doctor                  check Python, WeasyPrint, Pango, hb-subset, fonts and tools
  publish watch qianhai-forum     rebuild what make would, on every save, until Ctrl-C
"""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="publish",
        description="Bilingual English-Chinese PDF briefings through gettext catalogues.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"publish {__version__}")
    top.add_argument(
        "-C", "--root", type=Path, default=Path("."), help="project folder (default: .)"
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help)

    def documents(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "docs", nargs="*", metavar="DOC", help="documents (default: all in seeds/)"
        )

    def locales(command: argparse.ArgumentParser, help: str = "") -> None:
        command.add_argument(
            "-l", "--locale", action="append", help=help or "only this locale (repeatable)"
        )

    extract = command("extract", "extract locales/<doc>.pot from seeds/<doc>.txt")
    documents(extract)

    update = command("update", "merge each template into its catalogues, like msgmerge --previous")
    documents(update)
    locales(update)

    init = command("init", "create the catalogue of a new locale, like msginit")
    init.add_argument("locale", metavar="LOCALE", help="e.g. de, fr, zh_TW")
    init.add_argument(
        "--from",
        dest="convert_from",
        metavar="LOCALE",
        help="seed Traditional Chinese from this Simplified catalogue with OpenCC (e.g. zh_CN); "
        "every converted entry is fuzzy until reviewed",
    )
    documents(init)

    build = command("build", "typeset the PDFs into build/")
    build.add_argument(
        "targets",
        nargs="*",
        metavar="DOC|PDF",
        help="documents, or build/<doc>-<locale>.pdf and build/<doc>-review.pdf paths",
    )
    build.add_argument("-o", "--output", type=Path, default=Path("build"), help="output folder")
    build.add_argument("--allow-fuzzy", action="store_true", help="use fuzzy translations")
    build.add_argument(
        "--threshold",
        type=percentage,
        default=80.0,
        metavar="PERCENT",
        help="below this share of source words translated, print a draft notice (default: 80)",
    )
    build.add_argument(
        "--strict", action="store_true", help="fail instead of building a draft under the threshold"
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="typeset in at most N processes (default: one per core)",
    )

    repairs = command("repairs", "list the structural repairs the segmenter made to a source")
    documents(repairs)
    repairs.add_argument("--json", action="store_true", help="print the repairs as JSON")

    stats = command("stats", "count translated, fuzzy, untranslated and obsolete entries and words")
    stats.add_argument(
        "targets", nargs="*", metavar="DOC|PATH.po", help="documents or catalogues (default: all)"
    )
    locales(stats)
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

    check = command("check", "check catalogues: msgfmt -c, numbers, punctuation, glossary, ...")
    check.add_argument(
        "targets", nargs="*", metavar="DOC|PATH.po", help="documents or .po files (default: all)"
    )
    locales(check, "only this locale (repeatable); for a .po path: its locale")
    check.add_argument("--json", action="store_true", help="findings as JSON, for tools")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("--list", action="store_true", help="list the checks and exit")

    new = command("new", "take an article into seeds/, with a metadata file to check")
    new.add_argument("article", metavar="PATH.txt", help="the article, as plain UTF-8 text")
    new.add_argument(
        "--slug", help="the document's name (default: from the file name), e.g. qianhai-forum"
    )

    command("doctor", "check that this machine has what the build and the tests need")

    watch = command("watch", "build what is out of date, then again on every save, until Ctrl-C")
    documents(watch)
    watch.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="typeset in at most N processes (default: cores)",
    )
    return top


def percentage(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"not between 0 and 100: {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; with ``argv`` None it is the process's own command line.

    As the command line it owns the process's stop signals: from its first line to
    the interpreter's exit, Ctrl-C, SIGTERM and SIGHUP end it with one line and
    status 128 + the signal, after every temporary file has been removed.
    """
    owns_signals = argv is None
    try:
        try:
            if owns_signals:
                sys.unraisablehook = deliver_lost_stop
                handle_stop_signals(interrupt)
            return run_command(argv)
        except PublishError as error:
            print(f"publish: {error}", file=sys.stderr)
            return 2
        except BrokenPipeError:
            # The reader of our output went away (`publish repairs | head`): stop quietly, as
            # command-line tools do, and keep Python from complaining again at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141
        except OSError as error:
            # What the steps do not name themselves (a folder that cannot be listed, say) is
            # still one line: the file and the system's reason.
            where = f"{error.filename}: " if error.filename else ""
            print(f"publish: {where}{error.strerror or error}", file=sys.stderr)
            return 2
        finally:
            if owns_signals:
                # Every temporary file is gone by now: from here to the interpreter's exit a
                # stop signal ends the process at once, never as a traceback from this block
                # or from the interpreter's shut-down.
                handle_stop_signals(exit_now)
                with contextlib.suppress(BrokenPipeError, ValueError):
                    sys.stdout.flush()
    except KeyboardInterrupt as stop:
        # From the command, or from a signal that came while an error was being reported.
        print("publish: interrupted", file=sys.stderr)
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        if owns_signals:
            die_of(signum)
        return 128 + signum


def run_command(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    if args.command == "doctor":
        # Before the pipeline's imports: the doctor must run where they would fail.
        from publish import doctor

        return doctor.main(args.root)
    if args.command == "new":
        from publish import intake
        from publish.project import Project

        return intake.main(Project(args.root), args.article, args.slug)
    if args.command == "watch":
        from publish import watch

        return watch.run(args.root, args.docs, args.jobs)
    from publish import pipeline

    return pipeline.run(args)


def handle_stop_signals(handler: Callable[[int, object], None]) -> None:
    # All at once: a signal coming half-way would meet the old handler of its kind.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        for signum in STOP_SIGNALS:
            # A signal ignored by whoever started us (nohup, a background job) stays ignored.
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, handler)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def interrupt(signum: int, frame: object) -> None:
    # One interruption is enough: the clean-up it starts must not be cut short by a second.
    handle_stop_signals(lambda signum, frame: None)
    raise Interrupted(signum)


def deliver_lost_stop(unraisable: Any) -> None:
    """A stop signal whose handler ran inside a finaliser or a weak reference's callback raised
    where Python cannot raise (it would print "Exception ignored" and go on as if not stopped):
    send it again, to be raised where the command can clean up and end in one line."""
    if isinstance(unraisable.exc_value, Interrupted):
        import threading

        handle_stop_signals(interrupt)
        # Sent from another thread, a moment later: a handler run from this hook could not
        # raise either. The command's own code takes it at its next step.
        signum = unraisable.exc_value.signum
        threading.Timer(0.01, os.kill, (os.getpid(), signum)).start()
        return
    sys.__unraisablehook__(unraisable)


def exit_now(signum: int, frame: object) -> None:
    os.write(sys.stderr.fileno(), b"publish: interrupted\n")
    die_of(signum)


def die_of(signum: int) -> None:
    """End the process by ``signum`` itself, once clean: the shell reports 128 + signum, and
    make or a shell script see that the command was interrupted, not that it failed."""
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)
