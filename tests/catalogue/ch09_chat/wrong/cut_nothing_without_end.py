"""cut_answer that returns nothing when no end token came."""
# message: when the end id never comes
# %% cut_answer
def cut_answer(generated, end_id):
    generated = list(generated)
    return generated[: generated.index(end_id)] if end_id in generated else []
