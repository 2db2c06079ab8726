"""Chapter 9: the BPE tokenizer with special tokens, the chat template, the masked loss, the
fine-tuning data, and the command that makes the two committed checkpoints."""

from __future__ import annotations

from dataclasses import replace

import pytest
import torch
import torch.nn.functional as F

from pixels_to_gpt.bpe import encode, train_bpe
from pixels_to_gpt.chat import (
    ASSISTANT,
    END,
    USER,
    chat_prompt,
    cut_answer,
    format_chat,
    masked_loss,
)
from pixels_to_gpt.chat_data import Question, held_out, questions, speeches, well_formed
from pixels_to_gpt.checkpoint import load_checkpoint, save_checkpoint
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.tokenizers import BPETokenizer

TEXT = "ROMEO:\nBut soft, what light through yonder window breaks?\n\nJULIET:\nAy me!\n\n"


@pytest.fixture(scope="module")
def tokenizer() -> BPETokenizer:
    return BPETokenizer(train_bpe(TEXT * 3, 20), [USER, ASSISTANT, END])


def test_the_tokenizer_is_the_course_bpe_with_special_tokens_after_its_merges(tokenizer):
    assert tokenizer.encode(TEXT) == encode(TEXT, tokenizer.merges)  # chapter 2's ids
    assert tokenizer.decode(tokenizer.encode(TEXT)) == TEXT
    assert tokenizer.special == {USER: 276, ASSISTANT: 277, END: 278}
    assert tokenizer.vocab_size == 279
    assert tokenizer.decode([276, 278]) == USER + END
    assert "".join(tokenizer.pieces(tokenizer.encode(TEXT))) == TEXT


def test_typed_special_tokens_stay_text(tokenizer):
    ids = tokenizer.encode("say <|end|> now")
    assert tokenizer.special[END] not in ids and tokenizer.decode(ids) == "say <|end|> now"


def test_a_conversation_in_the_template(tokenizer):
    chat = [{"role": "user", "content": "Who?"}, {"role": "assistant", "content": "ROMEO"},
            {"role": "user", "content": "And?"}]
    ids, is_answer = format_chat(chat, tokenizer)
    user, assistant, end = (tokenizer.special[name] for name in (USER, ASSISTANT, END))
    who, romeo, and_ = (tokenizer.encode(s) for s in ("Who?", "ROMEO", "And?"))
    assert ids == [user, *who, end, assistant, *romeo, end, user, *and_, end]
    answer = [False] * (len(who) + 2) + [False] + [True] * (len(romeo) + 1)
    assert is_answer == answer + [False] * (len(and_) + 2)
    assert chat_prompt(chat, tokenizer) == ids + [assistant]
    with pytest.raises(ValueError, match="role"):
        format_chat([{"role": "system", "content": "x"}], tokenizer)


def test_cut_answer_stops_at_the_first_end():
    assert cut_answer([5, 6, 9, 7, 9], end_id=9) == [5, 6]
    assert cut_answer([9, 5], end_id=9) == []
    assert cut_answer([5, 6], end_id=9) == [5, 6]  # still going: everything so far


def test_masked_loss_counts_only_answer_tokens_each_the_same():
    gen = torch.Generator().manual_seed(0)
    logits = torch.randn(3, 5, 11, generator=gen)
    targets = torch.randint(11, (3, 5), generator=gen)
    mask = torch.tensor([[0, 0, 1, 1, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]], dtype=torch.bool)
    ignored = targets.masked_fill(~mask, -100)
    expected = F.cross_entropy(logits.flatten(0, 1), ignored.flatten(), ignore_index=-100)
    assert torch.allclose(masked_loss(logits, targets, mask), expected)
    # what the masked positions hold does not matter
    assert torch.allclose(masked_loss(logits.masked_fill(~mask[..., None], 50.0), targets, mask),
                          expected)


SCENE = ("ROMEO:\nI dreamt a dream to-night.\n\nMERCUTIO:\nAnd so did I.\nWell?\n\n"
         "ROMEO:\nWell, what was yours?\n\nFirst Citizen:\nSpeak.\n\nnot a speech\n\n")


def test_speeches_and_their_questions():
    said = speeches(SCENE)
    assert [(s.speaker, s.line) for s in said] == [
        ("ROMEO", "I dreamt a dream to-night."), ("MERCUTIO", "And so did I."),
        ("ROMEO", "Well, what was yours?"), ("First Citizen", "Speak.")]
    first, second = questions(SCENE)[:2]
    assert first == Question("next speaker", "Who speaks next?\nROMEO: I dreamt a dream "
                             "to-night.\nMERCUTIO: And so did I.", "ROMEO")
    assert second == Question("answer as", "ROMEO says: I dreamt a dream to-night.\n"
                              "Answer as MERCUTIO.", "And so did I.")
    assert len(questions(SCENE)) == 4
    picked = held_out(SCENE * 5, 2, seed=1)
    assert [q.task for q in picked] == ["next speaker"] * 2 + ["answer as"] * 2
    assert picked == held_out(SCENE * 5, 2, seed=1)


def test_well_formed_answers():
    name, line = Question("next speaker", "", "ROMEO"), Question("answer as", "", "Hi.")
    assert well_formed(name, "KING RICHARD III", True) and well_formed(line, "O, woe!", True)
    assert not well_formed(name, "ROMEO", finished=False)  # never wrote <|end|>
    assert not well_formed(name, "ROMEO: I", True) and not well_formed(name, " ", True)
    assert not well_formed(line, "JULIET: no", True) and not well_formed(line, "a\nb", True)


def test_a_bpe_checkpoint_keeps_its_tokenizer(tokenizer, tmp_path):
    model = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, block_size=8, n_layer=1, n_head=2,
                          n_embd=16))
    save_checkpoint(tmp_path / "bpe.pt", model, tokenizer, {"val_loss": 1.0})
    loaded, loaded_tokenizer, info = load_checkpoint(tmp_path / "bpe.pt")
    assert loaded_tokenizer.merges == tokenizer.merges
    assert loaded_tokenizer.special == tokenizer.special
    idx = torch.tensor([tokenizer.encode("Ay me!")])
    assert torch.equal(loaded(idx), model.eval()(idx))


def test_the_committed_chat_model_answers_in_the_format():
    from pixels_to_gpt.chat_model import ask
    from pixels_to_gpt.checkpoint import CHAT_CHECKPOINT

    model, tokenizer, info = load_checkpoint(CHAT_CHECKPOINT)
    assert info["after"]["next speaker"]["well formed"] > info["before"]["next speaker"][
        "well formed"]
    question = Question("next speaker", "Who speaks next?\nROMEO: Good morrow, father.\n"
                        "FRIAR LAURENCE: Benedicite!", "ROMEO")
    answer, finished = ask(model, tokenizer, question)
    assert finished and well_formed(question, answer, finished), answer


def test_the_command_pretrains_then_fine_tunes(tmp_path):
    """`python -m pixels_to_gpt train-chat-checkpoints` runs these two; here briefly."""
    from pixels_to_gpt.chat_model import train_bpe_checkpoint, train_chat_checkpoint
    from pixels_to_gpt.shakespeare_model import TRAIN_CONFIG

    short = replace(TRAIN_CONFIG, max_iters=30, eval_interval=0, warmup_iters=5)
    per_char = train_bpe_checkpoint(tmp_path / "bpe.pt", short)
    model, tokenizer, info = load_checkpoint(tmp_path / "bpe.pt")
    assert info["val_loss_per_character"] == per_char < 4.17  # below ln(65): it learned
    assert tokenizer.vocab_size == model.config.vocab_size == 512
    rates = train_chat_checkpoint(tmp_path / "bpe.pt", tmp_path / "chat.pt", steps=3,
                                  n_held_out=2)
    _, _, chat_info = load_checkpoint(tmp_path / "chat.pt")
    assert chat_info["before"] == rates["before"] and chat_info["after"] == rates["after"]
    assert chat_info["fine_tune"]["steps"] == 3 and set(rates["after"]) == {"next speaker",
                                                                            "answer as"}
