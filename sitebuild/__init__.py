"""Build steps of the site by phase (setup, docs, postbuild, runtime, hosting); site.py runs them in order."""
