"""The command line as users meet it: help, progress and one-line errors."""

from __future__ import annotations

import json
import shlex
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import DOC, PUBLISH_COMMAND, ROOT, copy_project, run_publish


def test_help_lists_the_subcommands():
    result = run_publish("--help", check=True)
    for command in ("extract", "update", "init", "build", "repairs"):
        assert command in result.stdout


def test_unknown_document_is_one_line_and_exit_2(tmp_path):
    root = copy_project(tmp_path)
    result = run_publish("-C", str(root), "extract", "no-such-doc")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no-such-doc" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_of_an_unchanged_source_rewrites_nothing(tmp_path):
    root = copy_project(tmp_path)
    pot = root / "locales" / f"{DOC}.pot"
    before = pot.read_bytes()
    result = run_publish("-C", str(root), "extract", check=True)
    assert pot.read_bytes() == before
    assert "wrote" not in result.stderr


def test_update_is_idempotent(tmp_path):
    root = copy_project(tmp_path)
    run_publish("-C", str(root), "update", check=True)
    catalogues = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))
    before = [p.read_bytes() for p in catalogues]
    run_publish("-C", str(root), "update", check=True)
    assert [p.read_bytes() for p in catalogues] == before


def test_init_creates_a_catalogue_with_a_complete_header(tmp_path):
    root = copy_project(tmp_path)
    run_publish("-C", str(root), "init", "de", check=True)
    text = (root / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po").read_text()
    assert '"Language: de\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    again = run_publish("-C", str(root), "init", "de")
    assert again.returncode == 2 and "exists already" in again.stderr


def test_output_cut_short_by_the_reader_is_no_traceback(tmp_path):
    root = copy_project(tmp_path)
    # Far more repairs than a pipe buffer holds, so the writer meets the closed pipe.
    paragraphs = [f"Paragraph {n} has a stray space , here ." for n in range(4000)]
    (root / "seeds" / f"{DOC}.txt").write_text("\n\n".join(paragraphs) + "\n")
    # A real pipe and a real process: the reader closes it under the writer.
    command = shlex.join([*PUBLISH_COMMAND, "-C", str(root), "repairs", DOC])
    reader = subprocess.run(
        f"{command} | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert len(reader.stdout) == 10
    assert "Traceback" not in reader.stderr and "BrokenPipe" not in reader.stderr


def test_a_relative_pdf_target_is_under_the_project_folder(tmp_path):
    root = copy_project(tmp_path)
    run_publish("-C", str(root), "build", f"build/{DOC}-en.pdf", check=True, cwd=tmp_path.parent)
    assert (root / "build" / f"{DOC}-en.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["update", "--locale", "zh_cn"], "no catalogues for locale 'zh_cn'; did you mean zh_CN?"),
        (["update", "-l", "zh-cn"], "did you mean zh_CN?"),
        (["update", "-l", "fr"], "(this project has en, zh_CN); 'publish init fr' starts them"),
        (["stats", "-l", "zh-CN"], "did you mean zh_CN?"),
        (["check", "-l", "fr_fr"], "'publish init fr_FR' starts them"),
        (["init", "zh-cn"], "unknown locale 'zh-cn'; did you mean zh_CN?"),
        (["init", "zh_cn"], "did you mean zh_CN?"),
        (["init", "xx"], "unknown locale 'xx'"),
    ],
)
def test_a_locale_that_is_not_a_catalogue_of_the_project_is_refused(tmp_path, args, message):
    root = copy_project(tmp_path)
    before = sorted((root / "locales").rglob("*"))
    result = run_publish("-C", str(root), *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert sorted((root / "locales").rglob("*")) == before


def test_l_is_short_for_locale(tmp_path):
    root = copy_project(tmp_path)
    result = run_publish("-C", str(root), "stats", "--json", "-l", "zh_CN", check=True)
    assert [row["locale"] for row in json.loads(result.stdout)] == ["zh_CN"]
    run_publish("-C", str(root), "update", "-l", "zh_CN", check=True)
    run_publish("-C", str(root), "check", "-l", "en", check=True)


def test_make_help_lists_the_targets():
    result = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    for target in ("make test", "make pot", "make update-po", "make init-po", "make check"):
        assert target in result.stdout


def test_a_stop_signal_handled_inside_a_finaliser_still_stops_in_one_line():
    # Python runs a signal's handler wherever the interpreter is, a weak reference's callback
    # included, where an exception cannot be raised: the stop must not be lost there.
    script = textwrap.dedent(
        """
        import signal, sys, time, weakref
        from publish import cli

        class Thing:
            pass

        def command(argv):
            thing = Thing()
            reference = weakref.ref(thing, lambda ref: signal.raise_signal(signal.SIGTERM))
            del thing
            for _ in range(500):
                time.sleep(0.01)
            print("the stop was lost", file=sys.stderr)
            return 0

        cli.run_command = command
        sys.exit(cli.main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == -signal.SIGTERM, result.stderr
    assert result.stderr == "publish: interrupted\n"
