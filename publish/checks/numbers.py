"""Numbers and dates the same on both sides of a translation, across number systems
(25, 二十五; June 30, 6月30日): the numbers check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import polib

from publish.checks.context import Catalogue, is_translated
from publish.checks.formats import without_directives
from publish.dates import english_months

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
# Simplified and Traditional numerals: 两 兩, 万 萬, 亿 億.
CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
CN_DIGIT |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CN_SCALE = CN_BIG | {"万亿": 10**12, "萬億": 10**12}

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
    rf"(?<![A-Za-z0-9_.])(?P<digits>{DIGITS})(?P<big>万亿|萬億|亿|億|万|萬)?(?![A-Za-z0-9_])"
    rf"|(?P<numerals>[{CN_NUMERALS}]+)"
)
# Units after which a Chinese numeral is a count to keep, not part of a word (十分 is "very").
CN_COUNT_UNITS = ("周年", "周岁", "年", "届", "位", "名", "个", "家", "项", "人", "次", "倍", "%")
CN_COUNT_UNITS += ("週年", "周歲", "週歲", "屆", "個", "項")


@cache
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
    text = without_directives(text)
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
        elif char in ("亿", "億"):
            total = (total + section + digit) * CN_BIG[char]
            section = digit = 0
        else:
            total += (section + digit) * CN_BIG[char]
            section = digit = 0
    return total + section + digit


def chinese_numbers(text: str) -> list[Number]:
    text = without_directives(text)
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
        if numerals in CN_BIG or numerals in ("千万", "万一", "亿万", "千萬", "萬一", "億萬"):
            continue  # 万一 (in case), 千万 (by all means): words, not numbers
        value = chinese_numeral_value(numerals)
        month = after[:1] == "月" and value <= 12
        day = after[:1] in "日号號" and before == "月"
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


def numbers(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Numbers and dates the same on both sides, across number systems (25, 二十五; June, 6月)."""
    if not is_translated(entry):
        return
    language = catalogue.base_language
    for english, text in catalogue.pairs(entry):
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
