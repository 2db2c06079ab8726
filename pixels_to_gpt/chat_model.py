"""How chapter 9's two committed checkpoints are made: a GPT on BPE tokens, then a chat model.

1. **Pretraining**: the course's GPT and training loop, unchanged, on Tiny Shakespeare cut into
   the course's own BPE tokens (chapter 2) instead of characters: the same model size, steps
   and batch shape as the character checkpoint, so the two are compared at equal work.
2. **Fine-tuning**: from that model, supervised fine-tuning on questions and answers that
   `chat_data` builds from the corpus, in `chat`'s template, the loss counted on answers only.

`python -m pixels_to_gpt train-chat-checkpoints` runs both (a few minutes on 2 CPU cores).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import torch

from pixels_to_gpt.chat import (
    END,
    SPECIAL_TOKENS,
    chat_prompt,
    cut_answer,
    format_chat,
    masked_loss,
)
from pixels_to_gpt.chat_data import Question, held_out, messages, questions, well_formed
from pixels_to_gpt.checkpoint import (
    BPE_CHECKPOINT,
    CHAT_CHECKPOINT,
    load_checkpoint,
    save_checkpoint,
)
from pixels_to_gpt.corpus import load_shakespeare, shakespeare_bpe_data
from pixels_to_gpt.kv_cache import generate_cached
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.shakespeare_model import MODEL_CONFIG, TRAIN_CONFIG
from pixels_to_gpt.tokenizers import BPETokenizer
from pixels_to_gpt.train import TrainConfig, split_loss, train

# 256 bytes + 253 merges + 3 special tokens: a vocabulary of 512
N_MERGES = 253


def character_counts(tokenizer: BPETokenizer) -> torch.Tensor:
    """(V,): how many characters each token spells (0 for the special tokens)."""
    specials = set(tokenizer.special.values())
    return torch.tensor([0 if i in specials else len(tokenizer.decode([i]))
                         for i in range(tokenizer.vocab_size)])


def loss_per_character(model: GPT, ids: torch.Tensor, characters: torch.Tensor | None = None,
                       batch_size: int = 64) -> float:
    """Nats per character of the text that `ids` (N,) holds, over `split_loss`'s windows.

    A token model's loss per token is not comparable with a character model's: a token spells
    about two characters. Dividing the total loss of the predicted tokens by the characters
    they spell (`characters`, (V,), from `character_counts`; None: one each) measures both
    models on the same text in the same unit.
    """
    T = model.config.block_size
    predicted = ids[1 : (len(ids) - 1) // T * T + 1]  # the targets of split_loss's windows
    total = split_loss(model, ids, batch_size) * len(predicted)
    chars = len(predicted) if characters is None else int(characters[predicted].sum())
    return total / chars


def train_bpe_checkpoint(path: Path = BPE_CHECKPOINT,
                         train_config: TrainConfig = TRAIN_CONFIG) -> float:
    """Pretrain the course's GPT on BPE tokens of Tiny Shakespeare and save it.

    Returns the validation loss per character (also stored with it, beside the loss per token).
    """
    torch.manual_seed(train_config.seed)
    tokenizer, train_ids, val_ids = shakespeare_bpe_data(N_MERGES, SPECIAL_TOKENS)
    model = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, **MODEL_CONFIG))
    log = train(model, train_ids, val_ids, train_config)
    per_char = round(loss_per_character(model, val_ids, character_counts(tokenizer)), 4)
    info = {
        "corpus": "tinyshakespeare (first 90% train, last 10% validation, cut at the same "
                  "character as the character model's); BPE learned on the training part",
        "n_merges": N_MERGES,
        "train_config": asdict(train_config),
        "log": log,
        "val_loss": log[-1]["val_loss"],
        "val_loss_per_character": per_char,
        "torch_version": str(torch.__version__),
    }
    save_checkpoint(path, model, tokenizer, info)
    return per_char


# Fine-tuning: a few hundred steps from the pretrained weights, with a smaller learning rate
# than pretraining's (the model keeps what it knows and learns the format on top).
FINE_TUNE_STEPS = 400
FINE_TUNE_BATCH = 32
FINE_TUNE_LR = 5e-4
HELD_OUT = 50  # questions of each task, from the validation text


def fine_tune_examples(questions: list[Question], tokenizer: BPETokenizer, block_size: int
                       ) -> list[tuple[list[int], list[bool]]]:
    """Each question in the chat template, as (ids, is_answer); those too long are left out."""
    examples = [format_chat(messages(q), tokenizer) for q in questions]
    return [(ids, flags) for ids, flags in examples if len(ids) <= block_size + 1]


def fine_tune_batch(examples: list[tuple[list[int], list[bool]]], pad_id: int
                    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """x, y, mask (B, T): inputs, next tokens, and which targets are answer tokens; rows are
    padded on the right to the longest (padding is never an answer, so it never counts)."""
    T = max(len(ids) for ids, _ in examples) - 1
    x = torch.full((len(examples), T), pad_id)
    y = torch.full((len(examples), T), pad_id)
    mask = torch.zeros(len(examples), T, dtype=torch.bool)
    for row, (ids, flags) in enumerate(examples):
        n = len(ids) - 1
        x[row, :n], y[row, :n] = torch.tensor(ids[:-1]), torch.tensor(ids[1:])
        mask[row, :n] = torch.tensor(flags[1:])  # target t is ids[t + 1]
    return x, y, mask


def fine_tune(model: GPT, tokenizer: BPETokenizer, questions: list[Question],
              steps: int = FINE_TUNE_STEPS, batch_size: int = FINE_TUNE_BATCH,
              learning_rate: float = FINE_TUNE_LR, seed: int = 0) -> list[float]:
    """Supervised fine-tuning in place: random batches of `questions`, `masked_loss` on the
    answers. Returns the loss of every step."""
    examples = fine_tune_examples(questions, tokenizer, model.config.block_size)
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.0)
    pad_id = tokenizer.special[END]
    losses = []
    model.train()
    for _ in range(steps):
        picked = torch.randint(len(examples), (batch_size,), generator=generator).tolist()
        x, y, mask = fine_tune_batch([examples[i] for i in picked], pad_id)
        loss = masked_loss(model(x), y, mask)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(round(loss.item(), 4))
    model.eval()
    return losses


@torch.no_grad()
def ask(model: GPT, tokenizer: BPETokenizer, question: Question,
        max_new_tokens: int = 40) -> tuple[str, bool]:
    """The model's greedy answer to `question` in the chat template, and whether it ended
    with `<|end|>` (False: it ran out of tokens, still going). Written with the KV cache of
    chapter 8: the same tokens as `sampling.generate`, faster."""
    end_id = tokenizer.special[END]
    prompt = torch.tensor([chat_prompt(messages(question, with_answer=False), tokenizer)])
    prompt = prompt[:, -model.config.block_size:]
    out = generate_cached(model, prompt, max_new_tokens, temperature=0.0,
                          eos_id=end_id)[0, prompt.size(1):].tolist()
    return tokenizer.decode(cut_answer(out, end_id)), end_id in out


def chat_rates(model: GPT, tokenizer: BPETokenizer, questions: list[Question]) -> dict:
    """How often the answers are well formed (per task), and right ("next speaker")."""
    answers = [(q, *ask(model, tokenizer, q)) for q in questions]
    rates = {}
    for task in ("next speaker", "answer as"):
        mine = [(q, a, done) for q, a, done in answers if q.task == task]
        rates[task] = {"well formed": sum(well_formed(q, a, done) for q, a, done in mine)
                       / len(mine)}
        if task == "next speaker":
            rates[task]["right"] = sum(done and a.strip() == q.answer for q, a, done in mine
                                       ) / len(mine)
    return rates


def train_chat_checkpoint(pretrained: Path = BPE_CHECKPOINT, path: Path = CHAT_CHECKPOINT,
                          steps: int = FINE_TUNE_STEPS, n_held_out: int = HELD_OUT) -> dict:
    """Fine-tune the pretrained token model on the training text's questions and save it.

    Returns (and stores) the held-out rates before and after fine-tuning.
    """
    model, tokenizer, pretrained_info = load_checkpoint(pretrained)
    text = load_shakespeare()
    n_train = int(len(text) * 0.9)
    test = held_out(text[n_train:], n_held_out)
    before = chat_rates(model, tokenizer, test)
    torch.manual_seed(0)
    losses = fine_tune(model, tokenizer, questions(text[:n_train]), steps)
    after = chat_rates(model, tokenizer, test)
    info = {
        "pretrained": pretrained.name,
        "fine_tune": {"questions": "chat_data.questions of the training text",
                      "steps": steps, "batch_size": FINE_TUNE_BATCH,
                      "learning_rate": FINE_TUNE_LR, "losses_every_50": losses[::50]
                      + losses[-1:]},
        "held_out": f"{n_held_out} questions of each task from the validation text (seed 0)",
        "before": before,
        "after": after,
        "val_loss_per_character": pretrained_info.get("val_loss_per_character"),
        "torch_version": str(torch.__version__),
    }
    save_checkpoint(path, model, tokenizer, info)
    return {"before": before, "after": after}
