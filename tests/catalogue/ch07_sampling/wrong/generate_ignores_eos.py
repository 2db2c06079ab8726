"""generate that ignores eos_id."""
# message: eos
# %% generate
def generate(model, idx, max_new_tokens, context_size, temperature=1.0, top_k=None, top_p=None,
             eos_id=None, generator=None):
    model.eval()
    finished = torch.zeros(idx.size(0), dtype=torch.bool)
    with torch.no_grad():
        for _ in range(max_new_tokens):
            logits = model(idx[:, -context_size:])[:, -1, :]
            next_id = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, next_id], dim=1)
    return idx
