"""generate_cached calls the model's own forward with the cache (model(new, cache=cache)),
restores the mode in a finally block and runs under torch.inference_mode; cached_forward adds the
embeddings with F.embedding and counts the positions from cache.length with an offset."""
# %% cached_forward
import torch.nn.functional as F


def cached_forward(model, idx, cache):
    offset = cache.length
    positions = offset + torch.arange(idx.shape[1], device=idx.device)
    h = F.embedding(idx, model.tok_emb.weight) + F.embedding(positions, model.pos_emb.weight)
    h = model.drop(h)
    for layer, block in zip(range(model.config.n_layer), model.blocks):
        h = block(h, cache=cache, layer=layer)
    return model.lm_head(model.ln_f(h))
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    size = model.config.block_size
    mode = model.training
    model.eval()
    try:
        with torch.inference_mode():
            cache = KVCache(model.config.n_layer)
            feed = idx[:, -size:]
            for _ in range(max_new_tokens):
                if cache.length + feed.shape[1] > size:
                    cache = KVCache(model.config.n_layer)
                    feed = idx[:, -size:]
                out = model(feed, cache=cache)
                chosen = sample_next_token(out[:, -1], temperature, top_k, top_p, generator)
                idx = torch.cat([idx, chosen], dim=-1)
                feed = chosen
    finally:
        if mode:
            model.train()
    return idx
