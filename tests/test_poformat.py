"""publish.po.writer writes what GNU gettext writes: GNU msgcat and libunistring are the oracles."""

from __future__ import annotations

import ctypes
import ctypes.util
import gettext
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.po import linebreak, reader, writer

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = sorted(ROOT.glob("locales/*.pot")) + sorted(ROOT.glob("locales/*/LC_MESSAGES/*.po"))


def msgcat(text: str) -> str:
    # --force-po: a catalogue with nothing but a header is still written.
    result = subprocess.run(["msgcat", "--force-po", "-"], input=text.encode(), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


# --- libunistring itself, read through ctypes: the line breaking tables gettext uses ---------


class _LineBreakProperties(ctypes.Structure):
    # The layout of libunistring 1.0's three-level table (lbrkprop1.h).
    _fields_ = [
        ("level1", ctypes.c_int * 15),
        ("level2", ctypes.c_int * (4 << 9)),
        ("level3", ctypes.c_ubyte * (246 << 7)),
    ]


# libunistring's numbering of the classes (lbrktables.h).
_LIBUNISTRING_CLASSES = {
    **{name: number for number, name in enumerate(linebreak.PAIR_CLASSES)},
    "BK": 33,
    "CR": 34,
    "LF": 35,
    "CM": 36,
    "ZW": 37,
    "SP": 38,
}
_LIBUNISTRING_RESOLVED = {39: "ID1", 40: "AL", 41: "AL", 42: "AL"}  # CB, AI, SA, XX


@pytest.fixture(scope="module")
def libunistring():
    library = ctypes.CDLL(ctypes.util.find_library("unistring") or "libunistring.so.2")
    library.uc_width.restype = ctypes.c_int
    library.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    return library


def _libunistring_class(library, properties, code: int) -> str:
    names = {number: name for name, number in _LIBUNISTRING_CLASSES.items()}
    level1 = properties.level1[code >> 16] if code >> 16 < 15 else -1
    if level1 < 0:
        return "AL"
    level2 = properties.level2[level1 + ((code >> 7) & 511)]
    if level2 < 0:
        return "AL"
    number = properties.level3[level2 + (code & 127)]
    return _LIBUNISTRING_RESOLVED.get(number) or names[number]


def test_pair_rules_are_libunistrings_table(libunistring):
    table = (ctypes.c_ubyte * (33 * 33)).in_dll(libunistring, "libunistring_unilbrk_table")
    decisions = {1: linebreak.DIRECT, 2: linebreak.INDIRECT, 3: linebreak.PROHIBITED}
    # ZWJ never reaches the table: the breaking loop treats it as a combining mark.
    classes = [klass for klass in linebreak.PAIR_CLASSES if klass != "ZWJ"]
    mismatches = [
        (before, after)
        for before in classes
        for after in classes
        if linebreak.pair_rule(before, after)
        != decisions[table[_LIBUNISTRING_CLASSES[before] * 33 + _LIBUNISTRING_CLASSES[after]]]
    ]
    assert len(classes) * len(classes) == 32 * 32
    assert mismatches == []


def _codepoints_known_to_both() -> list[int]:
    """Every code point of planes 0 and 1 (surrogates aside).

    libunistring 1.0 knows Unicode 14.0; on a Python whose ``unicodedata`` is newer, only
    code points assigned by Unicode 3.2 are compared, since the two cannot agree on the rest.
    """
    codes = [code for code in range(0x20000) if not 0xD800 <= code < 0xE000]
    if unicodedata.unidata_version != "14.0.0":
        codes = [code for code in codes if unicodedata.ucd_3_2_0.category(chr(code)) != "Cn"]
    return codes


def test_line_break_classes_are_libunistrings(libunistring):
    properties = _LineBreakProperties.in_dll(libunistring, "libunistring_unilbrkprop")
    codes = _codepoints_known_to_both()
    assert len(codes) > 60000
    mismatches = [
        f"U+{code:04X}"
        for code in codes
        if linebreak.line_break_class(chr(code))
        != _libunistring_class(libunistring, properties, code)
    ]
    assert mismatches == []


def test_widths_are_libunistrings(libunistring):
    codes = _codepoints_known_to_both()
    mismatches = [
        f"U+{code:04X}"
        for code in codes
        if linebreak.char_width(chr(code)) != libunistring.uc_width(code, b"UTF-8")
    ]
    assert mismatches == []


# --- line breaking on text that PO files hold -------------------------------------------------


def breaks_in(text: str) -> list[str]:
    """``text`` cut at every break opportunity."""
    opportunities = linebreak.possible_linebreaks(text)
    pieces, start = [], 0
    for index, value in enumerate(opportunities):
        if value == linebreak.POSSIBLE:
            pieces.append(text[start:index])
            start = index
    return [*pieces, text[start:]]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("science and technology", ["science ", "and ", "technology"]),
        ("Guangdong-Hong Kong", ["Guangdong-", "Hong ", "Kong"]),
        ("深化科创合作。", ["深", "化", "科", "创", "合", "作。"]),
        ("“大湾区”建设", ["“大", "湾", "区”建", "设"]),  # QU holds on both sides
        ("《规划》，", ["《规", "划》，"]),
        ('of the \\"Science', ["of ", "the ", '\\"Science']),
        ("50% of US$3", ["50% ", "of ", "US$3"]),
        ("a/b", ["a/", "b"]),
        ("1,000.5", ["1,000.5"]),
        ("zero\u200bwidth", ["zero\u200b", "width"]),
        ("no\u00a0break", ["no\u00a0break"]),
    ],
)
def test_break_opportunities(text, pieces):
    assert breaks_in(text) == pieces


def libunistring_breaks(library, text: str) -> list[str]:
    """libunistring's own break opportunities, one value per character of ``text``."""
    data = text.encode()
    result = ctypes.create_string_buffer(len(data))
    library.u8_possible_linebreaks_v2(data, ctypes.c_size_t(len(data)), b"UTF-8", result)
    # unilbrk.h numbering: prohibited 1, possible 2, mandatory 3, CR before LF 5.
    values = {1: linebreak.NO_BREAK, 2: linebreak.POSSIBLE, 3: linebreak.MANDATORY, 5: "cr-lf"}
    starts = [index for index, byte in enumerate(data) if byte & 0xC0 != 0x80]
    return [values[result.raw[index]] for index in starts]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=40))
def test_break_opportunities_are_libunistrings_on_any_text(libunistring, text):
    assert linebreak.possible_linebreaks(text) == libunistring_breaks(libunistring, text)


def test_first_line_is_empty_when_the_string_wraps_or_has_an_inner_newline():
    assert writer.string_lines("msgid", "short") == ['msgid "short"']
    assert writer.string_lines("msgid", "ends with newline\n") == ['msgid "ends with newline\\n"']
    assert writer.string_lines("msgid", "two\nlines") == [
        'msgid ""',
        '"two\\n"',
        '"lines"',
    ]


@pytest.mark.parametrize("bad", ["\x00", "\x04"])
def test_characters_a_po_file_cannot_hold_are_refused(bad):
    with pytest.raises(ValueError, match="NUL or EOT"):
        writer.string_lines("msgstr", f"a{bad}b")


def test_a_word_longer_than_the_line_is_never_cut():
    word = "x" * 120
    assert writer.string_lines("msgstr", f"a {word} b") == [
        'msgstr ""',
        '"a "',
        f'"{word} "',
        '"b"',
    ]


def test_chinese_lines_fill_79_columns():
    text = "粤港澳大湾区科技创新合作论坛在前海举行，" * 6
    lines = writer.string_lines("msgstr", text)
    assert lines[0] == 'msgstr ""'
    widths = [sum(linebreak.char_width(c) for c in line) for line in lines[1:]]
    assert max(widths) <= 79 and widths[0] >= 77
    assert msgcat_entry(text) == lines


def msgcat_entry(msgstr: str) -> list[str]:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="x", msgstr=msgstr))
    return msgcat(writer.dumps(po)).split("\n\n")[1].splitlines()[1:]


# --- whole catalogues -------------------------------------------------------------------------


def test_committed_catalogues_exist():
    assert len(COMMITTED) >= 2


@pytest.mark.parametrize("path", COMMITTED, ids=lambda path: str(path.relative_to(ROOT)))
def test_committed_catalogue_is_written_as_msgcat_writes_it(path):
    # The file itself may come as another tool saved it (polib, Weblate at its width): publish
    # leaves that alone. What it writes of the same catalogue is GNU's layout, and stable.
    text = writer.dumps(polib.pofile(str(path)))
    assert msgcat(text) == text
    assert writer.dumps(polib.pofile(text)) == text


def _catalogue(*entries: polib.POEntry, fuzzy_header: object = None) -> polib.POFile:
    po = polib.POFile()
    po.header = "Translations of a briefing.\n\nSecond paragraph."
    po.metadata = {"Project-Id-Version": "qianhai-forum", "Report-Msgid-Bugs-To": ""}
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata_is_fuzzy = fuzzy_header
    for entry in entries:
        po.append(entry)
    return po


def test_entry_layout_is_msgcats():
    long_paragraph = (
        'The Guangdong-Hong Kong-Macao Greater Bay Area "Science and Technology China" forum '
        "was held in Qianhai on June 30.\tIt calls for closer cooperation.  "
    )
    active = polib.POEntry(
        msgctxt="paragraph 7",
        msgid=long_paragraph,
        msgstr="前海论坛呼吁粤港澳大湾区加强科技创新合作，推动“科技中国”建设，"
        "进一步深化规则衔接、机制对接。" * 2,
        tcomment="checked against the print edition\n",
        comment="type: paragraph\nen: " + long_paragraph.strip(),
        occurrences=[(f"./seeds/qianhai-forum-{n}.txt", str(n * 100)) for n in range(1, 9)]
        + [("./seeds/qianhai-forum-1.txt", "100")],
        flags=["python-format", "fuzzy", "c-format", "wrap"],
        previous_msgid="The forum was held\nin Qianhai.",
    )
    untranslated = polib.POEntry(msgid="Byline", msgstr="", flags=["fuzzy"])
    plural = polib.POEntry(msgid="%d segment", msgid_plural="%d segments", flags=["c-format"])
    obsolete = polib.POEntry(
        msgid="An old paragraph that is long enough to wrap in an obsolete entry, which has "
        "a narrower line than an active one.",
        msgstr="旧段落" * 30,
        obsolete=True,
        flags=["fuzzy", "range: 0..3"],
        tcomment="kept",
    )
    forgotten = polib.POEntry(msgid="Never translated", obsolete=True)
    text = writer.dumps(
        _catalogue(obsolete, active, forgotten, untranslated, plural, fuzzy_header=True)
    )
    assert msgcat(text) == text
    blocks = text.split("\n\n")
    header = "# Translations of a briefing.\n#\n# Second paragraph.\n#, fuzzy\nmsgid"
    assert blocks[0].startswith(header)
    assert '"Report-Msgid-Bugs-To: \\n"' in blocks[0]
    first = blocks[1].splitlines()
    assert first[:2] == ["# checked against the print edition", "#"]
    assert first[2].startswith("#. type: paragraph") and first[3].startswith("#. en: The")
    references = [line for line in first if line.startswith("#:")]
    assert len(references) == 4 and all(len(line) <= 79 for line in references)
    assert " seeds/qianhai-forum-1.txt:100 " in references[0] + " "
    assert (" ".join(references)).count("qianhai-forum-1.txt") == 1
    assert "#, fuzzy, c-format, python-format" in first
    assert first[first.index("#, fuzzy, c-format, python-format") + 1 :][:3] == [
        '#| msgid ""',
        '#| "The forum was held\\n"',
        '#| "in Qianhai."',
    ]
    assert 'msgctxt "paragraph 7"' in first
    assert blocks[2].splitlines() == ['msgid "Byline"', 'msgstr ""']
    assert blocks[3].splitlines() == [
        "#, c-format",
        'msgid "%d segment"',
        'msgid_plural "%d segments"',
        'msgstr[0] ""',
        'msgstr[1] ""',
    ]
    old = blocks[4].splitlines()
    assert old[:2] == ["# kept", "#, fuzzy"]
    assert all(line.startswith("#~ ") for line in old[2:])
    assert max(sum(map(linebreak.char_width, line)) for line in old) == 79
    assert len(blocks) == 5  # the obsolete entry without a translation is gone, as msgcat does


def test_flags_gettext_does_not_know_are_kept_after_its_own():
    entry = polib.POEntry(
        msgid="On June 25, 2022",
        msgstr="2022年6月25日",
        flags=["ignore-numbers", "c-format", "fuzzy", "ignore-glossary", "ignore-numbers"],
    )
    text = writer.dumps(_catalogue(entry))
    assert "#, fuzzy, c-format, ignore-numbers, ignore-glossary\n" in text
    # msgcat drops them and changes nothing else; polib reads them back.
    assert msgcat(text) == text.replace(", ignore-numbers, ignore-glossary", "")
    assert writer.dumps(polib.pofile(text)) == text


def test_no_wrap_flag_keeps_long_lines():
    entry = polib.POEntry(msgid="word " * 40 + "\nend", msgstr="", flags=["no-wrap"])
    text = writer.dumps(_catalogue(entry))
    assert msgcat(text) == text
    assert '"' + "word " * 40 + '\\n"' in text.splitlines()


ENGLISH = st.sampled_from(
    [
        "the",
        "forum",
        "science",
        "and",
        "technology",
        "innovation",
        "cooperation",
        "Qianhai",
        "Shenzhen's",
        "reporter",
        "Guangdong-Hong",
        "Kong-Macao",
        "Greater",
        "Bay",
        "Area",
        "2022",
        "June",
        "30,",
        "1,000.5",
        "50%",
        "US$3",
        "a/b",
        "e-mail",
        "self-driving",
        "(pilot)",
        "[note]",
        "{key}",
        "co-operation",
        "well-known;",
        "it:",
        "end.",
        "why?",
        "yes!",
        "“quoted”",
        "‘single’",
        '"ascii"',
        "'apostrophe'",
        "—",
        "–",
        "…",
        "·",
        "%s",
        "%d",
        "%.*s",
        "%1$s",
        "100%%",
        "%(name)s",
        "{0}",
        "C++",
        "#tag",
        "@user",
        "x\xa0y",
        "zero\u200bwidth",
        "cafe\u0301",
        "% d",
        "%-5s",
        "%+d",
    ]
)
CHINESE = st.sampled_from(
    [
        "粤港澳大湾区",
        "科技创新",
        "前海",
        "论坛",
        "，",
        "。",
        "、",
        "；",
        "：",
        "？",
        "！",
        "（",
        "）",
        "《",
        "》",
        "“",
        "”",
        "‘",
        "’",
        "「",
        "」",
        "——",
        "……",
        "·",
        "2022年6月30日",
        "５０％",
        "ＡＢＣ",
        "あいう",
        "カタカナ",
        "한국어",
    ]
)
ODDITIES = st.sampled_from(
    [
        *["\n", "\t", "\\", '"', "\r", "\a", "\b", "\f", "\v", "\x1b", "\u2028", "\x85"],
        *[" ", "  ", "x" * 85, "-" * 40, "a" * 30 + "-" * 30, "https://example.org/a/b?c=d"],
    ]
)
SEPARATORS = st.sampled_from([" ", "", " ", "\n"])


@st.composite
def texts(draw, min_size: int = 0):
    parts = draw(
        st.lists(
            st.one_of(ENGLISH, ENGLISH, CHINESE, CHINESE, ODDITIES), min_size=min_size, max_size=30
        )
    )
    separators = draw(st.lists(SEPARATORS, min_size=len(parts), max_size=len(parts)))
    return "".join(part + separator for part, separator in zip(parts, separators, strict=True))


FLAGS = st.lists(
    st.sampled_from(
        [
            "fuzzy",
            "c-format",
            "no-c-format",
            "possible-c-format",
            "impossible-c-format",
            "python-format",
            "no-python-brace-format",
            "javascript-format",
            "no-wrap",
            "wrap",
            "range: 1..5",
            "range: 5..1",
        ]
    ),
    unique=True,
    max_size=4,
)
REFERENCES = st.lists(
    st.tuples(
        st.sampled_from(["seeds/qianhai-forum.txt", "./src/a-rather-long-file-name.c", "x.py"]),
        st.sampled_from(["", "1", "42", "12345"]),
    ),
    max_size=12,
)
COMMENTS = st.lists(st.sampled_from(["type: paragraph", "paragraph 7", "", "en: 前海 forum"]))


@st.composite
def entries(draw, key: str):
    plural = draw(st.booleans())
    msgid = key + draw(texts())
    entry = polib.POEntry(
        msgid=msgid,
        msgctxt=draw(st.one_of(st.none(), texts())),
        tcomment="\n".join(draw(COMMENTS)),
        comment="\n".join(draw(COMMENTS)),
        occurrences=draw(REFERENCES),
        flags=draw(FLAGS),
        obsolete=draw(st.booleans()),
    )
    if draw(st.booleans()):
        entry.previous_msgid = draw(texts(min_size=1))
        entry.previous_msgctxt = draw(st.one_of(st.none(), texts()))
    if plural:
        entry.msgid_plural = msgid + " (plural)"
        entry.msgstr_plural = {0: draw(texts()), 1: draw(texts())}
        if entry.previous_msgid is not None and draw(st.booleans()):
            entry.previous_msgid_plural = draw(texts(min_size=1))
    else:
        entry.msgstr = draw(texts())
    return entry


@st.composite
def catalogues(draw):
    po = polib.POFile()
    po.header = draw(st.sampled_from(["", "Translations of a briefing.\n\nSecond line."]))
    po.metadata = {
        "Project-Id-Version": "qianhai-forum",
        "Language": "zh_CN",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.metadata_is_fuzzy = draw(st.sampled_from([[], ["fuzzy"]]))
    for number in range(draw(st.integers(min_value=1, max_value=6))):
        # A unique prefix keeps keys distinct, as msgcat would merge duplicates.
        po.append(draw(entries(f"k{number} ")))
    return po


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogues())
def test_msgcat_leaves_random_catalogues_unchanged(po):
    text = writer.dumps(po)
    assert msgcat(text) == text


ANY_TEXT = st.text(
    # NUL ends a C string and EOT separates a context from its msgid: a PO file holds neither.
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00\x04"),
    max_size=160,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT, st.booleans()), min_size=1, max_size=4))
def test_msgcat_leaves_catalogues_of_any_characters_unchanged(items):
    po = _catalogue(
        *(
            polib.POEntry(msgid=f"k{number} {msgid}", msgstr=msgstr, obsolete=obsolete)
            for number, (msgid, msgstr, obsolete) in enumerate(items)
        )
    )
    text = writer.dumps(po)
    assert msgcat(text) == text


def test_reader_keeps_previous_fields_of_obsolete_entries(tmp_path):
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    old = tmp_path / "old.po"
    old.write_text(
        header + "#, fuzzy\n"
        '#| msgctxt "paragraph 3"\n'
        '#| msgid "The forum was held in Qianhai, Shenzhen, on June 30, and it called for '
        'closer cooperation."\n'
        'msgctxt "paragraph 3"\nmsgid "The forum was held in Qianhai."\n'
        'msgstr "论坛在前海举行。"\n',
        encoding="utf-8",
    )
    template = tmp_path / "new.pot"
    template.write_text(header + 'msgid "Something else entirely"\nmsgstr ""\n', encoding="utf-8")
    merged = subprocess.run(
        ["msgmerge", "--previous", "--quiet", str(old), str(template)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "#~| msgid" in merged
    path = tmp_path / "merged.po"
    path.write_text(merged, encoding="utf-8")
    assert writer.dumps(reader.load(path)) == merged
    # polib alone drops them.
    assert "#~| msgid" not in writer.dumps(polib.pofile(str(path)))


# --- real-world catalogues --------------------------------------------------------------------

SYSTEM_LOCALES = Path("/usr/share/locale")


def _polib_reads_back(mo: Path) -> bool:
    """Whether polib can read the catalogue without losing what msgcat writes.

    polib strips and merges header fields (``Key:value``, ``Key:  value``, a repeated key)
    and does not unescape ``\\a``; catalogues with those cannot come back byte for byte,
    whatever the writer does.
    """
    with mo.open("rb") as stream:
        translations = gettext.GNUTranslations(stream)
    if translations.charset().lower() != "utf-8":
        return False
    header = translations._catalog.get("", "")  # the raw header, as the .mo file holds it
    fields = [line.split(":", 1) for line in header.splitlines()]
    if not all(len(field) == 2 and field[1] == " " + field[1].strip() for field in fields):
        return False
    if len({key for key, _value in fields}) != len(fields):
        return False
    strings = [*translations._catalog.keys(), *translations._catalog.values()]
    return not any("\a" in (key if isinstance(key, str) else key[0]) for key in strings)


def _real_world_catalogues() -> list[Path]:
    """Small UTF-8 catalogues in Chinese and two other languages, whatever this system has."""
    chosen: list[Path] = []
    for language, count in (("zh_CN", 8), ("ru", 2), ("fr", 2)):
        found = sorted(SYSTEM_LOCALES.glob(f"{language}/LC_MESSAGES/*.mo"))
        small = [path for path in found if 2_000 < path.stat().st_size < 60_000]
        chosen += [path for path in small if _polib_reads_back(path)][:count]
    return chosen


def _normalised(mo: Path) -> str:
    """The catalogue as msgcat writes it."""
    po_text = subprocess.run(["msgunfmt", str(mo)], capture_output=True, check=True).stdout
    return msgcat(po_text.decode("utf-8"))


def test_real_world_catalogues_are_written_as_msgcat_writes_them():
    catalogues_checked = 0
    plural_entries = format_entries = chinese_entries = 0
    for mo in _real_world_catalogues():
        expected = _normalised(mo)
        po = polib.pofile(expected)
        assert writer.dumps(po) == expected, mo
        catalogues_checked += 1
        plural_entries += sum(1 for entry in po if entry.msgid_plural)
        format_entries += sum(1 for entry in po if "c-format" in entry.flags)
        chinese_entries += sum(
            1 for entry in po if any("\u4e00" <= c <= "\u9fff" for c in entry.msgstr)
        )
    assert catalogues_checked >= 10
    assert plural_entries > 0 and format_entries > 0 and chinese_entries > 100


@pytest.mark.parametrize(
    "text",
    [
        "%1$s % d" + "x" * 88 + " ",  # numbered, then in order: gettext stops at the second
        "% d %1$s" + "x" * 88 + " ",  # in order, then numbered
        "%1$s %2$d" + "x" * 88 + " ",  # all numbered: both kept whole
    ],
)
def test_a_c_format_string_breaks_where_msgcat_breaks_it(text):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=text, msgstr="", flags=["c-format"]))
    written = writer.dumps(po)
    assert msgcat(written) == written
