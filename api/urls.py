"""``/api/v1/``: the endpoints; ``/api/schema/`` and ``/api/docs/``: their OpenAPI description; ``/api/tokens/``: the token page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import pages
from .endpoints import assessments, figures, organizations, people

app_name = "api"

v1 = [
    path("organizations/", organizations.OrganizationList.as_view(), name="organization_list"),
    path("organizations/<str:code>/", organizations.OrganizationDetail.as_view(), name="organization_detail"),
    path("people/", people.PersonList.as_view(), name="person_list"),
    path("people/<int:pk>/", people.PersonDetail.as_view(), name="person_detail"),
    path("people/<int:pk>/membership/", people.PersonMembership.as_view(), name="person_membership"),
    path("memberships/", people.MembershipList.as_view(), name="membership_list"),
    path("assessments/", assessments.AssessmentList.as_view(), name="assessment_list"),
    path("assessments/<int:pk>/", assessments.AssessmentDetail.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/submit/", assessments.AssessmentSubmit.as_view(), name="assessment_submit"),
    path("assessments/<int:pk>/review/", assessments.AssessmentReview.as_view(), name="assessment_review"),
    path("assessments/<int:pk>/approve/", assessments.AssessmentApprove.as_view(), name="assessment_approve"),
    path("figures/", figures.Figures.as_view(), name="figures"),
    path("findings/", figures.Findings.as_view(), name="findings"),
    path("dashboard/", figures.Dashboard.as_view(), name="dashboard"),
    path("report/", figures.Report.as_view(), name="report"),
]

urlpatterns = [
    *[path(f"v1/{p.pattern}", p.callback, name=p.name) for p in v1],
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]
