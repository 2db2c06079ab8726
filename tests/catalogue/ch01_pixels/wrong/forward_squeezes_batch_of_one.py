"""forward that ends with .squeeze(): for a batch of one display it drops the batch dimension, (1, 4) -> (4,)."""
# message: expected (1, 4)
# %% forward
def forward(params, x):
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1).squeeze()
