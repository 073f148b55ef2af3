from django.urls import path

from ges.indicators.views import agency, criteria, indicator

app_name = "indicators"
urlpatterns = [
    path("", agency.mine, name="mine"),
    # An agency's indicators for a fiscal year (ges/indicators/views/agency.py)
    path("agency/<int:org_pk>/<int:year>/", agency.agency_list, name="agency"),
    path("agency/<int:org_pk>/<int:year>/new/", indicator.create, name="create"),
    # One indicator, edited section by section (ges/indicators/views/indicator.py)
    path("<int:pk>/", indicator.detail, name="detail"),
    path("<int:pk>/sections/<slug:name>/", indicator.section, name="section"),
    path("<int:pk>/sections/<slug:name>/edit/", indicator.edit, name="edit"),
    path("<int:pk>/remove/", indicator.delete, name="delete"),
    # The criteria editor (ges/indicators/views/criteria.py)
    path("<int:pk>/criteria/", criteria.edit, name="criteria"),
    path("<int:pk>/criteria/preview/", criteria.preview, name="criteria_preview"),
    path("<int:pk>/criteria/suggest/", criteria.suggest, name="criteria_suggest"),
]
