from django.urls import path

from ges.orgs.views import imports, people, tree

app_name = "orgs"
urlpatterns = [
    path("", tree.tree, name="tree"),
    path("new/", tree.create, name="create"),
    path("export.<str:file_format>", tree.export, name="export"),
    path("<int:pk>/", tree.detail, name="detail"),
    path("<int:pk>/children/", tree.children, name="children"),
    path("<int:pk>/edit/", tree.edit, name="edit"),
    # People and roles (ges/orgs/views/people.py)
    path("people/", people.people, name="people"),
    path("people/add/", people.add_person, name="people_add"),
    path("people/grant/", people.grant, name="grant"),
    path("people/memberships/<int:pk>/revoke/", people.revoke, name="revoke"),
    # Organisation import (ges/orgs/views/imports.py)
    path("import/", imports.upload, name="import"),
    path("import/template.xlsx", imports.template, name="import_template"),
    path("import/<int:pk>/", imports.preview, name="import_preview"),
    path("import/<int:pk>/apply/", imports.apply, name="import_apply"),
]
