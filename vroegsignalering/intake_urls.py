"""The intake of vroegsignalen: the beheerder's upload and the team's queue of signals without a match."""

from django.urls import URLPattern, path

from vroegsignalering import intake_views

urlpatterns: list[URLPattern] = [
    path("import/", intake_views.import_page, name="import"),
    path("import/<int:pk>/", intake_views.import_result, name="import_resultaat"),
    path("ongekoppeld/", intake_views.queue, name="ongekoppeld"),
    path("ongekoppeld/<int:pk>/", intake_views.queue_signal, name="ongekoppeld_signaal"),
    path("ongekoppeld/<int:pk>/koppelen/", intake_views.link_signal, name="ongekoppeld_koppelen"),
    path("ongekoppeld/<int:pk>/niet-te-koppelen/", intake_views.discard_signal, name="ongekoppeld_afsluiten"),
]
