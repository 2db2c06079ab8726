"""sample_next_token that takes the nucleus before applying the temperature."""
# message: before top-p
# %% sample_next_token
# changes to wrong/sample_top_p_before_top_k:
# - logits = apply_temperature(logits, temperature)
# + if top_k is not None:
# +     logits = top_k_filter(logits, top_k)
# - if top_k is not None:
# - logits = top_k_filter(logits, top_k)
# + logits = apply_temperature(logits, temperature)
