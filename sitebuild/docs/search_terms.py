"""Hidden search terms: amounts and clause numbers the way people type them.

A policy writes "每项 70 万元" and numbers its items "4." under "（二）" under "三、".
People search for "70万", "70万元", "七十万", "700000", "三(二)4", "三（二）4" or "3.2.4".
The policy text stays verbatim; instead every clause that states an amount, on the policy
page and on the rules page, is followed by a hidden element listing these spellings,
computed here from parameters.json:

    <div class="search-terms" hidden>三(二)4 三（二）4 3.2.4 70万元 700000元 七十 七十万元</div>

`hidden` keeps it off the screen, out of print and away from screen readers; every
builder's search indexes the text of the page, hidden elements included.

Material's search then needs one repair, done by normalise_index() after the build:
its indexer splits Chinese from digits and brackets with zero-width spaces (jieba), so
"70万元" would become the two words "70" and "万元" and the query "70万" would match
nothing; and it shows each section's whole text under a result, hidden terms too. The
repair moves each section's hidden terms out of the shown text into a field of their
own ("keywords", searched but never shown), unsplit.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
from pathlib import Path

from sitebuild.docs.policy_text import clause_label

CLASS = "search-terms"
FIELD = "keywords"
FIELD_BOOST = 10.0
CN_DIGITS = "零一二三四五六七八九"
_HIDDEN = re.compile(rf'<div class="{CLASS}" hidden>([^<]*)</div>')


def cn_number(n: int) -> str:
    """1..99999 in Chinese numerals as people say amounts: 10 十, 15 十五, 50 五十, 100 一百, 5000 五千."""
    if not 0 < n < 100_000:
        raise ValueError(f"no Chinese numeral for {n}")
    units = [(10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out, zero = "", False
    for value, unit in units:
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += CN_DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith("一十") else out


def amount_terms(amount: str | Decimal) -> list[str]:
    """Spellings of one amount in yuan: '700000.00' -> 70万元, 700000元, 七十, 七十万元.

    "70万元" is found by "70万" and "70万元" too, "700000元" by "700000": searches match
    the beginning of a word. The bare "七十" lets a search for "七十万" find it, since the
    search splits typed Chinese into the words of its index.
    """
    value = Decimal(amount)
    if value != value.to_integral_value() or value <= 0:
        raise ValueError(f"not a whole amount of yuan: {amount}")
    yuan = int(value)
    wan = value / 10_000
    wan_text = f"{wan.normalize():f}"
    terms = [f"{wan_text}万元", f"{yuan}元"]
    if yuan % 10_000 == 0:
        chinese = cn_number(yuan // 10_000)
        terms += ([chinese] if len(chinese) > 1 else []) + [f"{chinese}万元"]
    elif yuan < 100_000:
        terms.append(f"{cn_number(yuan)}元")
    return terms


def clause_terms(anchor: str) -> list[str]:
    """'c3-2-4' -> 三(二)4, 三（二）4, 3.2.4; 'c4-2' -> 四(二), 四（二）, 4.2."""
    label = clause_label(anchor)
    numbers = [p for p in anchor[1:].split("-") if p.isdigit()]
    if len(numbers) < 2:
        return []
    half = label.replace("（", "(").replace("）", ")")
    return [half, label, ".".join(numbers)]


def clause_amounts(data: dict, clause_id: str) -> list[str]:
    """Amount terms of every amount of money one clause states, in order, without repeats."""
    terms: list[str] = []
    for entry in data["parameters"]:
        if entry["clause"] == clause_id and entry["kind"] == "money":
            terms += [t for t in amount_terms(entry["amount"]) if t not in terms]
    return terms


def hidden_block(terms: list[str]) -> str:
    """The hidden element, as a raw HTML block for the Markdown pages."""
    if not terms:
        return ""
    text = " ".join(dict.fromkeys(terms))
    if "<" in text or "&" in text:
        raise ValueError(f"search terms must be plain text: {text!r}")
    return f'<div class="{CLASS}" hidden>{escape(text, quote=False)}</div>'


def page_terms(html: str) -> list[str]:
    """The hidden term lists of one built page, in page order."""
    return [" ".join(found.split()) for found in _HIDDEN.findall(html)]


def _indexed_form(terms: str) -> re.Pattern:
    """How Material's indexer wrote a term list: zero-width spaces anywhere in or around it."""
    zw = "\u200b*"
    words = [zw.join(re.escape(ch) for ch in word) for word in terms.split(" ")]
    return re.compile(zw + rf"{zw}\s+{zw}".join(words) + zw)


def normalise_index(site_dir: Path) -> int:
    """Move the hidden terms of Material's search index into their own field; returns how many.

    A no-op for a site without Material's index (search/search_index.json with "docs").
    The offline plugin's copy (search/search_index.js) is rewritten the same way.
    """
    site_dir = Path(site_dir)
    index_json = site_dir / "search" / "search_index.json"
    if not index_json.exists():
        return 0
    data = json.loads(index_json.read_text("utf-8"))
    if "docs" not in data:
        return 0
    by_page: dict[str, list[str]] = {}
    moved = 0
    for doc in data["docs"]:
        page = doc["location"].split("#")[0] or "index.html"
        if page not in by_page:
            path = site_dir / page
            by_page[page] = page_terms(path.read_text("utf-8")) if path.is_file() else []
        found = []
        for terms in by_page[page]:
            text, count = _indexed_form(terms).subn(" ", doc["text"], count=1)
            if count:
                doc["text"] = re.sub(r"\s{2,}", " ", text).strip()
                found.append(terms)
        if found:
            doc[FIELD] = " ".join(found)
            moved += len(found)
    expected = sum(len(v) for v in by_page.values())
    if moved < expected:
        raise RuntimeError(f"search index: only {moved} of {expected} hidden term lists found in the index")
    data["config"].setdefault("fields", {})[FIELD] = {"boost": FIELD_BOOST}
    text = json.dumps(data, separators=(",", ":"))  # ASCII, as Material writes it
    index_json.write_text(text, "utf-8")
    index_js = site_dir / "search" / "search_index.js"
    if index_js.exists():
        index_js.write_text(f"var __index = {text}", "utf-8")
    return moved

