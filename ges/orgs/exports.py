"""The organisation list as a file: the same columns the import reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from ges.lib import tabular
from ges.orgs.models import Organization

COLUMNS = ["code", "parent_code", "kind", "name_th", "name_en", "short_name", "is_active"]
FORMATS = {"csv", "xlsx"}


def organization_rows(organizations: Iterable[Organization]) -> Iterable[list[object]]:
    for org in organizations:
        yield [
            org.code,
            org.parent.code if org.parent else "",
            org.kind,
            org.name_th,
            org.name_en,
            org.short_name,
            "1" if org.is_active else "0",
        ]


def organization_file(organizations: Iterable[Organization], file_format: str) -> HttpResponse:
    rows = organization_rows(organizations)
    if file_format == "xlsx":
        content = tabular.write_xlsx(COLUMNS, rows, title="organizations")
        content_type = tabular.XLSX_CONTENT_TYPE
    else:
        content = tabular.write_csv(COLUMNS, rows)
        content_type = tabular.CSV_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ges-organizations.{file_format}"'
    return response
