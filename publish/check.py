"""Quality checks of gettext catalogues, for English corrections and Chinese translations.

Each check is a small function ``check(catalogue, entry)`` that yields one
message per problem it sees in one entry; ``CHECKS`` registers them with a
name, a severity and a one-line description.  The checks compare a
translation with *its* English: for a Chinese catalogue that is the corrected
English (the pivot), read from the project's English catalogue, or for a
catalogue from elsewhere from the ``#. en:`` comment each entry carries, falling
back to the msgid; for the English catalogue itself the English checks read the
msgstr, the corrected text, and leave the garbled msgid alone.

Nothing here imports WeasyPrint: checking answers in a fraction of a second.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from pathlib import Path

import polib

from publish.catalogue import PIVOT_COMMENT, split_pivot_comment
from publish.glossary import Term

ERROR = "error"
WARNING = "warning"


# --- what the checks see ------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One message of a catalogue, with the English a translation is compared with."""

    line: int
    """Line of the entry's msgid in the file: below its comments, where an editor looks for the
    entry (polib's ``linenum`` is the first comment line; msgfmt points at the msgstr)."""
    msgid: str
    msgid_plural: str
    forms: tuple[str, ...]
    """The msgstr, or msgstr[0], msgstr[1], ... of a plural entry."""
    flags: tuple[str, ...]
    english: str
    """The corrected English (see ``pivot_english``) where there is one, else the msgid."""
    msgctxt: str | None = None

    @property
    def plural(self) -> bool:
        return bool(self.msgid_plural)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return any(self.forms) and not self.fuzzy

    def pairs(self, nplurals: int | None) -> Iterator[tuple[str, str]]:
        """Each non-empty translation with the English it renders."""
        for index, text in enumerate(self.forms):
            if not text:
                continue
            if not self.plural:
                yield self.english, text
            elif index == 0 and nplurals != 1:
                yield self.msgid, text
            else:
                yield self.msgid_plural, text


@dataclass(frozen=True)
class Catalogue:
    """What the checks need to know of the file an entry comes from."""

    path: str
    language: str
    header_line: int
    metadata: dict[str, str]
    has_plurals: bool
    plural_counts: frozenset[int] = frozenset()
    """How many forms the translated plural entries have."""
    duplicates: dict[int, int] = field(default_factory=dict)
    """Line of each entry that repeats an earlier msgctxt and msgid -> line of the first."""
    glossary: tuple[Term, ...] = ()

    @property
    def base_language(self) -> str:
        return self.language.replace("-", "_").split("_")[0].lower()

    @property
    def chinese(self) -> bool:
        return self.base_language == "zh"

    @property
    def english(self) -> bool:
        return self.base_language == "en"

    @property
    def nplurals(self) -> int | None:
        return _plural_count(self.metadata.get("Plural-Forms", ""))


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: [{self.check}] {self.message}"


CheckFunction = Callable[[Catalogue, Entry], Iterable[str]]


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    description: str
    function: CheckFunction = field(repr=False)


# --- text helpers ----------------------------------------------------------------

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _snippet(text: str, start: int, end: int, margin: int = 8) -> str:
    left = max(0, start - margin)
    return text[left : end + margin].replace("\n", " ")


def plural_forms(header: str) -> tuple[int | None, str | None]:
    """``nplurals`` and the ``plural`` expression of a Plural-Forms header value."""
    count = re.search(r"nplurals\s*=\s*(\d+)", header)
    expression = re.search(r"plural\s*=\s*([^;]+)", header)
    return (
        int(count.group(1)) if count else None,
        expression.group(1).strip() if expression else None,
    )


@cache
def _plural_count(header: str) -> int | None:
    return plural_forms(header)[0]


@cache
def plural_function(expression: str) -> Callable[[int], int] | None:
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        return None


def _forms_used_once(catalogue: Catalogue) -> frozenset[int]:
    return _forms_selected_once(catalogue.metadata.get("Plural-Forms", ""))


@cache
def _forms_selected_once(header: str) -> frozenset[int]:
    """Plural forms that only one number selects (``n == 1`` in English), by the header."""
    nplurals, expression = plural_forms(header)
    function = plural_function(expression) if expression else None
    if function is None or nplurals is None:
        return frozenset()
    counts: dict[int, int] = {}
    for n in range(1000):
        index = function(n)
        counts[index] = counts.get(index, 0) + 1
    return frozenset(index for index, count in counts.items() if count == 1)


# --- format strings (what msgfmt -c compares for c-format and python-format) ---------

C_DIRECTIVE = re.compile(
    r"""%
    (?:(?P<number>[1-9][0-9]*)\$)?
    (?P<flags>[-+ #0'I]*)
    (?P<width>\*(?:[1-9][0-9]*\$)?|[0-9]+)?
    (?:\.(?P<precision>\*(?:[1-9][0-9]*\$)?|[0-9]*))?
    (?:
        (?P<size>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conversion>[diouxXeEfFgGaAcspnmCS%])
      | <PRI(?P<macro>[diouxX])(?P<macro_size>(?:LEAST|FAST)?(?:8|16|32|64)|MAX|PTR)>
    )""",
    re.VERBOSE,
)
C_KIND = dict.fromkeys("di", "int") | dict.fromkeys("ouxX", "unsigned")
C_KIND |= dict.fromkeys("eEfFgGaA", "double") | {"c": "char", "s": "string", "p": "pointer"}
C_KIND |= {"n": "count", "C": "wide char", "S": "wide string"}


class FormatError(ValueError):
    """A string that is not a valid format string of its language."""


def c_arguments(text: str) -> list[str]:
    """The type of each argument a C format string consumes, in argument order."""
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    position = 0
    while (start := text.find("%", position)) != -1:
        match = C_DIRECTIVE.match(text, start)
        if match is None:
            rest = text[start + 1 : start + 2]
            raise FormatError(
                "the string ends in the middle of a directive"
                if not rest
                else f"'{rest}' after '%' is not a valid conversion"
            )
        position = match.end()
        if match["conversion"] == "%":
            continue
        uses: list[tuple[str | None, str]] = []
        for part in ("width", "precision"):
            value = match[part]
            if value and value.startswith("*"):
                uses.append((value[1:-1] or None, "int"))
        if match["macro"]:
            kind = f"{C_KIND[match['macro']]} {match['macro_size']}"
        else:
            conversion, size = match["conversion"], match["size"] or ""
            if conversion == "m":
                continue
            if size in ("l",) and conversion in "cs":
                kind = "wide " + C_KIND[conversion]
            else:
                kind = f"{C_KIND[conversion]} {size}".strip()
        uses.append((match["number"], kind))
        for number, kind in uses:
            if number is None:
                unnumbered.append(kind)
            else:
                index = int(number)
                if numbered.get(index, kind) != kind:
                    raise FormatError(f"argument {index} is used with two different types")
                numbered[index] = kind
    if numbered and unnumbered:
        raise FormatError("numbered and unnumbered arguments are mixed")
    if numbered:
        missing = [n for n in range(1, max(numbered) + 1) if n not in numbered]
        if missing:
            raise FormatError(f"argument {missing[0]} is never used")
        return [numbered[n] for n in sorted(numbered)]
    return unnumbered


PYTHON_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-+ #0]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?"
    r"[hlL]?(?P<conversion>[diouxXeEfFgGcrsa%])"
)
PYTHON_KIND = dict.fromkeys("diouxX", "int") | dict.fromkeys("eEfFgG", "float")
PYTHON_KIND |= {"c": "char"} | dict.fromkeys("rsa", "any")


def python_arguments(text: str) -> dict[str | int, str]:
    """Python %-format arguments: by name, or by position (0, 1, ...) when unnamed."""
    named: dict[str | int, str] = {}
    unnamed: list[str] = []
    position = 0
    while (start := text.find("%", position)) != -1:
        match = PYTHON_DIRECTIVE.match(text, start)
        if match is None:
            raise FormatError("a '%' starts no valid directive")
        position = match.end()
        if match["conversion"] == "%":
            continue
        kind = PYTHON_KIND[match["conversion"]]
        stars = [p for p in ("width", "precision") if match[p] == "*"]
        if match["name"] is not None:
            if stars:
                raise FormatError("a named argument cannot take '*'")
            if named.get(match["name"], kind) != kind:
                raise FormatError(f"argument '{match['name']}' is used with two types")
            named[match["name"]] = kind
        else:
            unnamed.extend(["int"] * len(stars) + [kind])
    if named and unnamed:
        raise FormatError("named and unnamed arguments are mixed")
    return named or dict(enumerate(unnamed))


def compare_formats(
    parse: Callable[[str], list[str] | dict], flavour: str, source: str, text: str, strict: bool
) -> str | None:
    """Why ``text`` cannot stand for the format string ``source``, or None."""
    try:
        expected = parse(source)
    except FormatError:
        return None  # msgfmt compares only against a valid msgid
    try:
        found = parse(text)
    except FormatError as error:
        return f"the translation is not a valid {flavour} format string: {error}"
    if isinstance(expected, list):
        if len(found) > len(expected) or (strict and len(found) != len(expected)):
            return (
                f"{len(expected)} format argument(s) in the English, "
                f"{len(found)} in the translation"
            )
        for index, (want, got) in enumerate(zip(expected, found, strict=False), start=1):
            if want != got:
                return f"format argument {index} is {want} in the English, {got} here"
        return None
    for key in found:
        if key not in expected:
            return f"format argument {key!r} is not in the English"
    for key, want in expected.items():
        if key not in found:
            if strict:
                return f"format argument {key!r} of the English is missing"
            continue
        got = found[key]
        if want != got and (strict or "any" not in (want, got)):
            return f"format argument {key!r} is {want} in the English, {got} here"
    return None


FORMATS = {
    "c-format": ("C", c_arguments),
    "objc-format": ("Objective-C", c_arguments),
    "python-format": ("Python", python_arguments),
}


# --- the checks ------------------------------------------------------------------


def invalid(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """What ``msgfmt -c`` rejects: duplicates, plural forms, newlines and format strings."""
    if entry.line in catalogue.duplicates:
        first = catalogue.duplicates[entry.line]
        yield f"this msgid is defined a second time (first at line {first}); msgfmt stops here"
        return
    if not entry.translated:
        return  # msgfmt leaves untranslated and fuzzy entries out
    nplurals, expression = plural_forms(catalogue.metadata.get("Plural-Forms", ""))
    if entry.plural:
        if nplurals is None or expression is None:
            yield "plural forms, but the header lacks 'Plural-Forms: nplurals=...; plural=...;'"
            return
        if len(entry.forms) != nplurals:
            yield f"the header says nplurals={nplurals}, this entry has {len(entry.forms)} forms"
            return
    sources = [("msgid", entry.msgid)]
    if entry.plural:
        sources.append(("msgid_plural", entry.msgid_plural))
    targets = [
        ("msgstr" if not entry.plural else f"msgstr[{i}]", t) for i, t in enumerate(entry.forms)
    ]
    for edge, test in (("begin", str.startswith), ("end", str.endswith)):
        reference = test(entry.msgid, "\n")
        for name, text in [*sources[1:], *targets]:
            if text and test(text, "\n") != reference:
                yield f"'msgid' and '{name}' do not both {edge} with a newline"
                return
    once = _forms_used_once(catalogue) if entry.plural else frozenset()
    for flag in entry.flags:
        if flag not in FORMATS:
            continue
        flavour, parse = FORMATS[flag]
        for index, text in enumerate(entry.forms):
            if not text:
                continue
            source = entry.msgid_plural if entry.plural else entry.msgid
            problem = compare_formats(parse, flavour, source, text, strict=index not in once)
            if problem:
                yield problem
                return


def header(catalogue: Catalogue) -> Iterator[str]:
    """The header's share of what ``msgfmt -c`` rejects: its plural forms."""
    nplurals, expression = plural_forms(catalogue.metadata.get("Plural-Forms", ""))
    if catalogue.has_plurals and (nplurals is None or expression is None):
        yield "plural entries, but no 'Plural-Forms: nplurals=...; plural=...;' in the header"
        return
    if expression is None or nplurals is None:
        return
    function = plural_function(expression)
    if function is None:
        yield f"the plural expression {expression!r} is not valid C"
        return
    largest = max(function(n) for n in range(1000))
    if largest >= nplurals:
        yield f"nplurals={nplurals}, but the plural expression gives form {largest}"
    others = sorted(catalogue.plural_counts - {nplurals})
    if others:
        yield f"nplurals={nplurals}, but some entries have {others[0]} plural forms"


def untranslated(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """The entry has no translation (the PDF falls back to the English)."""
    if not any(entry.forms):
        yield "not translated"
    elif entry.plural and not all(entry.forms) and not entry.fuzzy:
        yield "some plural forms are not translated"


def fuzzy(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """The translation is marked fuzzy: it needs review and is not used in the PDF."""
    if entry.fuzzy:
        yield "marked fuzzy: review it and remove the flag (fuzzy text is left out of the PDF)"


ORDINARY_WORD = re.compile(r"[a-z]{3,}[,.;:!?]?")


def _prose(text: str) -> bool:
    """Running English words, not a name, an acronym, a command line or a format string."""
    words = text.split()
    ordinary = [word for word in words if ORDINARY_WORD.fullmatch(word)]
    return len(ordinary) >= 2 and 2 * len(ordinary) >= len(words)


def unchanged(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """A Chinese translation that is the English text itself."""
    if not catalogue.chinese or not entry.translated:
        return
    for english, text in entry.pairs(catalogue.nplurals):
        same = text.strip() in (english.strip(), entry.msgid.strip())
        # Names, acronyms and command lines stay in Latin letters; running English does not.
        if same and _prose(text):
            yield "the translation is the English text, unchanged"
            return


# Numbers and dates ------------------------------------------------------------

SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
EN_SMALL = {name: value for value, name in enumerate(SMALL_NUMBERS.split())}
TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
EN_TENS = {name: value * 10 for value, name in enumerate(TENS.split(), start=2)}
ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
EN_ORDINAL = {name: value for value, name in enumerate(ORDINALS.split(), start=1)}
EN_SCALE = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGIT |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
CN_SCALE = CN_BIG | {"万亿": 10**12}

DIGITS = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A number stands alone; digits that end a word (IPv6, EXPR1) are compared but not required,
# since a translation may spell that word out (表达式1) or leave it as it is.
IDENTIFIER_DIGITS = re.compile(r"(?<=[A-Za-z_])\d+(?![A-Za-z0-9_])")
EN_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9_.])(?P<digits>{DIGITS})(?:st|nd|rd|th)?"
    rf"(?:\s+(?P<scale>{'|'.join(EN_SCALE)}))?(?![A-Za-z0-9_])"
)
EN_WORD_NUMBER = re.compile(
    rf"\b(?P<tens>{'|'.join(EN_TENS)})(?:-(?P<unit>{'|'.join(list(EN_SMALL)[1:10])}))?\b"
    rf"|\b(?P<small>{'|'.join(EN_SMALL)})\b|\b(?P<ordinal>{'|'.join(EN_ORDINAL)})\b",
    re.IGNORECASE,
)
CN_NUMERALS = "".join([*CN_DIGIT, *CN_UNIT, *CN_BIG])
CN_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9_.])(?P<digits>{DIGITS})(?P<big>万亿|亿|万)?(?![A-Za-z0-9_])"
    rf"|(?P<numerals>[{CN_NUMERALS}]+)"
)
# Units after which a Chinese numeral is a count to keep, not part of a word (十分 is "very").
CN_COUNT_UNITS = ("周年", "周岁", "年", "届", "位", "名", "个", "家", "项", "人", "次", "倍", "%")
FORMAT_DIRECTIVE = re.compile(r"%(?:\d+\$)?[-+ #0']*\d*(?:\.\d+)?[hlLqjzt]*[a-zA-Z%]|\{[^{}]*\}")


@cache
def english_months() -> dict[str, int]:
    """January and Jan, Sept. ... -> month number, from the CLDR data babel carries."""
    from babel.dates import get_month_names

    months = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="en").items():
            months[name] = number
    months["Sept"] = 9
    return months


@dataclass(frozen=True)
class Number:
    value: Fraction
    text: str
    kind: str = "number"
    """``number`` or ``month``."""
    required: bool = True
    """False where the other language may well drop it (one, two, 第一, 一个)."""


def _fraction(digits: str) -> Fraction:
    return Fraction(digits.replace(",", ""))


def _identifier_digits(text: str) -> list[Number]:
    return [
        Number(Fraction(m.group(0)), m.group(0), required=False)
        for m in IDENTIFIER_DIGITS.finditer(text)
    ]


def english_numbers(text: str) -> list[Number]:
    text = FORMAT_DIRECTIVE.sub(" ", text)
    found = []
    for match in EN_NUMBER.finditer(text):
        value = _fraction(match["digits"]) * EN_SCALE.get((match["scale"] or "").lower(), 1)
        found.append(Number(value, match.group(0)))
    found.extend(_identifier_digits(text))
    for match in EN_WORD_NUMBER.finditer(text):
        word = match.group(0).lower()
        if match["tens"]:
            value = EN_TENS[match["tens"].lower()] + EN_SMALL.get((match["unit"] or "").lower(), 0)
        elif match["small"]:
            value = EN_SMALL[word]
        else:
            value = EN_ORDINAL[word]
        # Small numbers come and go in translation (one of, the two sides); ten and up stay.
        found.append(Number(Fraction(value), word, required=value >= 10 and not match["ordinal"]))
    months = english_months()
    for match in re.finditer(rf"\b({'|'.join(months)})\b", text):
        name = match.group(1)
        near = text[max(0, match.start() - 4) : match.end() + 4]
        if name == "May" and text.strip() != "May" and not re.search(r"\d", near):
            continue  # the verb, not the month
        found.append(Number(Fraction(months[name]), name, kind="month"))
    return found


def chinese_numeral_value(numerals: str) -> int:
    if not any(c in CN_UNIT or c in CN_BIG for c in numerals):
        if len(numerals) == 1:
            return CN_DIGIT[numerals]
        return int("".join(str(CN_DIGIT[c]) for c in numerals))  # 二〇二二: digit by digit
    total = section = digit = 0
    for char in numerals:
        if char in CN_DIGIT:
            digit = CN_DIGIT[char]
        elif char in CN_UNIT:
            section += (digit or 1) * CN_UNIT[char]
            digit = 0
        elif char == "亿":
            total = (total + section + digit) * CN_BIG[char]
            section = digit = 0
        else:
            total += (section + digit) * CN_BIG[char]
            section = digit = 0
    return total + section + digit


def chinese_numbers(text: str) -> list[Number]:
    text = FORMAT_DIRECTIVE.sub(" ", text)
    found = _identifier_digits(text)
    for match in CN_NUMBER.finditer(text):
        after = text[match.end() : match.end() + 2]
        before = text[max(0, match.start() - 1) : match.start()]
        if match["digits"]:
            value = _fraction(match["digits"]) * CN_SCALE.get(match["big"] or "", 1)
            kind = "month" if after[:1] == "月" else "number"
            found.append(Number(value, match.group(0), kind))
            continue
        numerals = match["numerals"]
        if numerals in CN_BIG or numerals in ("千万", "万一", "亿万"):
            continue  # 万一 (in case), 千万 (by all means): words, not numbers
        value = chinese_numeral_value(numerals)
        month = after[:1] == "月" and value <= 12
        day = after[:1] in "日号" and before == "月"
        year = after[:1] == "年" and len(numerals) >= 2 and not any(c in CN_UNIT for c in numerals)
        count = value >= 10 and after.startswith(CN_COUNT_UNITS) and numerals != "十"
        found.append(
            Number(
                Fraction(value),
                numerals,
                kind="month" if month else "number",
                required=month or day or year or count,
            )
        )
    return found


def numbers_in(text: str, language: str) -> list[Number]:
    if language == "zh":
        return chinese_numbers(text)
    if language == "en":
        return english_numbers(text)
    # Any other language: only digits can be compared with the English.
    return [n for n in english_numbers(text) if n.text[:1].isdigit()]


def numbers(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """Numbers and dates the same on both sides, across number systems (25, 二十五; June, 6月)."""
    if not entry.translated:
        return
    language = catalogue.base_language
    for english, text in entry.pairs(catalogue.nplurals):
        source = english_numbers(english)
        if language not in ("zh", "en"):
            source = [n for n in source if n.text[:1].isdigit()]
        target = numbers_in(text, language)
        source_values = {(n.kind, n.value) for n in source}
        target_values = {(n.kind, n.value) for n in target}
        reported = set()
        for number in source:
            key = (number.kind, number.value)
            if number.required and key not in target_values and key not in reported:
                reported.add(key)
                yield f"{number.text!r} of the English is not in the translation"
        for number in target:
            key = (number.kind, number.value)
            if number.required and key not in source_values and key not in reported:
                reported.add(key)
                yield f"{number.text!r} of the translation is not in the English"


# Typography -----------------------------------------------------------------

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


def chinese_punctuation(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """Full-width punctuation in Chinese: no ASCII , . ; : ? ! or straight quotes by Han text."""
    if not catalogue.chinese or not entry.translated:
        return
    for _, text in entry.pairs(catalogue.nplurals):
        yield from _first_and_count(
            ASCII_BETWEEN_HAN,
            text,
            "ASCII punctuation between Chinese characters (use ，。；：？！)",
        )
        yield from _first_and_count(
            STRAIGHT_QUOTE_BY_HAN, text, "straight quote by Chinese text (use “” or ‘’)"
        )
        problem = unbalanced(text, CHINESE_PAIRS)
        if problem:
            yield problem


def english_translations(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """The English texts a catalogue's translators wrote (the msgstr of an English catalogue)."""
    if catalogue.english and entry.translated:
        yield from (text for _, text in entry.pairs(catalogue.nplurals))


def brackets(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
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


def doubled_words(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """A word repeated by accident: "the the", "exchanges and exchanges"."""
    for text in english_translations(catalogue, entry):
        for match in DOUBLED.finditer(text):
            word = match.group(1).lower()
            if word in DOUBLING_ALLOWED or (word.endswith("er") and len(word) > 4):
                continue
            yield f"doubled word: {match.group(0)!r}"


SPACE_BEFORE = re.compile(r"[^\S\n]+(?:[,;:?!]|\.(?!\.))(?=\s|$|[\"')\]”’])|\([^\S\n]+|[^\S\n]+\)")


def punctuation_spacing(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
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


def whitespace(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """Leading and trailing whitespace the same as the English's."""
    if not entry.translated:
        return
    for english, text in entry.pairs(catalogue.nplurals):
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


def length_ratio(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """A Chinese translation far shorter or longer than usual for its English: an omission?"""
    if not catalogue.chinese or not entry.translated:
        return
    low, high = LENGTH_RATIO_BOUNDS
    for english, text in entry.pairs(catalogue.nplurals):
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


def _rendering(term: Term, language: str) -> str | None:
    if language in term.renderings:
        return term.renderings[language]
    base = language.split("_")[0]
    same = [text for locale, text in term.renderings.items() if locale.split("_")[0] == base]
    return same[0] if len(same) == 1 else None


@cache
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first: at each place the longest term wins, and the terms it contains are not
    # asked for again ("Greater Bay Area" inside "Guangdong-Hong Kong-Macao Greater Bay Area").
    ordered = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(re.escape(term) for term in ordered)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.IGNORECASE)


def glossary_terms(english: str, terms: tuple[Term, ...]) -> list[Term]:
    """The glossary terms in an English text, the longest where they overlap."""
    if not terms:
        return []
    by_text = {term.english.lower(): term for term in terms}
    pattern = _terms_pattern(tuple(term.english for term in terms))
    return [by_text[match.group(0).lower()] for match in pattern.finditer(english)]


def glossary(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """A name or term of the glossary in the English is rendered as the glossary says."""
    if not catalogue.glossary or catalogue.english or not entry.translated:
        return
    for english, text in entry.pairs(catalogue.nplurals):
        seen = set()
        for term in glossary_terms(english, catalogue.glossary):
            rendering = _rendering(term, catalogue.language)
            if rendering and rendering not in text and term.english not in seen:
                seen.add(term.english)
                yield f"{term.english!r} is {rendering} in the glossary, not found here"


# Compared with the English, as translate-toolkit's pofilter compares them ------------------

MARKUP = re.compile(
    r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>|<!--.*?-->|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"
)
# ASCII only: Chinese text runs on without a space after an address.
URL = re.compile(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+|www\.[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
URL_TRAILING = ".,;:!?)]}'’。，；：！？、"


def _added_and_lost(english: list[str], text: list[str], what: str) -> Iterator[str]:
    want, got = Counter(english), Counter(text)
    for item in want - got:
        yield f"{what} {item!r} of the English is not in the translation"
    for item in got - want:
        yield f"{what} {item!r} of the translation is not in the English"


def markup(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """Markup tags and entities the same as the English's: none added, none lost."""
    if not entry.translated:
        return
    for english, text in entry.pairs(catalogue.nplurals):
        yield from _added_and_lost(MARKUP.findall(english), MARKUP.findall(text), "markup")


def _urls(text: str) -> list[str]:
    return [match.rstrip(URL_TRAILING) for match in URL.findall(text)]


def urls(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """Web addresses and e-mail addresses the same as the English's: none added, none lost."""
    if not entry.translated:
        return
    for english, text in entry.pairs(catalogue.nplurals):
        yield from _added_and_lost(_urls(english), _urls(text), "address")


def line_breaks(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """As many line breaks inside the text as the English: the PDF breaks where the text does."""
    if not entry.translated:
        return
    for english, text in entry.pairs(catalogue.nplurals):
        # Newlines at either end are msgfmt's business (the invalid check).
        want, got = english.strip("\n").count("\n"), text.strip("\n").count("\n")
        if want != got:
            yield f"{got} line break(s) where the English has {want}"


DOUBLE_SPACE = re.compile(r"\S( {2,})(?=\S)")


def doubled_spaces(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """Two spaces in a row inside the text, where the English has none."""
    if not entry.translated:
        return
    for english, text in entry.pairs(catalogue.nplurals):
        if DOUBLE_SPACE.search(english):
            continue
        yield from _first_and_count(DOUBLE_SPACE, text, "doubled space")


DOUBLED_HAN_WORD = re.compile(f"([{HAN}]{{2,4}})\\1")
DOUBLED_CHINESE_PUNCTUATION = re.compile("([，。、；：？！])\\1")
NUMERALS = set("〇零一二两三四五六七八九十百千万亿")


def doubled_chinese(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """A Chinese word or punctuation mark written twice by accident: 合作合作, 。。"""
    if not catalogue.chinese or not entry.translated:
        return
    for _, text in entry.pairs(catalogue.nplurals):
        for match in DOUBLED_HAN_WORD.finditer(text):
            if not set(match.group(1)) <= NUMERALS:  # 二〇二〇 is a year
                yield f"doubled word: {match.group(0)!r}"
        for match in DOUBLED_CHINESE_PUNCTUATION.finditer(text):
            yield f"doubled punctuation: {_snippet(text, match.start(), match.end(), 4)!r}"


INVISIBLE = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
INVISIBLE |= {chr(c) for c in (0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E)}


def invisible_characters(catalogue: Catalogue, entry: Entry) -> Iterator[str]:
    """Bidi controls and zero-width characters: invisible, and a way to make text lie."""
    for text in entry.forms:
        for index, char in enumerate(text):
            if char in INVISIBLE and char not in entry.msgid:
                name = unicodedata.name(char, "")
                yield f"invisible U+{ord(char):04X} {name} at character {index + 1}"


CHECKS: list[Check] = [
    Check(
        "invalid",
        ERROR,
        "what msgfmt -c rejects: duplicates, plural forms, newlines, format strings",
        invalid,
    ),
    Check(
        "untranslated",
        WARNING,
        "entries with no translation (the PDF shows the English)",
        untranslated,
    ),
    Check("fuzzy", WARNING, "translations marked fuzzy, left out of the PDF until reviewed", fuzzy),
    Check("unchanged", WARNING, "a Chinese translation that is the English text itself", unchanged),
    Check(
        "numbers",
        ERROR,
        "numbers and dates the same across number systems (25, 二十五; June 30, 6月30日)",
        numbers,
    ),
    Check(
        "chinese-punctuation",
        WARNING,
        "full-width punctuation and balanced “”《》（） in Chinese",
        chinese_punctuation,
    ),
    Check(
        "doubled-chinese",
        WARNING,
        "a Chinese word or punctuation mark doubled by accident (合作合作, 。。)",
        doubled_chinese,
    ),
    Check("brackets", WARNING, "brackets and double quotes balanced in English", brackets),
    Check(
        "doubled-words",
        WARNING,
        "a word repeated by accident in English (exchanges and exchanges)",
        doubled_words,
    ),
    Check(
        "punctuation-spacing",
        WARNING,
        "no space before punctuation in English",
        punctuation_spacing,
    ),
    Check("whitespace", WARNING, "leading and trailing whitespace as in the English", whitespace),
    Check(
        "doubled-spaces", WARNING, "two spaces in a row, where the English has none", doubled_spaces
    ),
    Check("line-breaks", WARNING, "as many line breaks as the English", line_breaks),
    Check(
        "length-ratio",
        WARNING,
        "Chinese length out of the usual range for its English",
        length_ratio,
    ),
    Check("glossary", ERROR, "names and terms rendered as locales/glossary.csv says", glossary),
    Check(
        "markup", ERROR, "markup tags and entities as in the English (none added or lost)", markup
    ),
    Check("urls", ERROR, "web and e-mail addresses as in the English (none added or lost)", urls),
    Check(
        "invisible-characters",
        ERROR,
        "bidi controls and zero-width characters in a translation",
        invisible_characters,
    ),
]


# --- reading catalogues and glossaries ---------------------------------------------------


def language_of(po: polib.POFile, path: Path) -> str:
    """The catalogue's locale: its Language header, else locales/<L>/LC_MESSAGES, else <L>.po."""
    language = po.metadata.get("Language", "").strip()
    if language:
        return language
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    return path.stem if re.fullmatch(r"[a-z]{2,3}(?:_[A-Z]{2})?", path.stem) else ""


def pivot_english(entry: polib.POEntry, pivot: dict[tuple, str | None] | None = None) -> str:
    """The English a translation renders: the English catalogue's, else the entry's record.

    ``pivot`` holds the English catalogue's text for each entry (``catalogue.pivot_texts``),
    ``None`` for a correction under review.  Without it (a catalogue from elsewhere), the
    ``#. en:`` comment is read, however a tool wrapped it, and then the msgid.
    """
    current = pivot.get((entry.msgctxt, entry.msgid)) if pivot else None
    if current is not None:
        return current
    _, recorded = split_pivot_comment(entry.comment)
    if PIVOT_COMMENT in recorded:
        return recorded[PIVOT_COMMENT].replace("\\n", "\n")
    return entry.msgid


MSGID_LINE = re.compile(r"msgid\s")


def entries(
    po: polib.POFile, lines: list[str], pivot: dict[tuple, str | None] | None = None
) -> list[Entry]:
    """The live entries of a catalogue, each with the line of its msgid."""
    result = []
    for entry in po:
        if entry.obsolete:
            continue
        line = entry.linenum or 1
        while line <= len(lines) and not MSGID_LINE.match(lines[line - 1]):
            line += 1
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        result.append(
            Entry(
                line=min(line, len(lines)),
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                forms=forms,
                flags=tuple(entry.flags),
                english=pivot_english(entry, pivot),
                msgctxt=entry.msgctxt,
            )
        )
    return result


def header_line(lines: list[str]) -> int:
    for number, line in enumerate(lines, start=1):
        if line.startswith('msgid ""'):
            return number
    return 1


def check_catalogue(
    po: polib.POFile,
    text: str,
    path: str,
    language: str,
    glossary_terms: tuple[Term, ...] = (),
    checks: Iterable[Check] = CHECKS,
    pivot: dict[tuple, str | None] | None = None,
) -> tuple[list[Finding], int]:
    """Every finding of ``checks`` in one parsed catalogue, and the number of entries checked.

    ``pivot``: the English catalogue's text of each entry, which a translation is compared with.
    """
    lines = text.splitlines()
    live = entries(po, lines, pivot)
    first: dict[tuple[str | None, str], int] = {}
    duplicates = {}
    for entry in live:
        key = (entry.msgctxt, entry.msgid)
        if key in first:
            duplicates[entry.line] = first[key]
        first.setdefault(key, entry.line)
    catalogue = Catalogue(
        path=path,
        language=language,
        header_line=header_line(lines),
        metadata=dict(po.metadata),
        has_plurals=any(e.plural and e.translated for e in live),
        plural_counts=frozenset(len(e.forms) for e in live if e.plural and e.translated),
        duplicates=duplicates,
        glossary=glossary_terms,
    )
    checks = list(checks)
    findings = []
    for check in checks:
        if check.function is invalid:
            for message in header(catalogue):
                findings.append(
                    Finding(path, catalogue.header_line, check.severity, check.name, message)
                )
    for entry in live:
        for check in checks:
            if f"ignore-{check.name}" in entry.flags:
                continue  # the editor has looked and decided (Weblate's flag convention)
            for message in check.function(catalogue, entry):
                findings.append(Finding(path, entry.line, check.severity, check.name, message))
    findings.sort(key=lambda f: (f.line, [c.name for c in checks].index(f.check)))
    return findings, len(live)


def summary(findings: list[Finding], catalogues: int, checked: int) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors

    def count(n: int, what: str) -> str:
        return f"{n} {what}{'' if n == 1 else 's'}"

    return (
        f"{count(errors, 'error')}, {count(warnings, 'warning')} in "
        f"{count(catalogues, 'catalogue')} ({count(checked, 'entry').replace('entrys', 'entries')})"
    )
