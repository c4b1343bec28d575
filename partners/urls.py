from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
]
