"""generate that ignores temperature, top_k and top_p and always decodes greedily."""
# message: pass temperature, top_k, top_p and
# %% generate
def generate(model, idx, max_new_tokens, context_size, temperature=1.0, top_k=None, top_p=None,
             eos_id=None, generator=None):
    model.eval()
    with torch.no_grad():
        for _ in range(max_new_tokens):
            logits = model(idx[:, -context_size:])[:, -1, :]
            next_id = sample_next_token(logits, temperature=0)
            idx = torch.cat([idx, next_id], dim=1)
            if eos_id is not None and bool((next_id == eos_id).all()):
                break
    return idx
