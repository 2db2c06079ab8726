"""Embeddings: tokens as vectors, compared by direction, learned from a corpus.

- `one_hot_lookup()`: a one-hot row times a matrix picks one row, which is what
  `nn.Embedding` does (by indexing, without the multiplications);
- `cosine_similarity()`, `nearest_neighbours()`: how close two vectors point;
- `analogy()`: "a is to b as c is to ?", answered by the word nearest to b - a + c;
- `pca()`: the best 2-D picture of many vectors;
- `HAND_MADE`: a few words described by features we chose, where analogies work exactly;
- `cooccurrence_counts()`: how often each word keeps each other word's company;
- `learn_shakespeare_vectors()`: word vectors learned from Tiny Shakespeare in seconds, by
  predicting each word's neighbours (from those counts) from its vector.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from pixels_to_gpt.corpus import load_shakespeare


def one_hot_lookup(ids: torch.Tensor, table: torch.Tensor) -> torch.Tensor:
    """The rows of `table` named by `ids`, computed as one-hot vectors times the table.

    ids (...) long, table (V, C) -> (...) + (C,). Equal to `table[ids]` and to an
    `nn.Embedding` whose weight is `table`: row i of the one-hot matrix has a single 1 in
    column ids[i], so the product adds up exactly one row of the table.
    """
    one_hot = F.one_hot(ids, num_classes=table.size(0)).to(table.dtype)  # (..., V)
    return one_hot @ table


def cosine_similarity(a: torch.Tensor, b: torch.Tensor, eps: float = 1e-8) -> torch.Tensor:
    """Cosine of the angle between every row of `a` and every row of `b`.

    a (N, C), b (M, C) -> (N, M). A vector (C,) counts as one row whose dimension is
    dropped: (C,) and (M, C) give (M,), two vectors give a 0-dim tensor. The zero vector has
    no direction, so its cosine with anything is 0 (norms are clamped to at least `eps`).
    """
    a_unit = a / torch.linalg.vector_norm(a, dim=-1, keepdim=True).clamp(min=eps)
    b_unit = b / torch.linalg.vector_norm(b, dim=-1, keepdim=True).clamp(min=eps)
    return a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)


def nearest_neighbours(
    query: torch.Tensor, table: torch.Tensor, k: int, exclude: Sequence[int] = ()
) -> torch.Tensor:
    """Ids of the `k` rows of `table` most cosine-similar to `query`, most similar first.

    query (C,), table (V, C) -> (k,) long. Rows whose id is in `exclude` (typically the
    query's own word, which is always its own nearest neighbour) are never returned.
    """
    similarity = cosine_similarity(table, query)  # (V,)
    if len(exclude):
        similarity = similarity.index_fill(0, torch.tensor(list(exclude)), float("-inf"))
    return torch.topk(similarity, k).indices


def analogy(vectors: torch.Tensor, a: int, b: int, c: int, k: int = 1) -> torch.Tensor:
    """"a is to b as c is to ?": ids of the `k` rows nearest to b - a + c, best first.

    vectors (V, C), a, b, c row ids -> (k,) long. b - a is the offset that turns a into b
    (dog -> puppy: young); added to c it points where c's counterpart should be. The three
    query words are left out: b - a + c is usually nearest to c itself (or to b), which
    answers nothing.
    """
    target = vectors[b] - vectors[a] + vectors[c]  # (C,)
    return nearest_neighbours(target, vectors, k, exclude=[a, b, c])


def pca(x: torch.Tensor, dims: int = 2) -> tuple[torch.Tensor, torch.Tensor]:
    """Project the rows of `x` on their `dims` directions of largest variance.

    x (N, C) -> (coordinates (N, dims), fraction of the variance each direction holds
    (dims,)). The sign of each direction is fixed (its largest coordinate is positive) so
    that the same vectors always give the same picture.
    """
    centred = x - x.mean(dim=0, keepdim=True)
    _, singular, directions = torch.linalg.svd(centred, full_matrices=False)  # (C,), (C, C)
    directions = directions[:dims]  # (dims, C)
    largest = directions.gather(1, directions.abs().argmax(dim=1, keepdim=True))
    directions = directions * largest.sign()
    variance = singular**2
    return centred @ directions.T, variance[:dims] / variance.sum()


@dataclass
class WordVectors:
    """A vocabulary and one vector per word: `vectors[i]` belongs to `words[i]`."""

    words: list[str]
    vectors: torch.Tensor  # (V, C)

    def __post_init__(self) -> None:
        self.index = {word: i for i, word in enumerate(self.words)}

    def id(self, word: str) -> int:
        if word not in self.index:
            raise KeyError(f"{word!r} is not in this vocabulary of {len(self.words)} words")
        return self.index[word]

    def __getitem__(self, word: str) -> torch.Tensor:
        """The vector of one word, (C,)."""
        return self.vectors[self.id(word)]

    def similarity(self, first: str, second: str) -> float:
        return cosine_similarity(self[first], self[second]).item()

    def neighbours(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        """The k words whose vectors point most nearly like `word`'s (itself left out)."""
        return self.nearest(self[word], k, exclude=[word])

    def nearest(
        self, query: torch.Tensor, k: int = 5, exclude: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """The k words nearest to a vector (C,), with their cosine similarities."""
        ids = nearest_neighbours(query, self.vectors, k, [self.id(w) for w in exclude])
        similarity = cosine_similarity(self.vectors[ids], query)
        return [(self.words[i], round(s, 3)) for i, s in zip(ids.tolist(), similarity.tolist(),
                                                            strict=True)]

    def analogy(self, a: str, b: str, c: str, k: int = 3) -> list[tuple[str, float]]:
        """Words nearest to a - b + c, the three query words left out.

        `analogy("puppy", "dog", "cat")` asks "puppy is to dog as ? is to cat": the offset
        from dog to puppy (young) added to cat.
        """
        # in `analogy`'s words: b is to a as c is to ?, the same query a - b + c
        ids = analogy(self.vectors, self.id(b), self.id(a), self.id(c), k)
        similarity = cosine_similarity(self.vectors[ids], self[a] - self[b] + self[c])
        return [(self.words[i], round(s, 3)) for i, s in zip(ids.tolist(), similarity.tolist(),
                                                            strict=True)]


# Words described by features we chose by hand, one number per feature: a picture of what
# learned embeddings do without our help. "young" is the same offset for every animal and
# person, so puppy - dog + cat lands on kitten.
FEATURES = ["animal", "person", "canine", "feline", "young", "royal", "female"]
HAND_MADE = WordVectors(
    words=["dog", "puppy", "wolf", "cat", "kitten", "lion", "man", "woman", "boy", "girl",
           "king", "queen", "prince", "princess"],
    vectors=torch.tensor([
        # animal person canine feline young royal female
        [1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],  # dog
        [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0],  # puppy
        [1.0, 0.0, 0.9, 0.0, 0.0, 0.0, 0.0],  # wolf
        [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],  # cat
        [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0],  # kitten
        [1.0, 0.0, 0.0, 0.9, 0.0, 0.3, 0.0],  # lion
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],  # man
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0],  # woman
        [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0],  # boy
        [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0],  # girl
        [0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],  # king
        [0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0],  # queen
        [0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0],  # prince
        [0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0],  # princess
    ]),
)


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def words_of(text: str) -> list[str]:
    """Lower-case words, apostrophes kept inside them.

    >>> words_of("O Romeo, Romeo! wherefore art thou Romeo? 'Tis thy name")
    ['o', 'romeo', 'romeo', 'wherefore', 'art', 'thou', 'romeo', 'tis', 'thy', 'name']
    """
    return _WORD.findall(text.lower())


def build_vocabulary(words: Sequence[str], size: int) -> list[str]:
    """The `size` most frequent words, most frequent first (ties in alphabetical order)."""
    counts = Counter(words)
    return sorted(counts, key=lambda w: (-counts[w], w))[:size]


def cooccurrence_counts(ids: torch.Tensor, vocab_size: int, window: int) -> torch.Tensor:
    """How often word j occurs within `window` words of word i, for every pair.

    ids (N,) long, -1 for words outside the vocabulary (they count for nobody) ->
    counts (V, V) float32, symmetric. counts[i, j] is the number of pairs of positions
    p != q with |p - q| <= window, ids[p] = i and ids[q] = j: the company on both sides,
    never a position with itself (a word repeated nearby, "romeo, romeo", does count on the
    diagonal).
    """
    counts = torch.zeros(vocab_size * vocab_size)  # flat: one bincount adds all pairs
    for offset in range(1, window + 1):  # the words `offset` apart, both ways below
        left, right = ids[:-offset], ids[offset:]
        known = (left >= 0) & (right >= 0)
        left, right = left[known], right[known]
        for centre, context in ((left, right), (right, left)):
            counts += torch.bincount(centre * vocab_size + context,
                                     minlength=vocab_size * vocab_size).float()
    return counts.view(vocab_size, vocab_size)


class NeighbourPredictor(nn.Module):
    """Predicts the words around a word from that word's vector alone.

    ids (B,) -> logits (B, V) over the neighbouring word. The only thing it knows about a
    word is its row of `embedding`: words that occur in similar company must get vectors
    that give similar predictions, so they end up pointing the same way.
    """

    def __init__(self, vocab_size: int, dim: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim)
        nn.init.normal_(self.embedding.weight, std=0.1)
        # the bias learns how common each neighbour is anyway, so the vectors need not
        self.predict = nn.Linear(dim, vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.predict(self.embedding(ids))


def train_neighbour_predictor(
    counts: torch.Tensor, dim: int = 32, steps: int = 150, lr: float = 0.1, seed: int = 0
) -> tuple[NeighbourPredictor, list[float]]:
    """Fit a `NeighbourPredictor` to co-occurrence counts (V, V); return it and its losses.

    The loss is the cross-entropy of predicting every (word, neighbour) pair of the corpus,
    computed from the counts in one batch of all V words per step (so training is
    deterministic and fast). Each word's loss is weighted by the square root of its count,
    so that frequent words do not drown out the rest.
    """
    torch.manual_seed(seed)
    vocab_size = counts.size(0)
    model = NeighbourPredictor(vocab_size, dim)
    per_word = counts.sum(dim=1)  # (V,)
    target = counts / per_word.clamp(min=1)[:, None]  # (V, V): distribution of neighbours
    weight = per_word.sqrt() / per_word.sqrt().sum()  # (V,)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    everyone = torch.arange(vocab_size)
    losses = []
    # Matrices this small gain little from a second thread, and on a machine whose cores are
    # busy, threads waiting for each other made training ten times slower (measured).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for _ in range(steps):
            log_probs = F.log_softmax(model(everyone), dim=-1)  # (V, V)
            loss = -((target * log_probs).sum(dim=1) * weight).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    finally:
        torch.set_num_threads(threads)
    return model, losses


def learn_shakespeare_vectors(
    vocab_size: int = 1000, dim: int = 32, window: int = 2, steps: int = 150, seed: int = 0
) -> tuple[WordVectors, list[float]]:
    """Word vectors for the `vocab_size` most common words of Tiny Shakespeare, and the loss.

    Takes a few seconds on two CPU cores with the defaults.
    """
    words = words_of(load_shakespeare())
    vocabulary = build_vocabulary(words, vocab_size)
    index = {w: i for i, w in enumerate(vocabulary)}
    ids = torch.tensor([index.get(w, -1) for w in words])
    counts = cooccurrence_counts(ids, vocab_size, window)
    model, losses = train_neighbour_predictor(counts, dim, steps, seed=seed)
    return WordVectors(vocabulary, model.embedding.weight.detach().clone()), losses
