"""The calculator's page modules (calculator/web/) import one another without a cycle: each is cut
by role, and a module that needs another's work is further down, never beside it."""
from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "calculator" / "web"
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\s[^;]*?\bfrom\s+["']\./([\w.-]+)["']""", re.M | re.S)


def imports(folder: Path) -> dict[str, set[str]]:
    return {path.name: set(STATIC_IMPORT.findall(path.read_text("utf-8")))
            for path in sorted([*folder.glob("*.js"), *folder.glob("*.mjs")])}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycle_among_the_calculators_modules():
    graph = imports(WEB)
    assert graph["calc-main.js"], "the import pattern reads the entry's imports"
    assert cycles(graph) == []


def test_the_check_finds_a_cycle(tmp_path):
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport const a = 1;\n')
    (tmp_path / "b.js").write_text('import {\n  a,\n} from "./a.js";\nexport const b = 2;\n')
    assert cycles(imports(tmp_path)) == [["a.js", "b.js", "a.js"]]
