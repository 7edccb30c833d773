"""tagger.cut is jieba's own cut (with its HMM), word for word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fanwen_clean.stages.anonymize import tagger

# common characters, surnames and given-name characters, so that words, prefixes, unknown
# names (the HMM's part) and ties all occur
ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也" \
           "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实" \
           "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与" \
           "关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最" \
           "立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山" \
           "统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保" \
           "治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风" \
           "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏" \
           "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲丹宇浩凯健俊帆ab12"

CASES = ["王小明在县第一中学担任语文教师", "张三李四和王五一起去开会", "柯文燮同志作了工作报告",
         "我们要认真学习贯彻会议精神", "abc123", "一", "的的的的的", "章昊奎孔娜娜闫立新"]


def test_known_sentences_cut_as_jieba_does() -> None:
    tok = tagger._tokenizer()
    for s in CASES:
        assert tagger.cut(tok, s) == list(tok.cut(s, HMM=True)), s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_any_run_cuts_as_jieba_does(s: str) -> None:
    tok = tagger._tokenizer()
    assert tagger.cut(tok, s) == list(tok.cut(s, HMM=True))
