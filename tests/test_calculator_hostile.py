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


def try_fragment(page, fragment: str) -> str:
    """Open a bad fragment; return the notice shown. The form must still hold GOOD."""
    page.evaluate("f => { history.replaceState(null, '', '#'); location.hash = f; }", fragment)
    notice = page.locator(".calc-notice")
    notice.wait_for(state="visible")
    text = notice.text_content()
    assert page.input_value("#calc-f-items-0-unit") == "守门企业"
    assert page.text_content(".calc-payment__unit") == "守门企业"
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
    ("#v1=" + b64("[1, 2]"), "不是一个计算情景"),
    ("#v1=" + b64('{"items": {"type": "leader"}}'), "items 应为项目列表"),
    ("#v1=" + b64('{"items": [{"type": "' + MARKUP + '"}]}'), "类型无法识别"),
    ("#v1=" + b64('{"items": [{"type": "standard", "drafters": "' + MARKUP + '"}]}'), "起草单位应为列表"),
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
    assert "items[0].onload" in notice and "extra" in notice
    assert page.text_content(".calc-payment__unit") == "甲"
    page.click(".calc-notice [data-action=dismiss]")


def test_invalid_values_reach_the_form_with_the_rules_message(guarded):
    page = guarded
    scenario = {"application_date": "2024-06-01", "items": [
        {"type": "award", "award": MARKUP, "grade": 9, "first_drafter": "yes", "unit": "甲"}]}
    refusal = json.loads(evaluate_json(json.dumps(scenario)))["error"]
    assert refusal["field"] == "items[0].award" and MARKUP in refusal["message"]
    open_fragment(page, scenario_fragment(scenario))
    assert page.text_content("[data-field='items[0].award'] > .calc-error") == refusal["message"]
    assert MARKUP in page.eval_on_selector("#calc-f-items-0-award", "s => s.selectedOptions[0].textContent")


def import_file(page, name: str, data: bytes) -> None:
    page.set_input_files("#calc-import", files=[{"name": name, "mimeType": "application/json", "buffer": data}])


@pytest.mark.parametrize("name, data, expected", [
    ("broken.json", b'{"items": [', "不是完整有效的 JSON"),
    ("big.json", b'{"items": []}' + b" " * (1 << 20), "文件过大"),
    ("list.json", b"[]", "不是一个计算情景"),
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
