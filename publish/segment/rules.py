"""The repair rules: each mends one kind of damage to the structure of an article's blocks.

Machine-translated news arrives as blank-line-separated paragraphs whose
structure is damaged: paragraphs split mid-sentence, a byline run into the
lead, subheadings that look like one-line paragraphs, spaces before
punctuation and inside quotes.  Each repair below is a small pure function
over the list of blocks: it returns the new blocks and the repairs it made,
so that every change to the source is on record.  Wording is left alone:
that is the editors' work, in the ``en`` catalogue.

A block keeps the source line of each of its characters, so that a repair
names the line it was made on even after paragraphs have been joined.
"""

from __future__ import annotations

import re
import statistics
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from publish.dates import english_months
from publish.errors import SEGMENT_CHARS_LIMIT, enforce_limit
from publish.model import Repair, Role

TERMINAL = ".!?。！？…"
CLOSERS = "\"'”’)）」』】》"
OPENING_QUOTES = '"“(（「『'
PARAGRAPH_BREAK = "¶"


def word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that cannot end an English sentence: a paragraph ending in one was cut mid-sentence.
FUNCTION_WORDS = word_list(
    """
    a an the and or but nor of to in on at by for with from into onto upon as than that which
    who whom whose where when while if because although though whether via per among between
    about against during under over through toward towards is are was were be been has have
    had will would shall should can could may might must its their his her our your this these
    those such both either neither not also very more most
    """
)
# Titles and abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = word_list(
    """
    Mr Mrs Ms Dr Prof Gen Sen Rep Gov Lt Col Capt Sgt St Jr Sr No Nos Co Corp Inc Ltd vs etc
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec e.g i.e U.S U.K
    """
)
# Words a lead typically opens with; the end of a run-in byline is found where one starts.
LEAD_OPENERS = word_list(
    """
    On In At During According Recently Yesterday Today Tonight This Last Since After Before As
    The A An Following Over With From When While Amid Under For To
    """
)
ATTRIBUTION_WORDS = word_list(
    "said says told added noted stressed according announced reported stated"
)


MONTHS = frozenset(english_months())
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=lambda m: (-len(m), m))) + r")\.?"

BYLINE_MARKER = re.compile(
    r"^(?:"
    r"(?:Text|Words|Photos?|Pictures?|Text and (?:photos?|pictures?))\s*[/／|:：]\s*"
    r"|[文图][、和]?[图文]?\s*[/／:：]\s*"
    r"|(?:By|Written by|Reported by|Story by)\s+"
    r"|(?:Staff |Special |All-Media |Our )?(?:Reporters?|Correspondents?)(?:\s*[:：]\s*|\s+)"
    r"|记者\s*"
    r")"
)
BYLINE_CONNECTORS = frozenset(["and", "&", "/", "of", "de", "van", "von", "|", "、"])
BYLINE_MAX_WORDS = 14
# "BEIJING, June 30 (Xinhua) --", "HONG KONG, July 1, 2022 /PRNewswire/ --", "(Xinhua) --".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]*[A-Z.](?:,\s*[A-Z][A-Za-z.'’\- ]*[A-Za-z.])?,\s*)?"
    r"(?P<date>" + MONTH + r"\s+\d{1,2}(?:,\s*\d{4})?\s*)?"
    r"(?P<agency>\([A-Z][\w .&'’-]*\)\s*|/[A-Z][\w .&'’-]*/\s*)?"
    r"(?P<dash>--|—|–|-)(?=\s)\s*"
)
SUBHEADING_MAX_WORDS = 20
TITLE_MAX_WORDS = 30
RUN_IN_TITLE_MIN_WORDS = 5
# What a lead opens with after a title run into it: "On December 11,", "In Dec. 11, 2021,",
# "Yangcheng Evening News reporter Li Ming reported:" (a wire dateline is found by DATELINE).
LEAD_DATE = re.compile(r"(?:On|In) " + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?,")
REPORTED_LEAD = re.compile(
    r"(?:[A-Z][\w'’&-]*\s+){1,6}(?:reporters?|correspondents?)\b[^.!?:：]{0,80}?"
    r"\b(?:reported|learned|learnt)\s*[:：,]"
)
# A byline that names the paper before the reporter, on a line of its own: "Guangzhou Daily
# reporter Chen Xiaoling", "Evening News All-Media Reporter Li Ming".
PAPER_BYLINE = re.compile(
    r"(?:[A-Z][\w'’&.-]*\s+){1,6}(?:[Aa]ll-[Mm]edia\s+|[Ss]taff\s+|[Ss]enior\s+)?"
    r"(?:[Rr]eporters?|[Cc]orrespondents?)\s+"
)
CARRY_OVER_MAX_WORDS = 5
SNIPPET_WORDS = 4
SNIPPET_CHARS = 200

SENTENCE_BOUNDARY = re.compile(
    r"(?:[.!?][\"'”’)）]*\s+|[。！？][\"'”’)）」』]*\s*)(?=[\"“‘(（「]?[A-Z\u4e00-\u9fff])"
)
ODD_SPACE = re.compile(r"[^\S\n]*(?:[^\S \n]|  )[^\S\n]*")
SPACE_BEFORE_PUNCTUATION = re.compile(
    r"(?<=\S)[ ]+(?=[,.;:?!)\]](?:[\s\"”’,.;:?!)\]]|$)|[，。、；：？！）】」』》])"
)
SPACE_INSIDE_BRACKET = re.compile(r"(?<=[(\[（【])[ ]+(?=\S)")
VISIBLE_SPACE = {" ": "␣", "\t": "⇥", "\u00a0": "⍽"}


@dataclass(frozen=True)
class Block:
    """A paragraph of the source while it is being repaired.

    ``lines`` holds the source line of each character of ``text``;
    ``first_line`` and ``last_line`` are the lines the paragraph spans.
    """

    text: str
    lines: tuple[int, ...]
    first_line: int
    last_line: int
    role: Role = Role.PARAGRAPH

    def line_at(self, index: int) -> int:
        return self.lines[min(max(index, 0), len(self.lines) - 1)]

    def cut(self, start: int, end: int | None = None) -> Block:
        """The text from ``start`` to ``end``, spanning the lines those characters are on."""
        text = self.text[start:end]
        lines = self.lines[start:end]
        return replace(self, text=text, lines=lines, first_line=lines[0], last_line=lines[-1])


Rule = Callable[[list[Block], str], tuple[list[Block], list[Repair]]]


# --- editing with line numbers kept -----------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Replace ``block.text[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str


def apply_edits(block: Block, edits: Sequence[Edit]) -> Block:
    """Apply non-overlapping edits, giving inserted characters the line of the text they replace."""
    text: list[str] = []
    lines: list[int] = []
    position = 0
    for edit in sorted(edits, key=lambda e: e.start):
        text.append(block.text[position : edit.start])
        lines.extend(block.lines[position : edit.start])
        text.append(edit.replacement)
        lines.extend([block.line_at(edit.start)] * len(edit.replacement))
        position = edit.end
    text.append(block.text[position:])
    lines.extend(block.lines[position:])
    return replace(block, text="".join(text), lines=tuple(lines))


def snippet(left: str, middle: str, right: str, replacement: str) -> tuple[str, str]:
    """``before`` and ``after`` of replacing ``middle`` between ``left`` and ``right``,
    with a few words of context each side."""
    left, right = _tail_words(left), _head_words(right)
    return _visible(f"{left}{middle}{right}"), _visible(f"{left}{replacement}{right}")


def _tail_words(text: str, count: int = SNIPPET_WORDS) -> str:
    """The last words of a text (the text itself when it is hardly longer)."""
    words = text.replace("\n", " ").split(" ")
    if len(words) <= count + 2:
        return " ".join(words)
    return "…" + " ".join(words[-count - 1 :])


def _head_words(text: str, count: int = SNIPPET_WORDS) -> str:
    """The first words of a text (the text itself when it is hardly longer)."""
    words = text.replace("\n", " ").split(" ")
    if len(words) <= count + 2:
        return " ".join(words)
    return " ".join(words[: count + 1]) + "…"


def _visible(text: str) -> str:
    """Show the whitespace a repair is about: runs of spaces, tabs, non-breaking spaces."""

    def show(match: re.Match[str]) -> str:
        return "".join(VISIBLE_SPACE.get(c, "␣") for c in match.group())

    return ODD_SPACE.sub(show, text)


def substitute(
    blocks: Iterable[Block],
    path: str,
    kind: str,
    pattern: re.Pattern[str],
    replacement: Callable[[re.Match[str]], str],
) -> tuple[list[Block], list[Repair]]:
    """Replace every match of ``pattern`` in every block, recording one repair per match."""
    out: list[Block] = []
    repairs: list[Repair] = []
    for block in blocks:
        edits = []
        # The context left of each match shows the edits already made, as the reader will see it.
        edited_left, position = "", 0
        for match in pattern.finditer(block.text):
            new = replacement(match)
            if new == match.group():
                continue
            edits.append(Edit(match.start(), match.end(), new))
            edited_left += block.text[position : match.start()]
            right = block.text[match.end() : match.end() + SNIPPET_CHARS]
            before, after = snippet(edited_left[-SNIPPET_CHARS:], match.group(), right, new)
            edited_left += new
            position = match.end()
            line = block.line_at(match.start())
            repairs.append(Repair(kind, path, line, line, before, after))
        out.append(apply_edits(block, edits) if edits else block)
    return out, repairs


# --- tests on text ----------------------------------------------------------------


def ends_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation, possibly inside a closing quote."""
    return text.rstrip().rstrip(CLOSERS)[-1:] in TERMINAL


def starts_lowercase(text: str) -> bool:
    return text.lstrip(OPENING_QUOTES)[:1].islower()


def last_word(text: str) -> str:
    words = text.split()
    return words[-1] if words else ""


def ends_with_function_word(text: str) -> bool:
    return last_word(text).lower() in FUNCTION_WORDS


def sentence_starts(text: str) -> list[int]:
    """Offsets where a new sentence starts after a full stop, skipping abbreviations."""
    starts = []
    for match in SENTENCE_BOUNDARY.finditer(text):
        stop = match.start()
        previous = re.search(r"\S*$", text[max(0, stop - 40) : stop])
        word = previous.group() if previous else ""
        if text[stop] == "." and (word in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word)):
            continue
        starts.append(match.end())
    return starts


def break_inside_sentence(before: str, after: str) -> bool:
    """Does a paragraph break between ``before`` and ``after`` fall inside a sentence?

    Only when ``before`` does not end a sentence and something says the
    sentence goes on: ``after`` starts in lower case, or ``before`` ends with
    a comma, a hyphen or a word no English sentence ends with.
    """
    if not before or not after or ends_sentence(before):
        return False
    return (
        starts_lowercase(after)
        or before.endswith((",", "，", "、"))
        or ends_with_function_word(before)
        or (before.endswith("-") and before[-2:-1].isalpha() and after[:1].isalpha())
    )


def hyphen_kept(left: str, right: str, vocabulary: frozenset[str]) -> bool:
    """Keep the hyphen of a word broken at a line end ("cross-" / "border")?

    Without a dictionary a compound cannot be told from a broken word, so the
    hyphen goes only when the text itself spells the word unbroken elsewhere.
    """
    head = re.search(r"[\w’']+$", left)
    tail = re.match(r"[\w’']+", right)
    if not head or not tail:
        return True
    return (head.group() + tail.group()).lower() not in vocabulary


def word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[\w’']+", text))


def looks_like_title(text: str, max_words: int = SUBHEADING_MAX_WORDS) -> bool:
    """Short, starts like a title, and either has no terminal punctuation or is one sentence."""
    words = text.split()
    if not words or len(words) > max_words:
        return False
    if starts_lowercase(text) or not (text[:1].isupper() or text[:1] in OPENING_QUOTES):
        return False
    if text.rstrip(CLOSERS)[-1:] in ",;:，；：、-–—" or ends_with_function_word(text):
        return False
    return not sentence_starts(text)


def reads_like_a_claim(sentence: str) -> bool:
    """A one-sentence subheading states a claim; a short news paragraph reports one.

    Reported news has figures, quotations or attribution ("said", "according to").
    """
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
    return (
        not re.search(r"\d", sentence)
        and not re.search('["“”「」『』]', sentence)
        and not words & ATTRIBUTION_WORDS
    )


# --- repair rules --------------------------------------------------------------


def normalise_spacing(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Make tabs, non-breaking spaces and runs of spaces inside a line one plain space."""
    return substitute(blocks, path, "spacing", ODD_SPACE, lambda m: " ")


def unwrap_lines(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Join the lines of a paragraph with spaces; rejoin a word broken by a hyphen at a line end."""
    vocabulary = word_set(" ".join(b.text for b in blocks))
    out: list[Block] = []
    repairs: list[Repair] = []
    for block in blocks:
        edits = []
        for match in re.finditer("\n", block.text):
            newline = match.start()
            left, right = block.text[:newline], block.text[newline + 1 :]
            if not (left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower()):
                edits.append(Edit(newline, newline + 1, " "))
                continue
            kept = hyphen_kept(left[:-1], right, vocabulary)
            edits.append(Edit(newline if kept else newline - 1, newline + 1, ""))
            repairs.append(
                Repair(
                    "hyphenation",
                    path,
                    block.line_at(newline),
                    block.line_at(newline + 1),
                    f"{_tail_words(left)}⏎{_head_words(right)}",
                    f"{_tail_words(left if kept else left[:-1])}{_head_words(right)}",
                )
            )
        out.append(apply_edits(block, edits) if edits else block)
    return out, repairs


def split_run_in_byline(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Split a byline ("Text/Some Paper Reporter Name", "By Name") off the lead it was run into.

    A first paragraph that is nothing but a byline becomes the byline.
    """
    head = leading_titles(blocks)
    if len(blocks) <= head or blocks[head].role != Role.PARAGRAPH:
        return blocks, []
    titles, blocks = blocks[:head], blocks[head:]
    found, repairs = _split_run_in_byline(blocks, path)
    return [*titles, *found], repairs


def leading_titles(blocks: Sequence[Block]) -> int:
    """How many blocks at the start are the article's title (none, or the title line)."""
    return next((i for i, b in enumerate(blocks) if b.role != Role.HEADLINE), len(blocks))


def _split_run_in_byline(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    first = blocks[0]
    marker = BYLINE_MARKER.match(first.text)
    if not marker:
        return blocks, []
    end = byline_end(first.text, marker.end(), first.lines)
    if end is None:
        return blocks, []
    rest = first.text[end:].lstrip()
    if not rest:
        repair = Repair(
            "byline", path, first.first_line, first.last_line, first.text, f"[byline] {first.text}"
        )
        return [replace(first, role=Role.BYLINE), *blocks[1:]], [repair]
    lead_start = len(first.text) - len(rest)
    byline = replace(first.cut(0, len(first.text[:end].rstrip())), role=Role.BYLINE)
    lead = first.cut(lead_start)
    repair = Repair(
        "byline",
        path,
        byline.first_line,
        lead.first_line,
        f"{byline.text} {_head_words(lead.text)}",
        f"[byline] {byline.text} {PARAGRAPH_BREAK} {_head_words(lead.text)}",
    )
    return [byline, lead, *blocks[1:]], [repair]


def byline_end(text: str, start: int, lines: Sequence[int]) -> int | None:
    """Where the byline that starts a paragraph ends, or None when that cannot be told.

    A byline is a run of capitalised names and titles that ends where the lead
    opens (a word such as "On", a month, a number or a dateline), or with the
    paragraph.  Failing that, a byline on a source line of its own ends with
    that line.
    """
    if start >= len(text):
        return None
    position = None
    for count, match in enumerate(re.finditer(r"\S+", text[start:])):
        word = match.group()
        bare = word.strip(",;:()（）")
        if (
            count
            and (
                bare in LEAD_OPENERS
                # A month opens a date ("June 30"), not a name ("Ma Jun").
                or (bare in MONTHS and re.match(r"\.?\s+\d", text[start + match.end() :]))
                or bare[:1].isdigit()
                or dateline_match(text[start + match.start() :])
            )
        ):
            return position
        if not name_like(word) or count >= BYLINE_MAX_WORDS:
            break
        position = start + match.end()
    else:
        return position
    line_break = next((i for i in range(start, len(text)) if lines[i] != lines[0]), None)
    if line_break is not None and lines[start] == lines[0]:
        candidate = text[start:line_break].split()
        if len(candidate) <= BYLINE_MAX_WORDS and all(map(name_like, candidate)):
            return len(text[:line_break].rstrip())
    return None


def name_like(word: str) -> bool:
    """Could this word be part of a byline (a name, a title, a paper's name)?"""
    bare = word.strip(",;:()（）")
    return not ends_sentence(word) and (
        bare[:1].isupper()
        or bare in BYLINE_CONNECTORS
        or "/" in bare
        or bool(re.match(r"[\u3400-\u9fff]", bare))
    )


def dateline_match(text: str) -> re.Match[str] | None:
    """A wire dateline at the start of text: it needs an agency, or a place and a date."""
    match = DATELINE.match(text)
    if match and (match.group("agency") or (match.group("place") and match.group("date"))):
        return match
    return None


def split_dateline(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Split a wire dateline ("BEIJING, June 30 (Xinhua) --") off the start of the lead."""
    head = leading_titles(blocks)
    index = next(
        (i for i, b in enumerate(blocks[head : head + 2], head) if b.role == Role.PARAGRAPH), None
    )
    if index is None or (index == head + 1 and blocks[head].role != Role.BYLINE):
        return blocks, []
    lead = blocks[index]
    match = dateline_match(lead.text)
    if not match:
        return blocks, []
    rest = lead.text[match.end() :]
    if not rest:
        return blocks, []
    dateline = replace(lead.cut(0, len(match.group().rstrip())), role=Role.DATELINE)
    body = replace(lead.cut(match.end()), first_line=lead.first_line)
    repair = Repair(
        "dateline",
        path,
        dateline.first_line,
        dateline.last_line,
        f"{dateline.text} {_head_words(body.text)}",
        f"[dateline] {dateline.text} {PARAGRAPH_BREAK} {_head_words(body.text)}",
    )
    return [*blocks[:index], dateline, body, *blocks[index + 1 :]], [repair]


def mend_split_sentences(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Mend a paragraph break that falls inside a sentence.

    A short dangling sentence start ("... was held. The" / "forum aims") is
    carried over to the paragraph it begins; otherwise the two paragraphs are
    joined (a word broken by a hyphen is joined without a space).
    """
    vocabulary = word_set(" ".join(b.text for b in blocks))
    out: list[Block] = []
    repairs: list[Repair] = []
    pending = deque(blocks)
    while pending:
        block = pending.popleft()
        following = pending[0] if pending else None
        if (
            following is None
            or block.role != Role.PARAGRAPH
            or following.role != Role.PARAGRAPH
            or not break_inside_sentence(block.text, following.text)
        ):
            out.append(block)
            continue
        pending.popleft()
        starts = sentence_starts(block.text)
        tail = block.text[starts[-1] :] if starts else ""
        if starts and len(tail.split()) <= CARRY_OVER_MAX_WORDS and not tail.endswith("-"):
            head = block.cut(0, len(block.text[: starts[-1]].rstrip()))
            carried = block.cut(starts[-1])
            moved = _concatenate(carried, " ", following)
            refuse_long_segment(moved, path)
            moved = replace(moved, first_line=following.first_line)
            left = block.text[: starts[-1]]
            repairs.append(
                Repair(
                    "carry-over",
                    path,
                    block.last_line,
                    following.first_line,
                    f"{_tail_words(left.rstrip())}{left[len(left.rstrip()) :]}{tail} "
                    f"{PARAGRAPH_BREAK} {_head_words(following.text)}",
                    f"{_tail_words(left.rstrip())} {PARAGRAPH_BREAK} {tail} "
                    f"{_head_words(following.text)}",
                )
            )
            out.append(head)
            pending.appendleft(moved)
            continue
        kind, separator, left = "join", " ", block
        if block.text.endswith("-") and block.text[-2:-1].isalpha():
            kind, separator = "hyphenation", ""
            if not hyphen_kept(block.text[:-1], following.text, vocabulary):
                left = block.cut(0, len(block.text) - 1)
        joined = _concatenate(left, separator, following)
        # Checked as it grows: joining onto an ever longer paragraph costs its whole length.
        refuse_long_segment(joined, path)
        repairs.append(
            Repair(
                kind,
                path,
                block.last_line,
                following.first_line,
                f"{_tail_words(block.text)} {PARAGRAPH_BREAK} {_head_words(following.text)}",
                f"{_tail_words(left.text)}{separator}{_head_words(following.text)}",
            )
        )
        pending.appendleft(replace(joined, first_line=block.first_line))
    return out, repairs


def _concatenate(left: Block, separator: str, right: Block) -> Block:
    return Block(
        left.text + separator + right.text,
        left.lines + (left.lines[-1],) * len(separator) + right.lines,
        left.first_line,
        right.last_line,
        left.role,
    )


def close_space_before_punctuation(
    blocks: list[Block], path: str
) -> tuple[list[Block], list[Repair]]:
    """Remove a space before punctuation ("agreement ." -> "agreement.") or inside brackets."""
    blocks, before = substitute(
        blocks, path, "punctuation spacing", SPACE_BEFORE_PUNCTUATION, _unless_a_score
    )
    blocks, inside = substitute(
        blocks, path, "punctuation spacing", SPACE_INSIDE_BRACKET, lambda m: ""
    )
    return blocks, before + inside


def _unless_a_score(match: re.Match[str]) -> str:
    """Keep the spaces of a score or ratio ("3 : 2"); remove any other space before punctuation."""
    text, end = match.string, match.end()
    if text[end : end + 1] == ":" and text[match.start() - 1 : match.start()].isdigit():
        return match.group()
    return ""


QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(opening, closing) offsets of paired quotation marks.

    Straight double quotes pair two by two, and are left alone when their
    number is odd; a curly or CJK opening quote pairs with the next closing
    one (a ’ followed by a letter is an apostrophe, not a closing quote).
    """
    spans = []
    straight = [i for i, c in enumerate(text) if c == '"']
    if len(straight) % 2 == 0:
        spans += list(zip(straight[::2], straight[1::2], strict=True))
    for opening_mark, closing_mark in QUOTE_PAIRS.items():
        opening = None
        for index, char in enumerate(text):
            if char == opening_mark:
                opening = index
            elif char == closing_mark and opening is not None:
                if text[index + 1 : index + 2].isalpha():
                    continue
                spans.append((opening, index))
                opening = None
    return sorted(spans)


def trim_quote_padding(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Remove spaces just inside quotation marks: `" Name "` -> `"Name"`, `“ Name ”` -> `“Name”`.

    Only plain spaces go: tabs and the like were made plain spaces before.
    """
    out: list[Block] = []
    repairs: list[Repair] = []
    for block in blocks:
        edits = []
        for opening, closing in quoted_spans(block.text):
            inner = block.text[opening + 1 : closing]
            trimmed = inner.strip(" ")
            if inner == trimmed or not trimmed:
                continue
            start = opening + 1 + (len(inner) - len(inner.lstrip(" ")))
            end = closing - (len(inner) - len(inner.rstrip(" ")))
            edits += [Edit(opening + 1, start, ""), Edit(end, closing, "")]
            line = block.line_at(opening)
            quote = block.text[opening], block.text[closing]
            repairs.append(
                Repair(
                    "quote padding",
                    path,
                    line,
                    block.line_at(closing),
                    _visible(f"{quote[0]}{inner}{quote[1]}"),
                    f"{quote[0]}{trimmed}{quote[1]}",
                )
            )
        # Two quotations can share a padded edge ('“a "  ” b"'): the same edit, made once.
        distinct = sorted({e for e in edits if e.start != e.end}, key=lambda e: e.start)
        out.append(apply_edits(block, distinct) if distinct else block)
    return out, repairs


def recognise_subheadings(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Mark a short title-like paragraph that introduces a longer one as a subheading.

    Never the first paragraph (that is the lead).  A title without terminal
    punctuation needs a following paragraph at least twice its length; a
    paragraph that is one sentence, three times, and it must read like a claim
    rather than reported news and be at most a quarter of the article's
    typical (median) paragraph: in an article of short paragraphs a short
    sentence is just a paragraph.
    """
    out: list[Block] = []
    repairs: list[Repair] = []
    seen_paragraph = False
    lengths = [len(b.text.split()) for b in blocks if b.role == Role.PARAGRAPH]
    typical = statistics.median(lengths) if lengths else 0
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.role != Role.PARAGRAPH:
            out.append(block)
            continue
        if seen_paragraph and following is not None and following.role == Role.PARAGRAPH:
            words = len(block.text.split())
            sentence = ends_sentence(block.text)
            factor = 3 if sentence else 2
            if (
                looks_like_title(block.text)
                and (not sentence or (reads_like_a_claim(block.text) and words * 4 <= typical))
                and len(following.text.split()) >= factor * words
            ):
                out.append(replace(block, role=Role.SUBHEADING))
                repairs.append(
                    Repair(
                        "subheading",
                        path,
                        block.first_line,
                        block.last_line,
                        block.text,
                        f"[subheading] {block.text}",
                    )
                )
                continue
        seen_paragraph = True
        out.append(block)
    return out, repairs


# --- the title at the start and the trailers at the end ---------------------------------


def is_title_line(text: str, following: str) -> bool:
    """Does a first paragraph read as the article's title over the paragraph that follows?

    Short, no final full stop, not a byline or dateline, not a sentence that goes on in the
    next paragraph, and the next paragraph at least twice as long.
    """
    if BYLINE_MARKER.match(text) or dateline_match(text):
        return False
    if text.rstrip(CLOSERS)[-1:] in ".。…":
        return False
    return (
        looks_like_title(text, TITLE_MAX_WORDS)
        and not break_inside_sentence(text, following)
        and len(following.split()) >= 2 * len(text.split())
    )


def mark_title_line(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Mark a title line at the start (short, no final full stop, the body after it, perhaps
    under a byline) as the article's title (``Role.HEADLINE``; the reader makes it the source
    title when the editors wrote the headline).  The title must be one source line: a title
    is, and a lead that lost its full stop and wraps seldom is."""
    if len(blocks) < 2 or any(b.role != Role.PARAGRAPH for b in blocks[:2]):
        return blocks, []
    first, following = blocks[0], blocks[1]
    if _byline_alone(following.text) and len(blocks) > 2 and blocks[2].role == Role.PARAGRAPH:
        following = blocks[2]
    if first.first_line != first.last_line or not is_title_line(first.text, following.text):
        return blocks, []
    repair = Repair(
        "title", path, first.first_line, first.last_line, first.text, f"[title] {first.text}"
    )
    return [replace(first, role=Role.HEADLINE), *blocks[1:]], [repair]


def _byline_alone(text: str, markers: Sequence[re.Pattern[str]] = (BYLINE_MARKER,)) -> bool:
    """A paragraph that is a byline and nothing else: "By Li Ming and Ma Jun"."""
    marker = next((m for pattern in markers if (m := pattern.match(text))), None)
    names = text[marker.end() :].split() if marker else []
    return 0 < len(names) <= BYLINE_MAX_WORDS and all(map(name_like, names))


def run_in_title_end(text: str) -> int | None:
    """Where a title run into the lead ends, or None when the paragraph opens as a lead does.

    The lead must open with a dateline-like phrase right after a word (no punctuation between:
    the title was never closed), and what comes before must be a title: at least
    RUN_IN_TITLE_MIN_WORDS words, no sentence stop, not ending on a word no title ends with.
    """
    if BYLINE_MARKER.match(text) or dateline_match(text):
        return None
    for match in re.finditer(r"(?<=[\w'’”\"]) (?=[A-Z])", text[:1000]):
        start = match.end()
        rest = text[start:]
        if not (dateline_match(rest) or LEAD_DATE.match(rest) or REPORTED_LEAD.match(rest)):
            continue
        title = text[: match.start()]
        words = title.split()
        if (
            RUN_IN_TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS
            and title[:1].isupper()
            and not re.search(r"[.!?;:。！？；：]", title)
            and not ends_with_function_word(title)
            and len(rest.split()) >= len(words)
        ):
            return start
        return None
    return None


def split_run_in_title(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Split a title or deck run into the lead ("... sharing scientific On December 11, the ...")
    off as the article's title, when the article has no title line."""
    if not blocks or blocks[0].role != Role.PARAGRAPH:
        return blocks, []
    first = blocks[0]
    start = run_in_title_end(first.text)
    if start is None:
        return blocks, []
    title = replace(first.cut(0, len(first.text[:start].rstrip())), role=Role.HEADLINE)
    lead = first.cut(start)
    title, byline = split_byline_line(title)
    repairs = [
        Repair(
            "run-in title",
            path,
            title.first_line,
            lead.first_line,
            f"{_tail_words(title.text)} {_head_words(lead.text)}",
            f"[title] {_tail_words(title.text)} {PARAGRAPH_BREAK} {_head_words(lead.text)}",
        )
    ]
    if byline is None:
        return [title, lead, *blocks[1:]], repairs
    repairs.append(
        Repair(
            "byline",
            path,
            byline.first_line,
            byline.last_line,
            f"{_tail_words(title.text)} {byline.text}",
            f"{_tail_words(title.text)} {PARAGRAPH_BREAK} [byline] {byline.text}",
        )
    )
    return [title, byline, lead, *blocks[1:]], repairs


def split_byline_line(title: Block) -> tuple[Block, Block | None]:
    """A title over several source lines whose last line is a byline ("Guangzhou Daily reporter
    Chen Xiaoling", "By Li Ming"): the title above it, and the byline."""
    last = title.lines[-1] if title.lines else None
    if last is None or title.lines[0] == last:
        return title, None
    start = next(i for i, line in enumerate(title.lines) if line == last)
    if not _byline_alone(title.text[start:].strip(), (BYLINE_MARKER, PAPER_BYLINE)):
        return title, None
    kept = title.cut(0, len(title.text[:start].rstrip()))
    if not kept.text:
        return title, None
    byline = replace(
        title.cut(len(title.text) - len(title.text[start:].lstrip())), role=Role.BYLINE
    )
    return kept, byline


_NAME_WORD = r"[A-Z\u3400-\u9fff][\w'’.\-]*"
_NAMES = rf"{_NAME_WORD}(?:(?:\s*[,，、&/]\s*|\s+and\s+|\s+){_NAME_WORD}){{0,5}}"
_IN_BRACKETS = r"[^()（）\[\]【】\n]{1,80}"
_OPEN, _CLOSE = r"[(（\[【]\s*", r"\s*[)）\]】]"
_CREDIT_LABEL = (
    r"(?:Responsible [Ee]ditors?|Editors?|Edited by|Sources?|Photos?|Photographs?|Photo by"
    r"|Reporters?|Translators?|Translated by|Compiled by)"
)
TRAILER_UNIT = (
    r"(?:End\s?item|ENDITEM"
    rf"|{_OPEN}(?:END|End|end){_CLOSE}"
    rf"|{_OPEN}{_CREDIT_LABEL}\s*(?:[:：/]\s*|\s+){_IN_BRACKETS}{_CLOSE}"
    rf"|(?:Responsible [Ee]ditors?|Editors?|Sources?|Photos?)\s*[:：]\s*{_NAMES}"
    rf"|Photo(?:graph)?s? by\s+{_NAMES}"
    rf"|Xinhua/{_NAMES}"
    rf"|[\[【]\s*(?:责任编辑|编辑|来源)\s*[:：]\s*[^\]】\n]{{1,40}}[\]】]"
    rf"|(?:责任编辑|编辑|来源)\s*[:：]\s*[^\s。，,.]{{1,20}}"
    rf"|(?:{BYLINE_MARKER.pattern[1:]}){_NAMES}"
    r")"
)
# One copy of the unit: each copy of its CJK ranges costs about 4 ms to compile, and every
# process that segments compiled eight of them (0.17 s) when this was written as
# "unit (space unit)*" and again inside a second, run-on pattern.
TRAILERS = re.compile(rf"(?:{TRAILER_UNIT}\s*)+")
# Where a trailer may begin inside a paragraph: after the whitespace that ends a sentence.
SENTENCE_END = re.compile(r"(?<=[.!?\"”’])\s+|(?<=[。！？」』])\s*")
TRAILER_SEARCH_CHARS = 300


def is_trailer(text: str, start: int = 0) -> bool:
    """Whether ``text`` from ``start`` on is nothing but end marks and credits."""
    return not text[-1:].isspace() and TRAILERS.fullmatch(text, start) is not None


def run_on_trailer(text: str) -> tuple[int, int] | None:
    """Where a run of trailers at the end of a paragraph starts: the end of the sentence before
    it and the trailer's first character; the earliest such run in the last characters."""
    for boundary in SENTENCE_END.finditer(text, max(0, len(text) - TRAILER_SEARCH_CHARS)):
        if boundary.end() < len(text) and is_trailer(text, boundary.end()):
            return boundary.start(), boundary.end()
    return None


def split_trailers(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Split end marks and credits ("Enditem", "(END)", "(Responsible editor: X)", "Photo by
    X", "Xinhua/X", "[责任编辑：X]") off the end of the article as trailers.

    Paragraphs at the end that are nothing else become trailers; then a run of them after the
    last sentence of the last paragraph is split off.  The article keeps at least one paragraph.
    """
    out = list(blocks)
    repairs: list[Repair] = []
    end = len(out)
    while end > 1 and out[end - 1].role == Role.PARAGRAPH and is_trailer(out[end - 1].text):
        end -= 1
        block = out[end]
        out[end] = replace(block, role=Role.TRAILER)
        repairs.append(
            Repair(
                "trailer",
                path,
                block.first_line,
                block.last_line,
                block.text,
                f"[trailer] {block.text}",
            )
        )
    last = out[end - 1] if end else None
    if last is not None and last.role == Role.PARAGRAPH:
        found = run_on_trailer(last.text)
        if found and found[0] > 0:
            kept = last.cut(0, found[0])
            trailer = replace(last.cut(found[1]), role=Role.TRAILER)
            out[end - 1 : end] = [kept, trailer]
            repairs.append(
                Repair(
                    "trailer",
                    path,
                    trailer.first_line,
                    trailer.last_line,
                    f"{_tail_words(kept.text)} {trailer.text}",
                    f"{_tail_words(kept.text)} {PARAGRAPH_BREAK} [trailer] {trailer.text}",
                )
            )
    return out, sorted(repairs, key=lambda r: r.first_line)


def byline_name(byline: str) -> str | None:
    """The reporter a byline names: "Text/Some Paper Reporter Li Ming" -> "Li Ming"."""
    marker = BYLINE_MARKER.match(byline)
    rest = byline[marker.end() :] if marker else byline
    parts = re.split(r"\b(?:[Rr]eporters?|[Cc]orrespondents?)\b\s*[:：]?|记者", rest)
    name = " ".join(parts[-1].split()).strip(",;:，；：")
    return name or None


REPAIR_RULES: tuple[Rule, ...] = (
    normalise_spacing,
    unwrap_lines,
    split_trailers,
    mark_title_line,
    split_run_in_title,
    split_run_in_byline,
    split_dateline,
    mend_split_sentences,
    close_space_before_punctuation,
    trim_quote_padding,
    recognise_subheadings,
)


def repair(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Apply every repair rule in turn; the repairs come back in source order."""
    repairs: list[Repair] = []
    for rule in REPAIR_RULES:
        blocks, made = rule(blocks, path)
        repairs.extend(made)
    return blocks, sorted(repairs, key=lambda r: (r.first_line, r.last_line))


def refuse_long_segment(block: Block, path: str) -> None:
    enforce_limit(
        SEGMENT_CHARS_LIMIT,
        len(block.text),
        "this segment has {:,} characters",
        path,
        block.first_line,
    )
