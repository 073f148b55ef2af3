from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "ges.agreements"
    label = "agreements"
    verbose_name = _("Performance agreements")

    def ready(self) -> None:
        # Each step tells the people it concerns; the inbox lists what waits for them.
        from ges.agreements import events, notices
        from ges.notices import inbox

        events.register(notices.on_event)
        inbox.register(notices.agreement_tasks)
