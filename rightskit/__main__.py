"""``python -m rightskit``."""

from rightskit.cli.main import run

if __name__ == "__main__":
    run()
