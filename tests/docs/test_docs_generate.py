"""sitebuild.docs.pages.generate(): pages computed from policy_src and the rules, nothing typed by hand."""

from __future__ import annotations

import copy
import itertools
import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from subsidy_rules import evaluate, load_parameters  # noqa: E402

from sitebuild import packages  # noqa: E402
from sitebuild.docs import pages, staging, validity  # noqa: E402

docs_examples = packages.main(ROOT).site_module("examples")  # the package's worked examples
XIAMEN = packages.main(ROOT).root
from sitebuild.docs.glossary import load as load_glossary, marks_by_block  # noqa: E402
from sitebuild.docs.markdown import GENERATED, escape, yuan  # noqa: E402
from sitebuild.docs.policy_text import load as load_blocks  # noqa: E402

BUILD_DAY = date(2026, 1, 15)


def make_root(tmp_path: Path) -> Path:
    """A scratch repository: the real sources, a docs/ of its own."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("policy_src", "node_modules"):
        (root / name).symlink_to(ROOT / name)
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list[Path]]:
    root = make_root(tmp_path_factory.mktemp("default"))
    return root, pages.generate(root, today=BUILD_DAY)


def test_generated_files_say_so_on_their_first_line(generated):
    root, written = generated
    names = {p.relative_to(root).as_posix() for p in written}
    assert {"build/docs/index.md", "build/docs/policy.md", "build/docs/rules.md", "build/docs/glossary.md", "build/docs/about.md",
            "build/docs/assets/javascripts/iframe-worker/shim.js"} <= names
    for path in written:
        lines = path.read_text("utf-8").splitlines()
        first = lines[1] if lines[0] == "---" else lines[0]   # in the front matter, as a YAML comment
        assert "generated" in first and "build.py" in first, path


def test_changing_a_parameter_changes_the_pages(generated, tmp_path):
    root, _ = generated
    before = {name: (root / staging.DOCS / name).read_text("utf-8") for name in ("rules.md", "policy.md")}
    data = load_parameters()
    entry = next(e for e in data["parameters"] if e["id"] == "standard.total.national")
    assert entry["amount"] == "500000.00"
    changed = copy.deepcopy(data)
    next(e for e in changed["parameters"] if e["id"] == "standard.total.national")["amount"] = "600000.00"
    other = make_root(tmp_path)
    pages.generate(other, parameters=changed, today=BUILD_DAY)
    after = {name: (other / staging.DOCS / name).read_text("utf-8") for name in ("rules.md", "policy.md")}
    for name in before:
        assert before[name] != after[name]
        # 70% of the national total to rank 1: 350,000 before, 420,000 after.
        assert "第一名 350,000" in before[name] and "第一名 420,000" not in before[name]
        assert "第一名 420,000" in after[name]
    row = "| 国家标准制定项目资助总额度 | 50 万元 | {} 元 |"
    assert row.format("500,000") in before["rules.md"] and row.format("600,000") in after["rules.md"]


@pytest.mark.parametrize("level", ["international", "national", "industry", "local"])
@pytest.mark.parametrize("work", ["new", "revision"])
def test_all_32_drafting_patterns_match_their_class_row(level, work):
    """Each of the 32 local/non-local patterns of ranks 1-5, evaluated on its own, pays what its class row says."""
    classes = docs_examples.drafting_classes(level, None)
    assert sum(len(c.patterns) for c in classes) == 32
    by_pattern = {p: c for c in classes for p in c.patterns}
    assert set(by_pattern) == set(itertools.product((True, False), repeat=5))
    for pattern, cls in by_pattern.items():
        scenario = docs_examples.standard_scenario(level, work, docs_examples.pattern_kinds(pattern))
        result = evaluate(scenario, today=docs_examples.APPLICATION_DATE)
        paid = {p["unit"]: p["amount"] for p in result["items"][0]["payments"]}
        names = docs_examples.RANK_NAMES
        assert paid.get(names[0], "0.00") == cls.first[work]
        for rank in range(1, 5):
            expected = cls.each[work] if pattern[rank] and level != "local" else "0.00"
            assert paid.get(names[rank], "0.00") == expected, (pattern, rank)
        assert result["total"] == cls.total[work]


def test_drafting_class_rows_are_in_the_rules_page(generated):
    root, _ = generated
    text = (root / staging.DOCS / "rules.md").read_text("utf-8")
    for level in ("international", "national", "industry"):
        classes = docs_examples.drafting_classes(level, None)
        assert len(classes) == 10
        for cls in classes:
            assert cls.describe(level) in text
    national = {(c.first_local, c.others): c for c in docs_examples.drafting_classes("national", None)}
    # The example: ranks 1 and 3 local in a national standard: 35万 and 15万.
    assert national[(True, 1)].first["new"] == "350000.00" and national[(True, 1)].each["new"] == "150000.00"
    assert national[(False, 0)].total["new"] == "0.00"


def test_every_role_grade_and_tier_has_an_example():
    tc = docs_examples.tc_examples(None).tables[0].rows
    assert len(tc) == 12
    awards = docs_examples.award_examples(None).tables[0].rows
    assert {(r.scenario["items"][0]["award"], r.scenario["items"][0]["grade"]) for r in awards} == {
        (a, g) for a in ("china", "fujian") for g in (1, 2, 3)}
    pilots = docs_examples.pilot_examples(None).tables[0].rows
    assert {r.scenario["items"][0]["tier"] for r in pilots} == {"national", "provincial_municipal"}
    assert {r.scenario["items"][0].get("demonstration_tier") for r in pilots} >= {"national", "provincial_municipal"}
    enterprise = docs_examples.enterprise_examples(None).tables[0].rows
    assert {r.scenario["items"][0]["type"] for r in enterprise} == {"leader", "benchmarking"}
    for row in tc + awards + pilots + enterprise:
        assert docs_examples.APPLICATION_DATE.isoformat() == row.scenario["application_date"]
        amounts = [yuan(p["amount"]) for p in row.result["items"][0]["payments"]]
        assert all(a in "".join(row.cells) for a in amounts)


def test_examples_state_their_dates_in_the_captions(generated):
    root, _ = generated
    text = (root / staging.DOCS / "rules.md").read_text("utf-8")
    captions = re.findall(r"^\*\*(.+)\*\*\n\{ \.example-caption \}", text, flags=re.M)
    assert len(captions) == 9
    assert all("申请日期2023年6月1日" in c for c in captions)


@pytest.mark.parametrize("today, state, title", [
    (date(2026, 1, 15), validity.EXPIRED, "本政策已过有效期"),
    (date(2025, 10, 8), validity.IN_FORCE, None),
    (date(2025, 10, 9), validity.EXPIRED, "本政策已过有效期"),
    (date(2020, 10, 8), validity.NOT_YET, "本政策尚未施行"),
])
def test_validity_banner_is_computed_from_the_last_day(today, state, title):
    data = load_parameters()
    assert validity.state(data["policy"], today) == state
    banner = validity.banner_html(data, today)
    assert banner.startswith(validity.BANNER_HEADER)
    if title is None:
        assert banner == validity.BANNER_HEADER            # renders as nothing: no announcement bar
    else:
        assert f"<strong class=\"validity-banner__title\">{title}</strong>" in banner


def test_banner_follows_the_parameters_last_day(tmp_path):
    data = load_parameters()
    data["policy"]["last_day"] = "2030-12-31"
    root = make_root(tmp_path)
    pages.generate(root, parameters=data, today=BUILD_DAY)
    home = (root / staging.DOCS / "index.md").read_text("utf-8")
    assert "本政策在有效期内" in home and "2030年12月31日" in home
    assert (root / validity.BANNER_PARTIAL).read_text("utf-8") == validity.BANNER_HEADER


def test_real_build_says_expired_on_every_page_and_what_may_apply_now(generated):
    root, _ = generated
    banner = (root / validity.BANNER_PARTIAL).read_text("utf-8")
    policy = load_parameters()["policy"]
    successor = policy["successor"]
    for fact in ["本政策已过有效期", "2025年10月8日", f"《{successor['title']}》", "2025年9月30日",
                 *successor["issuers"], f"请向{successor['contact']}咨询", "标准发布之日起5年内"]:
        assert fact in banner, fact
    home = (root / staging.DOCS / "index.md").read_text("utf-8")
    assert "!!! danger" not in home                       # the site-wide banner says it once
    assert "2026年1月15日，当时本政策已过有效期" in home and "2025年10月9日在厦门市市场监督管理局网站公布" in home
    rules = (root / staging.DOCS / "rules.md").read_text("utf-8")
    assert f"《{successor['title']}》" in rules


def test_successor_is_read_from_the_parameters(tmp_path):
    data = load_parameters()
    successor = data["policy"]["successor"]
    successor.update(title="某某测试办法", issuers=["某局"], issued="2025-12-01", published="2025-12-02",
                     published_by="某局", contact="某局")
    root = make_root(tmp_path)
    pages.generate(root, parameters=data, today=BUILD_DAY)
    texts = [(root / validity.BANNER_PARTIAL).read_text("utf-8"),
             (root / staging.DOCS / "index.md").read_text("utf-8"), (root / staging.DOCS / "rules.md").read_text("utf-8")]
    for text in texts:
        assert "《某某测试办法》" in text and "厦门市标准化战略专项资金管理办法" not in text
    assert "某局2025年12月1日印发" in texts[0] and "2025年12月2日在某局网站公布" in texts[1]


def test_readings_show_no_test_ids(generated):
    root, _ = generated
    readings = pages.load_readings(packages.main(ROOT))
    for name in ("policy.md", "rules.md"):
        text = (root / staging.DOCS / name).read_text("utf-8")
        assert "对应测试" not in text and "tests/" not in text and "::test_" not in text, name
        for reading in readings:
            assert escape(reading["reading"]) in text, reading["id"]


def test_readings_are_plain_words_without_field_names_or_status_codes():
    for reading in pages.load_readings(packages.main(ROOT)):
        assert not re.search(r"[a-z_]{3,}", reading["reading"]), (reading["id"], reading["reading"])


def test_hidden_search_terms_follow_the_parameters(generated, tmp_path):
    root, _ = generated
    rules = (root / staging.DOCS / "rules.md").read_text("utf-8")
    assert "50万元 500000元 五十 五十万元" in rules and "五(三)2 五（三）2 5.3.2" in rules
    data = load_parameters()
    next(e for e in data["parameters"] if e["id"] == "standard.total.national")["amount"] = "600000.00"
    other = make_root(tmp_path)
    pages.generate(other, parameters=data, today=BUILD_DAY)
    changed = (other / staging.DOCS / "rules.md").read_text("utf-8")
    section = changed[changed.index("{ #c5-3-1 }"):changed.index("{ #c5-3-2 }")]
    assert "60万元 600000元 六十 六十万元" in section and "500000元" not in section


def test_every_glossary_mark_finds_its_place_and_every_term_is_in_the_search_dictionary():
    glossary = load_glossary(ROOT)
    marks = marks_by_block(glossary, load_blocks(ROOT))
    assert sum(len(v) for v in marks.values()) == sum(len(e.marks) for e in glossary)
    required = ["团体标准", "企业标准自我声明公开", "对标达标", "领跑者", "地方标准", "行业标准", "国家标准",
                "国际标准", "ISO", "IEC", "TC", "SC", "WG", "秘书处", "注册专家", "WTO/TBT", "标准化试点示范",
                "联席会议", "第一起草单位"]
    assert set(required) <= {e.term for e in glossary}
    dictionary = {line.split()[0] for line in (ROOT / "policy_src" / "xiamen-2020-15" / "annotations" / "search_terms.txt").read_text("utf-8").splitlines()
                  if line.strip()}
    for entry in glossary:
        if re.search(r"[\u4e00-\u9fff]", entry.term):
            assert entry.term in dictionary, entry.term


def test_calculator_page_is_the_package_prose_around_the_generic_frame(tmp_path):
    """build/docs/calculator/index.md: the package's pages/calculator.md with the generator's frame
    (the form's container and scripts) where it writes $calculator."""
    root = make_root(tmp_path)
    written = pages.generate(root, today=BUILD_DAY)
    page = root / pages.CALCULATOR_PAGE
    assert page in written
    text = page.read_text("utf-8")
    frame = (ROOT / "sitebuild" / "templates" / "calculator-frame.md").read_text("utf-8")
    prose = (XIAMEN / "pages" / "calculator.md").read_text("utf-8")
    assert text.startswith("---\n") and frame in text and "$calculator" not in text
    body = text.split("\n", 2)[2]                      # after "---" and the generated-file comment
    assert "generated" in text.splitlines()[1] and body == prose[4:].replace("$calculator", frame.rstrip("\n"))


def test_glossary_and_hand_written_pages_type_no_amount(root):
    """Amounts come from the rules' parameters only; hand-written prose must not repeat them."""
    import re

    money = re.compile(r"\d+(?:\.\d+)?\s*万元|\d{1,3}(?:,\d{3})+\s*元")
    for path in [XIAMEN / "annotations" / "glossary.yml", *(XIAMEN / "pages").glob("*.md")]:
        assert not money.findall(path.read_text("utf-8")), path


def test_example_dates_lie_inside_the_policy_validity():
    from subsidy_rules import load_parameters

    policy = load_parameters()["policy"]
    issued, last = date.fromisoformat(policy["issued"]), date.fromisoformat(policy["last_day"])
    assert issued <= docs_examples.EVENT_DATE <= docs_examples.APPLICATION_DATE <= last


def test_timeline_lists_the_package_between_its_neighbours(generated):
    """The timeline page: the 2009 predecessor, this policy, the 2025 successor, in that order;
    only this policy links to pages that compute, the neighbours name whom to ask."""
    root, _ = generated
    text = (root / staging.DOCS / "timeline.md").read_text("utf-8")
    policy = packages.main(ROOT).policy
    order = [text.index(policy["predecessor"]), text.index(policy["document_number"]),
             text.index(policy["successor"]["title"])]
    assert order == sorted(order)
    assert text.count("[资助计算器](calculator/index.md)") == 1
    for anchor in ("xiamen-2020-15-predecessor", "xiamen-2020-15", "xiamen-2020-15-successor"):
        assert f"{{ #{anchor} }}" in text                      # each entry keeps its address
    assert text.count("本站未收录这份文件的文本，也不按它计算") == 2
    assert f"请向{policy['predecessor_contact']}咨询" in text and f"请向{policy['successor']['contact']}咨询" in text
