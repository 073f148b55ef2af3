from django.urls import path

from ges.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="read_all"),
    path("<int:pk>/", views.follow, name="follow"),
]
