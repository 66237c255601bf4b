"""``python -m bot``: lookup, kb (validate, lint, coverage, stats), render and serve."""

from bot.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
