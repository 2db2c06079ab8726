"""encode that builds a tiktoken Encoding from the merges instead of writing BPE."""
# message: may not call tiktoken
# %% encode
import tiktoken


def encode(text, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges.items():
        vocab[new_id] = vocab[a] + vocab[b]
    enc = tiktoken.Encoding("mine", pat_str=SPLIT_PATTERN,
                            mergeable_ranks={t: i for i, t in vocab.items()}, special_tokens={})
    return enc.encode_ordinary(text)
