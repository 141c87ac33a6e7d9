from django.urls import path

from kinhaven.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/<uuid:child_id>/", views.case_create, name="create"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/transition/", views.case_transition_view, name="transition"),
    path(
        "<uuid:case_id>/closure/decision/",
        views.case_closure_decide_view,
        name="closure_decide",
    ),
    path("<uuid:case_id>/notes/", views.case_note_view, name="note"),
]
