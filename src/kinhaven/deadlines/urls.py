from django.urls import path

from kinhaven.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<uuid:deadline_id>/complete/", views.complete, name="complete"),
]
