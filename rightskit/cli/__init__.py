"""Command line: parse, call the library, render, set the exit code."""

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_ERROR = 2
