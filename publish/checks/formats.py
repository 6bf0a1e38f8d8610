"""Format strings: the C and Python directive patterns, and what msgfmt -c compares for c-format,
objc-format and python-format entries."""

from __future__ import annotations

import re
from collections.abc import Callable

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


BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
"""A ``str.format`` or ICU placeholder: {0}, {name}."""


def without_directives(text: str) -> str:
    """The text with each format directive a space: digits inside one are not numbers of it."""
    for pattern in (C_DIRECTIVE, PYTHON_DIRECTIVE, BRACE_PLACEHOLDER):
        text = pattern.sub(" ", text)
    return text


FORMATS = {
    "c-format": ("C", c_arguments),
    "objc-format": ("Objective-C", c_arguments),
    "python-format": ("Python", python_arguments),
}
