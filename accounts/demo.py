"""Hooks for seed_demo: other apps add demo data for the demo accounts here
(consents, goals, a few tracker entries)."""


def after_seed_demo(users, stdout):
    """`users` maps demo email to user. Extended as features need demo data."""
