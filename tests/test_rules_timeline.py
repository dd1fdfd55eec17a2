"""An event outside this policy's period gets a status naming the document that covers it, never an amount."""

import json

from rules_cases import RULES_MODULE
from subsidy_rules import evaluate

POLICY = json.loads((RULES_MODULE / "parameters.json").read_text("utf-8"))["policy"]


def only_item(event_date):
    result = evaluate({"application_date": "2026-04-01",
                       "items": [{"type": "leader", "unit": "甲公司", "date": event_date}]})
    (item,) = result["items"]
    return result, item


def test_an_event_after_the_validity_names_the_successor_and_gets_no_amount():
    result, item = only_item("2026-03-01")
    successor = POLICY["successor"]
    assert item["status"] == "expired" and item["payments"] == [] and result["total"] == "0.00"
    text = item["status_text"]
    assert f"《{successor['title']}》" in text
    assert all(issuer in text for issuer in successor["issuers"])
    assert "2025年9月30日" in text and f"请向{successor['contact']}咨询" in text
    assert f"在{successor['published_by']}网站公布" in text                 # where to read it


def test_an_event_before_the_issue_names_the_predecessor_and_gets_no_amount():
    result, item = only_item("2019-05-01")
    assert item["status"] == "old_policy" and item["payments"] == [] and result["total"] == "0.00"
    assert f"《{POLICY['predecessor_title']}》（{POLICY['predecessor']}）" in item["status_text"]
    assert f"请向{POLICY['predecessor_contact']}咨询" in item["status_text"]
