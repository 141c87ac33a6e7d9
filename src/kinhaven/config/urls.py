from django.urls import include, path

from kinhaven.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("children/", include("kinhaven.children.urls")),
    path("children/", include("kinhaven.guardianship.urls")),
    path("children/", include("kinhaven.identification.urls")),
    path("children/", include("kinhaven.ages.urls")),
    path("children/", include("kinhaven.care.urls")),
    path("children/", include("kinhaven.missing.urls")),
    path("children/", include("kinhaven.interviews.urls")),
    path("children/", include("kinhaven.dataprotection.urls")),
    path("children/", include("kinhaven.bestinterests.urls")),
    path("children/", include("kinhaven.solutions.urls")),
    path("cases/", include("kinhaven.cases.urls")),
    path("deadlines/", include("kinhaven.deadlines.urls")),
    path("inbox/", include("kinhaven.notifications.urls")),
    path("", include("kinhaven.intake.urls")),
    path("", include("kinhaven.referrals.urls")),
    path("", include("kinhaven.workspace.urls")),
    path("", include("kinhaven.conferences.urls")),
    path("", include("kinhaven.plans.urls")),
    path("", include("kinhaven.legal.urls")),
    path("", include("kinhaven.tracing.urls")),
    path("", include("kinhaven.exchange.urls")),
    path("", include("kinhaven.stats.urls")),
    path("", include("kinhaven.web.urls")),
    path("", include("kinhaven.operations.urls")),
]

handler400 = "kinhaven.web.views.error_400"
handler403 = "kinhaven.web.views.error_403"
handler404 = "kinhaven.web.views.error_404"
handler500 = "kinhaven.web.views.error_500"
