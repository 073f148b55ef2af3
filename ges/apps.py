from django.contrib.admin.apps import AdminConfig


class GesAdminConfig(AdminConfig):
    default_site = "ges.admin.GesAdminSite"
