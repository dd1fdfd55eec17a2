"""The documentation: the policy package rendered into Markdown pages and theme partials
(pages.py runs the renderers: policy_page, rules_page, glossary, timeline, validity, identity,
with policy_text, markdown, examples and search_terms as their parts), then built into HTML by
Material for MkDocs or Zensical (builders.py)."""
