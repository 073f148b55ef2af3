from django.urls import URLPattern, URLResolver, path

from ges.assessments.views import carry, evidence, ranking, review, rounds, submission, uploads

app_name = "assessments"

urlpatterns: list[URLPattern | URLResolver] = [
    # Rounds of a framework and the submissions of a round (ges/assessments/views/rounds.py)
    path("", rounds.round_index, name="index"),
    path("frameworks/<int:framework_pk>/rounds/", rounds.round_list, name="rounds"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("frameworks/<int:framework_pk>/carry/", carry.carry, name="carry"),
    path("rounds/<int:pk>/close/", rounds.close, name="close"),
    path("rounds/<int:pk>/agency/<int:org_pk>/", rounds.agency_round, name="agency_round"),
    # Ranking (ges/assessments/views/ranking.py)
    path("rounds/<int:pk>/ranking/", ranking.ranking, name="ranking"),
    # One agency's submission (ges/assessments/views/submission.py)
    path("submissions/<int:pk>/", submission.detail, name="submission"),
    path("submissions/<int:pk>/submit/", submission.submit, name="submit"),
    path("results/<int:pk>/", submission.result, name="result"),
    path("results/<int:pk>/save/", submission.save, name="save"),
    path("results/<int:pk>/preview/", submission.preview, name="preview"),
    # Returns, questions and decisions on one indicator (ges/assessments/views/review.py)
    path("results/<int:pk>/return-to-editor/", review.return_to_editor, name="return_to_editor"),
    path("results/<int:pk>/accept/", review.accept, name="accept"),
    path("results/<int:pk>/ask/", review.ask, name="ask"),
    path("results/<int:pk>/answer/", review.answer, name="answer"),
    path("results/<int:pk>/return/", review.return_result, name="return_result"),
    path("results/<int:pk>/confirm/", review.confirm, name="confirm"),
    path("results/<int:pk>/reopen/", review.reopen, name="reopen"),
    # Evidence files of a result (ges/assessments/views/evidence.py)
    path("results/<int:pk>/evidence/upload/", evidence.upload, name="evidence_upload"),
    path("results/<int:pk>/evidence/attach/", evidence.attach, name="evidence_attach"),
    path(
        "results/<int:pk>/evidence/<int:evidence_pk>/remove/",
        evidence.detach,
        name="evidence_detach",
    ),
    path(
        "results/<int:pk>/evidence/<int:evidence_pk>/public/",
        evidence.set_public,
        name="evidence_public",
    ),
    path("evidence/<int:pk>/download/", evidence.download, name="evidence_download"),
    # Results from indicator owners (ges/assessments/views/uploads.py)
    path("rounds/<int:pk>/uploads/", uploads.index, name="uploads"),
    path(
        "rounds/<int:pk>/uploads/<int:indicator_pk>/template/",
        uploads.template,
        name="upload_template",
    ),
    path("rounds/<int:pk>/uploads/<int:indicator_pk>/", uploads.upload, name="upload"),
    path("uploads/<int:pk>/", uploads.preview, name="upload_preview"),
    path("uploads/<int:pk>/apply/", uploads.apply, name="upload_apply"),
]
