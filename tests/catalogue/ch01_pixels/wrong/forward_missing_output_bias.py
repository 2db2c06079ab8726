"""forward that forgets the output layer's bias b3 (the visible examples have b3 = 0, the hidden tests do not)."""
# message: the bias b3 is missing
# %% forward
def forward(params, x):
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"], dim=-1)
