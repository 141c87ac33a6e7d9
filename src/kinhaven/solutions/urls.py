from django.urls import path

from kinhaven.solutions import views

app_name = "solutions"

_BASE = "<uuid:child_id>/solutions/"
_PLAN = f"{_BASE}plans/<uuid:plan_id>/"

# Under /children/: return and durable solutions belong to the child's record.
urlpatterns = [
    path(_BASE, views.solutions_page, name="page"),
    path(f"{_BASE}assessments/", views.assessment_view, name="assessment"),
    path(f"{_BASE}plans/", views.plan_view, name="plan"),
    path(f"{_PLAN}adoption/", views.adoption_view, name="adoption"),
    path(f"{_PLAN}closure/", views.closure_view, name="closure"),
    path(f"{_PLAN}steps/", views.step_view, name="step"),
    path(f"{_BASE}steps/<uuid:step_id>/completion/", views.step_done_view, name="step_done"),
    path(f"{_BASE}departures/", views.departure_view, name="departure"),
]
