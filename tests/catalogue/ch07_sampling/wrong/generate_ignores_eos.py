"""generate that ignores eos_id."""
# message: eos
# %% generate
# changes to wrong/generate_greedy_only:
# - model.eval()
# + model.eval()
# + finished = torch.zeros(idx.size(0), dtype=torch.bool)
# - next_id = sample_next_token(logits, temperature=0)
# + next_id = sample_next_token(logits, temperature, top_k, top_p, generator)
# - if eos_id is not None and bool((next_id == eos_id).all()):
# - break
