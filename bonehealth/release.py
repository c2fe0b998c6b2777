"""The release id: which code is running, so a deploy never reads what the previous release cached.

RELEASE_ID from the environment when set (a git commit, an image tag, a build number: anything
that differs between releases and is the same on every app server of one release). Without it,
a hash of the code itself: every Python module, template, static file and content file of the
installed packages, so two servers running the same files agree, and changing any file gives a
new id. No Django import here: settings.py uses it.
"""

import hashlib
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# What a release is made of (the packages of pyproject.toml, the templates, the static files).
SOURCE_DIRS = ("bonehealth", "accounts", "education", "tracker", "templates", "static")
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".md", ".toml", ".css", ".js", ".svg", ".json"}


def code_hash(base_dir: Path = BASE_DIR) -> str:
    """12 hex digits of SHA-256 over the release's files (paths and contents), in a fixed order."""
    digest = hashlib.sha256()
    for top in SOURCE_DIRS:
        root = base_dir / top
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")
    return digest.hexdigest()[:12]


def release_id(environ=os.environ, base_dir: Path = BASE_DIR) -> str:
    raw = environ.get("RELEASE_ID", "").strip()
    if raw:
        # Part of every cache key: keep it short and free of separators and spaces.
        return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in raw)[:40]
    return code_hash(base_dir)
