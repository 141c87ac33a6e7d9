from django.urls import path

from kinhaven.workspace import views

app_name = "workspace"

urlpatterns = [
    path("tasks/", views.task_list, name="tasks"),
]
