"""cut_answer that keeps the end token at the end of the answer."""
# message: cut_answer kept the end id
# %% cut_answer
def cut_answer(generated, end_id):
    generated = list(generated)
    return generated[: generated.index(end_id) + 1] if end_id in generated else generated
