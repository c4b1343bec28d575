from django.urls import path

from reflection import views, views_discussion, views_report

app_name = "reflection"
urlpatterns = [
    path("", views.sessies, name="sessies"),
    path("nieuw/", views.sessie_nieuw, name="sessie_nieuw"),
    path("sessie/<int:pk>/", views.sessie, name="sessie"),
    path("sessie/<int:pk>/resultaten/", views.resultaten, name="resultaten"),
    path("sessie/<int:pk>/sluiten/", views.sluiten, name="sluiten"),
    path("sessie/<int:pk>/thema/<int:theme_pk>/", views_discussion.thema, name="thema"),
    path("sessie/<int:pk>/thema/<int:theme_pk>/stellingen/", views_discussion.stellingen, name="stellingen"),
    path("sessie/<int:pk>/thema/<int:theme_pk>/notitie/", views_discussion.notitie, name="notitie"),
    path("sessie/<int:pk>/thema/<int:theme_pk>/actie/", views_discussion.actie_nieuw, name="actie_nieuw"),
    path(
        "sessie/<int:pk>/stelling/<int:statement_pk>/openen/", views_discussion.stelling_openen, name="stelling_openen"
    ),
    path(
        "sessie/<int:pk>/sessiestelling/<int:session_statement_pk>/tonen/",
        views_discussion.stelling_tonen,
        name="stelling_tonen",
    ),
    path(
        "sessie/<int:pk>/sessiestelling/<int:session_statement_pk>/sluiten/",
        views_discussion.stelling_sluiten,
        name="stelling_sluiten",
    ),
    path("sessie/<int:pk>/vervolg/", views_discussion.vervolg, name="vervolg"),
    path("acties/", views_discussion.acties, name="acties"),
    path("acties/<int:action_pk>/bijwerken/", views_discussion.actie_bijwerken, name="actie_bijwerken"),
    path("deelnemen/", views.deelnemen, name="deelnemen"),
    path("scoren/", views.scoren, name="scoren"),
    path("standpunt/", views_discussion.standpunt, name="standpunt"),
    # Projector screens and report (reflection/views_report.py)
    path("sessie/<int:pk>/scherm/", views_report.scherm, name="scherm"),
    path("sessie/<int:pk>/beamer/", views_report.beamer, name="beamer"),
    path("sessie/<int:pk>/beamer/<int:theme_pk>/", views_report.beamer, name="beamer_thema"),
    path("sessie/<int:pk>/rapport/", views_report.rapport, name="rapport"),
    path("sessie/<int:pk>/rapport.pdf", views_report.rapport_pdf, name="rapport_pdf"),
]
