"""Passes over the built site/ after the docs builder: inline scripts moved to files, the check
for developer text on public pages, the service worker, and (last) the precompressed copies."""
