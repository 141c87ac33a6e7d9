from django.urls import path

from kinhaven.plans import views

app_name = "plans"

urlpatterns = [
    path("cases/<uuid:case_id>/plan/", views.plan_page, name="page"),
    path("cases/<uuid:case_id>/plan/goals/", views.goal_add_view, name="goal_add"),
    path("cases/<uuid:case_id>/plan/actions/", views.action_add_view, name="action_add"),
    path(
        "cases/<uuid:case_id>/plan/actions/<uuid:action_id>/done/",
        views.action_done_view,
        name="action_done",
    ),
    path("cases/<uuid:case_id>/plan/review-date/", views.review_date_view, name="review_date"),
    path("cases/<uuid:case_id>/plan/reviews/", views.review_record_view, name="review_record"),
    path("cases/<uuid:case_id>/plan/submit/", views.submit_view, name="submit"),
    path("cases/<uuid:case_id>/plan/decision/", views.decide_view, name="decide"),
]
