"""The calculator's runtime: the folder calculator/runtime-<hash>/ with Pyodide, the rules wheel
and the memory snapshot (assets.py, snapshot.py, pyodide_snapshot.mjs), its layout and file
names in one place (layout.py)."""
