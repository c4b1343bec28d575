"""Erop af, the informatiepunt and the algemene voorzieningen, under /toegang/."""

from django.urls import path

from outreach import views

app_name = "outreach"
urlpatterns = [
    path("informatiepunt/", views.informatiepunt, name="informatiepunt"),
    path("erop-af/", views.contacts, name="contacts"),
    path("erop-af/nieuw/", views.contact_new, name="contact_nieuw"),
    path("erop-af/<int:pk>/", views.contact_detail, name="contact"),
    path("voorzieningen/", views.voorzieningen, name="voorzieningen"),
]
