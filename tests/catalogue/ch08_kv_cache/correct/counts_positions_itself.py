"""generate_cached keeps its own count of the cached positions and collects the new tokens in a
list; cached_forward runs the blocks in a while loop."""
# %% cached_forward
def cached_forward(model, idx, cache):
    n_new = idx.size(-1)
    pos = torch.arange(n_new) + cache.length
    x = model.drop(model.tok_emb(idx) + model.pos_emb(pos))
    layer = 0
    while layer < len(model.blocks):
        x = model.blocks[layer](x, cache, layer)
        layer += 1
    return model.lm_head(model.ln_f(x))
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    was_training = model.training
    model.eval()
    tokens = [idx]
    with torch.no_grad():
        context = idx[:, -block_size:]
        cache = KVCache(model.config.n_layer)
        held = 0
        for _ in range(max_new_tokens):
            if held + context.size(1) > block_size:
                context = torch.cat(tokens, dim=1)[:, -block_size:]
                cache, held = KVCache(model.config.n_layer), 0
            logits = cached_forward(model, context, cache)
            held += context.size(1)
            context = sample_next_token(logits[:, -1, :], temperature, top_k, top_p, generator)
            tokens.append(context)
    if was_training:
        model.train()
    return torch.cat(tokens, dim=1)
