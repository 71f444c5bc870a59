"""Floor 2: the data types the pipeline passes along (NormalizedString, PreTokenizedString, AddedVocabulary, Encoding, padding and truncation settings, the component registry, input checks)."""
