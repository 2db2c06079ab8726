"""block built from small helper functions (a sublayer helper for pre-norm + residual), attention with F.scaled_dot_product_attention and unflatten, count by parts."""
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    C = x.size(-1)
    qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
    heads = [t.unflatten(-1, (n_head, C // n_head)).transpose(1, 2) for t in qkv.chunk(3, dim=-1)]
    y = F.scaled_dot_product_attention(*heads, is_causal=True)
    return F.linear(y.transpose(1, 2).flatten(2), w["attn.proj.weight"], w.get("attn.proj.bias"))

# %% block_forward
def block_forward(x, w, n_head):
    C = x.shape[-1]

    def pre_norm(stream, ln, sublayer):
        return stream + sublayer(F.layer_norm(stream, (C,), w[ln + ".weight"], w.get(ln + ".bias")))

    def mlp(h):
        h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
        return F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))

    x = pre_norm(x, "ln_1", lambda h: causal_self_attention(h, w, n_head))
    return pre_norm(x, "ln_2", mlp)

# %% count_parameters
def count_parameters(config):
    C, b = config.n_embd, 1 if config.bias else 0
    attention = (3 * C * C + 3 * C * b) + (C * C + C * b)
    mlp = (4 * C * C + 4 * C * b) + (4 * C * C + C * b)
    norm = C + C * b
    return int(config.vocab_size * C + config.block_size * C
               + config.n_layer * (attention + mlp + 2 * norm) + norm)
