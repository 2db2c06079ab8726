"""generate that never switches the model to evaluation mode (dropout stays on)."""
# message: model.eval()
# %% generate
# changes to wrong/generate_greedy_only:
# - model.eval()
# + finished = torch.zeros(idx.size(0), dtype=torch.bool)
# - next_id = sample_next_token(logits, temperature=0)
# + next_id = sample_next_token(logits, temperature, top_k, top_p, generator)
# + if eos_id is not None:
# +     next_id = next_id.masked_fill(finished[:, None], eos_id)
# +     finished = finished | (next_id[:, 0] == eos_id)
# - if eos_id is not None and bool((next_id == eos_id).all()):
# + if eos_id is not None and bool(finished.all()):
