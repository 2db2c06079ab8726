"""block that loads the weights into the package's Block and calls it."""
# message: course's package
# %% block_forward
def block_forward(x, w, n_head):
    b = Block(GPTConfig(n_embd=x.size(-1), n_head=n_head, bias="ln_1.bias" in w)).to(x.dtype)
    b.load_state_dict(w)
    return b.eval()(x)
