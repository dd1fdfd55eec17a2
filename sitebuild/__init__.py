"""Build steps of the site: each module does one step, site.py runs them in order."""
