"""decode without errors='replace': half a character raises UnicodeDecodeError."""
# message: errors='replace'
# %% decode
def decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges.items():
        vocab[new_id] = vocab[a] + vocab[b]
    return b"".join(vocab[i] for i in ids).decode("utf-8")
