"""Random but plausible numbers for the three tables, consistent by construction.

Profiles set the scale: ``zero`` (a small office with nothing to report), ``small``,
``medium`` (a county government or city department) and ``large`` (a city
government's summary report: licences and penalties in the hundreds of thousands
to millions, fees in the tens of thousands of 万元).
"""

from __future__ import annotations

import random

from extractor.schema import ACTIVE_DISCLOSURE_LAYOUT, APPLICATIONS, SUBTOTALS

from .checks import APP_COLS, PARTS, REVIEW_PARTS, Cells

PROFILES = ("zero", "small", "medium", "large")

# Share of handled applications per outcome leaf (2021 template).
_OUTCOME_WEIGHTS = {
    "granted": 40, "partially_granted": 12,
    "denied_state_secret": 0.3, "denied_prohibited_by_law": 1, "denied_security_stability": 0.3,
    "denied_third_party_rights": 0.6, "denied_internal_affairs": 0.6, "denied_process_info": 1,
    "denied_enforcement_file": 0.6, "denied_inquiry_matter": 3,
    "unable_not_held": 25, "unable_needs_creation": 1, "unable_unclear_after_correction": 0.5,
    "not_processed_complaint": 3, "not_processed_duplicate": 1.5, "not_processed_publication": 0.3,
    "not_processed_excessive": 0.3, "not_processed_confirmation": 0.3,
    "other_no_correction": 3, "other_unpaid_fee": 0.3, "other_other": 4,
}
# Share of applications per applicant column.
_APPLICANT_WEIGHTS = (86, 6, 0.5, 0.5, 5, 2)
_NEW_RECEIVED = {"zero": (0, 0), "small": (1, 9), "medium": (15, 320), "large": (900, 6500)}


def split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """Distribute ``n`` items over ``weights``: exact draws when small, noisy shares when large."""
    if n <= 0:
        return [0] * len(weights)
    if n <= 400:
        counts = [0] * len(weights)
        for i in rng.choices(range(len(weights)), weights=weights, k=n):
            counts[i] += 1
        return counts
    total = sum(weights)
    counts = [int(n * w / total * rng.uniform(0.8, 1.2)) for w in weights]
    counts[0] += n - sum(counts)
    if counts[0] < 0:
        return split(rng, n, weights[:1] + [w / 2 for w in weights[1:]])
    return counts


def application_rows(template: str, subtotals: bool, other_single: bool) -> list[str]:
    """Printed rows of table 三, in order."""
    single = template == "2019" or other_single
    rows: list[str] = []
    for row in APPLICATIONS.rows:
        if row.subtotal_of:
            if subtotals or (row.key == "other_total" and single):
                rows.append(row.key)
        elif row.parent == "other_total" and single:
            continue
        else:
            rows.append(row.key)
    return rows


def applications(rng: random.Random, profile: str, rows: list[str],
                 zero_cols: tuple[str, ...] = ()) -> dict[str, dict[str, int]]:
    """Table 三 with every identity holding; ``zero_cols`` stay all zero."""
    low, high = _NEW_RECEIVED[profile]
    weights = [0.0 if col in zero_cols else w for col, w in zip(PARTS, _APPLICANT_WEIGHTS)]
    new_total = rng.randint(low, high) if high else 0
    per_col = split(rng, new_total, weights) if any(weights) else [0] * len(PARTS)
    leaves = [k for k in _OUTCOME_WEIGHTS if k in rows]
    single_other = "other_total" in rows and "other_other" not in rows
    weight = [_OUTCOME_WEIGHTS[k] for k in leaves]
    if single_other:
        leaves.append("other_total")
        weight.append(sum(v for k, v in _OUTCOME_WEIGHTS.items() if k.startswith("other_")))
    table: dict[str, dict[str, int]] = {r: {} for r in rows}
    for col, new in zip(PARTS, per_col):
        carried_over = round(new * rng.uniform(0, 0.06)) if new else 0
        carried_forward = min(round(new * rng.uniform(0, 0.07)), new + carried_over)
        handled = new + carried_over - carried_forward
        table["new_received"][col] = new
        table["carried_over"][col] = carried_over
        table["carried_forward"][col] = carried_forward
        table["total_handled"][col] = handled
        for leaf, count in zip(leaves, split(rng, handled, weight)):
            table[leaf][col] = count
    return close_applications(table, rows)


def close_applications(table: dict[str, dict[str, int]], rows: list[str]) -> dict[str, dict[str, int]]:
    """Fill the subtotal rows and the 总计 column from the applicant columns, in template order."""
    for subtotal, subs in SUBTOTALS.items():
        if subtotal in rows and subs[0] in rows:
            for col in PARTS:
                table[subtotal][col] = sum(table[s][col] for s in subs)
    for values in table.values():
        values["total"] = sum(values[c] for c in PARTS)
    return {r: {c: table[r][c] for c in APP_COLS} for r in rows}


def review_litigation(rng: random.Random, profile: str) -> dict[str, dict[str, int]]:
    """Table 四: three rows, total = the four outcomes."""
    scale = {"zero": 0, "small": 1, "medium": 6, "large": 180}[profile]
    out: dict[str, dict[str, int]] = {}
    for row, factor in (("review", 1.0), ("litigation_direct", 0.15), ("litigation_after_review", 0.1)):
        top = int(scale * factor)
        values = {c: (rng.randint(0, top) if top else 0) for c in REVIEW_PARTS}
        if profile == "small" and rng.random() < 0.7:
            values = dict.fromkeys(REVIEW_PARTS, 0)
        values["total"] = sum(values.values())
        out[row] = values
    return out


def _fee_10k(rng: random.Random, profile: str) -> float | int:
    """2021 行政事业性收费 in 万元, with one or two decimals."""
    if profile == "zero" or (profile == "small" and rng.random() < 0.6):
        return 0
    high = {"small": 60, "medium": 20_000, "large": 120_000}[profile]
    digits = rng.choice((1, 2))
    return round(rng.uniform(0.5, high), digits)


def active_disclosure_2021(rng: random.Random, profile: str, makes_rules: bool) -> dict[str, dict]:
    """Table 二, 2021 template (10 cells)."""
    if profile == "zero":
        values: dict[str, dict] = {r: dict.fromkeys(cols, 0)
                                   for r, cols in ACTIVE_DISCLOSURE_LAYOUT["2021"].items()}
        return values
    big = profile == "large"
    regs = (0, 0, 0)
    if makes_rules:
        issued, repealed = rng.randint(0, 6), rng.randint(0, 3)
        regs = (issued, repealed, rng.randint(20, 160) + issued)
    docs_issued = {"small": rng.randint(0, 3), "medium": rng.randint(2, 25), "large": rng.randint(5, 40)}[profile]
    docs_repealed = rng.randint(0, docs_issued + (20 if big else 2))
    in_force = docs_issued + rng.randint(0, {"small": 12, "medium": 180, "large": 400}[profile])
    decisions = {
        "small": (300, 80, 8), "medium": (60_000, 20_000, 600), "large": (1_200_000, 4_000_000, 100_000)
    }[profile]
    lic, pen, coe = (rng.randint(0, d) for d in decisions)
    return {
        "regulations": dict(zip(("issued", "repealed", "in_force"), regs)),
        "normative_documents": {"issued": docs_issued, "repealed": docs_repealed, "in_force": in_force},
        "administrative_licensing": {"decisions": lic},
        "administrative_penalty": {"decisions": pen},
        "administrative_coercion": {"decisions": coe},
        "administrative_fees": {"amount_10k_yuan": _fee_10k(rng, profile)},
    }


def _items(rng: random.Random, prev_high: int, decisions_high: int) -> dict[str, int]:
    prev = rng.randint(0, prev_high)
    change = rng.randint(-min(prev, 12), 12) if prev_high else 0
    return {"items_prev_year": prev, "items_change": change,
            "decisions": rng.randint(0, decisions_high)}


def active_disclosure_2019(rng: random.Random, profile: str, makes_rules: bool) -> dict[str, dict]:
    """Table 二, 2019 template (22 cells; procurement amount in 元)."""
    layout = ACTIVE_DISCLOSURE_LAYOUT["2019"]
    if profile == "zero":
        return {r: dict.fromkeys(cols, 0) for r, cols in layout.items()}
    k = {"small": 1, "medium": 10, "large": 60}[profile]
    made = rng.randint(0, 5) if makes_rules else 0
    docs = rng.randint(0, 3 * k)
    out: dict[str, dict] = {
        "regulations": {"newly_made": made, "newly_published": made,
                        "total_published": made + (rng.randint(30, 600) if makes_rules else 0)},
        "normative_documents": {"newly_made": docs, "newly_published": docs,
                                "total_published": docs + rng.randint(0, 40 * k)},
        "administrative_licensing": _items(rng, 20 * k, 3000 * k * k),
        "other_external_services": _items(rng, 15 * k, 800 * k * k),
        "administrative_penalty": _items(rng, 120 * k, 500 * k * k),
        "administrative_coercion": _items(rng, 8 * k, 40 * k * k),
    }
    fees = _items(rng, 3 * k, 0)
    out["administrative_fees"] = {"items_prev_year": fees["items_prev_year"],
                                  "items_change": fees["items_change"]}
    projects = rng.randint(0, 4 * k)
    amount = rng.randint(20_000, 900_000) * k if projects else 0
    out["centralized_procurement"] = {"projects": projects, "amount_yuan": amount}
    return {r: {c: out[r][c] for c in cols} for r, cols in layout.items()}


def generate(rng: random.Random, profile: str, template: str, rows: list[str],
             makes_rules: bool, zero_cols: tuple[str, ...] = ()) -> Cells:
    """All three tables for one report."""
    ad = (active_disclosure_2021 if template == "2021" else active_disclosure_2019)(
        rng, profile, makes_rules)
    return {
        "active_disclosure": ad,
        "applications": applications(rng, profile, rows, zero_cols),  # type: ignore[dict-item]
        "review_litigation": review_litigation(rng, profile),  # type: ignore[dict-item]
    }
