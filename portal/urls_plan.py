"""Mijn plan: the household's plan, its own actions done, a comment, and the agreement."""

from django.urls import URLPattern, path

from portal import plan_views

urlpatterns: list[URLPattern] = [
    path("plan/", plan_views.plan, name="plan"),
    path("plan/acties/<int:actie_id>/gedaan/", plan_views.actie_gedaan, name="plan_actie_gedaan"),
    path("plan/reactie/", plan_views.reactie, name="plan_reactie"),
    path("plan/akkoord/", plan_views.akkoord, name="plan_akkoord"),
]
