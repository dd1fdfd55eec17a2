"""The calculator page as a user meets it: the form, live results, share links, print, keyboard.

All tests drive the one shared, booted page (`calculator_page`), served under a sub-path with the
plain Content-Security-Policy of the hosting guide; each starts from a scenario it sets itself.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from subsidy_rules import RULES_VERSION, evaluate_json, scenario_fragment
from subsidy_rules.validation import BODIES, KINDS, LEVELS, ROLES, WORKS

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / ".shots"  # git-ignored; look at them after a run
CALC = "#calculator"


def rendered(page) -> int:
    return int(page.eval_on_selector(CALC, "el => Number(el.dataset.rendered || 0)"))


def settle(page, before: int) -> None:
    """Wait until the page has rendered results newer than `before` and nothing is pending."""
    page.wait_for_function(
        "n => { const el = document.getElementById('calculator');"
        " return Number(el.dataset.rendered || 0) > n && el.dataset.busy === 'false'; }",
        arg=before, timeout=10_000)


def open_fragment(page, fragment: str) -> None:
    before = rendered(page)
    page.evaluate("f => { history.replaceState(null, '', '#'); location.hash = f; }", fragment)
    settle(page, before)


def act(page, action) -> None:
    before = rendered(page)
    action()
    settle(page, before)


def fresh_form(page) -> None:
    act(page, lambda: page.click("[data-action=reset]"))


def by_unit(page) -> dict[str, str]:
    return dict(page.eval_on_selector_all(
        ".calc-by-unit tbody tr", "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].dataset.amount])"))


def payments(page) -> list[dict]:
    return page.eval_on_selector_all(".calc-payment", """els => els.map(e => ({
        unit: e.querySelector('.calc-payment__unit').textContent,
        amount: e.querySelector('.calc-payment__amount').dataset.amount,
        clause: e.querySelector('a').textContent,
        href: e.querySelector('a').href,
        why: e.querySelector('.calc-payment__why').textContent}))""")


def drafter(i: int, j: int, field: str) -> str:
    return f"#calc-f-items-{i}-drafters-{j}-{field}"


def test_national_standard_flow_then_revision(calculator_page, plain_csp_url):
    page = calculator_page
    fresh_form(page)
    act(page, lambda: page.fill("#calc-f-application_date", "2024-06-01"))
    page.select_option("#calc-f-items-0-level", label=LEVELS["national"])
    page.fill("#calc-f-items-0-published", "2023-05-01")
    page.fill(drafter(0, 0, "name"), "甲公司")
    page.select_option(drafter(0, 0, "kind"), label=KINDS["xiamen_entity"])
    for j, (name, kind) in enumerate([("乙大学", KINDS["other"]), ("丙研究院", KINDS["xiamen_entity"])], 1):
        page.click("[data-action=add-drafter]")
        page.fill(drafter(0, j, "name"), name)
        act(page, lambda: page.select_option(drafter(0, j, "kind"), label=kind))

    assert page.text_content(".calc-total__amount") == "500,000.00 元"
    assert by_unit(page) == {"甲公司": "350000.00", "丙研究院": "150000.00"}
    paid = payments(page)
    assert [(p["unit"], p["amount"], p["clause"]) for p in paid] == [
        ("甲公司", "350000.00", "五(三)1"), ("丙研究院", "150000.00", "五(三)1")]
    for p in paid:  # the clause link goes to that clause in the policy page, under the sub-path
        assert p["href"] == plain_csp_url + "policy.html#c5-3-1"
        assert "7:3" in p["why"] and p["unit"] in p["why"]
    assert page.get_attribute(".calc-result-item", "data-status") == "eligible"

    act(page, lambda: page.select_option("#calc-f-items-0-work", label=WORKS["revision"]))
    halves = by_unit(page)
    assert halves == {"甲公司": str(Decimal("350000.00") / 2), "丙研究院": str(Decimal("150000.00") / 2)}
    assert page.text_content(".calc-total__amount") == "250,000.00 元"


def test_field_error_beside_the_field_and_announced(calculator_page):
    page = calculator_page
    scenario = {"application_date": "2024-06-01", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": "甲", "kind": "xiamen_entity"}, {"name": "乙", "kind": "bogus"}]}]}
    refusal = json.loads(evaluate_json(json.dumps(scenario)))["error"]
    assert refusal["field"] == "items[0].drafters[1].kind"
    open_fragment(page, scenario_fragment(scenario))
    kind = page.locator(drafter(0, 1, "kind"))
    assert kind.get_attribute("aria-invalid") == "true"
    error = page.locator("[data-field='items[0].drafters[1].kind'] > .calc-error")
    # in the form's words, not the contract's codes (xiamen_entity, …) the rules quote
    assert error.is_visible() and error.text_content() == "“bogus”不是可选的一项，请重新选择"
    assert kind.get_attribute("aria-describedby").split()[-1] == error.get_attribute("id")
    page.wait_for_function("m => document.querySelector('.calc-sr-only[aria-live]').textContent.includes(m)",
                           arg="项目 1 · 第 2 名起草单位 · 单位类型：“bogus”不是可选的一项")
    # fixing it through the form clears the error
    act(page, lambda: page.select_option(drafter(0, 1, "kind"), label=KINDS["admin"]))
    assert not error.is_visible()
    assert page.text_content(".calc-total__amount") == "500,000.00 元"


def test_role_list_follows_the_body(calculator_page):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "items": [
        {"type": "tc_role", "body": "iso_iec", "role": "wg_convenor", "unit": "甲公司", "date": "2022-01-01"}]}))
    roles = lambda: page.eval_on_selector_all("#calc-f-items-0-role option", "os => os.map(o => o.textContent)")
    assert ROLES["wg_convenor"] in roles() and ROLES["registered_expert"] in roles()
    # the bodies are radio buttons: their names are too long for a phone's dropdown
    act(page, lambda: page.get_by_label(BODIES["provincial_municipal"]).check())
    assert roles() == [ROLES["tc_secretariat"]]
    assert page.is_checked("#calc-f-items-0-body-provincial_municipal")
    assert page.evaluate("document.activeElement.id") == "calc-f-items-0-body-provincial_municipal"
    assert page.get_attribute(".calc-result-item", "data-status") == "eligible"


def test_every_item_type_renders_and_statuses_are_explained(calculator_page):
    page = calculator_page
    scenario = {"application_date": "2026-03-01", "items": [
        {"type": "standard", "level": "local", "work": "new", "published": "2019-05-01",
         "drafters": [{"name": "甲", "kind": "xiamen_entity"}]},
        {"type": "standard", "level": "industry", "work": "revision", "published": "2022-11-01",
         "drafters": [{"name": "乙", "kind": "other"}]},
        {"type": "tc_role", "body": "national", "role": "chair", "unit": "丙", "date": "2025-11-01"},
        {"type": "standard", "level": "national", "work": "new", "published": "2020-12-01",
         "drafters": [{"name": "庚", "kind": "xiamen_entity"}]},
        {"type": "award", "award": "fujian", "grade": 2, "first_drafter": True, "unit": "丁", "date": "2023-01-01"},
        {"type": "pilot", "tier": "provincial_municipal", "accepted": True, "demonstration_years": 2,
         "demonstration_tier": "national", "unit": "戊", "date": "2022-01-01"},
        {"type": "leader", "unit": "己"},
        {"type": "benchmarking", "count": 9, "unit": "己", "date": "2024-01-01"},
    ]}
    open_fragment(page, scenario_fragment(scenario))
    statuses = page.eval_on_selector_all(".calc-result-item", "els => els.map(e => e.dataset.status)")
    assert statuses[:4] == ["old_policy", "ineligible", "expired", "window_closed"]
    assert statuses[4:] == ["eligible"] * 4
    texts = page.eval_on_selector_all(".calc-result-item__status", "els => els.map(e => e.textContent)")
    assert all(len(t) > 10 for t in texts)  # each status comes with its explanation in words
    # the form holds every item type with its fields
    for i, item in enumerate(scenario["items"]):
        assert page.eval_on_selector(f"#calc-f-items-{i}-type", "s => s.selectedOptions[0].textContent")
    assert page.input_value("#calc-f-items-5-demonstration_years") == "2"
    assert page.is_checked("#calc-f-items-4-first_drafter")
    assert page.input_value("#calc-f-items-6-date") == ""


def test_shared_link_reopens_the_same_scenario(calculator_page, browser, plain_csp_url):
    page = calculator_page
    scenario = {"application_date": "2024-06-01", "label": "分享测试", "items": [
        {"type": "standard", "level": "international", "work": "new", "published": "2022-02-02",
         "drafters": [{"name": "外方", "kind": "other"}, {"name": "甲公司", "kind": "xiamen_entity"},
                      {"name": "乙公司", "kind": "xiamen_entity"}]},
        {"type": "benchmarking", "count": 3, "unit": "甲公司", "date": "2023-03-03"}]}
    open_fragment(page, scenario_fragment(scenario))
    expected = by_unit(page)
    page.click("[data-action=share]")
    link = page.input_value("#calc-share-url")
    assert link.startswith(plain_csp_url + "calculator/index.html#v1=")

    other = browser.new_context(locale="zh-CN").new_page()
    try:
        other.goto(link)
        other.wait_for_function("() => document.getElementById('calculator').dataset.rendered >= 1", timeout=30_000)
        assert other.evaluate("location.hash") == ""  # opened, the scenario leaves the address bar
        assert other.input_value("#calc-f-label") == "分享测试"
        assert other.input_value(drafter(0, 2, "name")) == "乙公司"
        assert by_unit(other) == expected
        # the fragment the page writes decodes to the same scenario as Python's
        from subsidy_rules import parse_fragment
        assert parse_fragment("#" + link.split("#", 1)[1]) == scenario
    finally:
        other.context.close()


def test_print_preview_is_a_one_page_sheet(calculator_page):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "label": "打印示例", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"},
                      {"name": "丙研究院", "kind": "xiamen_entity"}]},
        {"type": "tc_role", "body": "national", "role": "sc_secretariat", "unit": "甲公司", "date": "2022-01-01"}]}))
    page.emulate_media(media="print")
    try:
        sheet = page.locator(".calc-sheet")
        assert sheet.is_visible()
        assert not page.locator(".calc-form").is_visible()
        text = sheet.text_content()
        for expected in ("估算结果，不构成资助决定", RULES_VERSION, "2024年6月1日", "五(三)1", "五(三)2",
                         "甲公司", "350,000.00 元", "丙研究院", "打印日期", "打印示例"):
            assert expected in text
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "calculator-print.png"), full_page=True)
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the sheet should fit one A4 page"
    finally:
        page.emulate_media(media="screen")


def test_screenshots_wide_and_narrow(calculator_page):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"},
                      {"name": "丙研究院", "kind": "xiamen_entity"}]}]}))
    SHOTS.mkdir(exist_ok=True)
    try:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"calculator-{width}.png"), full_page=True)
            # nothing wider than the screen
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, back: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focus is on `selector`, as a keyboard user would."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{selector} not reachable with the keyboard")


def type_date(page, selector: str, iso: str) -> None:
    """Tab into a date input (forwards, so the first part has the focus) and type the date
    in the order of the browser's date format: en-US (Debian's default), else Y-M-D."""
    year, month, day = iso.split("-")
    for order in ((month, day, year), (year, month, day)):
        while focused(page, selector):  # leave it, to come back in at its first part
            page.keyboard.press("Shift+Tab")
        tab_to(page, selector)
        page.keyboard.type("".join(order))
        if page.input_value(selector) == iso:
            return
    raise AssertionError(f"could not type {iso} into {selector}")


def test_keyboard_only_flow(calculator_page):
    page = calculator_page
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, "[data-action=reset]")
    act(page, lambda: page.keyboard.press("Enter"))
    assert focused(page, drafter(0, 0, "name"))  # reset puts the focus on the first field to fill

    tab_to(page, "[data-action=reset]", back=True)
    type_date(page, "#calc-f-application_date", "2024-06-01")
    tab_to(page, "#calc-f-items-0-level")
    assert page.input_value("#calc-f-items-0-level") == LEVELS["national"]
    type_date(page, "#calc-f-items-0-published", "2023-05-01")
    tab_to(page, drafter(0, 0, "name"))
    page.keyboard.type("甲公司")
    for name in ("丙研究院", "乙大学"):
        tab_to(page, "[data-action=add-drafter]")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.value") == ""  # focus on the new row's name
        page.keyboard.type(name)
    tab_to(page, drafter(0, 2, "kind"))
    page.keyboard.press("End")  # last kind: a unit outside Xiamen
    assert page.eval_on_selector(drafter(0, 2, "kind"), "s => s.selectedOptions[0].textContent") == KINDS["other"]
    # 乙大学 belongs at rank 2: move it up with its button
    tab_to(page, "[data-action=drafter-up][data-path='items.0.drafters.2']")
    act(page, lambda: page.keyboard.press("Enter"))
    assert page.input_value(drafter(0, 1, "name")) == "乙大学"
    assert focused(page, "[data-path='items.0.drafters.1']")  # focus follows the moved row
    page.wait_for_function("() => document.querySelector('.calc-sr-only[aria-live]').textContent.includes('乙大学')")
    assert by_unit(page) == {"甲公司": "350000.00", "丙研究院": "150000.00"}

    tab_to(page, "#calc-f-items-0-work", back=True)
    act(page, lambda: page.keyboard.press("ArrowDown"))
    assert page.input_value("#calc-f-items-0-work") == WORKS["revision"]
    assert by_unit(page) == {"甲公司": "175000.00", "丙研究院": "75000.00"}


def test_every_control_has_a_label(calculator_page):
    page = calculator_page
    unlabelled = page.eval_on_selector_all(
        "#calculator input, #calculator select, #calculator button",
        "els => els.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
        " && !e.textContent.trim()).map(e => e.outerHTML)")
    assert unlabelled == []


def test_reset_can_be_undone(calculator_page):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "items": [
        {"type": "leader", "unit": "留下的企业", "date": "2023-01-01"}]}))
    fresh_form(page)
    assert page.locator("#calc-f-items-0-unit").count() == 0
    act(page, lambda: page.click(".calc-notice >> text=撤销清空"))
    assert page.input_value("#calc-f-items-0-unit") == "留下的企业"
    assert page.text_content(".calc-payment__unit") == "留下的企业"
