from django.urls import path

from ges.frameworks.views import frameworks, parts, standard

app_name = "frameworks"
urlpatterns = [
    path("", frameworks.framework_list, name="list"),
    path("years/new/", frameworks.year_create, name="year_create"),
    path("new/", frameworks.framework_create, name="create"),
    path("<int:pk>/", frameworks.framework_detail, name="detail"),
    path("<int:pk>/settings/", frameworks.framework_edit, name="edit"),
    path("<int:pk>/publish/", frameworks.framework_publish, name="publish"),
    path("<int:pk>/copy/", frameworks.framework_copy, name="copy"),
    # Components and rounds (ges/frameworks/views/parts.py)
    path("<int:pk>/components/new/", parts.component_create, name="component_create"),
    path(
        "<int:pk>/components/<int:component_pk>/edit/",
        parts.component_edit,
        name="component_edit",
    ),
    path(
        "<int:pk>/components/<int:component_pk>/remove/",
        parts.component_delete,
        name="component_delete",
    ),
    path("<int:pk>/rounds/new/", parts.round_create, name="round_create"),
    path("<int:pk>/rounds/<int:round_pk>/edit/", parts.round_edit, name="round_edit"),
    path("<int:pk>/rounds/<int:round_pk>/remove/", parts.round_delete, name="round_delete"),
    # Standard indicators (ges/frameworks/views/standard.py)
    path("<int:pk>/indicators/new/", standard.standard_create, name="standard_create"),
    path("indicators/<int:pk>/", standard.standard_detail, name="standard_detail"),
    path("indicators/<int:pk>/edit/", standard.standard_edit, name="standard_edit"),
    path("indicators/<int:pk>/criteria/", standard.standard_criteria, name="standard_criteria"),
    path("indicators/<int:pk>/values/", standard.standard_values, name="standard_values"),
    path("indicators/<int:pk>/remove/", standard.standard_delete, name="standard_delete"),
]
