"""Set-up, before anything is built: the toolchain (toolchain.py: a Python >= 3.12 .venv with the
pinned requirements, the npm lock, Debian's browsers and servers for the tests). Standard
library only: it runs before the venv exists."""
