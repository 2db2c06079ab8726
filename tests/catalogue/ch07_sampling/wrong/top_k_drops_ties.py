"""top_k_filter that keeps exactly k indices from torch.topk, dropping entries tied with the k-th largest."""
# message: tie
# %% top_k_filter
# changes to wrong/top_k_whole_batch:
# - kth = torch.topk(logits.flatten(), k).values[-1]
# - return logits.masked_fill(logits < kth, float("-inf"))
# + keep = torch.topk(logits, k, dim=-1).indices
# + out = torch.full_like(logits, float("-inf"))
# + return out.scatter(-1, keep, logits.gather(-1, keep))
