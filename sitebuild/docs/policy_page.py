"""The policy page (docs/policy.md): the full text, one anchor and permalink per block.

Layout follows the printed document: 版头, 文号, title, addressees, body, and the 版记
(有关单位, 印发机关 and 印发日期) between rules. Annotations, reading notes, examples and
calculator links are inserted after the block they belong to; the policy text itself is
never altered except for the ASCII annotation markers "(1)" that material turns into buttons.
"""

from __future__ import annotations

from sitebuild.docs.glossary import Annotation, annotation_list
from sitebuild.docs.markdown import GENERATED, escape
from sitebuild.docs.policy_text import Block, clause_label, is_clause

# Classes for the blocks that are not numbered clauses (styled in extra.css).
DOC_CLASSES = {
    "header": "doc-masthead",
    "docno": "doc-number",
    "addressees": "doc-addressees",
    "public": "doc-public",
    "cc": "doc-cc",
    "issuer": "doc-issuer",
    "issued": "doc-issued",
}
HEADING_LEVEL = {"chapter": "##", "section": "###"}


def _with_markers(text: str, annotations: list[Annotation]) -> str:
    """Escaped text with "(n)" after each annotated term, counting in text order."""
    out, cursor = [], 0
    for number, item in enumerate(annotations, 1):
        end = text.index(item.after, cursor) + len(item.after)
        out.append(escape(text[cursor:end]) + f"({number})")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def _permalink(block: Block) -> str:
    label = clause_label(block.id) if is_clause(block.id) else "本段"
    return f'[¶](#{block.id}){{ .headerlink title="{label}的链接（可复制）" }}'


def paragraph(block: Block, annotations: list[Annotation] | None = None) -> str:
    annotations = annotations or []
    classes = ["clause"] if is_clause(block.id) else [DOC_CLASSES.get(block.id, "doc-" + block.id)]
    if annotations:
        classes.append("annotate")
    attrs = " ".join([f"#{block.id}", *(f".{c}" for c in classes)])
    lines = [f"{_with_markers(block.text, annotations)} {_permalink(block)}", f"{{ {attrs} }}"]
    if annotations:
        lines += ["", annotation_list(annotations)]
    return "\n".join(lines)


def render_page(
    blocks: list[Block],
    annotations: dict[str, list[Annotation]],
    after: dict[str, list[str]],
    intro: str,
) -> str:
    """Markdown of the policy page; `after` maps a block id to Markdown placed after it."""
    parts = [GENERATED, intro]
    for block in blocks:
        if block.id == "title":
            parts.append(f"# {escape(block.text)} {{ #title }}")
        elif block.id == "cc":
            parts.append("---")
            parts.append(paragraph(block))
            parts.append("---")
        elif block.id == "issuer":
            # 印发机关 and 印发日期 share one line in the printed 版记.
            parts.append('<div class="doc-imprint" markdown>')
            parts.append(paragraph(block))
        elif block.id == "issued":
            parts.append(paragraph(block))
            parts.append("</div>")
            parts.append("---")
        elif block.kind in HEADING_LEVEL:
            parts.append(f"{HEADING_LEVEL[block.kind]} {escape(block.text)} {{ #{block.id} }}")
        else:
            parts.append(paragraph(block, annotations.get(block.id)))
        parts.extend(after.get(block.id, []))
    return "\n\n".join(parts).rstrip() + "\n"
