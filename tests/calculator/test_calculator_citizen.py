"""The calculator page as a member of the public meets it (issues 9 and 10): what it covers before
anything is typed, errors in plain words and only when due, unfinished items that hide nothing, a
print sheet that keeps every caveat, example links that apply today, nothing in the address bar,
visible confirmations, the large-text mode, a phone, and a browser without JavaScript.

Most tests drive the shared booted page (`calculator_page`); the few that need a page as it first
opens boot their own. Screenshots land in .shots/ for people to look at.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from subsidy_rules import RULES_VERSION, parse_fragment, scenario_fragment
from subsidy_core.dates import cn_date
from subsidy_rules.parameters import load_parameters
from subsidy_rules.validation import BODIES, KINDS, TYPES

ROOT = Path(__file__).resolve().parents[2]

from conftest import calculator_errors
from test_calculator_flow import act, open_fragment, rendered, settle

pytestmark = pytest.mark.browser

POLICY = load_parameters()["policy"]
TODAY = datetime.date.today()
DISCLAIMER = "估算结果，不构成资助决定，不作为兑现依据。实际资助以市标准化行政主管部门的审核为准。"
STANDARD = {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
            "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"},
                         {"name": "丙研究院", "kind": "xiamen_entity"}]}
# Every item type, with the longest choice of each select chosen.
EVERY_TYPE = {"application_date": "2024-06-01", "items": [
    {"type": "standard", "level": "international", "work": "revision", "published": "2023-05-01",
     "drafters": [{"name": "厦门甲科技有限公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"}]},
    {"type": "tc_role", "body": "national", "role": "tc_secretariat", "unit": "甲公司", "date": "2022-01-01"},
    {"type": "award", "award": "china", "grade": 1, "first_drafter": True, "unit": "甲公司", "date": "2023-01-01"},
    {"type": "pilot", "tier": "provincial_municipal", "accepted": True, "demonstration_years": 1,
     "demonstration_tier": "provincial_municipal", "unit": "甲公司", "date": "2022-01-01"},
    {"type": "leader", "unit": "甲公司", "date": "2023-01-01"},
    {"type": "benchmarking", "count": 2, "unit": "甲公司", "date": "2023-01-01"},
]}
NO_DEVELOPER_TEXT = re.compile(r"items[\[.]|YYYY|\[\d+\]|[a-z]+_[a-z]+|\btrue\b|\bfalse\b|\bnull\b")


def wait_booted(page) -> None:
    page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
    page.evaluate("window.subsidyCalculator.ready")
    page.wait_for_function("() => Number(document.getElementById('calculator').dataset.rendered || 0) > 0"
                           " && document.getElementById('calculator').dataset.busy === 'false'", timeout=30_000)


@pytest.fixture
def fresh_page(browser, plain_csp_url):
    """A tab of its own, opened on the bare calculator address: the page as a visitor first sees it."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.console_errors = []
    page.on("pageerror", lambda exc: page.console_errors.append(f"{exc.message}\n{exc.stack or ''}"))
    page.goto(plain_csp_url + "calculator/index.html")
    wait_booted(page)
    yield page
    assert calculator_errors(page.console_errors) == []
    ctx.close()


def visible_errors(page) -> list[str]:
    return page.eval_on_selector_all(".calc-form .calc-error", "els => els.filter(e => !e.hidden).map(e => e.textContent)")


def statuses(page) -> list[str]:
    return page.eval_on_selector_all(".calc-result-item", "els => els.map(e => e.dataset.status)")


def pending(page, n: int) -> list[str]:
    return page.eval_on_selector_all(f".calc-result-item:nth-child({n}) .calc-pending-list li", "els => els.map(e => e.textContent)")


def reading_mode(page, on: bool) -> None:
    """Switch 大字模式 with the site's own button (it is kept in localStorage: tests switch it back)."""
    if (page.evaluate("document.documentElement.dataset.reading") == "large") != on:
        page.get_by_role("button", name="大字模式").click()


# ---------------------------------------------------------------- before anything is typed


def test_blank_form_is_not_red_until_a_field_is_left_empty(fresh_page, shots_dir):
    page = fresh_page
    assert visible_errors(page) == []
    assert page.locator(".calc-form [aria-invalid]").count() == 0
    assert statuses(page) == ["incomplete"]  # said plainly, not as an error
    results = page.text_content(".calc-results")
    assert "项目 1 · 标准发布日期：请选择日期" in results
    assert "项目 1 · 第 1 名起草单位 · 单位名称：请填写单位名称" in results
    assert not NO_DEVELOPER_TEXT.search(page.inner_text("#calculator"))
    page.screenshot(path=str(shots_dir / "calculator-blank.png"), full_page=True)

    # leaving the date empty is when it becomes an error, beside the field and in words
    page.focus("#calc-f-items-0-published")
    page.focus("#calc-f-items-0-drafters-0-name")
    error = page.locator("[data-field='items[0].published'] > .calc-error")
    error.wait_for(state="visible")
    assert error.text_content() == "请选择日期"
    assert page.get_attribute("#calc-f-items-0-published", "aria-invalid") == "true"
    assert visible_errors(page) == ["请选择日期"]  # the name, not yet left, is not red
    page.screenshot(path=str(shots_dir / "calculator-error.png"), full_page=True)


def test_the_page_says_which_events_it_covers_before_any_input(fresh_page):
    box = fresh_page.locator(".calc-coverage")
    assert box.is_visible()
    text = box.inner_text()
    issued, last = (datetime.date.fromisoformat(POLICY[k]) for k in ("issued", "last_day"))
    successor = POLICY["successor"]
    for expected in (cn_date(issued), cn_date(last), POLICY["predecessor"], POLICY["predecessor_title"],
                     successor["title"], "、".join(successor["issuers"]), cn_date(datetime.date.fromisoformat(successor["issued"])),
                     "本站不包含、也不计算该办法", "请向" + successor["contact"] + "咨询",
                     "标准发布之日起5年内申请", POLICY["last_day_note"]):
        assert expected in text, expected
    assert ("已过有效期" in text) == (TODAY > last)


def test_the_page_reads_the_policy_facts_from_the_rules_package(built_site):
    html = (built_site / "calculator" / "index.html").read_text("utf-8")
    options = json.loads(re.search(r'id="calc-options">(.*?)</script>', html, re.S).group(1))
    assert options["policy"] == POLICY
    assert options["quoted"] == {"standard.application_window": 5}


def test_an_event_after_the_validity_says_what_to_do(calculator_page, shots_dir):
    page = calculator_page
    open_fragment(page, scenario_fragment({"items": [
        {"type": "tc_role", "body": "national", "role": "chair", "unit": "甲公司", "date": "2026-03-01"}]}))
    assert statuses(page) == ["expired"]
    status = page.text_content(".calc-result-item .calc-result-item__status")
    assert POLICY["successor"]["title"] in status and POLICY["successor"]["contact"] in status
    assert page.text_content(".calc-result-item").count(POLICY["successor"]["title"]) == 1  # said once
    page.screenshot(path=str(shots_dir / "calculator-2026.png"), full_page=True)


# ---------------------------------------------------------------- errors in plain words


def test_an_unfinished_new_item_hides_nothing(calculator_page):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "items": [STANDARD]}))
    total = page.text_content(".calc-total__amount")
    act(page, lambda: page.click("[data-action=add-item][data-type=standard]"))
    assert page.text_content(".calc-total__amount") == total == "500,000.00 元"
    assert statuses(page) == ["eligible", "incomplete"]
    assert pending(page, 2) == ["项目 2 · 标准发布日期：请选择日期", "项目 2 · 第 1 名起草单位 · 单位名称：请填写单位名称"]
    assert "项目 2" in page.text_content(".calc-total__pending")
    assert visible_errors(page) == [] and page.locator(".calc-form [aria-invalid]").count() == 0
    assert "500,000.00 元" in page.text_content(".calc-summary")


def test_messages_name_the_field_by_its_label(calculator_page):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "items": [
        {**STANDARD, "drafters": [{"name": "甲公司", "kind": "bogus"}]},
        {"type": "tc_role", "body": "national", "unit": ""},
        {**STANDARD, "published": "2023-13-45"},
        {"type": "benchmarking", "count": "三", "unit": "甲公司"},
        {"type": "leader", "unit": "甲公司"},
    ]}))
    assert statuses(page) == ["invalid", "incomplete", "invalid", "invalid", "eligible"]
    assert pending(page, 1) == ["项目 1 · 第 1 名起草单位 · 单位类型：“bogus”不是可选的一项，请重新选择"]
    assert pending(page, 2) == ["项目 2 · 职务或承担的工作：请选择", "项目 2 · 所在工作单位：请填写单位名称"]
    assert pending(page, 3) == ["项目 3 · 标准发布日期：“2023-13-45”不是有效的日期，请重新选择"]
    assert pending(page, 4) == ["项目 4 · 开展对标达标的项数：请填写整数"]
    # opened from a link, every problem shows beside its field too, in the same words
    assert set(visible_errors(page)) >= {"“bogus”不是可选的一项，请重新选择", "请选择", "请填写单位名称",
                                         "“2023-13-45”不是有效的日期，请重新选择", "请填写整数"}
    for text in [page.inner_text(".calc-results"), *visible_errors(page),
                 page.text_content(".calc-sr-only[aria-live]")]:
        assert not NO_DEVELOPER_TEXT.search(text), text
    # a rule across two fields: named by the field it concerns, dates as people write them
    open_fragment(page, scenario_fragment({"application_date": "2022-01-01", "items": [STANDARD]}))
    assert pending(page, 1) == ["项目 1 · 标准发布日期：申请日期2022年1月1日早于标准发布日期2023年5月1日；申请日期不能早于该日期，请核对"]


# ---------------------------------------------------------------- links, the address bar, confirmations


def example_fragments(built_site) -> list[str]:
    html = (built_site / "rules.html").read_text("utf-8")
    return re.findall(r'href="calculator/index\.html(#v1=[A-Za-z0-9_-]+)"', html)


def test_example_links_apply_today_and_their_name_goes_with_the_item(calculator_page, built_site):
    page = calculator_page
    fragments = example_fragments(built_site)
    assert len(fragments) > 50
    for fragment in fragments:  # built today: every example gives its documented result today
        assert "application_date" not in parse_fragment(fragment)
    example = parse_fragment(fragments[0])
    open_fragment(page, fragments[0])
    assert page.input_value("#calc-f-application_date") == ""
    assert f"按今天（{TODAY.isoformat()}）计算" in page.text_content(".calc-results .calc-notes")
    assert page.input_value("#calc-f-label") == example["label"]
    assert "2023" not in page.text_content(".calc-general") + page.eval_on_selector(
        "#calc-f-application_date", "e => e.value")
    act(page, lambda: page.select_option("#calc-f-items-0-type", label=TYPES["tc_role"]))
    assert page.input_value("#calc-f-label") == ""
    assert "已随项目类型的更改清除" in page.text_content("#calc-f-label-hint")
    assert "（未填写）" in page.text_content(".calc-sheet__meta")


def test_an_example_that_needs_its_own_date_keeps_it_and_says_why():
    from sitebuild import packages

    examples = packages.main(ROOT).site_module("examples")
    APPLICATION_DATE, link_scenario, standard_scenario = (
        examples.APPLICATION_DATE, examples.link_scenario, examples.standard_scenario)

    example = standard_scenario("national", "new", ("xiamen_entity", "other"))
    assert "application_date" not in link_scenario(example, today=datetime.date(2026, 11, 25))
    later = link_scenario(example, today=datetime.date(2030, 1, 1))  # its 5-year window has closed
    assert later["application_date"] == APPLICATION_DATE.isoformat()
    assert later["label"].startswith(example["label"]) and "申请期限" in later["label"]
    assert f"示例按申请日期{cn_date(APPLICATION_DATE)}计算" in later["label"]


def test_the_address_bar_holds_no_scenario_and_a_reload_keeps_the_form(fresh_page, browser, plain_csp_url):
    page = fresh_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "items": [
        {"type": "leader", "unit": "链接中的企业", "date": "2023-01-01"}]}))
    assert page.evaluate("location.hash") == ""
    act(page, lambda: page.fill("#calc-f-items-0-unit", "改过的企业名称"))
    page.click("[data-action=share]")
    page.wait_for_timeout(400)  # longer than any write the page might delay
    assert page.evaluate("location.href") == plain_csp_url + "calculator/index.html"
    shared = parse_fragment("#" + page.input_value("#calc-share-url").split("#", 1)[1])  # only in the link asked for
    assert shared["items"][0]["unit"] == "改过的企业名称"

    page.reload()
    wait_booted(page)
    assert page.input_value("#calc-f-items-0-unit") == "改过的企业名称"
    assert page.text_content(".calc-payment__unit") == "改过的企业名称"
    assert "已恢复" in page.text_content(".calc-confirm")

    other = browser.new_context(locale="zh-CN").new_page()  # another tab or visitor: nothing of it
    try:
        other.goto(plain_csp_url + "calculator/index.html")
        other.wait_for_selector("#calc-f-items-0-drafters-0-name")
        assert other.locator("#calc-f-items-0-unit").count() == 0
        assert "改过的企业名称" not in other.content()
    finally:
        other.context.close()


def test_share_and_export_confirm_visibly_and_keep_focus_and_place(calculator_page, plain_csp_url):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2024-06-01", "items": [STANDARD]}))
    page.evaluate("document.querySelector('.calc-toolbar').scrollIntoView({block: 'center'})")
    top = page.evaluate("scrollY")
    assert top > 0
    page.focus("[data-action=share]")
    page.keyboard.press("Enter")
    confirm = page.locator(".calc-confirm")
    page.wait_for_function("() => document.querySelector('.calc-confirm').textContent.includes('分享链接')")
    assert confirm.is_visible()
    assert page.evaluate("document.activeElement.dataset.action") == "share"
    assert abs(page.evaluate("scrollY") - top) < 2
    assert page.input_value("#calc-share-url").startswith(plain_csp_url + "calculator/index.html#v1=")

    page.focus("[data-action=export]")
    with page.expect_download():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.calc-confirm').textContent.includes('已导出')")
    assert confirm.is_visible() and "下载" in confirm.text_content()
    assert page.evaluate("document.activeElement.dataset.action") == "export"
    assert abs(page.evaluate("scrollY") - top) < 2
    page.evaluate("scrollTo(0, 0)")


# ---------------------------------------------------------------- the print sheet


def test_the_print_sheet_keeps_every_note_and_status(calculator_page, shots_dir):
    page = calculator_page
    open_fragment(page, scenario_fragment({"application_date": "2026-01-15", "label": "打印核对", "items": [
        STANDARD,                                                                 # applied after the validity
        {"type": "tc_role", "body": "national", "role": "chair", "unit": "丁公司"},  # date assumed, unit assumed local
        {"type": "award", "award": "china", "grade": 2, "first_drafter": True, "unit": "戊公司", "date": "2025-12-01"},
        {"type": "leader", "unit": ""},                                           # not finished
    ]}))
    assert statuses(page) == ["eligible", "eligible", "expired", "incomplete"]
    shown = page.evaluate("""() => {
        const texts = s => [...document.querySelectorAll('.calc-results ' + s)].map(e => e.textContent);
        return [...texts('.calc-notes li'), ...texts('.calc-badge'), ...texts('.calc-pending-list li'),
                ...texts('.calc-payment__why'), ...texts('.calc-payment__unit'), ...texts('.calc-total__amount'),
                ...texts('.calc-result-item__status').map(t => t.replace(/\\s*依据：.*$/, '')).filter(Boolean)];
    }""")
    assert any("申请日期晚于本意见有效期的最后一天" in t for t in shown)
    assert any("假定" in t and "丁公司" in t for t in shown)
    assert any("未填写承担或担任该职务的日期" in t for t in shown)
    page.emulate_media(media="print")
    try:
        sheet = page.locator(".calc-sheet")
        assert sheet.is_visible() and not page.locator(".calc-layout").is_visible()
        text = re.sub(r"\s+", "", sheet.inner_text())
        for expected in shown + ["打印核对", RULES_VERSION, "打印日期" + cn_date(TODAY), "2026年1月15日",
                                 POLICY["last_day_note"], DISCLAIMER]:
            assert re.sub(r"\s+", "", expected) in text, expected
        # black on white: nothing relies on colour
        colours = page.eval_on_selector_all(".calc-sheet, .calc-sheet *", """els => [...new Set(els.flatMap(e => {
            const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }))]""")
        assert set(colours) <= {"rgb(0, 0, 0)", "rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"}, colours
        page.screenshot(path=str(shots_dir / "calculator-print-notes.png"), full_page=True)
        pdf = page.pdf(prefer_css_page_size=True)
        width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
        assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    finally:
        page.emulate_media(media="screen")


# ---------------------------------------------------------------- 大字模式, phone, no JavaScript


def test_reading_mode_enlarges_the_form_and_the_results(calculator_page, shots_dir):
    page = calculator_page
    open_fragment(page, scenario_fragment({**EVERY_TYPE, "items": EVERY_TYPE["items"] + [{"type": "leader", "unit": ""}]}))
    small = "#calculator input:not([type=checkbox]):not([type=radio]):not([type=file]), #calculator select, " \
            "#calculator button, #calculator label, #calculator legend, #calculator p, #calculator li, " \
            "#calculator td, #calculator th, #calculator h3"
    measure = """els => els.filter(e => e.getClientRects().length && !e.closest('.calc-sr-only, .calc-sheet'))
        .map(e => [e.className || e.tagName, parseFloat(getComputedStyle(e).fontSize)]).filter(x => x[1] < 19.99)"""
    try:
        reading_mode(page, True)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.eval_on_selector_all(small, measure) == [], width
        page.screenshot(path=str(shots_dir / "calculator-large-390.png"), full_page=True)
    finally:
        reading_mode(page, False)
        page.set_viewport_size({"width": 1280, "height": 900})


# Measured with the select's own font: the chosen option's text, plus padding and the arrow,
# must fit the box the browser draws.
CUT_OFF_SELECTS = """els => els.filter(s => s.getClientRects().length).map(s => {
    s.scrollIntoView({block: 'nearest'});
    const style = getComputedStyle(s);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = s.selectedOptions[0].textContent;
    const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 18;
    return {id: s.id, text, need: Math.ceil(ctx.measureText(text).width), room};
}).filter(x => x.need > x.room)"""


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_select_shows_its_choice_in_full(calculator_page, large):
    page = calculator_page
    open_fragment(page, scenario_fragment(EVERY_TYPE))
    page.select_option("#calc-f-items-5-type", label=TYPES["pilot"])  # the longest type name
    try:
        reading_mode(page, large)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.eval_on_selector_all("#calculator select", CUT_OFF_SELECTS) == [], width
        assert page.eval_on_selector("#calc-f-items-0-drafters-0-kind", "s => s.selectedOptions[0].textContent") == KINDS["xiamen_entity"]
    finally:
        reading_mode(page, False)
        page.set_viewport_size({"width": 1280, "height": 900})


SMALL_TARGETS = """els => els.filter(e => e.getClientRects().length).map(e => {
    e.scrollIntoView({block: 'nearest'});
    const r = e.getBoundingClientRect();
    return {what: e.outerHTML.slice(0, 90), w: Math.round(r.width), h: Math.round(r.height)};
}).filter(x => x.w < 44 || x.h < 44)"""
TARGETS = ("#calculator button, #calculator input[type=text], #calculator input[type=date], "
           "#calculator input[type=number], #calculator select, .calc-summary, .calc-import__label, "
           ".calc-clause, .calc-check, .calc-radio")


def test_every_control_is_a_44px_target_on_a_phone(calculator_page):
    page = calculator_page
    open_fragment(page, scenario_fragment(EVERY_TYPE))
    page.set_viewport_size({"width": 390, "height": 800})
    try:
        assert page.locator(".calc-clause").count() > 0
        assert page.eval_on_selector_all(TARGETS, SMALL_TARGETS) == []
        # checkboxes and radios are reached through their whole labelled line
        assert page.eval_on_selector_all("#calculator input[type=checkbox], #calculator input[type=radio]",
                                         "els => els.every(e => e.closest('label.calc-check, label.calc-radio'))")
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_no_legend_crosses_its_border_and_the_summary_link_stays_whole(calculator_page, large):
    page = calculator_page
    open_fragment(page, scenario_fragment(EVERY_TYPE))
    page.set_viewport_size({"width": 390, "height": 800})
    try:
        reading_mode(page, large)
        crossing = page.eval_on_selector_all(".calc-form fieldset", """sets => sets.filter(f => f.getClientRects().length)
            .map(f => { f.scrollIntoView({block: 'nearest'}); const l = f.querySelector(':scope > legend');
                return {legend: l.textContent, gap: l.getBoundingClientRect().top - f.getBoundingClientRect().top
                        - parseFloat(getComputedStyle(f).borderTopWidth)}; })
            .filter(x => x.gap < -0.5)""")
        assert crossing == []
        more = page.locator(".calc-summary__more")
        assert more.text_content() == "查看明细 ↓"
        assert more.evaluate("e => e.getClientRects().length") == 1
    finally:
        reading_mode(page, False)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_without_javascript_the_page_says_so_and_never_says_preparing(browser, plain_csp_url):
    ctx = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(plain_csp_url + "calculator/index.html")
        assert page.locator(".calc-boot").is_hidden()
        assert "正在准备" not in page.inner_text("body")
        note = page.locator(".calc-noscript")
        assert note.is_visible() and "需要启用 JavaScript" in note.inner_text()
        assert note.get_by_role("link", name="“金额怎么算”").get_attribute("href") == "../rules.html"
        assert "全部资助额度表" in note.inner_text()
    finally:
        ctx.close()
