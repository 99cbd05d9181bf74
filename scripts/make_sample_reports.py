"""One-off generator for the bundled sample reports (data/raw/samples). Figures are illustrative."""
import html, random
from pathlib import Path

APPL = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
DENIED = ["1.属于国家秘密","2.其他法律行政法规禁止公开","3.危及“三安全一稳定”","4.保护第三方合法权益","5.属于三类内部事务信息","6.属于四类过程性信息","7.属于行政执法案卷","8.属于行政查询事项"]
UNABLE = ["1.本机关不掌握相关政府信息","2.没有现成信息需要另行制作","3.补正后申请内容仍不明确"]
NOTPROC = ["1.信访举报投诉类申请","2.重复申请","3.要求提供公开出版物","4.无正当理由大量反复申请","5.要求行政机关确认或重新出具已获取信息"]
OTHER21 = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请","2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请","3.其他"]

def requests_rows(rng, template, carried_over, break_denied=False):
    """Rows of table 三 with consistent arithmetic per applicant column; returns rows and carried_forward."""
    cols = 6
    weights = [0.8, 0.12, 0.01, 0.02, 0.03, 0.02]
    def split(n):
        out = [0]*cols
        for _ in range(n):
            out[rng.choices(range(cols), weights)[0]] += 1
        return out
    granted = split(rng.randint(30, 120)); partial = split(rng.randint(2, 15))
    denied = [split(rng.randint(0, 3)) for _ in DENIED]
    unable = [split(rng.randint(0, 25)) for _ in UNABLE]
    notproc = [split(rng.randint(0, 6)) for _ in NOTPROC]
    other = [split(rng.randint(0, 4)) for _ in OTHER21] if template == "v2021" else [split(rng.randint(0, 6))]
    s = lambda rows: [sum(r[i] for r in rows) for i in range(cols)]
    processed = s([granted, partial, s(denied), s(unable), s(notproc), s(other)])
    carried_forward = split(rng.randint(0, 8))
    new = [processed[i] + carried_forward[i] - carried_over[i] for i in range(cols)]
    for i in range(cols):  # keep new >= 0
        if new[i] < 0:
            granted[i] -= new[i]; processed[i] -= new[i]; new[i] = 0
    denied_sub = s(denied)
    if break_denied:
        denied_sub = [v for v in denied_sub]; denied_sub[0] += 1
    tot = lambda r: r + [sum(r)]
    rows = [("一、本年新收政府信息公开申请数量", tot(new)), ("二、上年结转政府信息公开申请数量", tot(carried_over)),
            ("（一）予以公开", tot(granted)), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", tot(partial))]
    rows += [(("（三）不予公开", d), tot(r)) for d, r in zip(DENIED, denied)]
    rows += [(("（四）无法提供", d), tot(r)) for d, r in zip(UNABLE, unable)]
    rows += [(("（五）不予处理", d), tot(r)) for d, r in zip(NOTPROC, notproc)]
    if template == "v2021":
        rows += [(("（六）其他处理", d), tot(r)) for d, r in zip(OTHER21, other)]
    else:
        rows += [("（六）其他处理", tot(other[0]))]
    rows += [("（七）总计", tot(processed)), ("四、结转下年度继续办理", tot(carried_forward))]
    return rows, carried_forward, tot(new)[-1], tot(processed)[-1]

def review_cells(rng):
    out = []
    for _ in range(3):
        parts = [rng.randint(0, 3), rng.randint(0, 1), rng.randint(0, 1), rng.randint(0, 1)]
        out += parts + [sum(parts)]
    return out

def proactive_2021(rng):
    return [("规章", [0, 0, 0]), ("行政规范性文件", [rng.randint(2, 9), rng.randint(0, 4), rng.randint(20, 60)])], \
           [("行政许可", rng.randint(300, 3000))], [("行政处罚", rng.randint(20, 400)), ("行政强制", rng.randint(0, 20))], rng.randint(0, 80) / 2

def proactive_2019(rng):
    return [("规章", [0, 0, 0]), ("规范性文件", [n := rng.randint(2, 9), n, rng.randint(20, 60)])], \
           [("行政许可", [rng.randint(80, 200), rng.randint(-5, 5), rng.randint(300, 3000)]), ("其他对外管理服务事项", [rng.randint(10, 60), rng.randint(-3, 3), rng.randint(50, 400)])], \
           [("行政处罚", [rng.randint(100, 300), rng.randint(-5, 8), rng.randint(20, 400)]), ("行政强制", [rng.randint(5, 30), 0, rng.randint(0, 20)])], \
           [("行政事业性收费", [rng.randint(2, 10), rng.randint(-2, 0)])], [("政府集中采购", [rng.randint(10, 80), round(rng.uniform(200, 3000), 1)])]

# ---------- HTML rendering ----------
def td(text, rs=1, cs=1):
    a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    return f"<td{a}>{html.escape(str(text))}</td>"

def html_requests(rows):
    h = ['<table border="1" cellspacing="0">',
         "<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3) + td("申请人情况", cs=7) + "</tr>",
         "<tr>" + td("自然人", rs=2) + td("法人或其他组织", cs=5) + td("总计", rs=2) + "</tr>",
         "<tr>" + "".join(td(x) for x in APPL[1:]) + "</tr>"]
    groups = {}
    for label, vals in rows:
        if isinstance(label, tuple):
            groups.setdefault(label[0], 0); groups[label[0]] += 1
    seen = set(); in_results = False
    n_results = sum(1 for l, _ in rows if not str(l).startswith(("一、", "二、", "四、")))
    for label, vals in rows:
        cells = ""
        if isinstance(label, str) and label.startswith(("一、", "二、", "四、")):
            cells = td(label, cs=3)
        else:
            if not in_results:
                cells += td("三、本年度办理结果", rs=n_results); in_results = True
            if isinstance(label, tuple):
                if label[0] not in seen:
                    cells += td(label[0], rs=groups[label[0]]); seen.add(label[0])
                cells += td(label[1])
            else:
                cells += td(label, cs=2)
        h.append("<tr>" + cells + "".join(td(v) for v in vals) + "</tr>")
    h.append("</table>")
    return "\n".join(h)

def html_review(cells):
    h = ['<table border="1" cellspacing="0">',
         "<tr>" + td("行政复议", cs=5) + td("行政诉讼", cs=10) + "</tr>",
         "<tr>" + "".join(td(x, rs=2) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]) + td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5) + "</tr>",
         "<tr>" + "".join(td(x) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + "</tr>",
         "<tr>" + "".join(td(v) for v in cells) + "</tr>", "</table>"]
    return "\n".join(h)

def html_proactive_2019(p):
    docs, lic, pen, fee, buy = p
    r = ['<table border="1" cellspacing="0">', "<tr>" + td("第二十条第（一）项", cs=4) + "</tr>",
         "<tr>" + "".join(td(x) for x in ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]) + "</tr>"]
    r += ["<tr>" + td(n) + "".join(td(v) for v in vals) + "</tr>" for n, vals in docs]
    r += ["<tr>" + td("第二十条第（五）项", cs=4) + "</tr>", "<tr>" + "".join(td(x) for x in ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]) + "</tr>"]
    r += ["<tr>" + td(n) + "".join(td(v) for v in vals) + "</tr>" for n, vals in lic]
    r += ["<tr>" + td("第二十条第（六）项", cs=4) + "</tr>", "<tr>" + "".join(td(x) for x in ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]) + "</tr>"]
    r += ["<tr>" + td(n) + "".join(td(v) for v in vals) + "</tr>" for n, vals in pen]
    r += ["<tr>" + td("第二十条第（八）项", cs=4) + "</tr>", "<tr>" + "".join(td(x) for x in ["信息内容", "上一年项目数量", "本年增/减"]) + td("", 1) + "</tr>"]
    r += ["<tr>" + td(n) + "".join(td(v) for v in vals) + td("") + "</tr>" for n, vals in fee]
    r += ["<tr>" + td("第二十条第（九）项", cs=4) + "</tr>", "<tr>" + "".join(td(x) for x in ["信息内容", "采购项目数量", "采购总金额"]) + td("") + "</tr>"]
    r += ["<tr>" + td(n) + "".join(td(v) for v in vals) + td("") + "</tr>" for n, vals in buy]
    r.append("</table>")
    return "\n".join(r)

def html_proactive_2021(p):
    docs, lic, pen, fee = p
    r = ['<table border="1" cellspacing="0">', "<tr>" + td("第二十条第（一）项", cs=4) + "</tr>",
         "<tr>" + "".join(td(x) for x in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]) + "</tr>"]
    r += ["<tr>" + td(n) + "".join(td(v) for v in vals) + "</tr>" for n, vals in docs]
    r += ["<tr>" + td("第二十条第（五）项", cs=4) + "</tr>", "<tr>" + td("信息内容") + td("本年处理决定数量", cs=3) + "</tr>"]
    r += ["<tr>" + td(n) + td(v, cs=3) + "</tr>" for n, v in lic]
    r += ["<tr>" + td("第二十条第（六）项", cs=4) + "</tr>", "<tr>" + td("信息内容") + td("本年处理决定数量", cs=3) + "</tr>"]
    r += ["<tr>" + td(n) + td(v, cs=3) + "</tr>" for n, v in pen]
    r += ["<tr>" + td("第二十条第（八）项", cs=4) + "</tr>", "<tr>" + td("信息内容") + td("本年收费金额（单位：万元）", cs=3) + "</tr>",
          "<tr>" + td("行政事业性收费") + td(f"{fee:g}", cs=3) + "</tr>", "</table>"]
    return "\n".join(r)

# ---------- text (pipe rows) rendering ----------
def pipe(cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"

def text_requests(rows):
    out = [pipe(["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "", "", "申请人情况", "", "", "", "", "", ""]),
           pipe(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
           pipe(["", "", "", "", *APPL[1:], ""])]
    for label, vals in rows:
        if isinstance(label, tuple):
            out.append(pipe(["三、本年度办理结果", label[0], label[1], *vals]))
        elif label.startswith(("一、", "二、", "四、")):
            out.append(pipe([label, "", "", *vals]))
        else:
            out.append(pipe(["三、本年度办理结果", label, "", *vals]))
    return "\n".join(out)

def text_review(cells):
    return "\n".join([pipe(["行政复议"] * 5 + ["行政诉讼"] * 10),
                      pipe(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5),
                      pipe(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3), pipe(cells)])

def text_proactive_2021(p):
    docs, lic, pen, fee = p
    out = [pipe(["第二十条第（一）项"] * 4), pipe(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])]
    out += [pipe([n, *v]) for n, v in docs]
    out += [pipe(["第二十条第（五）项"] * 4), pipe(["信息内容"] + ["本年处理决定数量"] * 3)]
    out += [pipe([n] + [v] * 3) for n, v in lic]
    out += [pipe(["第二十条第（六）项"] * 4), pipe(["信息内容"] + ["本年处理决定数量"] * 3)]
    out += [pipe([n] + [v] * 3) for n, v in pen]
    out += [pipe(["第二十条第（八）项"] * 4), pipe(["信息内容"] + ["本年收费金额（单位：万元）"] * 3), pipe(["行政事业性收费"] + [f"{fee:g}"] * 3)]
    return "\n".join(out)

def text_proactive_2019(p):
    docs, lic, pen, fee, buy = p
    out = [pipe(["第二十条第（一）项"] * 4), pipe(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])]
    out += [pipe([n, *v]) for n, v in docs]
    out += [pipe(["第二十条第（五）项"] * 4), pipe(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"])]
    out += [pipe([n, *v]) for n, v in lic]
    out += [pipe(["第二十条第（六）项"] * 4), pipe(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"])]
    out += [pipe([n, *v]) for n, v in pen]
    out += [pipe(["第二十条第（八）项"] * 4), pipe(["信息内容", "上一年项目数量", "本年增/减", ""])]
    out += [pipe([n, *v, ""]) for n, v in fee]
    out += [pipe(["第二十条第（九）项"] * 4), pipe(["信息内容", "采购项目数量", "采购总金额", ""])]
    out += [pipe([n, *v, ""]) for n, v in buy]
    return "\n".join(out)

def body(agency, year, template, fmt, proactive, req_rows, new_total, processed_total, review, office, sign_date, proactive_total):
    t = {}
    t["title"] = f"{agency}{year}年政府信息公开工作年度报告"
    t["intro"] = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，由{office}编制。"
                  f"全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
                  f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{office}联系（电话：0731-88123456）。")
    t["s1"] = (f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，"
               f"围绕中心工作，持续深化重点领域信息公开，不断提升政务公开质量和实效。"
               f"（一）主动公开。全年共主动公开政府信息{proactive_total}条，通过政府门户网站、政务新媒体等渠道及时发布。"
               f"（二）依申请公开。全年共收到政府信息公开申请{new_total}件，办结{processed_total}件，均在法定期限内答复。"
               f"（三）政府信息管理。进一步规范公文公开属性源头认定，严格落实保密审查制度。"
               f"（四）平台建设。优化政府门户网站政务公开专栏，整合政务新媒体矩阵。"
               f"（五）监督保障。将政务公开工作纳入年度绩效考核，组织开展业务培训。")
    t["s5"] = ("（一）存在的主要问题：一是政策解读形式还不够丰富；二是基层政务公开标准化规范化水平有待提升。"
               "（二）改进措施：一是丰富图解、视频等解读形式；二是加强业务培训和督查指导，推动基层政务公开提质增效。")
    t["s6"] = f"本机关{year}年度未收取信息处理费。无其他需要报告的事项。"
    return t

def render(agency, year, template, fmt, seed, carried_over, office, sign_date, break_cell=False):
    rng = random.Random(seed)
    proactive = proactive_2019(rng) if template == "v2019" else proactive_2021(rng)
    rows, carried_forward, new_total, processed_total = requests_rows(rng, template, carried_over)
    if break_cell:  # an inconsistency for the checks to find: one 总计 cell that does not match its row
        label, vals = rows[2]
        vals = vals[:-1] + [vals[-1] + 1]
        rows[2] = (label, vals)
    review = review_cells(rng)
    t = body(agency, year, template, fmt, proactive, rows, new_total, processed_total, review, office, sign_date, rng.randint(800, 4000))
    if fmt == "html":
        p = html_proactive_2019(proactive) if template == "v2019" else html_proactive_2021(proactive)
        page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{t['title']}</title>
<!-- Sample report bundled with ogi-warehouse; figures are illustrative, not official. -->
<style>td{{border:1px solid #999}}</style><script>var _hmt=_hmt||[];</script></head>
<body><div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="article"><h1>{t['title']}</h1>
<p>{t['intro']}</p>
<h2>一、总体情况</h2><p>{t['s1']}</p>
<h2>二、主动公开政府信息情况</h2>
{p}
<h2>三、收到和处理政府信息公开申请情况</h2>
{html_requests(rows)}
<h2>四、政府信息公开行政复议、行政诉讼情况</h2>
{html_review(review)}
<h2>五、存在的主要问题及改进情况</h2><p>{t['s5']}</p>
<h2>六、其他需要报告的事项</h2><p>{t['s6']}</p>
<p style="text-align:right">{agency}</p><p style="text-align:right">{sign_date}</p>
</div><div class="footer">扫一扫在手机打开当前页 打印 关闭</div></body></html>
"""
    else:
        p = text_proactive_2019(proactive) if template == "v2019" else text_proactive_2021(proactive)
        page = "\n".join([t["title"], "", t["intro"], "", "一、总体情况", t["s1"], "", "二、主动公开政府信息情况", "", p, "",
                          "三、收到和处理政府信息公开申请情况", "", text_requests(rows), "",
                          "四、政府信息公开行政复议、行政诉讼情况", "", text_review(review), "",
                          "五、存在的主要问题及改进情况", t["s5"], "", "六、其他需要报告的事项", t["s6"], "", agency, sign_date, ""])
    return page, [c for c in carried_forward]

out = Path(__file__).resolve().parent.parent / "data/raw/samples"; out.mkdir(parents=True, exist_ok=True)
a, cf = render("长沙市望城区人民政府", 2020, "v2019", "html", 1, [0, 0, 0, 0, 0, 0], "长沙市望城区人民政府办公室", "2021年1月25日")
(out / "2020_望城区人民政府_v2019.html").write_text(a, encoding="utf-8")
b, _ = render("长沙市望城区人民政府", 2021, "v2021", "txt", 2, cf, "长沙市望城区人民政府办公室", "2022年1月20日")
(out / "2021_望城区人民政府_v2021.txt").write_text(b, encoding="utf-8")
c, _ = render("湖南省交通运输厅", 2022, "v2021", "html", 3, [1, 1, 0, 0, 0, 0], "湖南省交通运输厅办公室", "2023年1月18日", break_cell=True)
(out / "2022_湖南省交通运输厅_v2021.html").write_text(c, encoding="utf-8")
d, _ = render("醴陵市人民政府", 2019, "v2019", "txt", 4, [2, 0, 0, 0, 0, 0], "醴陵市人民政府办公室", "2020年1月22日")
(out / "2019_醴陵市人民政府_v2019.txt").write_text(d, encoding="utf-8")
print("written")

# ---------- labels (the known truth of each sample) ----------
import json
APPL_IDS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
ROW_IDS = ["requests.new_received", "requests.carried_over", "requests.granted", "requests.partially_granted",
           "requests.denied.state_secret", "requests.denied.prohibited_by_law", "requests.denied.three_safety_one_stability",
           "requests.denied.third_party_rights", "requests.denied.internal_affairs", "requests.denied.process_info",
           "requests.denied.enforcement_files", "requests.denied.administrative_query",
           "requests.unable.not_held", "requests.unable.needs_creation", "requests.unable.unclear",
           "requests.not_processed.petition", "requests.not_processed.duplicate", "requests.not_processed.publication",
           "requests.not_processed.excessive", "requests.not_processed.confirm_or_reissue"]
REVIEW_IDS = ["review.upheld", "review.corrected", "review.other", "review.pending", "review.total"] + \
    [f"litigation.{k}.{c}" for k in ("direct", "after_review") for c in ("upheld", "corrected", "other", "pending", "total")]

def labels_for(agency, year, template, seed, carried_over, break_cell, region, level, published, file_id):
    rng = random.Random(seed)
    proactive = proactive_2019(rng) if template == "v2019" else proactive_2021(rng)
    rows, _, new_total, processed_total = requests_rows(rng, template, carried_over)
    if break_cell:
        label, vals = rows[2]; rows[2] = (label, vals[:-1] + [vals[-1] + 1])
    review = review_cells(rng)
    proactive_total = rng.randint(800, 4000)
    ids = ROW_IDS + (["requests.other.overdue_correction", "requests.other.overdue_fee", "requests.other.other"] if template == "v2021" else ["requests.other"]) + ["requests.processed_total", "requests.carried_forward"]
    metrics = []
    for metric_id, (_, vals) in zip(ids, rows):
        metrics += [{"metric_id": metric_id, "applicant": a, "period": "year", "value": v} for a, v in zip(APPL_IDS, vals)]
    metrics += [{"metric_id": m, "period": "year", "value": v} for m, v in zip(REVIEW_IDS, review)]
    if template == "v2021":
        docs, lic, pen, fee = proactive
        for (name, vals), prefix in zip(docs, ("proactive.regulations", "proactive.normative_docs")):
            metrics += [{"metric_id": f"{prefix}.{k}", "period": "year", "value": v} for k, v in zip(("issued", "repealed", "in_force"), vals)]
        metrics += [{"metric_id": "proactive.licensing.decisions", "period": "year", "value": lic[0][1]},
                    {"metric_id": "proactive.penalty.decisions", "period": "year", "value": pen[0][1]},
                    {"metric_id": "proactive.enforcement.decisions", "period": "year", "value": pen[1][1]},
                    {"metric_id": "proactive.fees.amount", "period": "year", "value": fee}]
    else:
        docs, lic, pen, fee, buy = proactive
        for (name, vals), prefix in zip(docs, ("proactive.regulations", "proactive.normative_docs")):
            metrics += [{"metric_id": f"{prefix}.{k}", "period": "year", "value": v} for k, v in zip(("made", "published", "public_total"), vals)]
        for (name, vals), prefix in zip(lic + pen, ("proactive.licensing", "proactive.other_services", "proactive.penalty", "proactive.enforcement")):
            metrics += [{"metric_id": f"{prefix}.{k}", "period": "year", "value": v} for k, v in zip(("items_prev_year", "items_change", "decisions"), vals)]
        metrics += [{"metric_id": "proactive.fees.items_prev_year", "period": "year", "value": fee[0][1][0]},
                    {"metric_id": "proactive.fees.items_change", "period": "year", "value": fee[0][1][1]},
                    {"metric_id": "proactive.procurement.projects", "period": "year", "value": buy[0][1][0]},
                    {"metric_id": "proactive.procurement.amount", "period": "year", "value": buy[0][1][1]}]
    metrics.append({"metric_id": "proactive.total", "period": "year", "value": proactive_total})
    incons = []
    if break_cell:
        vals = rows[2][1]
        incons.append({"kind": "sum", "metrics": ["requests.granted"], "stated": vals[-1], "computed": sum(vals[:-1]),
                       "description": "the 总计 cell of （一）予以公开 does not equal the sum of its six applicant columns"})
        processed = rows[-2][1][-1]
        incons.append({"kind": "sum", "metrics": ["requests.processed_total"], "stated": processed, "computed": processed + 1,
                       "description": "in the 总计 column, （一）to（六）add up to one more than （七）总计, because of the same cell"})
    return {"id": file_id, "source": {"note": "sample written for ogi-warehouse; figures are illustrative"},
            "agency": agency, "region": region, "admin_level": level, "year": year, "template": template,
            "published": published, "metrics": metrics, "categories": [], "inconsistencies": incons,
            "notes": "Generated together with the report by the team's sample generator; every table cell is labelled."}

lab = Path(__file__).resolve().parent.parent / "tests/fixtures/sample_labels"; lab.mkdir(parents=True, exist_ok=True)
specs = [
    ("2020_望城区人民政府_v2019", "长沙市望城区人民政府", 2020, "v2019", 1, [0]*6, False, {"province": "湖南省", "city": "长沙市", "county": "望城区"}, "county", "2021-01-25"),
    ("2021_望城区人民政府_v2021", "长沙市望城区人民政府", 2021, "v2021", 2, cf, False, {"province": "湖南省", "city": "长沙市", "county": "望城区"}, "county", "2022-01-20"),
    ("2022_湖南省交通运输厅_v2021", "湖南省交通运输厅", 2022, "v2021", 3, [1, 1, 0, 0, 0, 0], True, {"province": "湖南省", "city": None, "county": None}, "department", "2023-01-18"),
    ("2019_醴陵市人民政府_v2019", "醴陵市人民政府", 2019, "v2019", 4, [2, 0, 0, 0, 0, 0], False, {"province": "湖南省", "city": "株洲市", "county": "醴陵市"}, "county", "2020-01-22"),
]
for file_id, agency, year, template, seed, co, brk, region, level, pub in specs:
    (lab / f"{file_id}.json").write_text(json.dumps(labels_for(agency, year, template, seed, co, brk, region, level, pub, file_id), ensure_ascii=False, indent=1), encoding="utf-8")
print("labels written")
