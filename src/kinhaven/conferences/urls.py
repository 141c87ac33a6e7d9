from django.urls import path

from kinhaven.conferences import views

app_name = "conferences"

urlpatterns = [
    path("cases/<uuid:case_id>/conferences/new/", views.conference_new, name="new"),
    path("tasks/conferences/", views.tasks, name="tasks"),
    path("tasks/<uuid:task_id>/done/", views.task_done, name="task_done"),
]
