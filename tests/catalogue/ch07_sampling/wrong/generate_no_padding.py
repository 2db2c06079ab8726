"""generate that stops when all rows are finished but keeps sampling in rows that already produced eos_id."""
# message: everything after it must be eos_id
# %% generate
# changes to wrong/generate_with_gradients:
# - with torch.enable_grad():
# + with torch.no_grad():
# - next_id = next_id.masked_fill(finished[:, None], eos_id)
