"""``python -m rightskit``."""

from rightskit.cli.main import main

if __name__ == "__main__":
    main()
