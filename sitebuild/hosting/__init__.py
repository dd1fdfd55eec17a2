"""What serving the site needs: the headers, MIME types and caching rules and the kit written
into site/hosting/ (kit.py), the development and test server that applies them (serve.py), and
the check of a deployed copy against the build (deploy_check.py, `build.py check URL`)."""
