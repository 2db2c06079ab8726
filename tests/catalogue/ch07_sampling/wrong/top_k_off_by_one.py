"""top_k_filter that compares with the (k+1)-th largest, keeping one token too many."""
# message: kept the wrong entries
# %% top_k_filter
# changes to wrong/top_k_whole_batch:
# - kth = torch.topk(logits.flatten(), k).values[-1]
# + kth = torch.sort(logits, dim=-1, descending=True).values[..., k : k + 1]
