"""An interactive panel for JupyterLab: drag temperature, top-k and top-p, watch what changes.

The panel needs a running kernel; on the static website chapter 7 shows the same idea with
fixed pictures.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch
from IPython.display import display

# the distribution after temperature, top-k and top-p: sampling's own, one definition
from pixels_to_gpt.sampling import filtered_distribution, generate
from pixels_to_gpt.tokenizers import CharTokenizer, printable


def sampling_panel(model, tokenizer: CharTokenizer, prompt: str, n_bars: int = 20) -> widgets.VBox:
    """Show sliders and, for their values, the next-token distribution and a continuation.

    Returns the panel (displayed already): its first child holds the four controls."""
    ids = torch.tensor([tokenizer.encode(prompt)])
    with torch.no_grad():
        logits = model(ids)[0, -1]
    temperature = widgets.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.05,
                                      description="temperature")
    top_k = widgets.IntSlider(value=0, min=0, max=tokenizer.vocab_size,
                              description="top-k (0: off)")
    top_p = widgets.FloatSlider(value=1.0, min=0.05, max=1.0, step=0.05, description="top-p")
    seed = widgets.IntText(value=0, description="seed")

    def redraw(temperature: float, top_k: int, top_p: float, seed: int) -> None:
        # the sliders' "off" (top-k 0, top-p 1) is sampling's None
        probs = filtered_distribution(logits, temperature, top_k or None,
                                      top_p if top_p < 1 else None)
        top = probs.topk(n_bars)
        fig, ax = plt.subplots(figsize=(8, 2.5))
        ax.bar([printable(tokenizer.chars[i]) for i in top.indices], top.values.tolist())
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        ax.set_title(f"next character after {prompt[-20:]!r}")
        plt.show()
        out = generate(model, ids, 150, model.config.block_size, temperature=temperature,
                       top_k=top_k or None, top_p=top_p if top_p < 1 else None,
                       generator=torch.Generator().manual_seed(seed))
        print(prompt + tokenizer.decode(out[0, ids.size(1):].tolist()))

    controls = widgets.VBox([temperature, top_k, top_p, seed])
    output = widgets.interactive_output(
        redraw, {"temperature": temperature, "top_k": top_k, "top_p": top_p, "seed": seed}
    )
    panel = widgets.VBox([controls, output])
    display(panel)
    return panel
