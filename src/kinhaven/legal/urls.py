from django.urls import path

from kinhaven.legal import views

app_name = "legal"

urlpatterns = [
    path("children/<uuid:child_id>/tracks/", views.tracks, name="tracks"),
    path("children/<uuid:child_id>/decision-sheet/", views.child_sheet, name="child_sheet"),
    path("proceedings/<uuid:proceeding_id>/", views.proceeding_change, name="proceeding_change"),
    path("guardian/", views.wards, name="wards"),
    path(
        "legal-tasks/<uuid:task_id>/completion/",
        views.legal_task_complete,
        name="legal_task_complete",
    ),
]
