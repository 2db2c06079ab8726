"""generate that never switches the model to evaluation mode (dropout stays on)."""
# message: model.eval()
# %% generate
def generate(model, idx, max_new_tokens, context_size, temperature=1.0, top_k=None, top_p=None,
             eos_id=None, generator=None):
    finished = torch.zeros(idx.size(0), dtype=torch.bool)
    with torch.no_grad():
        for _ in range(max_new_tokens):
            logits = model(idx[:, -context_size:])[:, -1, :]
            next_id = sample_next_token(logits, temperature, top_k, top_p, generator)
            if eos_id is not None:
                next_id = next_id.masked_fill(finished[:, None], eos_id)
                finished = finished | (next_id[:, 0] == eos_id)
            idx = torch.cat([idx, next_id], dim=1)
            if eos_id is not None and bool(finished.all()):
                break
    return idx
