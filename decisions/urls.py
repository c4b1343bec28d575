from django.urls import path

from decisions import bezwaar_views, letter_views, suspension_views, views

app_name = "decisions"
urlpatterns = [
    path("", views.worklist, name="werkvoorraad"),
    path("dossier/<int:dossier_pk>/aanvraag/nieuw/", views.aanvraag_new, name="aanvraag_nieuw"),
    path("dossier/<int:dossier_pk>/budget/", views.budget_spend, name="budget"),
    path("dossier/<int:dossier_pk>/indicatie/", views.indication_add, name="indicatie"),
    path("aanvraag/<int:pk>/", views.aanvraag_detail, name="aanvraag"),
    path("aanvraag/<int:pk>/beschikking/nieuw/", views.beschikking_new, name="beschikking_nieuw"),
    path("aanvraag/<int:pk>/opschorten/", suspension_views.aanvraag_suspend, name="aanvraag_opschorten"),
    path(
        "aanvraag/<int:pk>/opschorting-beeindigen/",
        suspension_views.aanvraag_end_suspension,
        name="aanvraag_opschorting_beeindigen",
    ),
    path("beschikking/<int:pk>/", views.beschikking_detail, name="beschikking"),
    path("beschikking/<int:pk>/ondertekenen/", views.beschikking_sign, name="ondertekenen"),
    path("beschikking/<int:pk>/verzenden/", views.beschikking_send, name="verzenden"),
    path("beschikking/<int:pk>/brief/", letter_views.letter_preview, name="brief"),
    path("beschikking/<int:pk>/brief.pdf", letter_views.letter_pdf, name="brief_pdf"),
    path("beschikking/<int:pk>/bezwaar/nieuw/", bezwaar_views.bezwaar_new, name="bezwaar_nieuw"),
    path("bezwaar/<int:pk>/", bezwaar_views.bezwaar_detail, name="bezwaar"),
    path("bezwaar/<int:pk>/verdagen/", bezwaar_views.bezwaar_postpone, name="bezwaar_verdagen"),
    path("bezwaar/<int:pk>/opschorten/", suspension_views.bezwaar_suspend, name="bezwaar_opschorten"),
    path(
        "bezwaar/<int:pk>/opschorting-beeindigen/",
        suspension_views.bezwaar_end_suspension,
        name="bezwaar_opschorting_beeindigen",
    ),
    path("bezwaar/<int:pk>/beslissen/", bezwaar_views.bezwaar_decide, name="bezwaar_beslissen"),
]
