"""The production settings, with collectstatic's output in var/bench/staticfiles: the benchmark
never rewrites the project's staticfiles/ while something else may be serving it."""

from bonehealth.settings import *  # noqa: F403
from bonehealth.settings import BASE_DIR

STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"
