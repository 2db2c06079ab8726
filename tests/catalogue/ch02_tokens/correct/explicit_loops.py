"""Index loops everywhere: setdefault counting, a merge with a skip flag, encode that scans pairs by hand, decode that expands ids recursively into a bytearray."""
# %% count_pairs
def count_pairs(ids):
    counts = {}
    for i in range(len(ids) - 1):
        key = (ids[i], ids[i + 1])
        counts.setdefault(key, 0)
        counts[key] += 1
    return counts

# %% merge
def merge(ids, pair, new_id):
    result = []
    skip = False
    for i, x in enumerate(ids):
        if skip:
            skip = False
            continue
        if i + 1 < len(ids) and x == pair[0] and ids[i + 1] == pair[1]:
            result.append(new_id)
            skip = True
        else:
            result.append(x)
    return result

# %% encode
def encode(text, merges):
    tokens = []
    for piece in regex.finditer(SPLIT_PATTERN, text):
        ids = list(bytes(piece.group(), "utf-8"))
        while True:
            best, best_rank = None, None
            for i in range(len(ids) - 1):
                rank = merges.get((ids[i], ids[i + 1]))
                if rank is not None and (best_rank is None or rank < best_rank):
                    best, best_rank = (ids[i], ids[i + 1]), rank
            if best is None:
                break
            ids = merge(ids, best, best_rank)
        tokens += ids
    return tokens

# %% decode
def decode(ids, merges):
    parts = {new_id: pair for pair, new_id in merges.items()}
    out = bytearray()

    def expand(i):
        if i < 256:
            out.append(i)
        else:
            first, second = parts[i]
            expand(first)
            expand(second)

    for i in ids:
        expand(i)
    return out.decode("utf-8", "replace")
