from django.urls import path

from kinhaven.guardianship import views

app_name = "guardianship"

# Under /children/: a guardian is appointed on the child's record.
urlpatterns = [
    path("<uuid:child_id>/guardian/", views.child_guardian_view, name="appoint"),
    path(
        "<uuid:child_id>/guardian/handover/",
        views.child_guardian_handover_view,
        name="handover",
    ),
]
