"""Region benchmark: are agency, year and region code right, and empty (not wrong) when unknown?

    python benchmarks/region_accuracy.py [FOLDER]

1. Every report in FOLDER (default corpus/reports) is extracted; agency and year are
   compared with its truth file, the region code with the GB/T 2260 code of the truth
   agency written below by hand (the generator's truth files carry no region).
2. A list of real agency names (capitals' districts, autonomous prefectures, leagues,
   county-level cities, provincial departments …) and of names that do not say where
   they are (鼓楼区 is in four cities) goes through :func:`extractor.agency.describe`.

A code is *right* when equal to the expected one, *empty* when the extractor left it
empty though the name says it, *wrong* otherwise (including any code for a name that
does not say where it is). Exits 1 on any wrong code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# GB/T 2260 codes of the corpus agencies (hand-checked).
CORPUS = {
    "保定市信访局": "130600", "淮安市人民政府": "320800", "陆良县中枢街道办事处": "530322",
    "绵阳市审计局": "510700", "耀州区农业农村局": "610204", "宣城市宁国市人民政府": "341881",
    "沙县区人民政府": "350405", "赣州市信丰县统计局": "360722", "彭阳县人民政府": "640425",
    "三明市司法局": "350400", "三明市沙县区人民政府": "350405", "涞水县人民政府": "130623",
    "威海市文登区龙山街道办事处": "371003", "威海市交通运输局": "371000", "孝感市人民政府": "420900",
    "涟水县高沟镇人民政府": "320826", "沙县区交通运输局": "350405", "淮安市市场监督管理局": "320800",
    "涪城区青义镇人民政府": "510703", "保定市人民政府": "130600", "莲都区人民政府": "331102",
    "固原市人民政府": "640400", "陆良县农业农村局": "530322", "绵阳市自然资源局": "510700",
    "耀州区医疗保障局": "610204", "三明市信访局": "350400", "淮安市住房和城乡建设局": "320800",
    "龙岗区市场监督管理局": "440307", "威海市人民政府": "371000", "涞水县永阳镇人民政府": "130623",
    "保定市涞水县司法局": "130623", "彭阳县司法局": "640425",
}

# Real agency names → code; None where the name alone does not say which place it is.
NAMES = {
    "北京市海淀区人民政府": "110108", "上海市浦东新区人民政府": "310115", "广州市天河区人民政府": "440106",
    "深圳市南山区人民政府": "440305", "杭州市西湖区人民政府": "330106", "成都市武侯区人民政府": "510107",
    "武汉市江岸区人民政府": "420102", "南京市鼓楼区人民政府": "320106", "西安市雁塔区人民政府": "610113",
    "重庆市渝中区人民政府": "500103", "天津市和平区人民政府": "120101", "郑州市金水区人民政府": "410105",
    "长沙市岳麓区人民政府": "430104", "济南市历下区人民政府": "370102", "沈阳市和平区人民政府": "210102",
    "哈尔滨市南岗区人民政府": "230103", "昆明市五华区人民政府": "530102", "福州市鼓楼区人民政府": "350102",
    "合肥市蜀山区人民政府": "340104", "南昌市东湖区人民政府": "360102", "石家庄市长安区人民政府": "130102",
    "太原市小店区人民政府": "140105", "呼和浩特市新城区人民政府": "150102", "乌鲁木齐市天山区人民政府": "650102",
    "拉萨市城关区人民政府": "540102", "兰州市城关区人民政府": "620102", "银川市兴庆区人民政府": "640104",
    "西宁市城中区人民政府": "630103", "贵阳市云岩区人民政府": "520103", "南宁市青秀区人民政府": "450103",
    "海口市美兰区人民政府": "460108", "长春市南关区人民政府": "220102", "大连市中山区人民政府": "210202",
    "青岛市市南区人民政府": "370202", "苏州市姑苏区人民政府": "320508", "无锡市梁溪区人民政府": "320213",
    "宁波市鄞州区人民政府": "330212", "温州市鹿城区人民政府": "330302", "厦门市思明区人民政府": "350203",
    "东莞市人民政府": "441900", "中山市人民政府": "442000", "济源市人民政府": "419001",
    "神农架林区人民政府": "429021", "凉山彝族自治州人民政府": "513400", "凉山州教育局": "513400",
    "延边朝鲜族自治州人民政府": "222400", "阿坝州人民政府": "513200", "大兴安岭地区行政公署": "232700",
    "锡林郭勒盟行政公署": "152500", "鄂温克族自治旗人民政府": "150724", "北京市人民政府": "110000",
    "上海市人民政府办公厅": "310000", "浙江省财政厅": "330000", "广东省公安厅": "440000",
    "黑龙江省人民政府": "230000", "新疆维吾尔自治区人民政府": "650000", "内蒙古自治区教育厅": "150000",
    "西藏自治区人民政府": "540000", "广西壮族自治区人民政府办公厅": "450000", "昆山市人民政府": "320583",
    "义乌市人民政府": "330782", "晋江市人民政府": "350582", "寿光市人民政府": "370783",
    "长沙县人民政府": "430121", "海淀区教育委员会": "110108", "浦东新区人民政府": "310115",
    "天河区人民政府": "440106", "武侯区人民政府": "510107", "雁塔区人民政府": "610113",
    "渝中区人民政府": "500103", "岳麓区人民政府": "430104", "历下区人民政府": "370102",
    "南岗区人民政府": "230103", "五华区人民政府": "530102", "蜀山区人民政府": "340104",
    "小店区人民政府": "140105", "天山区人民政府": "650102", "兴庆区人民政府": "640104",
    "云岩区人民政府": "520103", "青秀区人民政府": "450103", "美兰区人民政府": "460108",
    "南关区人民政府": "220102", "市南区人民政府": "370202", "姑苏区人民政府": "320508",
    "梁溪区人民政府": "320213", "鄞州区人民政府": "330212", "鹿城区人民政府": "330302",
    "思明区人民政府": "350203", "杭州市西湖区卫生健康局": "330106", "深圳市龙岗区住房和建设局": "440307",
    "成都市生态环境局": "510100", "湖南省自然资源厅": "430000", "江西省人力资源和社会保障厅": "360000",
    "苏州市市场监督管理局": "320500", "中共北京市海淀区委宣传部": "110108", "国家税务总局深圳市税务局": "440300",
    "黔东南州人民政府": "522600", "恩施市人民政府": "422801", "石柱县人民政府": "500240",
    "西双版纳州人民政府": "532800", "巴音郭楞蒙古自治州人民政府": "652800", "沙县人民政府": "350427",
    # the name does not say where: must stay empty
    "鼓楼区人民政府": None, "和平区人民政府": None, "新华区人民政府": None, "铁西区人民政府": None,
    "江北区人民政府": None, "普陀区人民政府": None, "通州区人民政府": None, "西湖区人民政府": None,
    "市中区人民政府": None, "南山区人民政府": None, "城关区人民政府": None, "城中区人民政府": None,
    "长安区人民政府": None, "朝阳区人民政府": None, "县人民政府办公室": None, "市教育局": None,
    "县司法局": None, "巴州人民政府": None, "永安镇人民政府": None, "高沟镇人民政府": None,
    "教育部": None, "某某县财政局": None,
}


def _score(pairs: list[tuple[str, str | None, str | None]]) -> tuple[int, int, int, list[str]]:
    right = empty = wrong = 0
    notes = []
    for name, expected, got in pairs:
        if got == expected:
            right += 1
        elif got is None:
            empty += 1
            notes.append(f"empty: {name} (expected {expected})")
        else:
            wrong += 1
            notes.append(f"WRONG: {name}: {got} (expected {expected})")
    return right, empty, wrong, notes


def main() -> int:
    from extractor.agency import describe
    from extractor.pipeline import extract
    from extractor.region import data_version

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "reports"
    corpus_pairs, agency_ok, year_ok, total = [], 0, 0, 0
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        meta = extract(truth_path.with_name(truth["file"])).meta
        total += 1
        agency_ok += meta["agency"] == truth["agency"]
        year_ok += meta["year"] == truth["year"]
        if truth["agency"] in CORPUS:
            corpus_pairs.append((truth["agency"], CORPUS[truth["agency"]], meta["region_code"]))
    names_pairs = [(n, code, describe(n)["region_code"]) for n, code in NAMES.items()]
    print(f"division data: {data_version()}")
    print(f"corpus reports: {total}; agency right {agency_ok}/{total}; year right {year_ok}/{total}")
    wrong_total = 0
    for label, pairs in (("corpus region codes", corpus_pairs), ("agency names", names_pairs)):
        right, empty, wrong, notes = _score(pairs)
        wrong_total += wrong
        print(f"{label}: {right}/{len(pairs)} right, {empty} empty, {wrong} wrong")
        for note in notes:
            print("  " + note)
    return 1 if wrong_total else 0


if __name__ == "__main__":
    raise SystemExit(main())
