"""The calculator's JavaScript is generic: nothing of one policy in it.

Everything policy-specific the page shows (item types, fields, choices, labels, hints, amounts,
policy-worded messages) comes from the rules package's data files, embedded by the build. The
tokens below are collected from that data, so a label added to form.json is guarded at once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import subsidy_rules

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "calculator" / "web"
PACKAGE = Path(subsidy_rules.__file__).parent
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# Keys of the generic scenario envelope and of the page's own vocabulary that a policy's data
# also uses: the item discriminator and the caller's bookkeeping (type, id, label), a row's
# name (also the radio group's name attribute), a date control (also <input type="date">) and
# data-kind (the page's hook naming a control's type). Pasting a policy's key still shows up in
# its other tokens (the choice values, the labels).
GENERIC_KEYS = {"type", "id", "label", "name", "date", "kind"}
# Chinese words the page uses in their generic sense: the scenario's own fields and the item
# type selector (every policy's scenario has them; the sheet and notices name them), the results
# heading, a generic prompt, and "unit names" in the share notice.
GENERIC_WORDS = {"申请日期", "情景名称", "项目类型", "估算结果", "请重新选择", "单位名称"}
# What the web platform itself calls so: the ARIA role attribute (role: "group", setAttribute
# ("role", "alert")) and document.body. Removed before the scan.
PLATFORM = re.compile(r"""(?:setAttribute\(\s*)?["']?\brole["']?\s*[:,]\s*["'](?:group|status|alert|note|region)["']"""
                      r"|(?:document|response(?:\.clone\(\))?)\.body\b")   # the DOM's and a fetch Response's body


def load(name):
    return json.loads((PACKAGE / name).read_text("utf-8"))


def web_files():
    return sorted(p for p in WEB.iterdir() if p.is_file())


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def key_tokens():
    """Item type keys, field keys, row keys and choice values of the package."""
    form, schema = load("form.json"), load("schema.json")
    defs = schema["$defs"]
    types = [t["type"] for t in form["items"]["types"]]
    keys = set(types)
    for t in form["items"]["types"]:
        keys |= set(defs[t["type"]]["properties"])
        for field in t["fields"]:
            keys.add(field["key"])
            keys |= {f["key"] for f in field.get("fields", [])}
    for choices in form["choices"].values():
        keys |= {str(c["value"]) for c in choices if isinstance(c["value"], str)}
    keys |= set(form["choices"])  # the lists' names (levels, roles, ...)
    return sorted(keys - GENERIC_KEYS)


def text_tokens():
    """Chinese labels, hints and texts of form.json, the policy block and the clauses of
    parameters.json, and its amounts (as the contract writes them, grouped, and as written)."""
    form, params = load("form.json"), load("parameters.json")
    pieces = set()
    sources = [form["choices"], form["items"], form["texts"], form["statuses"], form["general"],
               form["shared_fields"], params["policy"], params["clauses"]]
    labels = [c["label"] for choices in form["choices"].values() for c in choices]
    labels += [t["label"] for t in form["items"]["types"]] + list(form["statuses"].values())
    labels += [f["label"] for t in form["items"]["types"] for f in t["fields"]]
    labels += [c["id"] for c in params["clauses"]]  # 五(三)1, ...
    pieces |= {label for label in labels if len(CJK.findall(label)) >= 2}
    for text in (s for source in sources for s in strings(source)):
        # the literal parts of templates and sentences, cut at placeholders and punctuation
        # ("第 {n} 名起草单位" -> "名起草单位"); shorter parts than four characters are mere words
        for part in re.split(r"\{[^{}]*\}|[，。；：、！？“”（）《》\s]", text):
            if len(CJK.findall(part)) >= 4:
                pieces.add(part)
    for entry in params["parameters"]:
        if entry["kind"] == "money":
            whole = entry["amount"].split(".")[0]
            pieces |= {entry["amount"], f"{int(whole):,}", entry["as_written"]}
    return sorted(pieces - GENERIC_WORDS)


def key_pattern(token):
    # As a string ("tc_role"), a property (.published) or an object key ({ level: ... }).
    # Hyphenated names (CSS classes, data-action values such as add-drafter) are the page's own.
    t = re.escape(token)
    return re.compile(rf"""["'`]{t}["'`]|\.{t}(?![\w$-])|[{{,]\s*{t}\s*:""")


def found(tokens, pattern_of, files):
    hits = []
    for path in files:
        text = PLATFORM.sub("", path.read_text("utf-8"))
        for token in tokens:
            match = pattern_of(token).search(text)
            if match:
                line = text.count("\n", 0, match.start()) + 1
                hits.append(f"{path.name}:{line}: {token!r}")
    return hits


def text_pattern(token):
    # An amount is not part of a longer number ("50000.00" is not in "350000.00").
    return re.compile(rf"(?<![\d,.]){re.escape(token)}(?![\d,])" if token[0].isdigit() else re.escape(token))


def test_the_tokens_are_collected_from_the_package():
    keys, texts = key_tokens(), text_tokens()
    assert {"tc_role", "standard", "drafters", "published", "first_drafter", "demonstration_years",
            "level", "work", "body", "role", "tier", "unit", "xiamen_entity", "iso_iec"} <= set(keys)
    assert {"起草单位", "技术组织类别", "五(三)", "1000000.00", "1,000,000", "100 万元"} <= set(texts) | {
        t for t in texts if "起草单位" in t} and any("标准化行政主管部门" in t for t in texts)


def test_no_policy_token_in_the_page_scripts():
    files = web_files()
    hits = found(key_tokens(), key_pattern, files) + found(text_tokens(), text_pattern, files)
    assert not hits, "policy-specific text in calculator/web (it belongs in the rules package's data):\n" + "\n".join(hits)


@pytest.mark.parametrize("pasted", ['const TYPE = "tc_role";', "item.published = '';", "{ level: 1 }",
                                    'label: "起草单位"', 'text: "实际资助以市标准化行政主管部门的审核为准。"', 'label: "国家级"',
                                    'amount: "500,000"', 'if (x === "xiamen_entity") {}'])
def test_the_check_finds_pasted_policy_text(tmp_path, pasted):
    module = tmp_path / "calc-pasted.js"
    module.write_text(f"export function f(x, item) {{\n  {pasted}\n}}\n", "utf-8")
    assert found(key_tokens(), key_pattern, [module]) + found(text_tokens(), text_pattern, [module])


def test_generic_words_do_not_trip_the_check(tmp_path):
    module = tmp_path / "calc-generic.js"
    module.write_text('const w = new Worker(u); const other = 1; el.dataset.kind = "date";\n'
                      'h("button", { "data-action": "add-drafter", class: "calc-drafters" });\n', "utf-8")
    assert not found(key_tokens(), key_pattern, [module])
