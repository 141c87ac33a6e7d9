from django.urls import path

from kinhaven.identification import views

app_name = "identification"

# Under /children/: identification is part of the child's record.
urlpatterns = [
    path(
        "<uuid:child_id>/identification/",
        views.identification_section,
        name="section",
    ),
    path(
        "<uuid:child_id>/identification/decisions/",
        views.identification_decide_view,
        name="decide",
    ),
]
