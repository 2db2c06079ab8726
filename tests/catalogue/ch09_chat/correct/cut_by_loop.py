"""cut_answer that walks the ids and stops at the first end id."""
# %% cut_answer
def cut_answer(generated, end_id):
    answer = []
    for token in generated:
        if int(token) == end_id:
            break
        answer.append(int(token))
    return answer
