"""cut_answer that turns a tensor into a list with tolist, then slices a copy."""
# %% cut_answer
def cut_answer(generated, end_id):
    ids = generated.tolist() if isinstance(generated, torch.Tensor) else list(generated)
    try:
        return ids[:ids.index(end_id)]
    except ValueError:
        return ids
