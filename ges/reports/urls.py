from django.urls import path

from ges.reports import views

app_name = "reports"
urlpatterns = [
    path("<int:org_pk>/<int:year>/", views.agency, name="agency"),
    path("<int:org_pk>/<int:year>/explain/<int:indicator_pk>/", views.explain, name="explain"),
]
