"""Commands that do not typeset never import WeasyPrint, so they start in a blink.

A fresh interpreter, since what is imported is the point (this one has WeasyPrint loaded).
"""

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
seen, statuses = {}, {}
for name, args in commands.items():
    if name not in available:
        continue
    try:
        statuses[name] = main(["-C", sys.argv[2], name, *args])
    except SystemExit as exit:
        statuses[name] = exit.code
    seen[name] = "weasyprint" in sys.modules
from publish import render
render.preload()
seen["(control) render.preload"] = "weasyprint" in sys.modules
print(json.dumps(statuses))
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
    statuses, seen = map(json.loads, result.stdout.splitlines()[-2:])
    assert statuses == dict.fromkeys(COMMANDS, 0)
    assert set(COMMANDS) <= seen.keys()
    imported = [name for name, loaded in seen.items() if loaded and not name.startswith("(")]
    assert imported == []
    assert seen["(control) render.preload"] is True
