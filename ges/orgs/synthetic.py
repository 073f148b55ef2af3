"""Synthetic organisations at national scale, for benchmarks (never loaded by `make run`)."""

from __future__ import annotations

import random

from django.db import transaction

from ges.orgs.models import Organization, OrganizationKind

THAI_WORDS = [
    "พัฒนา",
    "ส่งเสริม",
    "บริหาร",
    "สาธารณะ",
    "การเกษตร",
    "ทรัพยากร",
    "สุขภาพ",
    "การศึกษา",
    "ชุมชน",
    "พลังงาน",
    "คมนาคม",
    "ดิจิทัล",
    "แรงงาน",
    "อุตสาหกรรม",
    "วัฒนธรรม",
    "ท่องเที่ยว",
]


def _name(rng: random.Random, prefix: str, number: int) -> str:
    return f"{prefix}{rng.choice(THAI_WORDS)}{rng.choice(THAI_WORDS)} {number}"


def generate_organizations(total: int, *, seed: int = 2569, prefix: str = "SYN") -> int:
    """Add about `total` organisations: 20 ministries, departments, and divisions below them.

    Paths are computed here and written with bulk_create, so 9,000 rows take seconds.
    """
    rng = random.Random(seed)
    ministries = 20
    departments = max(1, (total - ministries) // 4)
    divisions = max(0, total - ministries - departments)
    with transaction.atomic():
        tops = _bulk_level(None, ministries, OrganizationKind.MINISTRY, "กระทรวง", prefix, rng)
        mids = _bulk_level(tops, departments, OrganizationKind.DEPARTMENT, "กรม", prefix, rng)
        _bulk_level(mids, divisions, OrganizationKind.DIVISION, "กอง", prefix, rng)
    return ministries + departments + divisions


def _bulk_level(
    parents: list[Organization] | None,
    count: int,
    kind: str,
    thai_prefix: str,
    prefix: str,
    rng: random.Random,
) -> list[Organization]:
    start = Organization.objects.count()
    rows = []
    for i in range(count):
        parent = parents[i % len(parents)] if parents else None
        number = start + i + 1
        rows.append(
            Organization(
                parent=parent,
                kind=kind,
                code=f"{prefix}-{kind[:3].upper()}-{number}",
                name_th=_name(rng, thai_prefix, number),
                short_name=f"{thai_prefix[:2]}.{number}",
                path="pending",
            )
        )
    created = Organization.objects.bulk_create(rows)
    if created and created[0].pk is None:  # backends that do not return ids
        codes = [row.code for row in rows]
        created = list(Organization.objects.filter(code__in=codes).select_related("parent"))
    for org in created:
        org.path = org.compute_path()
        org.depth = org.path.count("/") - 2
    Organization.objects.bulk_update(created, ["path", "depth"], batch_size=1000)
    return created
