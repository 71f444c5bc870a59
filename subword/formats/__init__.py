"""Readers and writers of other tokenizer file formats (tiktoken ranks, SentencePiece models)."""
