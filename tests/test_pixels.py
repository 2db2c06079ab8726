"""Chapter 1's network on a 3×3 display: data, forward pass, loss, hand-written gradients."""

from __future__ import annotations

import math

import pytest
import torch

from pixels_to_gpt import pixels
from pixels_to_gpt.pixels import (
    SYMBOLS,
    autograd_gradients,
    cross_entropy,
    draw_grids,
    forward,
    forward_steps,
    gradient_step,
    gradients,
    init_params,
    make_dataset,
    noisy_variants,
    one_flip_variants,
)


@pytest.fixture(autouse=True)
def one_thread():
    # tiny tensors: extra threads only add overhead (tens of times slower on a busy machine)
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_symbols_are_four_distinct_displays_of_plus_and_minus_one():
    assert SYMBOLS.shape == (4, 9)
    assert set(SYMBOLS.unique().tolist()) == {-1.0, 1.0}
    assert len(pixels.SYMBOL_NAMES) == 4
    distances = [int((SYMBOLS[a] != SYMBOLS[b]).sum()) for a in range(4) for b in range(a)]
    # any two symbols differ in at least 4 pixels: one flipped pixel never makes them alike
    assert min(distances) >= 4


def test_flip_pixels_flips_only_the_given_pixels_of_a_copy():
    cross = SYMBOLS[0].clone()
    flipped = pixels.flip_pixels(cross, [0, 4])
    assert torch.equal(cross, SYMBOLS[0]), "the input must be left unchanged"
    assert flipped[[0, 4]].tolist() == [-1.0, -1.0]
    assert torch.equal(flipped[[1, 2, 3, 5, 6, 7, 8]], cross[[1, 2, 3, 5, 6, 7, 8]])


def test_noisy_variants_flip_at_most_max_flips_and_never_the_protected_pixels():
    gen = torch.Generator().manual_seed(0)
    copies = noisy_variants(SYMBOLS[1], 200, max_flips=2, generator=gen, never_flip=(4, 8))
    assert copies.shape == (200, 9)
    changed = copies != SYMBOLS[1]
    assert changed.sum(dim=1).max() == 2 and changed.sum(dim=1).min() == 0
    assert not changed[:, [4, 8]].any()
    assert changed[:, [0, 1, 2, 3, 5, 6, 7]].any(dim=0).all(), "every other pixel gets flipped"


def test_noisy_variants_are_reproducible_with_a_seed():
    a = noisy_variants(SYMBOLS[2], 30, 1, torch.Generator().manual_seed(5))
    b = noisy_variants(SYMBOLS[2], 30, 1, torch.Generator().manual_seed(5))
    assert torch.equal(a, b)


def test_make_dataset_labels_each_example_with_its_symbol():
    x, y = make_dataset(10, max_flips=1, generator=torch.Generator().manual_seed(1))
    assert x.shape == (40, 9) and y.shape == (40,) and y.dtype == torch.long
    # with at most one flip, each example is nearest to its own symbol
    nearest = (x[:, None, :] != SYMBOLS[None]).sum(dim=-1).argmin(dim=-1)
    assert torch.equal(nearest, y)


def test_one_flip_variants_cover_every_symbol_and_pixel():
    x, y = one_flip_variants()
    assert x.shape == (36, 9) and y.tolist() == [k for k in range(4) for _ in range(9)]
    assert ((x != SYMBOLS[y]).sum(dim=1) == 1).all()
    x4, y4 = one_flip_variants(4)
    assert x4.shape == (4, 9) and (x4[:, 4] == -SYMBOLS[:, 4]).all() and y4.tolist() == [0, 1, 2, 3]


def test_init_params_shapes():
    params = init_params(5, 3, generator=torch.Generator().manual_seed(0))
    assert {k: tuple(v.shape) for k, v in params.items()} == {
        "W1": (9, 5), "b1": (5,), "W2": (5, 3), "b2": (3,), "W3": (3, 4), "b3": (4,)
    }


def test_forward_squashes_each_layer_into_its_range_and_gives_probabilities():
    params = init_params(6, 5, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    params = {k: v * 2 + 1 for k, v in params.items()}  # large values: squashing matters
    x, _ = make_dataset(5, generator=torch.Generator().manual_seed(0))
    x = x.double()
    steps = forward_steps(params, x)
    assert steps["h1"].shape == (20, 6) and steps["h2"].shape == (20, 5)
    assert (steps["h1"].abs() < 1).all() and steps["h1"].min() < -0.5 < 0.5 < steps["h1"].max()
    assert ((steps["h2"] > 0) & (steps["h2"] < 1)).all()
    probs = forward(params, x)
    assert probs.shape == (20, 4) and (probs >= 0).all()
    assert torch.allclose(probs.sum(dim=1), torch.ones(20, dtype=torch.float64))


def test_forward_of_one_display_by_hand():
    params = init_params(2, 2, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    x = SYMBOLS[0].double()
    h1 = [math.tanh(sum(x[i].item() * params["W1"][i, j].item() for i in range(9))
                    + params["b1"][j].item()) for j in range(2)]
    h2 = [1 / (1 + math.exp(-(sum(h1[i] * params["W2"][i, j].item() for i in range(2))
                               + params["b2"][j].item()))) for j in range(2)]
    z3 = [sum(h2[i] * params["W3"][i, k].item() for i in range(2)) + params["b3"][k].item()
          for k in range(4)]
    probs = [math.exp(z) / sum(math.exp(v) for v in z3) for z in z3]
    assert forward(params, x[None]).tolist()[0] == pytest.approx(probs, rel=1e-12)


def test_cross_entropy_is_minus_log_of_the_right_probability_averaged():
    probs = torch.tensor([[0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]])
    loss = cross_entropy(probs, torch.tensor([0, 3]))
    assert loss.item() == pytest.approx((-math.log(0.7) - math.log(0.25)) / 2)
    assert cross_entropy(torch.tensor([[1.0, 0, 0, 0]]), torch.tensor([0])).item() == 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hand_written_gradients_equal_autograd_on_random_inputs(seed):
    gen = torch.Generator().manual_seed(seed)
    params = init_params(5, 3, generator=gen, dtype=torch.float64)
    params = {k: v + torch.randn(v.shape, generator=gen, dtype=torch.float64) for k, v in
              params.items()}  # non-zero biases, so their gradients are tested too
    x = torch.randn(7, 9, generator=gen, dtype=torch.float64)
    targets = torch.randint(4, (7,), generator=gen)
    by_hand = gradients(params, x, targets)
    by_autograd = autograd_gradients(params, x, targets)
    assert by_hand.keys() == by_autograd.keys() == params.keys()
    for name in params:
        assert by_hand[name].shape == params[name].shape
        torch.testing.assert_close(by_hand[name], by_autograd[name], rtol=1e-10, atol=1e-12)


def test_gradient_step_lowers_the_loss_and_leaves_the_callers_parameters_alone():
    gen = torch.Generator().manual_seed(0)
    params = init_params(generator=gen)
    before = {k: v.clone() for k, v in params.items()}
    x, y = make_dataset(10, generator=gen)
    new = gradient_step(params, x, y, lr=0.5)
    for name in params:
        assert torch.equal(params[name], before[name])
    grads = gradients(params, x, y)
    for name in params:
        torch.testing.assert_close(new[name], params[name] - 0.5 * grads[name])
    assert cross_entropy(forward(new, x), y) < cross_entropy(forward(params, x), y)


def test_gradient_step_moves_each_parameter_by_lr_times_the_finite_difference_slope():
    # the exercise's gradient check: nudge each entry, watch the loss; H1 != H2, so a
    # transposed product cannot pass, and non-zero biases so their gradients count
    gen = torch.Generator().manual_seed(4)
    params = {k: torch.randn(v.shape, generator=gen, dtype=torch.float64)
              for k, v in init_params(5, 3).items()}
    x = (torch.randint(0, 2, (6, 9), generator=gen) * 2 - 1).double()
    y = torch.tensor([0, 1, 2, 3, 1, 1])
    lr, eps = 0.3, 1e-6
    new = gradient_step(params, x, y, lr)
    for name, p in params.items():
        slopes = torch.zeros_like(p)
        for i in range(p.numel()):
            nudged = {k: v.clone() for k, v in params.items()}
            nudged[name].view(-1)[i] += eps
            up = cross_entropy(forward(nudged, x), y)
            nudged[name].view(-1)[i] -= 2 * eps
            slopes.view(-1)[i] = (up - cross_entropy(forward(nudged, x), y)) / (2 * eps)
        torch.testing.assert_close((p - new[name]) / lr, slopes, rtol=1e-5, atol=1e-8)


def test_training_reads_noisy_symbols_it_never_saw():
    gen = torch.Generator().manual_seed(0)
    x, y = make_dataset(50, max_flips=1, generator=gen)
    params = init_params(generator=gen)
    trained, losses = pixels.train(params, x, y, steps=1500, lr=1.0)
    assert losses[-1] < 0.05 < losses[0]
    assert all(b <= a + 1e-6 for a, b in zip(losses[::100], losses[100::100], strict=False))
    every_one_flip, targets = one_flip_variants()
    assert pixels.accuracy(trained, every_one_flip, targets) == 1.0
    assert pixels.accuracy(trained, SYMBOLS, torch.arange(4)) == 1.0
    assert not params["W1"].requires_grad, "train leaves the caller's parameters alone"


def test_draw_grids_draws_one_image_per_display():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = draw_grids(SYMBOLS, titles=list(pixels.SYMBOL_NAMES), suptitle="symbols")
    images = [ax for ax in fig.axes if ax.images]
    assert len(images) == 4
    assert [ax.get_title() for ax in images] == list(pixels.SYMBOL_NAMES)
    assert images[0].images[0].get_array().shape == (3, 3)
    plt.close(fig)
    weights = init_params(generator=torch.Generator().manual_seed(0))["W1"].T
    fig = draw_grids(weights, weights=True, numbers=True)
    assert len([ax for ax in fig.axes if ax.images]) == 4
    assert any(ax.get_label() == "<colorbar>" for ax in fig.axes)
    plt.close(fig)
