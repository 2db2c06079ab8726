"""cut_answer that cuts at the last end token instead of the first."""
# message: cut at the first end id
# %% cut_answer
def cut_answer(generated, end_id):
    generated = list(generated)
    ends = [i for i, token in enumerate(generated) if token == end_id]
    return generated[: ends[-1]] if ends else generated
