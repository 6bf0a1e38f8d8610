"""Typography: Chinese punctuation, brackets, doubled words and spaces, spacing by punctuation,
whitespace at the edges, line breaks, length against the English and invisible characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import polib

from publish.checks.context import Catalogue, forms, is_translated

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _snippet(text: str, start: int, end: int, margin: int = 8) -> str:
    left = max(0, start - margin)
    return text[left : end + margin].replace("\n", " ")


ASCII_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])[,.;:?!](?=[{HAN}])")
STRAIGHT_QUOTE_BY_HAN = re.compile(f"(?<=[{HAN}])[\"']|[\"'](?=[{HAN}])")
CHINESE_PAIRS = {"“": "”", "《": "》", "（": "）", "「": "」", "『": "』", "【": "】", "‘": "’"}
ENGLISH_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”"}


def unbalanced(text: str, pairs: dict[str, str]) -> str | None:
    """The first bracket or quote that is not closed or not opened, or None."""
    closers = {close: open_ for open_, close in pairs.items()}
    stack: list[str] = []
    for char in text:
        if char in pairs:
            stack.append(char)
        elif char in closers:
            if not stack or stack[-1] != closers[char]:
                return f"'{char}' closes nothing" if not stack else f"'{char}' closes '{stack[-1]}'"
            stack.pop()
    return f"'{stack[-1]}' is never closed" if stack else None


def _first_and_count(pattern: re.Pattern[str], text: str, what: str) -> Iterator[str]:
    matches = list(pattern.finditer(text))
    if matches:
        first = matches[0]
        times = f" ({len(matches)} times)" if len(matches) > 1 else ""
        yield f"{what}{times}: {_snippet(text, first.start(), first.end(), 4)!r}"


# Each Chinese script's quotation marks, and the other script's, which it does not use: 「」『』 in
# Traditional Chinese (Hong Kong, Taiwan), “” ‘’ in Simplified Chinese (mainland China).  A ’
# alone is an apostrophe in a Latin name, not a quotation mark.
FOREIGN_QUOTES = {"“”‘’": re.compile("[「」『』]"), "「」『』": re.compile("[“”‘]")}


def chinese_punctuation(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Full-width punctuation in Chinese: no ASCII , . ; : ? ! or straight quotes by Han text;
    the locale's quotation marks (“” ‘’ in zh_CN, 「」 『』 in zh_HK and zh_TW)."""
    if not catalogue.is_chinese or not is_translated(entry):
        return
    quotes = catalogue.writing.quotes if catalogue.writing else "“”‘’"
    use = f"{quotes[:2]} or {quotes[2:]}"
    for _, text in catalogue.pairs(entry):
        yield from _first_and_count(
            ASCII_BETWEEN_HAN,
            text,
            "ASCII punctuation between Chinese characters (use ，。；：？！)",
        )
        yield from _first_and_count(
            STRAIGHT_QUOTE_BY_HAN, text, f"straight quote by Chinese text (use {use})"
        )
        yield from _first_and_count(
            FOREIGN_QUOTES[quotes],
            text,
            f"quotation marks of the other Chinese script in {catalogue.language} (use {use})",
        )
        problem = unbalanced(text, CHINESE_PAIRS)
        if problem:
            yield problem


def english_translations(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """The English texts a catalogue's translators wrote (the msgstr of an English catalogue)."""
    if catalogue.is_english and is_translated(entry):
        yield from (text for _, text in catalogue.pairs(entry))


def brackets(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Brackets and double quotes balanced in English."""
    for text in english_translations(catalogue, entry):
        problem = unbalanced(text, ENGLISH_PAIRS)
        if problem:
            yield problem
        if text.count('"') % 2:
            yield 'an odd number of straight double quotes (")'


DOUBLED = re.compile(r"\b([A-Za-z]+)(\s+(?:and\s+|or\s+)?)\1\b", re.IGNORECASE)
# Reduplications English uses on purpose: "more and more", "again and again", "closer and closer".
# And "had had", "that that", "is is": grammatical, if rare.
DOUBLING_ALLOWED = {"more", "less", "again", "over", "on", "round", "around", "through", "by"}
DOUBLING_ALLOWED |= {"had", "that", "is"}


def doubled_words(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """A word repeated by accident: "the the", "exchanges and exchanges"."""
    for text in english_translations(catalogue, entry):
        for match in DOUBLED.finditer(text):
            word = match.group(1).lower()
            if word in DOUBLING_ALLOWED or (word.endswith("er") and len(word) > 4):
                continue
            yield f"doubled word: {match.group(0)!r}"


SPACE_BEFORE = re.compile(r"[^\S\n]+(?:[,;:?!]|\.(?!\.))(?=\s|$|[\"')\]”’])|\([^\S\n]+|[^\S\n]+\)")


def punctuation_spacing(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """No space before , . ; : ? ! or a closing bracket, or after an opening one, in English."""
    for text in english_translations(catalogue, entry):
        for match in SPACE_BEFORE.finditer(text):
            yield f"space by punctuation: {_snippet(text, match.start(), match.end())!r}"


def _edges(text: str) -> tuple[str, str]:
    # Newlines at either end are msgfmt's business (the invalid check).
    stripped = text.strip()
    if not stripped:
        return "", ""
    start = text.index(stripped[0])
    return text[:start].replace("\n", ""), text[start + len(stripped) :].replace("\n", "")


def whitespace(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Leading and trailing whitespace the same as the English's."""
    if not is_translated(entry):
        return
    for english, text in catalogue.pairs(entry):
        want, got = _edges(english), _edges(text)
        for side, a, b in (("leading", want[0], got[0]), ("trailing", want[1], got[1])):
            if a != b:
                yield f"{side} whitespace {b!r} where the English has {a!r}"


LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-']*")
# Characters of Chinese per character of English, measured on texts of 60 English characters or
# more once words both sides share (names, acronyms, numbers) are taken out.  In the 4,070 such
# messages of the 79 zh_CN catalogues of a Debian system (msgunfmt of /usr/share/locale/zh_CN),
# the ratio runs from 0.18 (0.5th percentile) through 0.33 (median) to 0.75 (99.5th percentile);
# the one text below 0.10 (in two catalogues) is a translation that leaves out three of its four
# names.  News prose is denser than interface text: this article's segments measure 0.13 to 0.22.
# The bounds take in both kinds of text, so they catch gross omissions and additions (half a
# paragraph), not a single missing clause.
LENGTH_RATIO_BOUNDS = (0.10, 0.75)
LENGTH_RATIO_MIN_ENGLISH = 60


def length_ratio(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """A Chinese translation far shorter or longer than usual for its English: an omission?"""
    if not catalogue.is_chinese or not is_translated(entry):
        return
    low, high = LENGTH_RATIO_BOUNDS
    for english, text in catalogue.pairs(entry):
        shared = set(LATIN_WORD.findall(english)) & set(LATIN_WORD.findall(text))
        for word in sorted(shared, key=len, reverse=True):
            english, text = english.replace(word, ""), text.replace(word, "")
        english, text = " ".join(english.split()), "".join(text.split())
        if len(english) < LENGTH_RATIO_MIN_ENGLISH:
            continue
        ratio = len(text) / len(english)
        if not low <= ratio <= high:
            guess = (
                "too short: is something missing?"
                if ratio < low
                else "too long: is something added?"
            )
            yield (
                f"{len(text)} characters for {len(english)} of English (ratio {ratio:.2f}, "
                f"usual {low}-{high}): {guess}"
            )


def line_breaks(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """As many line breaks inside the text as the English: the PDF breaks where the text does."""
    if not is_translated(entry):
        return
    for english, text in catalogue.pairs(entry):
        # Newlines at either end are msgfmt's business (the invalid check).
        want, got = english.strip("\n").count("\n"), text.strip("\n").count("\n")
        if want != got:
            yield f"{got} line break(s) where the English has {want}"


DOUBLE_SPACE = re.compile(r"\S( {2,})(?=\S)")


def doubled_spaces(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Two spaces in a row inside the text, where the English has none."""
    if not is_translated(entry):
        return
    for english, text in catalogue.pairs(entry):
        if DOUBLE_SPACE.search(english):
            continue
        yield from _first_and_count(DOUBLE_SPACE, text, "doubled space")


DOUBLED_HAN_WORD = re.compile(f"([{HAN}]{{2,4}})\\1")
DOUBLED_CHINESE_PUNCTUATION = re.compile("([，。、；：？！])\\1")
NUMERALS = set("〇零一二两兩三四五六七八九十百千万萬亿億")


def doubled_chinese(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """A Chinese word or punctuation mark written twice by accident: 合作合作, 。。"""
    if not catalogue.is_chinese or not is_translated(entry):
        return
    for _, text in catalogue.pairs(entry):
        for match in DOUBLED_HAN_WORD.finditer(text):
            if not set(match.group(1)) <= NUMERALS:  # 二〇二〇 is a year
                yield f"doubled word: {match.group(0)!r}"
        for match in DOUBLED_CHINESE_PUNCTUATION.finditer(text):
            yield f"doubled punctuation: {_snippet(text, match.start(), match.end(), 4)!r}"


INVISIBLE = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
INVISIBLE |= {chr(c) for c in (0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E)}


def invisible_characters(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Bidi controls and zero-width characters: invisible, and a way to make text lie."""
    for text in forms(entry):
        for index, char in enumerate(text):
            if char in INVISIBLE and char not in entry.msgid:
                name = unicodedata.name(char, "")
                yield f"invisible U+{ord(char):04X} {name} at character {index + 1}"
