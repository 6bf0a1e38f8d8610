"""Broken catalogues: every command that reads them stops with one line and changes no file.

The corpus in tests/data/bad/ was judged against GNU ``msgfmt -c`` (gettext 0.21). Each case
names the line we report, words from our message, and what msgfmt says, so that a difference
from the reference is a decision written down here rather than an accident:

- crlf.po: msgfmt accepts CRLF line ends; so do we (read as LF; ``update`` writes LF).
- bom.po: msgfmt 0.21 rejects a byte-order mark ("syntax error" at 1:2); we reject it, naming it.
- latin1-charset.po: msgfmt converts a declared ISO-8859-1; we reject it, since every tool here
  writes UTF-8 and a converted file would silently change bytes under the translator.
- nul-byte.po: msgfmt silently cuts the string at the NUL; we reject it rather than lose text.
- newline-mismatch.po: msgfmt -c rejects a msgstr that does not end with \n like its msgid; that
  is a flaw of one translation, not of the file, so the reader accepts it and ``publish check``
  reports it (its ``invalid`` check).
- the other files: msgfmt rejects them too (line numbers agree except where msgfmt reports an
  unterminated string on the line after it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from publish.po import reader
from tests.conftest import DOC, copy_project, run_publish

BAD = Path(__file__).parent / "data" / "bad"

# file: (line we report, words of our message, msgfmt -c rejects it too)
CASES = {
    "truncated.po": (24, "file ends inside the string", True),
    "unterminated-string.po": (24, "is not closed on the same line", True),
    "bad-escape.po": (19, r"invalid escape sequence \q", True),
    "duplicate-msgid.po": (28, "duplicate message definition: the same msgid as on line 18", True),
    "msgstr-without-msgid.po": (22, "msgstr without a msgid", True),
    "invalid-utf8.po": (24, "not valid UTF-8", True),
    "latin1-charset.po": (12, "charset ISO-8859-1 declared; catalogues must be UTF-8", False),
    "bom.po": (1, "byte-order mark", True),
    "nul-byte.po": (19, "NUL byte", False),
    "binary-garbage.po": (1, "NUL byte", True),
    "empty.po": (1, "empty file", True),
    "wrong-nplurals.po": (14, "nplurals = 1 but the plural expression can produce", True),
    "plural-count.po": (22, "2 plural forms, but the header says nplurals = 1", True),
    "bad-plural-expression.po": (14, "invalid plural expression", True),
    "unknown-keyword.po": (19, 'unknown keyword "msgtxt"', True),
    "no-header.po": (3, "no header entry", True),
    "stray-string.po": (22, "a quoted string outside any msgid or msgstr", True),
}


# The commands that read catalogues. Each is run as a user would: one that went missing fails
# every test below with argparse's exit status 2 and "invalid choice", it does not drop out.
COMMANDS = ["update", "build", "stats", "check"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project_with_pdfs(built, tmp_path_factory) -> Path:
    """A project copy whose build/ already holds the PDFs, so a build would overwrite them."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    out, _ = built
    shutil.copytree(out, root / "build")
    return root


def test_the_corpus_is_complete():
    assert sorted(CASES) == sorted(p.name for p in BAD.glob("*.po") if p.name not in OK_FILES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_msgfmt_agrees_or_the_difference_is_documented(name):
    _, _, gnu_rejects = CASES[name]
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(BAD / name)], capture_output=True
    )
    assert (result.returncode != 0) == gnu_rejects, result.stderr.decode(errors="replace")


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_reader_names_the_line_and_the_problem(name):
    line, words, _ = CASES[name]
    with pytest.raises(reader.POSyntaxError) as caught:
        reader.load(BAD / name)
    assert caught.value.line == line
    assert words in caught.value.message


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_command_stops_with_one_line_and_changes_nothing(
    project_with_pdfs, tmp_path, command, name
):
    root = tmp_path / "project"
    shutil.copytree(project_with_pdfs, root)
    target = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    shutil.copyfile(BAD / name, target)
    before = snapshot(root)
    assert any(p.endswith(".pdf") for p in before) and any(p.endswith(".pot") for p in before)

    result = run_publish("-C", str(root), command)

    line, words, _ = CASES[name]
    err = result.stderr
    assert result.returncode == 2, err
    assert err == f"publish: {target}:{line}: {err.split(': ', 2)[2]}"
    assert err.count("\n") == 1 and words in err
    assert result.stdout == ""
    assert snapshot(root) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_pivot_catalogue_stops_every_command_too(project_with_pdfs, tmp_path, command):
    root = tmp_path / "project"
    shutil.copytree(project_with_pdfs, root)
    target = root / "locales" / "en" / "LC_MESSAGES" / f"{DOC}.po"
    target.write_bytes(target.read_bytes()[:-200])
    before = snapshot(root)
    result = run_publish("-C", str(root), command)
    assert result.returncode == 2
    assert re.fullmatch(rf"publish: {re.escape(str(target))}:\d+: [^\n]+\n", result.stderr)
    assert "Traceback" not in result.stderr
    assert snapshot(root) == before


# --- what is accepted ------------------------------------------------------------

OK_FILES = {"good.po", "crlf.po", "newline-mismatch.po"}


def test_crlf_line_ends_read_as_the_same_catalogue():
    good, crlf = reader.load(BAD / "good.po"), reader.load(BAD / "crlf.po")
    assert crlf.metadata == good.metadata
    assert [(e.msgid, e.msgstr, e.comment) for e in crlf] == [
        (e.msgid, e.msgstr, e.comment) for e in good
    ]
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(BAD / "crlf.po")]).returncode == 0


def test_update_of_a_crlf_catalogue_keeps_its_translations(tmp_path):
    root = copy_project(tmp_path)
    target = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    original = reader.load(target)
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    run_publish("-C", str(root), "update", check=True)
    data = target.read_bytes()
    assert b"\r" not in data
    again = reader.load(target)
    assert {e.msgid: e.msgstr for e in again} == {e.msgid: e.msgstr for e in original}


def test_a_newline_mismatch_is_left_to_check():
    path = BAD / "newline-mismatch.po"
    assert reader.load(path) is not None
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode != 0
    result = run_publish("check", "--locale", "zh_CN", str(path))
    assert result.returncode == 1, result.stderr
    assert f"{path.name}:24:" in result.stdout or f"{path.name}:23:" in result.stdout


def real_catalogues() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    return sorted(root.glob("locales/**/*.po")) + sorted(root.glob("locales/*.pot"))


@pytest.mark.parametrize("path", real_catalogues(), ids=lambda p: p.name)
def test_the_project_catalogues_read_as_polib_reads_them(path):
    """On valid files the strict reader yields what polib does (polib is the model downstream)."""

    def shape(po: polib.POFile) -> tuple:
        entries = [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural) for e in po] + [
            (e.comment, e.tcomment, e.occurrences, e.flags, bool(e.obsolete)) for e in po
        ]
        return (po.header, po.metadata, entries)

    assert shape(reader.load(path)) == shape(polib.pofile(str(path), wrapwidth=79))


def test_escapes_decode_as_gnu_gettext_decodes_them():
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a\\tb\\\\c\\"d\\101\\x42\\a"\nmsgstr "x"\n'
    )
    (entry,) = reader.parse(text.encode())
    assert entry.msgid == 'a\tb\\c"dAB\a'


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
ONE_FORM = '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
ACCEPTED_LIKE_GNU = {
    "obsolete-flag-comment": HEADER + '\n#~ #, fuzzy\n#~ msgid "a"\n#~ msgstr "b"\n',
    "untranslated-plural-with-more-slots": HEADER
    + ONE_FORM
    + '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    "untranslated-plural-without-plural-forms": HEADER
    + '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    "fuzzy-newline-mismatch": HEADER + '\n#, fuzzy\nmsgid "a\\n"\nmsgstr "b"\n',
    "keyword-and-string-on-separate-lines": HEADER + '\nmsgid\n"a"\nmsgstr\n"b" "c"\n',
}
REJECTED_LIKE_GNU = {
    "comment-after-a-keyword": (HEADER + '\nmsgid "a" # note\nmsgstr "b"\n', 5),
    "obsolete-duplicate-of-a-live-message": (
        HEADER + '\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
        8,
    ),
    "translated-plural-without-plural-forms": (
        HEADER + '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
        5,
    ),
    "half-obsolete-message": (HEADER + '\nmsgid "a"\n#~ msgstr "b"\n', 6),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED_LIKE_GNU))
def test_what_gnu_accepts_is_accepted(tmp_path, name):
    path = tmp_path / f"{name}.po"
    path.write_text(ACCEPTED_LIKE_GNU[name], encoding="utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    assert reader.load(path) is not None


@pytest.mark.parametrize("name", sorted(REJECTED_LIKE_GNU))
def test_what_gnu_rejects_is_rejected(tmp_path, name):
    text, line = REJECTED_LIKE_GNU[name]
    path = tmp_path / f"{name}.po"
    path.write_text(text, encoding="utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode != 0
    with pytest.raises(reader.POSyntaxError) as caught:
        reader.load(path)
    assert caught.value.line == line


def test_a_template_placeholder_plural_forms_reads_as_none(tmp_path):
    """msgfmt refuses the placeholder; msgmerge reads templates that carry it, and so do we."""
    path = tmp_path / "template.pot"
    path.write_text(
        HEADER
        + '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n'
        + '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    (entry,) = reader.load(path)
    assert entry.msgid_plural == "as"
