"""The strict reader accepts whatever the writer writes, and reads back exactly what was written."""

from __future__ import annotations

import subprocess

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.po import reader, writer

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('ab \\"\t\n\a\b\f\v\r#~%{}<>&')),
        st.characters(min_codepoint=0x20, max_codepoint=0x2FFF),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    ),
    max_size=120,
)
COMMENT = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40),
    max_size=3,
).map("\n".join)
FLAG = st.sampled_from(["fuzzy", "x-reviewed", "no-wrap", "c-format"])


@st.composite
def catalogues(draw) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.header = draw(COMMENT)
    po.metadata = {
        "Project-Id-Version": "test",
        "Language": "zh_CN",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(TEXT.filter(bool))
        context = draw(st.one_of(st.none(), TEXT))
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        entry = polib.POEntry(
            msgid=msgid,
            msgstr=draw(TEXT),
            tcomment=draw(COMMENT),
            comment=draw(COMMENT),
            flags=draw(st.lists(FLAG, unique=True, max_size=2)),
            occurrences=[("seeds/doc.txt", str(draw(st.integers(1, 999))))],
            obsolete=draw(st.booleans()),
        )
        if context is not None:
            entry.msgctxt = context
        if entry.obsolete:
            entry.occurrences = []
        if not entry.msgstr and (entry.obsolete or "fuzzy" in entry.flags):
            # GNU writers drop an untranslated obsolete entry and the fuzzy flag of an
            # untranslated one; a catalogue holding either cannot come back the same.
            entry.msgstr = "译文"
        if entry.msgstr:
            # msgfmt refuses a translation whose leading or trailing newline differs from its
            # msgid's (publish check reports it per entry): generate catalogues msgfmt accepts.
            core = entry.msgstr.strip("\n") or "译文"
            lead = "\n" if msgid.startswith("\n") else ""
            tail = "\n" if msgid.endswith("\n") else ""
            entry.msgstr = lead + core + tail
        po.append(entry)
    return po


def shape(po: polib.POFile) -> tuple:
    return (
        po.header,
        dict(po.metadata),
        [
            (e.msgctxt, e.msgid, e.msgstr, e.tcomment, e.comment, sorted(e.flags), bool(e.obsolete))
            for e in sorted(po, key=lambda e: bool(e.obsolete))
        ],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_what_the_writer_writes_reads_back_the_same(po):
    text = writer.dumps(po)
    assert shape(reader.parse(text.encode("utf-8"))) == shape(po)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_msgfmt_accepts_what_the_reader_accepts(tmp_path_factory, po):
    path = tmp_path_factory.mktemp("roundtrip") / "zh_CN.po"
    path.write_text(writer.dumps(po), encoding="utf-8")
    reader.load(path)
    result = subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
