"""How real reports write numbers and the boilerplate around them.

Numbers come out the ways scraped reports show them: plain, with thousands separators, full-width, or in
Chinese numerals for small counts. The value behind the text is always the plain number the truth records.
"""

from __future__ import annotations

import random

CHINESE_DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def chinese_numeral(n: int) -> str:
    """0-99 in Chinese numerals (两 for a lone 2 before a classifier, as reports write it)."""
    if n == 2:
        return "两"
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[ones] if ones else "")


def number(rng: random.Random, value: float, allow_chinese: bool = True) -> str:
    """One number as prose would print it."""
    if not float(value).is_integer():
        text = f"{value:g}"
        return text.translate(FULL_WIDTH) if rng.random() < 0.05 else text
    n = int(value)
    roll = rng.random()
    if allow_chinese and 0 < n < 100 and roll < 0.06:
        return chinese_numeral(n)
    if n >= 1000 and roll < 0.3:
        return f"{n:,}"
    if roll > 0.95:
        return str(n).translate(FULL_WIDTH)
    return str(n)


def year_zh(year: int) -> str:
    """二〇一八: how a 落款 date writes the year."""
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(year))


def date_zh(rng: random.Random, year: int, month: int, day: int) -> str:
    if rng.random() < 0.2:
        return f"{year_zh(year)}年{chinese_numeral(month) if month != 2 else '二'}月{chinese_numeral(day) if day != 2 else '二'}日"
    return f"{year}年{month}月{day}日"


def period_sentence(rng: random.Random, year: int, lose_characters: bool) -> str:
    """The 统计期限 sentence; scraped pages sometimes lose 年/月 ("201811日至20181231日")."""
    if lose_characters:
        return f"本报告中所列数据的统计期限为{year}11日至{year}1231日。"
    return rng.choice(
        [
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            f"本报告所列数据的统计时限为{year}年1月1日至{year}年12月31日。",
            f"本年度报告中所列数据统计期限为{year}年1月1日至12月31日。",
        ]
    )


INTRO_V2008 = (
    "本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，由{office}编制的{year}年度政府信息公开年度报告。"
    "全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开收费及减免情况、因政府信息公开申请行政复议和提起行政诉讼的情况、"
    "政府信息公开工作存在的主要问题及改进措施等内容。"
)
INTRO_V2019 = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，由{office}编制。全文包括总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
)
CONTACT = "如对本报告有疑问，请与{office}联系（地址：{address}；电话：{phone}）。"

OVERVIEW_V2008 = [
    "{year}年，{short}认真贯彻落实《条例》和上级关于政府信息公开工作的部署要求，以公开为原则、不公开为例外，不断完善工作机制，拓宽公开渠道，政府信息公开工作有序推进。",
    "一是加强组织领导。成立了由分管领导任组长的政府信息公开工作领导小组，明确专人负责信息的收集、审核和发布。",
    "二是完善制度建设。修订完善了政府信息公开保密审查、依申请公开办理等工作制度，做到有章可循。",
    "三是强化平台建设。充分发挥政府门户网站第一平台作用，同时利用公开栏、查阅点等渠道方便群众查阅。",
]
OVERVIEW_V2019 = [
    "{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，围绕中心工作，持续深化重点领域信息公开，不断提升政务公开质量和实效。",
    "（三）政府信息管理。进一步规范公文公开属性源头认定，严格落实保密审查制度，及时清理更新政策文件。",
    "（四）平台建设。优化政府门户网站政务公开专栏，整合政务新媒体矩阵，提升信息发布的权威性和时效性。",
    "（五）监督保障。将政务公开工作纳入年度绩效考核，组织开展业务培训，强化监督检查。",
]
PROBLEMS = [
    "（一）存在的主要问题：一是政策解读形式还不够丰富；二是基层政务公开标准化规范化水平有待提升；三是依申请公开答复规范性有待加强。",
    "（二）改进措施：一是丰富图解、视频等解读形式；二是加强业务培训和督查指导；三是完善依申请公开办理流程，提升答复质量。",
]
PROBLEMS_V2008 = [
    "我{unit}政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是公开内容不够全面；二是信息更新不够及时；三是工作人员业务水平有待提高。",
    "下一步，我们将进一步加大公开力度，规范公开程序，加强队伍建设，推动政府信息公开工作再上新台阶。",
]

# Extra paragraphs real reports spend most of their length on; each report draws a few (see extra_paragraphs).
WORK_PARAGRAPHS = [
    "（一）加强组织领导。{short}高度重视政府信息公开工作，主要负责同志多次听取工作汇报，研究部署重点任务，明确分管领导和具体承办人员，形成了主要领导亲自抓、分管领导具体抓、业务科室协同抓的工作格局，为各项工作顺利开展提供了有力保障。",
    "（二）完善制度机制。制定和修订政府信息公开保密审查、依申请公开办理、政策解读、舆情回应等工作制度，进一步规范了信息发布流程，做到公开内容合法合规、公开程序规范有序、公开时限及时准确。",
    "（三）深化重点领域信息公开。围绕财政预决算、重大建设项目、公共资源配置、社会公益事业建设等重点领域，及时主动公开相关信息，持续加大教育、医疗卫生、生态环境、食品药品安全等民生领域信息公开力度，切实保障群众知情权、参与权和监督权。",
    "（四）加强政策解读和回应关切。坚持政策文件与解读材料同步组织、同步审签、同步部署，通过图文解读、专家访谈、新闻发布会等多种形式，深入解读政策背景、主要内容和落实措施，及时回应社会关切，积极引导社会预期。",
    "（五）规范依申请公开工作。严格按照《条例》规定的程序和时限办理政府信息公开申请，完善登记、审核、办理、答复、归档等环节的工作流程，对申请人提出的申请逐一登记、按时答复，依法保障申请人的合法权益。",
    "（六）加强平台建设。进一步优化政府门户网站政府信息公开专栏，规范栏目设置，完善检索功能，提高信息发布的及时性和准确性；充分发挥政务微博、微信公众号等新媒体平台作用，拓宽信息公开渠道，提升信息传播效果。",
    "（七）强化监督保障。将政府信息公开工作纳入年度绩效考核内容，定期开展自查和督促检查，对发现的问题及时督促整改；组织开展业务培训，提升工作人员的业务能力和工作水平。",
    "（八）推进基层政务公开标准化规范化。按照上级部署，梳理编制基层政务公开事项标准目录，规范公开内容、公开方式和公开时限，推动基层政务公开工作向乡镇（街道）、村（社区）延伸。",
    "（九）做好公开属性源头认定。在公文办理环节明确公开属性，对拟不公开的公文说明理由并严格审核，从源头上提高主动公开比例，进一步扩大政府信息公开范围。",
    "（十）加强政府信息管理。定期对已公开的政府信息进行清理，对失效、废止的政策文件及时作出标注，确保公开信息的准确性和权威性；做好政府信息公开工作年度报告的编制和发布工作。",
]


def extra_paragraphs(rng: random.Random, short: str) -> list[str]:
    """Three to seven of the paragraphs above, in their usual order."""
    chosen = sorted(rng.sample(range(len(WORK_PARAGRAPHS)), rng.randint(3, 7)))
    return [WORK_PARAGRAPHS[i].format(short=short) for i in chosen]
