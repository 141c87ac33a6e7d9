from django.urls import path

from kinhaven.stats import views

app_name = "stats"

urlpatterns = [
    path("stats/", views.national, name="national"),
    path("stats/figures/<slug:code>.csv", views.figure_csv, name="figure_csv"),
    path("stats/report/", views.report, name="report"),
    path("stats/exports/", views.exports, name="exports"),
    path("stats/exports/<uuid:export_id>/", views.export_status, name="export_status"),
    path("stats/exports/<uuid:export_id>/file/", views.export_file, name="export_file"),
    path("stats/releases/", views.releases, name="releases"),
    path("stats/releases/<uuid:dataset_id>/", views.dataset, name="dataset"),
    path("my-figures/", views.caseload, name="caseload"),
    path("my-figures/<slug:code>.csv", views.caseload_csv, name="caseload_csv"),
]
