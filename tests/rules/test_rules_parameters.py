"""parameters.json, readings.json and the package data: quotes faithful, amounts single-sourced."""

import ast
import json
import re
import tomllib
from decimal import Decimal

import pytest
from rules_cases import CORE, RULES, RULES_MODULE, POLICY_TEXT, one, paid, standard

import subsidy_rules
from subsidy_rules import RULES_VERSION, load_parameters
import subsidy_core
from subsidy_core.dates import add_years
from subsidy_rules.parameters import Parameters

PACKAGE = RULES_MODULE
DATA = load_parameters()
PARAMS = DATA["parameters"]


def squash(text):
    """Compare ignoring layout: no whitespace, half-width brackets."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


SOURCE = squash(POLICY_TEXT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", PARAMS, ids=[p["id"] for p in PARAMS])
def test_quote_is_verbatim_policy_text_and_states_the_amount(entry):
    assert squash(entry["quote"]) in SOURCE
    assert entry["as_written"] in entry["quote"]
    assert "(" not in entry["quote"] and ")" not in entry["quote"]  # brackets written full-width
    assert entry["label"] and entry["clause"] in {c["id"] for c in DATA["clauses"]}


def test_money_amounts_match_what_the_policy_writes():
    # '50 万元' -> 500000.00, '0.5 万元/项' -> 5000.00: the amount is the quote's figure, in yuan.
    for entry in PARAMS:
        if entry["kind"] == "money":
            figure = re.match(r"([0-9.]+) 万元", entry["as_written"]).group(1)
            assert Decimal(entry["amount"]) == Decimal(figure) * 10000, entry["id"]
        elif entry["kind"] == "percent":
            assert entry["amount"] == entry["as_written"]
        elif entry["kind"] == "ratio":
            assert entry["amount"] == entry["as_written"] == "7:3"
        elif entry["kind"] == "fraction":
            assert (entry["amount"], entry["as_written"]) == ("1/2", "减半")
        elif entry["kind"] == "years":
            assert entry["as_written"] == f"{entry['amount']} 年内"
        else:
            assert (entry["kind"], entry["amount"], entry["as_written"]) == ("rank", "5", "排名前五")


def test_every_amount_of_the_schedule_is_present_once():
    ids = [p["id"] for p in PARAMS]
    assert len(ids) == len(set(ids))
    money = {p["id"]: p["amount"] for p in PARAMS if p["kind"] == "money"}
    expected = {
        "standard.total.international": "1000000.00", "standard.total.national": "500000.00",
        "standard.total.industry": "400000.00", "standard.total.local": "50000.00",
        "tc.iso_iec.tc_secretariat": "1000000.00", "tc.iso_iec.sc_secretariat": "600000.00",
        "tc.iso_iec.wg_convenor": "300000.00", "tc.iso_iec.chair": "200000.00",
        "tc.iso_iec.registered_expert": "50000.00", "tc.national.tc_secretariat": "800000.00",
        "tc.national.sc_secretariat": "500000.00", "tc.national.wg": "150000.00",
        "tc.national.chair": "60000.00", "tc.national.vice_chair": "30000.00",
        "tc.provincial_municipal.tc_secretariat": "100000.00",
        "award.china.1": "500000.00", "award.china.2": "200000.00", "award.china.3": "100000.00",
        "award.fujian.1": "300000.00", "award.fujian.2": "100000.00", "award.fujian.3": "50000.00",
        "pilot.national": "250000.00", "pilot.provincial_municipal": "150000.00",
        "demonstration.national": "100000.00", "demonstration.provincial_municipal": "50000.00",
        "enterprise.leader": "50000.00", "enterprise.benchmarking.per_item": "5000.00",
        "enterprise.benchmarking.cap": "30000.00",
    }
    assert money == expected


def test_policy_block_and_its_quotes():
    policy = DATA["policy"]
    assert policy["document_number"] == "厦府办规〔2020〕15号"
    assert policy["issued"] == "2020-10-09" and policy["valid_years"] == 5
    assert policy["last_day"] == "2025-10-08" and policy["last_day_is_assumption"] is True
    assert "假定" in policy["last_day_note"]
    assert policy["predecessor"] == "厦府办〔2009〕43号"
    assert f"不超过{policy['transition_years']}年" in policy["transition_quote"]
    for key in ("validity_quote", "transition_quote", "schedule_quote"):
        assert squash(policy[key]) in SOURCE, key
    assert squash(policy["title"]) in SOURCE and squash(policy["predecessor"]) in SOURCE
    import datetime
    issued = datetime.date.fromisoformat(policy["issued"])
    last = add_years(issued, policy["valid_years"]) - datetime.timedelta(days=1)
    assert last.isoformat() == policy["last_day"]


def test_clause_anchors():
    anchors = {c["id"]: c["anchor"] for c in DATA["clauses"]}
    for n in range(1, 6):
        assert anchors[f"五(三){n}"] == f"c5-3-{n}"


def test_readings_quote_the_policy_and_are_complete():
    readings = json.loads((PACKAGE / "readings.json").read_text("utf-8"))["readings"]
    ids = [r["id"] for r in readings]
    assert len(ids) == len(set(ids)) and len(ids) >= 20
    clauses = {c["id"] for c in DATA["clauses"]}
    for r in readings:
        assert set(r) == {"id", "clause", "sentence", "reading", "cases"}   # the cases: tests/rules/test_cases.py
        assert r["clause"] in clauses
        assert squash(r["sentence"]) in SOURCE, r["id"]
        assert "(" not in r["sentence"] and ")" not in r["sentence"]
        assert r["reading"].endswith("。")


def test_version_is_one_value():
    pyproject = tomllib.loads((RULES / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["version"] == RULES_VERSION == DATA["rules_version"]
    assert pyproject["project"]["name"] == "subsidy-rules"
    assert pyproject["build-system"]["requires"] == ["flit_core==4.2.0"]
    assert subsidy_rules.__version__ == RULES_VERSION


def test_load_parameters_returns_a_copy_and_reads_a_given_path(tmp_path):
    data = load_parameters()
    data["parameters"].clear()
    assert load_parameters()["parameters"]  # the package's data is untouched
    altered = load_parameters()
    for entry in altered["parameters"]:
        if entry["id"] == "standard.total.national":
            entry["amount"] = "600000.00"
    path = tmp_path / "parameters.json"
    path.write_text(json.dumps(altered, ensure_ascii=False), encoding="utf-8")
    assert load_parameters(path) == altered
    assert load_parameters(str(path)) == altered


@pytest.mark.parametrize("pid,amount,item,unit,expected", [
    ("standard.total.national", "600000.00", standard("甲:x 外:o 乙:x"), "甲", "420000.00"),
    ("standard.share.split", "6:4", standard("甲:x 外:o 乙:x"), "乙", "200000.00"),
    ("standard.share.others_only", "40%", standard("外:o 乙:x"), "乙", "200000.00"),
    ("standard.share.first_only", "90%", standard("甲:x"), "甲", "450000.00"),
    ("standard.revision_factor", "1/4", standard("甲:x", work="revision"), "甲", "125000.00"),
    ("standard.max_rank", "6", standard("外:o 外2:o 外3:o 外4:o 外5:o 乙:x"), "乙", "150000.00"),
    ("tc.national.wg", "160000.00", {"type": "tc_role", "body": "national", "role": "wg",
                                     "unit": "甲"}, "甲", "160000.00"),
    ("enterprise.benchmarking.cap", "40000.00", {"type": "benchmarking", "count": 10,
                                                 "unit": "甲"}, "甲", "40000.00"),
])
def test_changing_a_parameter_changes_the_result(pid, amount, item, unit, expected):
    before = paid(one(item)).get(unit)
    data = load_parameters()
    for entry in data["parameters"]:
        if entry["id"] == pid:
            entry["amount"] = amount
    after_dict = paid(one(item, parameters=data))
    after_obj = paid(one(item, parameters=Parameters(data)))
    assert after_dict[unit] == after_obj[unit] == expected != before


def test_changing_the_window_changes_the_status():
    data = load_parameters()
    for entry in data["parameters"]:
        if entry["id"] == "standard.application_window":
            entry["amount"] = "6"
    item = standard("甲:x", published="2021-01-01")
    assert one(item, application_date="2026-06-01")["status"] == "window_closed"
    assert one(item, application_date="2026-06-01", parameters=data)["status"] == "eligible"


@pytest.mark.parametrize("kind, amount", [
    ("money", "five"), ("money", "-1.00"), ("money", "-0.00"), ("money", "1.005"), ("money", "NaN"),
    ("percent", "-0%"), ("percent", "-30%"), ("percent", "30"), ("percent", "Infinity%"),
])
def test_broken_parameter_data_is_rejected(kind, amount):
    data = load_parameters()
    entry = next(e for e in data["parameters"] if e["kind"] == kind)
    entry["amount"] = amount
    with pytest.raises(ValueError):
        Parameters(data)


def test_the_rules_core_is_its_own_stdlib_only_distribution():
    """subsidy_core (rules_core/) ships beside the rules as a wheel of its own; both import only the
    standard library (and the rules the core): they run in Pyodide as they do here."""
    import sys
    core = tomllib.loads((CORE / "pyproject.toml").read_text("utf-8"))["project"]
    assert (core["name"], core["version"], core["dependencies"]) == ("subsidy-core", subsidy_core.__version__, [])
    rules = tomllib.loads((RULES / "pyproject.toml").read_text("utf-8"))["project"]
    assert rules["dependencies"] == ["subsidy-core"]
    for folder, allowed in ((CORE / "subsidy_core", set()), (PACKAGE, {"subsidy_core"})):
        for path in sorted(folder.glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
                for name in names:
                    top = name.split(".")[0]
                    assert top in sys.stdlib_module_names or top in allowed, (path.name, name)


def _code_constants():
    """Every literal in the package's code and the rules core's, docstrings excepted."""
    for path in sorted([*PACKAGE.glob("*.py"), *(CORE / "subsidy_core").glob("*.py")]):
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in docstrings:
                yield path.name, node.value


def test_no_amount_is_written_in_code():
    yuan = {Decimal(p["amount"]) for p in PARAMS if p["kind"] == "money"}
    money_text = re.compile(r"[0-9]+(\.[0-9]+)?\s*万元|[0-9]+\s*%|[0-9]+\s*:\s*[0-9]+\s*分配|减半资助")
    for name, value in _code_constants():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert Decimal(value) not in yuan, (name, value)
        if isinstance(value, str):
            assert not money_text.search(value), (name, value)


def test_package_data_files_are_valid_json():
    for name in ("parameters.json", "readings.json", "schema.json", "cases.json"):
        json.loads((PACKAGE / name).read_text("utf-8"))


def test_wheel_ships_the_data_files_and_runs_from_the_zip(tmp_path, monkeypatch):
    import flit_core.buildapi as buildapi  # pinned in requirements.txt: must not skip
    import subprocess
    import sys
    import zipfile
    monkeypatch.chdir(RULES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    wheel = tmp_path / buildapi.build_wheel(str(tmp_path))
    assert wheel.name == f"subsidy_rules-{RULES_VERSION}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("parameters.json", "readings.json", "schema.json", "cases.json"):
        assert f"subsidy_rules/{data}" in names
    assert not any("__pycache__" in n for n in names)
    core = tmp_path / "core"
    core.mkdir()
    monkeypatch.chdir(CORE)
    core_wheel = core / buildapi.build_wheel(str(core))
    assert {n.split("/")[0] for n in zipfile.ZipFile(core_wheel).namelist()} == {
        "subsidy_core", f"subsidy_core-{subsidy_core.__version__}.dist-info"}
    code = ("import sys, json; sys.path[:0] = sys.argv[1:]; import subsidy_rules as s; "
            "print(s.evaluate_json(json.dumps({'application_date': '2022-01-01', "
            "'items': [{'type': 'leader', 'unit': 'A'}]})))")
    out = subprocess.run([sys.executable, "-I", "-c", code, str(wheel), str(core_wheel)], capture_output=True,
                         text=True, encoding="utf-8", check=True, cwd=tmp_path).stdout
    assert json.loads(out)["result"]["total"] == "50000.00"
