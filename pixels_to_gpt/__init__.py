"""From Pixels to GPT: the code the course's chapters share.

Later chapters import what earlier chapters built:

- chapter 1: `pixels` (a network on a 3×3 display, backpropagation by hand)
- chapter 2: `tokenizers`, `bpe` (GPT-2's tokens, a byte-pair encoding of our own)
- chapter 3: `embeddings` (similarity, analogies, learned word vectors)
- chapter 4: `attention` (scaled dot-product attention by hand)
- chapter 5: `model` (the GPT)
- chapter 6: `corpus`, `train`, `checkpoint` (training on Tiny Shakespeare)
- chapter 7: `sampling`, `beam_search`, `widgets`, `explorer` (from logits to text)
- chapter 8: `kv_cache` (generation with a KV cache)

Beside them: `data` (checksummed downloads and the offline mirror), `show` (the package's
code in the book), `diagrams` (the book's SVG diagrams, drawn by code) and `grading`
(nbgrader helpers and the `grade` command).
"""

__version__ = "0.1.0"
