"""Floor 1: Unicode and text machinery (character tables, normalization forms, Oniguruma patterns, byte-level alphabet). Imports nothing of subword but `errors`."""
