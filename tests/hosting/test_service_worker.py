"""sw.js as built: filled from sitebuild/templates/sw.js, its caches named from the configuration."""

from __future__ import annotations

import json
import re

import pytest

from sitebuild import packages
from sitebuild.postbuild import service_worker


def test_the_cache_is_named_by_the_site_id_and_the_build(built_site, root):
    text = (built_site / "sw.js").read_text("utf-8")
    info = json.loads((built_site / "build-info.json").read_text("utf-8"))
    site_id = packages.main(root).id
    assert f"const CACHE_PREFIX = {json.dumps(site_id + '-')};" in text
    assert info["cache"] == f"{site_id}-{info['build']}"
    assert f'const BUILD = "{info["build"]}";' in text
    # every placeholder filled; the template's doubled dollar signs are single again
    assert not re.search(r"\$[a-z_]+\b|\$\$|__[A-Z]+__", text.replace("${", "")), "unfilled placeholder in sw.js"
    assert "${path}: HTTP ${response.status}" in text


def test_a_site_id_that_cannot_name_a_cache_is_refused():
    assert service_worker.cache_prefix("demo-2024-1") == "demo-2024-1-"
    with pytest.raises(ValueError):
        service_worker.cache_prefix("a b")
