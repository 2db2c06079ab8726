"""generate that tracks finished rows in a Python list and pads with torch.where."""
# %% generate
def generate(model, idx, max_new_tokens, context_size, temperature=1.0, top_k=None, top_p=None,
             eos_id=None, generator=None):
    if hasattr(model, "eval"):
        model.eval()
    done = [False] * idx.shape[0]
    for step in range(max_new_tokens):
        window = idx[:, max(0, idx.shape[1] - context_size):]
        with torch.no_grad():
            last = model(window)[:, window.shape[1] - 1]
        new = sample_next_token(last, temperature=temperature, top_k=top_k, top_p=top_p,
                                generator=generator)
        if eos_id is not None:
            already = torch.tensor(done).unsqueeze(1)
            new = torch.where(already, torch.full_like(new, eos_id), new)
            done = [d or int(t) == eos_id for d, t in zip(done, new[:, 0])]
        idx = torch.cat((idx, new), dim=1)
        if eos_id is not None and all(done):
            break
    return idx
