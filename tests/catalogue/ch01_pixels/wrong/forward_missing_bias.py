"""forward that forgets the second hidden layer's bias."""
# message: every layer adds its bias
# %% forward
def forward(params, x):
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
