from django.urls import path

from kinhaven.ages import views

app_name = "ages"

_ONE = "<uuid:child_id>/age-assessments/<uuid:assessment_id>/"

# Under /children/: an age assessment belongs to the child's record.
urlpatterns = [
    path("<uuid:child_id>/age-assessments/", views.age_assessment_list, name="list"),
    path(
        "<uuid:child_id>/age-assessments/request/",
        views.age_assessment_request_view,
        name="request",
    ),
    path(_ONE, views.age_assessment_detail, name="detail"),
    path(f"{_ONE}steps/", views.age_assessment_step_view, name="step"),
    path(f"{_ONE}decision/", views.age_assessment_decision_view, name="decide"),
    path(f"{_ONE}notifications/", views.age_assessment_notice_view, name="notice"),
    path(f"{_ONE}appeals/", views.age_assessment_appeal_view, name="appeal"),
    path(
        f"{_ONE}appeal-decision/",
        views.age_assessment_appeal_decision_view,
        name="appeal_decide",
    ),
    path(f"{_ONE}withdrawal/", views.age_assessment_withdrawal_view, name="withdraw"),
]
