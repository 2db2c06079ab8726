"""forward that clamps a copy of the displays (x.clamp, not clamp_) and builds the layers with torch.addmm."""
# %% forward
def forward(params, x):
    x = x.clamp(-1, 1)
    h1 = torch.tanh(torch.addmm(params["b1"], x, params["W1"]))
    h2 = torch.sigmoid(torch.addmm(params["b2"], h1, params["W2"]))
    return torch.softmax(torch.addmm(params["b3"], h2, params["W3"]), dim=1)
