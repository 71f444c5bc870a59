"""Pretraining data: `shards.tokenize_corpus` writes a corpus's token ids as numpy shards with a manifest.

The modules here need numpy: `subword.tokenize_corpus` and the `tokenize-corpus` command load
them on first use, so that `import subword` stays light.
"""

DEFAULT_SHARD_TOKENS = 2**25  # 64 MiB of uint16 per shard: a memory map a data loader pages in
