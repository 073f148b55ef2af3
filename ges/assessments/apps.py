from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "ges.assessments"
    label = "assessments"
    verbose_name = _("Self-assessment and scores")

    def ready(self) -> None:
        # "My work" lists what the rounds ask of each person.
        from ges.assessments import inbox as tasks
        from ges.notices import inbox

        inbox.register(tasks.assessment_tasks)
