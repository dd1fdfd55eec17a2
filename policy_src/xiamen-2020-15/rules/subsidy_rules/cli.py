"""Command line: evaluate one scenario, or a batch of them, from files or stdin."""

import argparse
import json
import pkgutil
import sys

from . import csv_input
from . import evaluate_json
from .engine import evaluate
from subsidy_core.errors import ValidationError
from subsidy_core.jsonio import dumps, error_envelope, parse_json
from subsidy_core.share import scenario_fragment
from subsidy_core.dates import parse_iso_date

EXIT_INVALID = 2


def _date_arg(text):
    day = parse_iso_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"日期必须写成 YYYY-MM-DD，收到 {text!r}")
    return day


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m subsidy_rules",
        description="厦府办规〔2020〕15号 五(三) 标准化资助计算器（命令行）")
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("evaluate", help="计算一个情景（JSON 文件），输出结果 JSON")
    one.add_argument("file", help="JSON 文件路径，- 表示标准输入")
    one.add_argument("--today", type=_date_arg, help="未填写申请日期时代替今天（YYYY-MM-DD）")
    many = sub.add_parser("batch", help="批量计算：每行一个情景（JSON Lines），或 --csv 表格")
    many.add_argument("file", help="文件路径，- 表示标准输入")
    many.add_argument("--csv", action="store_true", help="输入是 CSV 表格（格式见 csv_input.py）")
    many.add_argument("--today", type=_date_arg, help="未填写申请日期时代替今天（YYYY-MM-DD）")
    sub.add_parser("schema", help="输出输入数据的 JSON Schema")
    frag = sub.add_parser("fragment", help="输出一个情景在计算器中的链接片段（#v1=…）")
    frag.add_argument("file", help="JSON 文件路径，- 表示标准输入")
    return parser


def _read(path, stdin):
    if path == "-":
        return stdin.read()
    with open(path, "rb") as f:
        return f.read()


def _fail(stderr, text):
    stderr.write((text + "\n").encode("utf-8"))
    return EXIT_INVALID


def _invalid(stderr, error):
    where = f"（字段 {error.field}）" if error.field else ""
    return _fail(stderr, f"输入无效{where}：{error.message}")


def main(argv=None, stdin=None, stdout=None, stderr=None):
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    stderr = stderr if stderr is not None else sys.stderr.buffer
    args = _parser().parse_args(argv)
    if args.command == "schema":
        stdout.write(pkgutil.get_data(__package__, "schema.json"))
        return 0
    try:
        data = _read(args.file, stdin)
    except OSError as error:
        return _fail(stderr, f"无法读取文件 {args.file}：{error.strerror or error}")
    if args.command == "batch" and args.csv:
        return _batch_csv(data, args.today, stdout, stderr)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _fail(stderr, "输入不是 UTF-8 编码的文本")
    if args.command == "batch":
        lines = text.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        for line in lines:
            stdout.write((evaluate_json(line.rstrip("\r"), today=args.today) + "\n").encode("utf-8"))
        return 0
    try:
        scenario = parse_json(text)
        if args.command == "fragment":
            out = scenario_fragment(scenario)
        else:
            out = json.dumps(evaluate(scenario, today=args.today), ensure_ascii=False, indent=2)
    except ValidationError as error:
        return _invalid(stderr, error)
    stdout.write((out + "\n").encode("utf-8"))
    return 0


def _batch_csv(data, today, stdout, stderr):
    try:
        scenarios = list(csv_input.read_scenarios(csv_input.decode(data)))
    except ValidationError as error:
        return _invalid(stderr, error)
    except Exception:  # csv.Error and friends: the sheet itself is unreadable
        return _fail(stderr, "无法读取 CSV 文件")
    for name, rows, scenario in scenarios:
        head = dumps({"scenario": name, "rows": rows})[:-1] + ","
        if isinstance(scenario, ValidationError):
            envelope = error_envelope(scenario)
        else:
            envelope = evaluate_json(dumps(scenario), today=today)
        stdout.write((head + envelope[1:] + "\n").encode("utf-8"))
    return 0

