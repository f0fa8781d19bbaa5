// Filled in by the core commit.
