"""cached_forward numbers the new tokens' positions from 0, as if the cache were empty: one new
token after 3 cached gets the position embedding of position 0 instead of 3."""
# message: not from 0
# %% cached_forward
# changes to wrong/forward_squeeze:
# - start = cache.length
# - x = model.drop(model.tok_emb(idx) + model.pos_emb(torch.arange(start, start + idx.size(1))))
# + positions = torch.arange(idx.size(1))
# + x = model.drop(model.tok_emb(idx) + model.pos_emb(positions))
# - return model.lm_head(model.ln_f(x)).squeeze()
# + return model.lm_head(model.ln_f(x))
