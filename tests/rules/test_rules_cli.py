"""python -m subsidy_rules: evaluate, batch (JSON lines and CSV), schema, fragment."""

import datetime
import io
import json
import os
import subprocess
import sys

import pytest
from rules_cases import CORE, RULES, RULES_MODULE, scenario, standard

from subsidy_rules import evaluate_json
from subsidy_rules.cli import main

GOOD = scenario(standard("甲:x 外:o 乙:x"))
BAD = scenario(standard("甲:x 乙:o") | {"level": "city"})


def cli(*args, stdin=b""):
    """Run the real command in a subprocess: (exit code, stdout bytes, stderr bytes)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(RULES), str(CORE)]), LC_ALL="C", PYTHONIOENCODING="ascii")
    done = subprocess.run([sys.executable, "-m", "subsidy_rules", *args], input=stdin,
                          capture_output=True, env=env, timeout=60)
    return done.returncode, done.stdout, done.stderr


def run_main(*args, stdin=b""):
    out, err = io.BytesIO(), io.BytesIO()
    code = main(list(args), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_evaluate_file_prints_pretty_utf8_json(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    code, out, err = cli("evaluate", str(path))  # an ASCII locale must not matter
    assert (code, err) == (0, b"")
    text = out.decode("utf-8")
    assert text.startswith('{\n  "total": "500000.00",') and "甲" in text and text.endswith("}\n")
    assert json.loads(text)["by_unit"] == {"甲": "350000.00", "乙": "150000.00"}


def test_evaluate_stdin_invalid_exits_2_with_message_on_stderr():
    code, out, err = cli("evaluate", "-", stdin=json.dumps(BAD).encode())
    assert code == 2 and out == b""
    message = err.decode("utf-8")
    assert message.startswith("输入无效（字段 items[0].level）：标准级别必须是以下之一")
    assert "Traceback" not in message


@pytest.mark.parametrize("data,words", [
    (b"{", "不是有效的 JSON"), (b"\xff\xfe", "不是 UTF-8"), (b"[]", "必须是一个对象"),
])
def test_evaluate_malformed_input(data, words):
    code, out, err = run_main("evaluate", "-", stdin=data)
    assert code == 2 and out == b"" and words in err.decode("utf-8")


def test_evaluate_accepts_a_bom_and_today(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes("\ufeff".encode("utf-8") + b'{"items": []}')
    code, out, _ = run_main("evaluate", str(path), "--today", "2023-04-05")
    assert code == 0 and json.loads(out)["application_date"] == "2023-04-05"


def test_missing_file_and_bad_today():
    code, out, err = run_main("evaluate", "/nonexistent/x.json")
    assert code == 2 and out == b"" and "无法读取文件" in err.decode("utf-8")
    code, out, err = cli("evaluate", "-", "--today", "2023-02-30")
    assert code == 2 and out == b""


def test_batch_json_lines():
    lines = [json.dumps(GOOD), "not json", json.dumps(BAD), "", json.dumps({"items": []})]
    stdin = ("\r\n".join(lines) + "\n\n").encode("utf-8")
    code, out, err = cli("batch", "-", "--today", "2024-01-01", stdin=stdin)
    assert (code, err) == (0, b"")
    got = out.decode("utf-8").split("\n")
    assert got[-1] == "" and len(got[:-1]) == 5  # one envelope per line, trailing blanks dropped
    for line, envelope in zip(lines, got):
        assert envelope == evaluate_json(line, today=datetime.date(2024, 1, 1))
    assert [json.loads(e)["ok"] for e in got[:-1]] == [True, False, False, False, True]


CSV = """\
scenario,application_date,type,level,work,published,drafters,unit,count,grade,first_drafter,award,body,role
A,2022-01-01,standard,national,new,2021-06-01,甲:本市;丙:other；乙：xiamen_entity,,,,,,,
A,,benchmarking,,,,,甲,3,,,,,
B,,award,,,,,丁,,1,是,china,,
C,,award,,,,,丁,,x,是,china,,
A,2022-01-01,tc_role,,,,,乙,,,,,national,chair
D,2022-01-01,leader,,,,,戊,,,,,,
D,2022-02-01,leader,,,,,戊,,,,,,
"""


def test_batch_csv_groups_rows_into_scenarios(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    code, out, err = cli("batch", "--csv", str(path), "--today", "2024-01-01")
    assert (code, err) == (0, b"")
    rows = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert [(r["scenario"], r["rows"], r["ok"]) for r in rows] == [
        ("A", [2, 3, 6], True), ("B", [4], True), ("C", [5], False), ("D", [7, 8], False)]
    assert rows[0]["result"]["by_unit"] == {"甲": "365000.00", "乙": "210000.00"}
    assert rows[0]["result"]["application_date"] == "2022-01-01"
    assert rows[2]["error"]["field"] == "items[0].grade"
    assert rows[3]["error"]["field"] == "application_date"


def test_batch_csv_gb18030_and_bad_header(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("scenario,type,unit\n甲案,leader,甲公司\n".encode("gb18030"))
    code, out, _ = run_main("batch", "--csv", str(path), "--today", "2024-01-01")
    assert code == 0 and json.loads(out)["result"]["by_unit"] == {"甲公司": "50000.00"}
    path.write_text("scenario,type,colour\n", encoding="utf-8")
    code, out, err = run_main("batch", "--csv", str(path))
    assert code == 2 and out == b"" and "不认识的列：colour" in err.decode("utf-8")


def test_batch_csv_drafter_without_kind(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("scenario,type,level,work,published,drafters\nS,standard,local,new,2021-01-01,甲\n",
                    encoding="utf-8")
    code, out, _ = run_main("batch", "--csv", str(path), "--today", "2024-01-01")
    assert code == 0 and json.loads(out)["error"]["field"] == "items[0].drafters[0].kind"


def test_schema_and_fragment_commands():
    code, out, _ = cli("schema")
    assert code == 0 and json.loads(out)["$schema"].endswith("2020-12/schema")
    code, out, _ = run_main("fragment", "-", stdin=json.dumps(GOOD).encode())
    assert code == 0 and out.decode().startswith("#v1=") and out.endswith(b"\n")


def test_usage_errors_exit_2():
    code, out, err = cli()
    assert code == 2 and out == b""
    code, out, err = cli("nonsense")
    assert code == 2 and out == b""
