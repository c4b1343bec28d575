"""The privacy officer's list of residents' questions about their access history (portal/staff_views.py)."""

from django.urls import path

from portal import staff_views

app_name = "privacyvragen"
urlpatterns = [
    path("", staff_views.question_list, name="lijst"),
    path("<int:pk>/", staff_views.question_detail, name="vraag"),
]
