from django.urls import path

from kinhaven.care import views

app_name = "care"

_ONE = "<uuid:child_id>/placements/<uuid:placement_id>/"

# Under /children/: a placement belongs to the child's record.
urlpatterns = [
    path("<uuid:child_id>/placements/", views.placement_list, name="list"),
    path("<uuid:child_id>/placements/start/", views.placement_start_view, name="start"),
    path(_ONE, views.placement_detail, name="detail"),
    path(f"{_ONE}vetting/", views.placement_vetting_view, name="vetting"),
    path(f"{_ONE}end/", views.placement_end_view, name="end"),
    path(f"{_ONE}visits/", views.placement_visit_view, name="visit"),
]
