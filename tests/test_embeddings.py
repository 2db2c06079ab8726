"""Embeddings: lookups, cosine similarity, neighbours, analogies, PCA and learned vectors."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from pixels_to_gpt.embeddings import (
    HAND_MADE,
    WordVectors,
    analogy,
    build_vocabulary,
    cooccurrence_counts,
    cosine_similarity,
    learn_shakespeare_vectors,
    nearest_neighbours,
    one_hot_lookup,
    pca,
    train_neighbour_predictor,
    words_of,
)


def test_one_hot_lookup_is_what_nn_embedding_returns():
    torch.manual_seed(0)
    embedding = nn.Embedding(7, 3)
    ids = torch.tensor([[4, 0, 6], [1, 1, 2]])
    looked_up = one_hot_lookup(ids, embedding.weight)
    assert looked_up.shape == (2, 3, 3)
    assert torch.allclose(looked_up, embedding(ids))
    assert torch.equal(one_hot_lookup(torch.tensor([2]), torch.eye(4))[0],
                       torch.tensor([0.0, 0.0, 1.0, 0.0]))


def test_cosine_similarity_shapes_and_values():
    a = torch.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    b = torch.tensor([[2.0, 0.0], [0.0, -3.0]])
    expected = [[1.0, 0.0], [1 / math.sqrt(2), -1 / math.sqrt(2)], [0.0, 0.0]]
    assert torch.allclose(cosine_similarity(a, b), torch.tensor(expected))
    assert cosine_similarity(a[1], b).shape == (2,)
    assert cosine_similarity(a, b[0]).shape == (3,)
    assert cosine_similarity(a[1], b[1]).shape == ()
    # scaling a vector changes the dot product but not the cosine
    assert torch.allclose(cosine_similarity(10 * a[:2], b), cosine_similarity(a[:2], b))


def test_cosine_similarity_agrees_with_torch_and_leaves_inputs_alone():
    torch.manual_seed(1)
    a, b = torch.randn(5, 8), torch.randn(4, 8)
    a_before = a.clone()
    expected = nn.functional.cosine_similarity(a[:, None], b[None], dim=-1)
    assert torch.allclose(cosine_similarity(a, b), expected, atol=1e-6)
    assert torch.equal(a, a_before)


def test_nearest_neighbours_most_similar_first_and_excluded_ids_left_out():
    table = torch.tensor([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0], [5.0, 1.0]])
    # cosines with row 0: 1, 0.994, 0, -1, 0.981 (row 4 is long but points less alike)
    assert nearest_neighbours(table[0], table, 3).tolist() == [0, 1, 4]
    assert nearest_neighbours(table[0], table, 3, exclude=[0]).tolist() == [1, 4, 2]
    assert nearest_neighbours(table[0], table, 2, exclude=[0, 1]).tolist() == [4, 2]


def test_analogy_answers_a_is_to_b_as_c_is_to_by_cosine_without_the_query_words():
    # person, female, royal; "crown" is long and points elsewhere
    vectors = torch.tensor([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0],
                            [0.0, 3.0, 2.0]])
    man, woman, king, queen, crown = range(5)
    answer = analogy(vectors, man, woman, king, k=2)  # woman - man + king = queen exactly
    assert answer.dtype == torch.long and answer.tolist() == [queen, crown]
    # by dot product "crown" would win; the query words are never an answer
    assert analogy(vectors, man, woman, king, k=2).tolist()[0] != crown
    assert set(analogy(vectors, man, woman, king, k=2).tolist()).isdisjoint({man, woman, king})
    # the order matters: b - a + c, not a - b + c
    assert analogy(vectors, woman, man, queen, k=1).tolist() == [king]


def test_hand_made_analogies_work_exactly():
    assert HAND_MADE.analogy("puppy", "dog", "cat", k=1)[0][0] == "kitten"
    assert HAND_MADE.analogy("queen", "king", "man", k=1)[0][0] == "woman"
    assert HAND_MADE.analogy("princess", "prince", "boy", k=1)[0][0] == "girl"
    neighbours = [w for w, _ in HAND_MADE.neighbours("dog", 2)]
    assert neighbours == ["wolf", "puppy"]


def test_word_vectors_leave_the_query_words_out_and_name_unknown_words():
    vectors = WordVectors(["a", "b", "c"], torch.tensor([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0]]))
    assert [w for w, _ in vectors.neighbours("a", 2)] == ["b", "c"]
    with pytest.raises(KeyError, match="'zebra' is not in this vocabulary of 3 words"):
        vectors["zebra"]


def test_pca_finds_the_direction_of_largest_spread_with_a_fixed_sign():
    torch.manual_seed(2)
    x = torch.randn(200, 3) * torch.tensor([10.0, 1.0, 0.1])
    coords, explained = pca(x)
    assert coords.shape == (200, 2) and explained.shape == (2,)
    assert explained[0] > 0.95 and explained.sum() <= 1.0 + 1e-6
    # the first coordinate is (up to centring) the first feature, with a positive sign
    assert torch.corrcoef(torch.stack([coords[:, 0], x[:, 0]]))[0, 1] > 0.99
    # the same points in another order give the same picture, not a mirrored one
    order = torch.randperm(200)
    shuffled, _ = pca(x[order])
    assert torch.allclose(shuffled, coords[order], atol=1e-4)


def test_words_and_vocabulary():
    words = words_of("The king's horse; the KING, the queen.")
    assert words == ["the", "king's", "horse", "the", "king", "the", "queen"]
    assert build_vocabulary(words, 3) == ["the", "horse", "king"]


def test_cooccurrence_counts_count_pairs_within_the_window_both_ways():
    ids = torch.tensor([0, 1, 2, -1, 1])
    counts = cooccurrence_counts(ids, 3, window=1)
    assert counts.tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    counts = cooccurrence_counts(ids, 3, window=2)
    assert counts[0, 2] == 1 and counts[2, 0] == 1 and counts[1, 1] == 0
    assert torch.equal(counts, counts.T) and counts.dtype == torch.float32


def test_cooccurrence_counts_never_pair_a_position_with_itself_nor_wrap_around():
    # a word repeated next to itself counts on the diagonal, once each way
    assert cooccurrence_counts(torch.tensor([0, 0, 1]), 2, window=1).tolist() == [[2, 1], [1, 0]]
    # a window longer than the text: each pair once each way, and unused words keep their rows
    counts = cooccurrence_counts(torch.tensor([2, 0]), 4, window=9)
    assert counts.shape == (4, 4) and counts.sum() == 2 and counts[0, 2] == counts[2, 0] == 1
    # the first and last words are not neighbours
    assert cooccurrence_counts(torch.tensor([0, 1, 2]), 3, window=1)[0, 2] == 0


def test_training_lowers_the_loss_and_groups_words_that_share_neighbours():
    # words 0 and 1 have the same neighbours (2), words 3 and 4 share theirs (5)
    counts = torch.zeros(6, 6)
    for a, b in ((0, 2), (1, 2), (3, 5), (4, 5)):
        counts[a, b] = counts[b, a] = 10.0
    model, losses = train_neighbour_predictor(counts, dim=4, steps=100, seed=0)
    assert losses[-1] < 0.5 * losses[0]
    vectors = model.embedding.weight.detach()
    assert cosine_similarity(vectors[0], vectors[1]) > cosine_similarity(vectors[0], vectors[3])
    again, _ = train_neighbour_predictor(counts, dim=4, steps=100, seed=0)
    assert torch.equal(again.embedding.weight, model.embedding.weight)


@pytest.mark.slow
def test_shakespeare_vectors_put_related_words_together():
    vectors, losses = learn_shakespeare_vectors()
    assert losses[-1] < losses[0] - 1.0
    assert "juliet" in [w for w, _ in vectors.neighbours("romeo", 3)]
    assert "day" in [w for w, _ in vectors.neighbours("night", 5)]
    assert vectors.analogy("him", "he", "she", k=1)[0][0] == "her"
