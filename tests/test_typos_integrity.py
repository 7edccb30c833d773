"""The shipped typo dictionary is safe: no duplicates, no cycles, no change to correct words."""

from __future__ import annotations

from pathlib import Path

import regex

from fanwen_clean import RuleBook
from fanwen_clean.rules import default_rules_dir
from fanwen_clean.stages.typos import fix_text

_SHIPPED = RuleBook((default_rules_dir(),))
ROWS = [r for r in _SHIPPED.table("typos") if Path(r["_source"].rsplit(":", 1)[0]).name == "typos.tsv"]

# Correct words and phrases that contain (or sit next to) a wrong side of the table.
# Each must come out of the typo stage unchanged; grow this list with every guarded pair.
_CORRECT_TEXT = """
名位 看重名位 正在坐车 坐在坐垫上 嘌呤 腺嘌呤 《灵枢》 黄帝内经·灵枢 灵枢经 素问、灵枢
过度到了极点 过度期望 过度期待 过度劳累 过渡时期 过渡到 立即然后 一贯切实 一贯切合
各自已经 来自已故 不能自已 难以自已 自己经常 自己经历 知己经营 讲座落幕 领先峰值 冲峰顶
充分发挥 王发辉 不幸苦难 有幸苦读 招开发商 从事绩效 攻克苦难 攻坚苦战 毕竟相比 究竟选谁
毕竟争取 爱好象棋 美好象征 地图象征 电影象征 平稳过渡 过渡阶段 部分 再接再厉 按部就班
迫不及待 谈笑风生 自知之明 一鼓作气 变本加厉 滥竽充数 墨守成规 草菅人命 走投无路 川流不息
一筹莫展 出其不意 既往不咎 金榜题名 美轮美奂 世外桃源 悬梁刺股 针砭时弊 一如既往 一泻千里
不胫而走 不假思索 不可思议 人才辈出 仗义执言 修葺一新 刻苦 兴高采烈 在所不惜 出类拔萃
别出心裁 各行其是 哄堂大笑 举世瞩目 众志成城 备受关注 关怀备至 直截了当 专心致志 破釜沉舟
唉声叹气 情不自禁 恰如其分 惹是生非 首屈一指 披星戴月 按捺不住 措手不及 故步自封 明辨是非
黯然失色 有恃无恐 来势汹汹 流连忘返 满腹经纶 源远流长 焕然一新 焦躁 熙熙攘攘 相辅相成
眼花缭乱 矫揉造作 立竿见影 竭泽而渔 精兵简政 绿草如茵 缘木求鱼 老生常谈 略胜一筹 脍炙人口
自暴自弃 莫名其妙 蛛丝马迹 言简意赅 贻笑大方 走马观花 趋之若鹜 迫在眉睫 重蹈覆辙 锐不可当
集思广益 鞠躬尽瘁 食不果腹 饮鸩止渴 首当其冲 鬼鬼祟祟 鼎力相助 两全其美 人情世故 入场券
分道扬镳 名列前茅 和蔼可亲 声名鹊起 大相径庭 天翻地覆 如火如荼 宁缺毋滥 寥寥无几 山清水秀
座无虚席 弱不禁风 心旷神怡 忠贞不渝 殚精竭虑 推心置腹 班门弄斧 无精打采 继往开来 根深蒂固
沧海一粟 销声匿迹 淋漓尽致 炙手可热 独当一面 姗姗来迟 甘拜下风 相形见绌 真知灼见 罄竹难书
礼尚往来 笑容可掬 粗制滥造 繁文缛节 纷至沓来 耳濡目染 心心相印 蓬荜生辉 蜂拥而至 貌合神离
趁热打铁 迥然不同 追根溯源 通宵达旦 部署 金碧辉煌 锋芒毕露 长途跋涉 雷厉风行 振聋发聩
高瞻远瞩 励精图治 好高骛远 各抒己见 全力以赴 持之以恒 锲而不舍 众所周知 不卑不亢 旁征博引
义不容辞 艰苦奋斗 实事求是 与时俱进 兢兢业业 战战兢兢 以身作则 砥砺前行 如履薄冰 未雨绸缪
因地制宜 有的放矢 对症下药 循序渐进 耳熟能详 家喻户晓 融会贯通 百折不挠 不屈不挠 日新月异
度假村 松弛 暴躁 急躁 烦躁 干燥 脉搏 气概 慷慨 辩论 辨别 辨认 粗犷 寒暄 震撼 宣泄 赝品 辐射
搏斗 蛰伏 追溯 坐镇 竣工 提纲 提炼 抱歉 沉湎 蛊惑 挖墙脚 精粹 荟萃 伎俩 装潢 渺小 编辑 编纂
贪赃 赃款 奇迹 事迹 迁徙 气候 候车室 候选人 篮球 渲染 酝酿 陷阱 竞争 竟然 竞相 竞选 竞技
毕竟 究竟 抉择 歧视 分歧 岐山 签订 寻人启事 启示录 委曲求全 脱颖而出 新颖 锻炼 训练 通缉
瑕疵 闲暇 无暇顾及 磋商 蹉跎 切磋 恪守 严格守纪 勤勤恳恳 诚恳 恳切 开垦 辛苦 熏陶 陶冶 淘汰
涣散 焕发 召唤 召开 号召 招聘 覆盖 颠覆 浮躁 枯燥 鼓噪 噪音 名副其实 书籍 籍贯 国籍 狼藉
慰藉 驰骋 驰名 张弛有度 风驰电掣 憧憬 青睐 稍纵即逝 一蹴而就 一蹶不振 一气呵成 一脉相承
司空见惯 全神贯注 如雷贯耳 沁人心脾 鸿篇巨制 弘扬 发扬光大 发挥 辉煌 光辉 璀璨 跋山涉水
纯粹 粗糙 凌驾 驾驭 驾驶 坐落 座谈会 座右铭 先锋 冲锋 理直气壮 状况 状态 症状 发轫 起讫
掂量 坍塌 暴发户 证券 优惠券 稳操胜券 精彩 风采 神采 喝彩 丰富多彩 博采众长 党风廉政
反腐倡廉 扎实 挣扎 扎根 安营扎寨 履职 履行 屡次 屡见不鲜 屡禁不止 感恩戴德 已经 知己
舍己为人 克己奉公 严于律己 身不由己 知己知彼 自己 迄今 工作总结 好像 图像 影像 录像 偶像
肖像 篇幅 横幅 幅度 订书机 照相机 敬爱 亲爱 热爱 爱国 爱护 关爱 爱心 既然 就像 贯彻
通知已下发 得知已经 爱好 象征 低碳火电 林木碳汇 燃煤碳排放 保证状态 签证状态 平安祥和
进入坐标 大力弘扬 宏扬公司 总节目单 立即然后 各自已完成 来自已经毕业的学生
叮呤当啷 甲氨蝶呤 不甚了了 了了可见 情不自已
实现目的的手段 的的确确 他的的确 为了了解 开展了了解 不了了之 小时了了 明明了了
自己到 自己有 知己在 据为己有 一己之私 安分守己 事不关己 对己严格 燃气泄漏 泄漏事故 管道泄漏了
一颗种子长成大树 天平 天平秤 运筹帷幄 三冬暖 秤杆 称重
一颗树种 一颗松果 一颗心 取到的样本起作用 取到样本 像模像样 百年好合 吉时已到
召开1次会议 发生1起事故 第1名 1万1千 版本1.1 10样 统10 同1.5
"""
CORRECT = _CORRECT_TEXT.split()


def test_at_least_300_pairs() -> None:
    assert len(ROWS) >= 300


def test_no_duplicates() -> None:
    wrongs = [r["wrong"] for r in ROWS]
    dupes = {w for w in wrongs if wrongs.count(w) > 1}
    assert not dupes


def test_every_right_differs_from_wrong() -> None:
    assert [r["wrong"] for r in ROWS if not r["right"] or r["right"] == r["wrong"]] == []


def test_no_cycles() -> None:
    # a right side is never a wrong side, so fixing never undoes another fix
    wrongs = {r["wrong"] for r in ROWS}
    assert [r["right"] for r in ROWS if r["right"] in wrongs] == []


def test_right_sides_are_left_alone() -> None:
    changed = [r["right"] for r in ROWS if fix_text(r["right"], _SHIPPED)[0] != r["right"]]
    assert changed == []


def test_correct_words_are_left_alone() -> None:
    changed = {w: fix_text(w, _SHIPPED)[0] for w in CORRECT if fix_text(w, _SHIPPED)[0] != w}
    assert changed == {}


def test_unguarded_pairs_fix_in_context() -> None:
    # every pair without a guard is fixed between neutral characters, and the fix is stable
    for r in ROWS:
        if r.get("guard"):
            continue
        text = f"其中{r['wrong']}以后"
        once = fix_text(text, _SHIPPED)[0]
        assert r["wrong"] not in once and r["right"] in once, r
        assert fix_text(once, _SHIPPED)[0] == once, r


def test_guards_compile_and_are_noted() -> None:
    for r in ROWS:
        g = r.get("guard", "")
        if g:
            regex.compile(g.removeprefix("!"))
            assert r.get("note") is not None


def test_unguarded_wrong_sides_are_not_correct_words() -> None:
    # an unguarded wrong side must never be (part of) a word listed as correct
    bad = [(r["wrong"], w) for r in ROWS if not r.get("guard") for w in CORRECT if r["wrong"] in w]
    assert bad == []
