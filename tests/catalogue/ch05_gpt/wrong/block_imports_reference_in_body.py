"""block that imports the course's MLP inside the function body (the import is not a global) and runs the MLP half with it."""
# message: course's package
# %% block_forward
def block_forward(x, w, n_head):
    from pixels_to_gpt.model import MLP as CourseMLP

    C = x.size(-1)
    x = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
    config = type("Config", (), {"n_embd": C, "bias": "mlp.fc.bias" in w, "dropout": 0.0})
    mlp = CourseMLP(config).to(x.dtype).eval()
    mlp.load_state_dict({name[4:]: t for name, t in w.items() if name.startswith("mlp.")})
    return x + mlp(F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias")))
