"""Policy engine: rule packs and policies (YAML), checks over findings, facts and the context file."""
