"""forward that returns the logits, forgetting the softmax."""
# message: each row must add up to 1
# %% forward
def forward(params, x):
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return h2 @ params["W3"] + params["b3"]
