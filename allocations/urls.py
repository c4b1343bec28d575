from django.urls import path

from allocations import exchange_views, task_views, views

app_name = "allocations"
urlpatterns = [
    path("", task_views.tasks, name="taken"),
    path("taak/<int:pk>/", task_views.task_detail, name="taak"),
    path("toewijzing/<int:pk>/wijzigen/", views.toewijzing_change, name="toewijzing_wijzigen"),
    path("dossier/<int:dossier_pk>/versturen/", views.send_allocations, name="versturen"),
    path("uitwisseling/", exchange_views.exchange, name="uitwisseling"),
    path("uitwisseling/<int:pk>/", exchange_views.bericht_detail, name="bericht"),
    path("uitwisseling/<int:pk>/download/", exchange_views.bericht_download, name="download"),
]
