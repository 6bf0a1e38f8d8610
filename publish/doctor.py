"""``publish doctor``: is this machine able to build the briefings and run the tests?

Each check says what it found and, when something is missing, the command that installs it.
Only the standard library is imported at the top, so the doctor runs even where the virtual
environment or WeasyPrint's system libraries are missing, which is when it is needed most.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publish import cjk

MINIMUM_PYTHON = (3, 11)
# pyproject.toml pins this series: publish.render.tags hooks into how it tags PDFs.
WEASYPRINT_SERIES = 70
MINIMUM_PANGO = (1, 44)
DEFAULT_FAMILIES = ["Noto Serif", "Noto Serif CJK SC", "Noto Sans CJK SC"]
DEFAULT_LOCALES = ["zh_CN"]
"""The CJK locales whose faces are checked where no project's locales are found."""
SETUP = "make setup"
TOOLS = {
    # tool: (Debian package, needed by the build itself or only by the tests)
    "msgfmt": ("gettext", False),
    "msgmerge": ("gettext", False),
    "msgcat": ("gettext", False),
    "msgunfmt": ("gettext", False),
    "pdftotext": ("poppler-utils", False),
    "pdffonts": ("poppler-utils", False),
    "pdftoppm": ("poppler-utils", False),
    "fc-list": ("fontconfig", True),
}


@dataclass(frozen=True)
class Finding:
    what: str
    ok: bool
    detail: str
    fix: str = ""
    """The command that installs what is missing."""
    required: bool = True
    """Needed to build PDFs; otherwise only ``make test`` needs it."""


def apt(*packages: str) -> str:
    return f"sudo apt-get install {' '.join(packages)}"


def check_python(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> Finding:
    text = ".".join(map(str, version))
    ok = version[:2] >= MINIMUM_PYTHON
    wanted = ".".join(map(str, MINIMUM_PYTHON))
    return Finding("Python", ok, text if ok else f"{text}, need {wanted} or later", apt("python3"))


def check_weasyprint() -> list[Finding]:
    """WeasyPrint, Pango and HarfBuzz's subsetter, found the way WeasyPrint itself finds them."""
    try:
        import weasyprint
        from weasyprint.text import ffi
    except ImportError:
        return [Finding("WeasyPrint", False, "not installed", SETUP)]
    except OSError as error:  # WeasyPrint is there, a system library it loads is not
        return [
            Finding(
                "Pango",
                False,
                f"WeasyPrint cannot load it: {error}",
                apt("libpango-1.0-0", "libpangoft2-1.0-0"),
            )
        ]
    found = []
    major = int(re.match(r"\d+", weasyprint.__version__).group())
    found.append(
        Finding(
            "WeasyPrint",
            major == WEASYPRINT_SERIES,
            weasyprint.__version__
            + ("" if major == WEASYPRINT_SERIES else f", need {WEASYPRINT_SERIES}.x"),
            SETUP,
        )
    )
    from publish.render import tags

    tagged = tags.supported()
    found.append(
        Finding(
            "PDF tags",
            tagged,
            "each part of a PDF is tagged with its language, page furniture as artifacts"
            if tagged
            else f"this WeasyPrint tags PDFs differently; need {WEASYPRINT_SERIES}.x",
            SETUP,
        )
    )
    number = ffi.pango.pango_version()
    pango = (number // 10000, number // 100 % 100, number % 100)
    text = ".".join(map(str, pango))
    found.append(
        Finding(
            "Pango",
            pango[:2] >= MINIMUM_PANGO,
            text if pango[:2] >= MINIMUM_PANGO else f"{text}, need 1.44 or later",
            apt("libpango-1.0-0", "libpangoft2-1.0-0"),
        )
    )
    # WeasyPrint subsets with HarfBuzz when libharfbuzz-subset loads and HarfBuzz is 4.1 or
    # later; otherwise it falls back to fontTools, about 40 times slower, which the build refuses.
    subset = ffi.harfbuzz_subset is not None and ffi.harfbuzz.hb_version_atleast(4, 1, 0)
    found.append(
        Finding(
            "hb-subset",
            bool(subset),
            "HarfBuzz font subsetting"
            if subset
            else "missing: WeasyPrint would fall back to fontTools, which the build refuses",
            apt("libharfbuzz-subset0"),
        )
    )
    return found


def template_families(templates: Path) -> list[str]:
    """The font families the stylesheets name (generic families aside)."""
    families: list[str] = []
    for css in sorted(templates.glob("*.css")):
        # font-family, and the custom properties that name a language's faces (--cjk-text-face).
        text = css.read_text("utf-8")
        for declaration in re.findall(r"(?:font-family|--[\w-]*face)\s*:\s*([^;}]+)", text):
            for name in re.findall(r"\"([^\"]+)\"|'([^']+)'", declaration):
                family = name[0] or name[1]
                if family not in families:
                    families.append(family)
    return families or list(DEFAULT_FAMILIES)


def installed_families(family: str) -> list[str]:
    """The installed families that fontconfig lists under ``family``."""
    result = subprocess.run(
        ["fc-list", f"{family}", "family"], capture_output=True, text=True, check=False
    )
    return [line for line in result.stdout.splitlines() if line.strip()]


def check_fonts(
    templates: Path,
    lookup: Callable[[str], list[str]] = installed_families,
    locales: list[str] | None = None,
) -> list[Finding]:
    if shutil.which("fc-list") is None:
        return []  # reported with the tools
    found = []
    families = template_families(templates)
    for family in families:
        package = "fonts-noto-cjk" if "CJK" in family else "fonts-noto-core"
        present = any(family in line.split(",") for line in lookup(family))
        found.append(
            Finding(
                f'font "{family}"',
                present,
                "installed" if present else "not installed (named in templates/*.css)",
                apt(package),
            )
        )
    return found + check_faces(templates, locales or DEFAULT_LOCALES, lookup)


def project_locales(root: Path) -> list[str]:
    """The locales of a project: its folders locales/<L>/LC_MESSAGES."""
    return sorted(path.parent.name for path in (root / "locales").glob("*/LC_MESSAGES"))


def region_faces(templates: Path, region: str) -> list[str]:
    """The families the stylesheets name for one Noto CJK region: "Noto Serif CJK HK", ..."""
    return [family for family in template_families(templates) if family.endswith(f" CJK {region}")]


def face_problem(
    templates: Path, locale: str, lookup: Callable[[str], list[str]] = installed_families
) -> str | None:
    """Why ``locale`` cannot be set in the faces of its own region, in one line; None if it can.

    Without them fontconfig would fall back to another family, and the text would come out in
    another region's glyph forms (Simplified shapes in a Hong Kong text), without a warning.
    """
    written = cjk.writing(locale)
    if written is None:
        return None
    named = region_faces(templates, written.region)
    if not named:
        return (
            f"{locale}: templates/*.css names no {written.region_name} face "
            f'("Noto Serif CJK {written.region}"); it would be set in another region\'s glyph forms'
        )
    missing = [f for f in named if not any(f in line.split(",") for line in lookup(f))]
    if missing:
        return (
            f"{locale}: no {written.region_name} face installed ({', '.join(missing)}); "
            "it would be set in another region's glyph forms"
        )
    return None


def check_faces(
    templates: Path,
    locales: list[str],
    lookup: Callable[[str], list[str]] = installed_families,
) -> list[Finding]:
    """One finding per CJK region the locales need: are its faces named and installed?"""
    by_region: dict[str, list[str]] = {}
    for locale in locales:
        written = cjk.writing(locale)
        if written is not None:
            by_region.setdefault(written.region, []).append(locale)
    found = []
    for region, names in by_region.items():
        problem = face_problem(templates, names[0], lookup)
        faces = ", ".join(region_faces(templates, region))
        found.append(
            Finding(
                f"{cjk.REGION_NAMES[region]} face",
                problem is None,
                f"{faces}, for {', '.join(names)}"
                if problem is None
                else problem.split(": ", 1)[1] + f" (needed by {', '.join(names)})",
                apt("fonts-noto-cjk")
                if faces
                else f'name "Noto Serif CJK {region}" in templates/briefing.css',
            )
        )
    return found


def check_tools(which: Callable[[str], str | None] = shutil.which) -> list[Finding]:
    found = []
    for tool, (package, required) in TOOLS.items():
        path = which(tool)
        found.append(
            Finding(
                tool,
                path is not None,
                path or "not found",
                apt(package),
                required,
            )
        )
    return found


def examine(
    templates: Path,
    which: Callable[[str], str | None] = shutil.which,
    fonts: Callable[[str], list[str]] = installed_families,
    locales: list[str] | None = None,
) -> list[Finding]:
    return [
        check_python(),
        *check_weasyprint(),
        *check_tools(which),
        *check_fonts(templates, fonts, locales),
    ]


def report(findings: list[Finding]) -> tuple[str, int]:
    """The text to print and the exit status: 1 when the build lacks something."""
    lines = []
    for finding in findings:
        status = "ok" if finding.ok else ("missing" if finding.required else "for tests")
        line = f"  {status:<9} {finding.what}: {finding.detail}"
        if not finding.ok:
            line += f"\n            install: {finding.fix}"
        lines.append(line)
    missing = [f for f in findings if not f.ok]
    packages = sorted(
        {p for f in missing if f.fix.startswith("sudo apt-get install ") for p in f.fix.split()[3:]}
    )
    others = sorted({f.fix for f in missing if not f.fix.startswith("sudo apt-get install ")})
    if missing:
        commands = ([apt(*packages)] if packages else []) + others
        lines.append(f"publish doctor: {len(missing)} missing; run: {' && '.join(commands)}")
    else:
        lines.append("publish doctor: everything the build and the tests need is here")
    status = 1 if any(f.required for f in missing) else 0
    return "\n".join(lines) + "\n", status


def main(root: Path) -> int:
    text, status = report(examine(root / "templates", locales=project_locales(root)))
    print(text, end="")
    return status
