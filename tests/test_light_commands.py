"""Commands that do not typeset never import WeasyPrint, so they start in a blink."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import copy_project

# Each command with arguments that make it do its real work on the seed project.
COMMANDS = {
    "extract": [],
    "update": [],
    "init": ["de"],
    "repairs": [],
    "check": [],
    "stats": [],
}

PROBE = """
import json, sys
from publish.cli import main, parser

available = parser()._subparsers._group_actions[0].choices
commands = json.loads(sys.argv[1])
seen = {}
for name, args in commands.items():
    if name not in available:
        continue
    try:
        main(["-C", sys.argv[2], name, *args])
    except SystemExit:
        pass
    seen[name] = "weasyprint" in sys.modules
from publish import render
render.preload()
seen["(control) render.preload"] = "weasyprint" in sys.modules
print(json.dumps(seen))
"""


def test_commands_that_do_not_typeset_leave_weasyprint_unimported(tmp_path):
    root = copy_project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(COMMANDS), str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(result.stdout.splitlines()[-1])
    assert set(COMMANDS) <= seen.keys()
    imported = [name for name, loaded in seen.items() if loaded and not name.startswith("(")]
    assert imported == []
    assert seen["(control) render.preload"] is True
