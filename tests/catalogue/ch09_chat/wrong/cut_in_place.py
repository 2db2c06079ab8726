"""cut_answer that deletes the tail from the list it is given."""
# message: cut_answer changed the list it was given
# %% cut_answer
def cut_answer(generated, end_id):
    if isinstance(generated, torch.Tensor):
        generated = generated.tolist()
    if end_id in generated:
        del generated[generated.index(end_id):]
    return generated
