"""Untrusted input on the calculator page: share-link fragments and imported JSON files.

Whatever arrives, the page shows a clear message or renders the text as text; no script runs
(a dialog listener would catch alert()), nothing crashes, the form keeps what it had."""

from __future__ import annotations

import base64
import json

import pytest
from subsidy_rules import evaluate_json, scenario_fragment
from conftest import calculator_errors

pytestmark = pytest.mark.browser

MARKUP = "<img src=x onerror=alert(1)>"
GOOD = {"application_date": "2024-06-01", "items": [
    {"type": "leader", "unit": "守门企业", "date": "2023-01-01"}]}


@pytest.fixture
def guarded(calculator_page):
    """The shared page with a dialog trap and a known scenario loaded; the trap is checked after."""
    page = calculator_page
    dialogs: list[str] = []
    handler = lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())
    page.on("dialog", handler)
    errors_before = len(page.console_errors)
    open_fragment(page, scenario_fragment(GOOD))
    yield page
    page.wait_for_timeout(200)  # give an injected onerror handler its chance to fire
    page.remove_listener("dialog", handler)
    assert dialogs == [], "a script from untrusted input ran"
    assert page.locator("#calculator img, #calculator script, #calculator iframe").count() == 0
    own = calculator_errors(page.console_errors[errors_before:])
    assert own == []


def rendered(page) -> int:
    return int(page.eval_on_selector("#calculator", "el => Number(el.dataset.rendered || 0)"))


def open_fragment(page, fragment: str) -> None:
    before = rendered(page)
    page.evaluate("f => { history.replaceState(null, '', '#'); location.hash = f; }", fragment)
    page.wait_for_function(
        "n => { const el = document.getElementById('calculator');"
        " return Number(el.dataset.rendered || 0) > n && el.dataset.busy === 'false'; }", arg=before)


def exported(page) -> dict:
    """The scenario the page holds, as its export button writes it."""
    with page.expect_download() as info:
        page.click("[data-action=export]")
    return json.loads(open(info.value.path(), encoding="utf-8").read())


def try_fragment(page, fragment: str) -> str:
    """Open a bad fragment; return the notice shown. The form, the results and the scenario
    behind them must all still be GOOD, and the notice must say so."""
    page.evaluate("f => { history.replaceState(null, '', '#'); location.hash = f; }", fragment)
    notice = page.locator(".calc-notice")
    notice.wait_for(state="visible")
    text = notice.text_content()
    assert "原有的内容和结果保持不变" in text
    assert page.input_value("#calc-f-items-0-unit") == "守门企业"
    assert page.text_content(".calc-payment__unit") == "守门企业"
    assert page.evaluate("location.hash") == ""  # the refused link does not stay in the address bar
    page.click(".calc-notice [data-action=dismiss]")
    return text


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


@pytest.mark.parametrize("fragment, expected", [
    ("#v1=%%%%", "无效字符"),
    ("#v1=" + MARKUP, "无效字符"),
    ("#v1=" + b64('{"items": [{"type": "leader", "unit": "甲"}]}')[:-9], "不完整"),
    ("#v1=" + "A" * 1_000_000, "过大"),
    ("#v2=" + b64(json.dumps(GOOD)), "第 2 版"),
    ("#v1", "不完整"),
    ("#v1=" + b64("not json at all"), "不是完整有效的 JSON"),
    ("#v1=" + b64("[1, 2]"), "不是本计算器保存的情景"),
    ("#v1=" + b64('{"items": {"type": "leader"}}'), "项目列表格式不对"),
    ("#v1=" + b64('{"items": [{"type": "' + MARKUP + '"}]}'), "类型无法识别"),
    ("#v1=" + b64('{"items": [{"type": "constructor"}]}'), "类型无法识别"),
    ("#v1=" + b64('{"items": [{"type": "standard", "drafters": "' + MARKUP + '"}]}'), "起草单位格式不对"),
    ("#v1=_w", "损坏"),  # decodes to the byte 0xff: not UTF-8
])
def test_bad_fragments_show_a_message(guarded, fragment, expected):
    assert expected in try_fragment(guarded, fragment)


def test_markup_in_unit_names_stays_text(guarded):
    page = guarded
    scenario = {"application_date": "2024-06-01", "label": MARKUP, "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": MARKUP, "kind": "xiamen_entity"}, {"name": "<b>乙</b>", "kind": "xiamen_entity"}]}]}
    open_fragment(page, scenario_fragment(scenario))
    assert page.input_value("#calc-f-items-0-drafters-0-name") == MARKUP
    units = page.eval_on_selector_all(".calc-payment__unit", "els => els.map(e => e.textContent)")
    assert units == [MARKUP, "<b>乙</b>"]
    assert page.locator(".calc-results b").count() == 0
    assert MARKUP in page.text_content(".calc-sheet")


def test_unknown_fields_are_dropped_with_a_notice(guarded):
    page = guarded
    scenario = {"items": [{"type": "leader", "unit": "甲", "onload": MARKUP}], "extra": 1,
                "application_date": "2024-06-01"}
    open_fragment(page, scenario_fragment(scenario))
    notice = page.text_content(".calc-notice")
    assert "项目 1 的“onload”" in notice and "“extra”" in notice
    assert "items[" not in notice  # named as a person reads it, not as a JSON path
    assert page.text_content(".calc-payment__unit") == "甲"
    page.click(".calc-notice [data-action=dismiss]")


def test_invalid_values_reach_the_form_with_the_rules_message(guarded):
    page = guarded
    scenario = {"application_date": "2024-06-01", "items": [
        {"type": "award", "award": MARKUP, "grade": 9, "first_drafter": "yes", "unit": "甲"}]}
    refusal = json.loads(evaluate_json(json.dumps(scenario)))["error"]
    assert refusal["field"] == "items[0].award" and MARKUP in refusal["message"]
    open_fragment(page, scenario_fragment(scenario))
    # the received value is quoted as text, in the page's words, beside the field
    assert page.text_content("[data-field='items[0].award'] > .calc-error") == f"“{MARKUP}”不是可选的一项，请重新选择"
    assert page.eval_on_selector("#calc-f-items-0-award", "s => s.selectedOptions[0].textContent") == "（无效的值）"


def import_file(page, name: str, data: bytes) -> None:
    page.set_input_files("#calc-import", files=[{"name": name, "mimeType": "application/json", "buffer": data}])


@pytest.mark.parametrize("name, data, expected", [
    ("broken.json", b'{"items": [', "不是完整有效的 JSON"),
    ("big.json", b'{"items": []}' + b" " * (1 << 20), "文件过大"),
    ("list.json", b"[]", "不是本计算器保存的情景"),
    ("binary.json", bytes(range(256)), "不是完整有效的 JSON"),
    (MARKUP + ".json", b"{", "不是完整有效的 JSON"),
])
def test_bad_imports_show_a_message(guarded, name, data, expected):
    page = guarded
    import_file(page, name, data)
    notice = page.locator(".calc-notice")
    notice.wait_for(state="visible")
    assert expected in notice.text_content()
    assert page.input_value("#calc-f-items-0-unit") == "守门企业"
    page.click(".calc-notice [data-action=dismiss]")


def test_export_then_import_round_trip(guarded):
    page = guarded
    scenario = {"application_date": "2024-06-01", "items": [
        {"type": "pilot", "tier": "national", "accepted": True, "demonstration_years": 2,
         "demonstration_tier": "provincial_municipal", "unit": MARKUP, "date": "2022-01-01"}]}
    open_fragment(page, scenario_fragment(scenario))
    total = page.text_content(".calc-total__amount")
    with page.expect_download() as info:
        page.click("[data-action=export]")
    exported = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert exported == scenario
    open_fragment(page, scenario_fragment(GOOD))
    before = rendered(page)
    import_file(page, "scenario.json", json.dumps(exported, ensure_ascii=False).encode("utf-8"))
    page.wait_for_function(
        "n => Number(document.getElementById('calculator').dataset.rendered) > n"
        " && document.getElementById('calculator').dataset.busy === 'false'", arg=before)
    assert page.text_content(".calc-total__amount") == total
    assert page.input_value("#calc-f-items-0-unit") == MARKUP


def test_the_constructor_link_opens_without_a_crash(guarded):
    """The link of issue 9: `body` names an Object property. It opens as an item to fix, the form
    and the scenario agree, and no notice claims the form was kept."""
    page = guarded
    scenario = {"items": [{"type": "tc_role", "body": "constructor"}]}
    open_fragment(page, scenario_fragment(scenario))
    assert page.locator(".calc-notice").is_hidden()
    assert page.locator(".calc-item").count() == 1
    assert page.eval_on_selector("#calc-f-items-0-type", "s => s.selectedOptions[0].textContent") == "专业标准化技术组织职务"
    assert page.text_content("[data-field='items[0].body'] > .calc-error") == "“constructor”不是可选的一项，请重新选择"
    assert page.locator("#calc-f-items-0-body input:checked").count() == 0
    assert page.eval_on_selector("#calc-f-items-0-role", "s => s.selectedOptions[0].textContent") == "请选择"
    assert page.get_attribute(".calc-result-item", "data-status") == "invalid"
    assert exported(page) == scenario


OBJECT_KEYS = ["constructor", "__proto__", "toString", "hasOwnProperty"]
COMPLETE = {
    "standard": {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
                 "drafters": [{"name": "甲", "kind": "xiamen_entity"}]},
    "tc_role": {"type": "tc_role", "body": "national", "role": "chair", "unit": "甲", "date": "2022-01-01"},
    "award": {"type": "award", "award": "china", "grade": 1, "first_drafter": True, "unit": "甲"},
    "pilot": {"type": "pilot", "tier": "national", "accepted": True, "demonstration_tier": "national", "unit": "甲"},
}
CHOICE_FIELDS = [("standard", "level"), ("standard", "work"), ("standard", "drafters.0.kind"), ("tc_role", "body"),
                 ("tc_role", "role"), ("award", "award"), ("award", "grade"), ("pilot", "tier"),
                 ("pilot", "demonstration_tier")]


@pytest.mark.parametrize("key", OBJECT_KEYS[:2])
def test_object_property_names_are_unknown_values_everywhere(guarded, key):
    """Every choice the page looks up by the input's value: Object's own names are just unknown."""
    page = guarded
    for kind, path in CHOICE_FIELDS:
        item = json.loads(json.dumps(COMPLETE[kind]))
        *parents, last = path.split(".")
        target = item
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = key
        scenario = {"application_date": "2024-06-01", "items": [item]}
        open_fragment(page, scenario_fragment(scenario))
        field = "items[0]." + ".".join(f"[{p}]" if p.isdigit() else p for p in path.split(".")).replace(".[", "[")
        assert page.text_content(f"[data-field='{field}'] > .calc-error") == f"“{key}”不是可选的一项，请重新选择", path
        assert page.get_attribute(".calc-result-item", "data-status") == "invalid", path
    # as a key: dropped with a notice, never an object's prototype
    open_fragment(page, '#v1=' + b64('{"items": [{"type": "leader", "unit": "甲", "__proto__": {"unit": "乙"}}]}'))
    assert "“__proto__”" in page.text_content(".calc-notice")
    assert page.input_value("#calc-f-items-0-unit") == "甲"
    page.click(".calc-notice [data-action=dismiss]")


def standard_with(drafters: int, n: int = 0, name: str = "起草单位{n}-{j}") -> dict:
    return {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
            "drafters": [{"name": name.format(n=n, j=j), "kind": "xiamen_entity"} for j in range(drafters)]}


@pytest.mark.parametrize("drafters, expected", [
    (10, "其中有 200 个项目，本页一次最多计算 50 个"),  # ~130 KB: inside the rules package's limits
    (50, "过大"),                                       # 200 × 50: over the link size the page reads
])
def test_the_136_kb_link_is_refused_at_once_and_the_page_stays_usable(guarded, drafters, expected):
    page = guarded
    huge = {"application_date": "2024-06-01", "items": [standard_with(drafters, i, "{n}.{j}") for i in range(200)]}
    fragment = scenario_fragment(huge)
    if drafters == 10:
        assert 120_000 < len(fragment) < 140_000
        assert json.loads(evaluate_json(json.dumps(huge)))["ok"]
    text = try_fragment(page, fragment)
    assert expected in text
    assert page.locator(".calc-drafter").count() == 0  # nothing of it was drawn
    act_unit = page.locator("#calc-f-items-0-unit")
    act_unit.fill("守门企业二")  # and the page still answers
    page.wait_for_function("() => document.querySelector('.calc-payment__unit')?.textContent === '守门企业二'")
    act_unit.fill("守门企业")
    page.wait_for_function("() => document.querySelector('.calc-payment__unit')?.textContent === '守门企业'")


def test_drafters_beyond_the_page_limit_are_refused_with_the_reason(guarded):
    text = try_fragment(guarded, scenario_fragment({"items": [standard_with(21)]}))
    assert "21 个起草单位" in text and "最多填 20 个" in text and "排名前五" in text


def test_the_largest_accepted_scenario_opens_with_its_limits_shown(guarded):
    page = guarded
    limits = page.evaluate("window.subsidyCalculator.limits")
    assert limits["items"] == 50 and limits["drafters"] == 20
    largest = {"application_date": "2024-06-01", "items": [standard_with(20, i) for i in range(50)]}
    open_fragment(page, scenario_fragment(largest))
    assert page.locator(".calc-drafter").count() == 50 * 20
    assert page.locator("[data-action=add-item]:enabled").count() == 0
    assert page.locator(".calc-adders__limit").is_visible()
    assert page.locator("[data-action=add-drafter]:enabled").count() == 0
    assert page.locator(".calc-result-item[data-status=eligible]").count() == 50
