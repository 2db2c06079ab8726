"""decode that joins a merged token's bytes in the wrong order (second id first)."""
# message: the first id's bytes then the second's
# %% decode
def decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges.items():
        vocab[new_id] = vocab[b] + vocab[a]
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
