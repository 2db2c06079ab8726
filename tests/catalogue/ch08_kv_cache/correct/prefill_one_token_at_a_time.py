"""The prompt goes into the cache one token at a time (slower, the same positions and logits); the
forward pass indexes the blocks and reads the position table by slicing."""
# %% cached_forward
def cached_forward(model, idx, cache):
    B, T = idx.shape
    first = cache.length
    x = model.tok_emb(idx) + model.pos_emb.weight[first:first + T]
    x = model.drop(x)
    for i in range(len(model.blocks)):
        x = model.blocks[i](x, cache, i)
    x = model.ln_f(x)
    return model.lm_head(x)
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    window = model.config.block_size
    training = model.training
    model.eval()

    def fill(tokens):
        cache = KVCache(model.config.n_layer)
        for t in range(tokens.size(1)):
            logits = cached_forward(model, tokens[:, t:t + 1], cache)
        return cache, logits

    with torch.no_grad():
        cache, logits = fill(idx[:, -window:])
        for step in range(max_new_tokens):
            next_id = sample_next_token(logits[:, -1, :], temperature, top_k, top_p, generator)
            idx = torch.cat((idx, next_id), dim=1)
            if step == max_new_tokens - 1:
                break
            if cache.length == window:
                cache, logits = fill(idx[:, -window:])
            else:
                logits = cached_forward(model, next_id, cache)
    model.train(training)
    return idx
