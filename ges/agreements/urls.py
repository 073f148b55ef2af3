from django.urls import path

from ges.agreements.views import amendments, lists, negotiation, proposal

app_name = "agreements"
urlpatterns = [
    # Finding agreements (ges/agreements/views/lists.py)
    path("", lists.mine, name="mine"),
    path("agency/<int:org_pk>/<int:year>/", lists.agency_year, name="agency"),
    path("agency/<int:org_pk>/<int:year>/open/", lists.open_view, name="open"),
    path("frameworks/<int:framework_pk>/", lists.overview, name="overview"),
    # One agreement (ges/agreements/views/proposal.py)
    path("<int:pk>/", proposal.detail, name="detail"),
    path("<int:pk>/propose/", proposal.propose, name="propose"),
    path("<int:pk>/sign/", proposal.sign, name="sign"),
    path("<int:pk>/print/", proposal.print_view, name="print"),
    # Negotiating one indicator (ges/agreements/views/negotiation.py)
    path("<int:pk>/indicators/<int:indicator_pk>/", negotiation.indicator_page, name="indicator"),
    path("<int:pk>/indicators/<int:indicator_pk>/comment/", negotiation.comment, name="comment"),
    path("<int:pk>/indicators/<int:indicator_pk>/decide/", negotiation.decide, name="decide"),
    path("<int:pk>/indicators/<int:indicator_pk>/revise/", negotiation.revise, name="revise"),
    path("<int:pk>/indicators/<int:indicator_pk>/compare/", negotiation.compare, name="compare"),
    path("indicator/<int:pk>/", negotiation.of_indicator, name="of_indicator"),
    # Amendments after signing (ges/agreements/views/amendments.py)
    path("<int:pk>/indicators/<int:indicator_pk>/amend/", amendments.amend, name="amend"),
    path("amendments/<int:pk>/", amendments.amendment_page, name="amendment"),
]
