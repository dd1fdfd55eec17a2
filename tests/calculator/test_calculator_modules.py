"""The calculator's page modules (calculator/web/) import one another without a cycle: each is cut
by role (pure, state, views, adapters, controller), and a module that needs another's work is
further down, never beside it."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "calculator" / "web"
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


# The calculator's layers (README.md, "calculator/web layers"). Pure modules take values and
# return values: no DOM, no page globals, each with its Node unit tests (tests/calculator/js/<name>.test.mjs,
# run by tests/calculator/test_snapshot_choice.py::test_js_units). The state is the one store; views draw
# from it; the controller (wired by the entry, calc-main.js) is the only one to change it.
PURE = {"calc-values.js", "calc-model.js", "calc-wording.js", "calc-scenario.js", "calc-messages.js",
        "calc-evaluate.js", "calc-status.js"}
STATE = {"calc-state.js"}
VIEWS = {"calc-dom.js", "calc-page.js", "calc-form.js", "calc-errors.js", "calc-results.js", "calc-sheet.js",
         "calc-status-view.js"}
ADAPTERS = {"calc-engine.js", "calc-session.js"}   # the worker; this tab's storage
CONTROLLER = {"calc-controller.js", "calc-main.js"}
PAGE_GLOBALS = re.compile(r"(?<![.\w$])(?:document|window|location|navigator|history|sessionStorage|localStorage|"
                          r"HTMLElement|Node|CSS|fetch|Worker|performance)\b(?!\s*:)")
ROOT = WEB.parents[1]


def code_of(path: Path) -> str:
    """The module without its comments and string literals (words there are not uses)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text("utf-8"), flags=re.S)
    text = re.sub(r"(?m)//.*$", "", text)
    return re.sub(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""", '""', text)


def test_every_page_module_has_a_layer():
    modules = {p.name for p in WEB.glob("calc-*.js")}
    layers = [PURE, STATE, VIEWS, ADAPTERS, CONTROLLER]
    assert modules == set().union(*layers), "a calc-*.js module without a layer, or a layer naming a missing module"
    assert sum(len(layer) for layer in layers) == len(modules)


def test_layers_import_downwards():
    graph = imports(WEB)
    for name in PURE:
        assert graph[name] <= PURE, f"{name} is pure: it imports only pure modules, not {graph[name] - PURE}"
    for name in STATE:
        assert not graph[name], f"{name} imports nothing"
    for name in VIEWS | ADAPTERS:
        assert graph[name] <= PURE | VIEWS, f"{name} draws or adapts; it imports no {graph[name] - PURE - VIEWS}"
    assert graph["calc-controller.js"] <= PURE | VIEWS, "the controller is handed the store, views and engine"
    importers = {name for name, targets in graph.items() if targets & CONTROLLER}
    assert importers <= {"calc-main.js"}, "only the entry wires the controller"


def test_pure_modules_use_no_page_globals():
    for name in sorted(PURE | STATE):
        uses = sorted(set(PAGE_GLOBALS.findall(code_of(WEB / name))))
        assert not uses, f"{name} is pure but uses {uses}"


def test_the_globals_check_sees_a_use(tmp_path):
    module = tmp_path / "calc-x.js"
    module.write_text('// document here is a word\nconst s = "window";\nconst t = scope.Worker;\n'
                      'export const f = () => document.title;\n')
    assert PAGE_GLOBALS.findall(code_of(module)) == ["document"]


def test_every_pure_module_has_node_unit_tests():
    for name in sorted(PURE | STATE):
        test_file = ROOT / "tests" / "calculator" / "js" / name.replace(".js", ".test.mjs")
        assert test_file.exists(), f"{name}: no {test_file.relative_to(ROOT)}"
        assert f'"../../../calculator/web/{name}"' in test_file.read_text("utf-8")


def test_the_node_tests_page_options_are_the_builds(tmp_path):
    """tests/calculator/js/page-options.mjs computes the page's #calc-options from a package's data files for
    the Node tests; the build computes them from the wheel (sitebuild/runtime/assets.py). Same."""
    from sitebuild.runtime import assets

    for rules, module in ((ROOT / "policy_src" / "xiamen-2020-15" / "rules", "subsidy_rules"),
                          (ROOT / "tests" / "fixtures" / "policies" / "demo-2024-1" / "rules", "demo_rules")):
        out = subprocess.run(["node", str(ROOT / "tests" / "calculator" / "js" / "page-options.mjs"), f"{rules / module}/"],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        assert json.loads(out.stdout) == assets.wheel_facts(rules, module, ROOT / "rules_core"), module
