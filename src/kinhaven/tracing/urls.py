from django.urls import path

from kinhaven.tracing import views

app_name = "tracing"

urlpatterns = [
    path("tracing/", views.request_list, name="list"),
    path("tracing/new/", views.request_create, name="create"),
    path("tracing/<uuid:request_id>/", views.request_detail, name="detail"),
    path("tracing/<uuid:request_id>/close/", views.request_close, name="close"),
    path("tracing/matches/<uuid:match_id>/decision/", views.match_decide, name="decide"),
    path("tracing/matches/<uuid:match_id>/steps/<slug:kind>/", views.step_record, name="step"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/<uuid:candidate_id>/", views.duplicate_detail, name="duplicate"),
    path(
        "duplicates/<uuid:candidate_id>/reject/",
        views.duplicate_reject_view,
        name="duplicate_reject",
    ),
    path("merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
]
