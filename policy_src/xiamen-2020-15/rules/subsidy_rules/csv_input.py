"""Scenarios from a CSV sheet, for offices that keep their cases in a spreadsheet.

Layout: a header row, then one row per item.  Columns are the JSON field
names: ``scenario`` (required; rows with the same value form one scenario, in
order of first appearance), ``application_date`` (per scenario; repeat it or
fill it on one row only), ``type``, ``level``, ``work``, ``published``,
``drafters``, ``body``, ``role``, ``award``, ``grade``, ``first_drafter``,
``tier``, ``accepted``, ``demonstration_years``, ``demonstration_tier``,
``unit``, ``date``, ``count``, ``label``, ``id``.  Unused columns may be left
out or left empty; empty cells mean "not given".

``drafters`` lists the drafters in rank order as ``甲:xiamen_entity;乙:other``
(``;``/``；`` between drafters, ``:``/``：`` before the kind; the kind may also
be written 本市, 行政 or 其他).  Yes/no cells take true/false, 是/否, 1/0.
Values are passed on as written and checked by the normal validation, so the
error fields are the usual JSON paths (``items[0].grade``).
"""

import csv
import io
import re

from subsidy_core.errors import ValidationError

COLUMNS = ("scenario", "application_date", "type", "level", "work", "published", "drafters",
           "body", "role", "award", "grade", "first_drafter", "tier", "accepted",
           "demonstration_years", "demonstration_tier", "unit", "date", "count", "label", "id")
_INTEGERS = ("grade", "count", "demonstration_years")
_BOOLEANS = ("first_drafter", "accepted")
_TRUE = ("true", "是", "1", "yes")
_FALSE = ("false", "否", "0", "no")
_KIND_ALIASES = {"本市": "xiamen_entity", "行政": "admin", "其他": "other"}
_INTEGER = re.compile(r"-?[0-9]+")


def decode(data):
    """CSV bytes as text: UTF-8 (with or without BOM), else GB18030 as Excel saves it in China."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _drafters(cell):
    drafters = []
    for part in re.split("[;；]", cell):
        part = part.strip()
        if not part:
            continue
        match = re.match(r"(.*)[:：]([^:：]*)$", part)
        if match is None:
            drafters.append({"name": part})
            continue
        kind = match.group(2).strip()
        drafters.append({"name": match.group(1).strip(), "kind": _KIND_ALIASES.get(kind, kind)})
    return drafters


def _value(column, cell):
    if column in _INTEGERS and _INTEGER.fullmatch(cell):
        return int(cell)
    if column in _BOOLEANS:
        lowered = cell.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    if column == "drafters":
        return _drafters(cell)
    return cell


def read_scenarios(text):
    """Yield (name, row numbers, scenario dict or ValidationError) for each scenario in the sheet.

    A header problem makes the whole sheet unusable and raises ValidationError.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise ValidationError("CSV 文件是空的", "")
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ValidationError(f"CSV 表头中有不认识的列：{'、'.join(unknown[:5])}；"
                              f"可用的列：{'、'.join(COLUMNS)}", "")
    if "scenario" not in header or "type" not in header:
        raise ValidationError("CSV 表头必须包含 scenario 和 type 两列", "")
    if len(set(header)) != len(header):
        raise ValidationError("CSV 表头中有重复的列", "")
    groups = {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        name = cells.pop("scenario") or f"（第{line}行，未命名）"
        group = groups.setdefault(name, {"rows": [], "items": [], "dates": [], "extra": False})
        group["rows"].append(line)
        if len(row) > len(header):
            group["extra"] = True
        date = cells.pop("application_date", "")
        if date:
            group["dates"].append(date)
        group["items"].append({h: _value(h, v) for h, v in cells.items() if v})
    for name, group in groups.items():
        dates = sorted(set(group["dates"]))
        if group["extra"]:
            yield name, group["rows"], ValidationError("有的行比表头多出单元格", "")
        elif len(dates) > 1:
            yield name, group["rows"], ValidationError(
                f"同一情景的各行申请日期不一致：{'、'.join(dates)}", "application_date")
        else:
            scenario = {"items": group["items"]}
            if dates:
                scenario["application_date"] = dates[0]
            yield name, group["rows"], scenario
