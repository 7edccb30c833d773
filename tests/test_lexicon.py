"""The shared word table: membership, counts, tags and words at a position."""

from fanwen_clean.lexicon import lexicon


def test_common_word_has_count_and_tag():
    words = lexicon()
    assert "检查" in words
    assert words.freq("检查") > 1000
    assert words.tag("检查") in {"v", "vn"}


def test_misspelling_is_not_a_word():
    assert lexicon().freq("按装") == 0
    assert lexicon().tag("按装") == ""


def test_words_at_lists_dictionary_words_starting_there():
    found = list(lexicon().words_at("认真学习文件", 2))
    assert "学习" in found
    assert all(len(w) >= 2 for w in found)
