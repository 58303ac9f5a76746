"""``/api/v1/``: the endpoints; ``/api/schema/`` and ``/api/docs/``: their OpenAPI description; ``/api/tokens/``: the token page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import pages
from .docs import swagger_view
from .endpoints import (
    affairs,
    assessments,
    away,
    branch_life,
    county_settings,
    decisions,
    dues,
    figures,
    membership,
    organizations,
    people,
    points,
    practice,
    supervision,
)
from .errors import not_found

app_name = "api"

v1 = [
    path("organizations/", organizations.OrganizationList.as_view(), name="organization_list"),
    path("organizations/<str:code>/", organizations.OrganizationDetail.as_view(), name="organization_detail"),
    path("counties/<str:code>/settings/", county_settings.CountySettings.as_view(), name="county_settings"),
    path("people/", people.PersonList.as_view(), name="person_list"),
    path("people/<int:pk>/", people.PersonDetail.as_view(), name="person_detail"),
    path("people/<int:pk>/membership/", people.PersonMembership.as_view(), name="person_membership"),
    path("memberships/", people.MembershipList.as_view(), name="membership_list"),
    path("memberships/<int:pk>/end/", membership.MembershipEndView.as_view(), name="membership_end"),
    path("assessments/", assessments.AssessmentList.as_view(), name="assessment_list"),
    path("assessments/<int:pk>/", assessments.AssessmentDetail.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/submit/", assessments.AssessmentSubmit.as_view(), name="assessment_submit"),
    path("assessments/<int:pk>/review/", assessments.AssessmentReview.as_view(), name="assessment_review"),
    path("assessments/<int:pk>/approve/", assessments.AssessmentApprove.as_view(), name="assessment_approve"),
    path("disclosures/", affairs.DisclosureList.as_view(), name="disclosure_list"),
    path("disclosures/<int:pk>/", affairs.DisclosureDetail.as_view(), name="disclosure_detail"),
    path("disclosures/<int:pk>/publish/", affairs.DisclosurePublish.as_view(), name="disclosure_publish"),
    path("disclosures/<int:pk>/correct/", affairs.DisclosureCorrect.as_view(), name="disclosure_correct"),
    path("decisions/", decisions.DecisionList.as_view(), name="decision_list"),
    path("decisions/<int:pk>/", decisions.DecisionDetail.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/steps/", decisions.DecisionSteps.as_view(), name="decision_steps"),
    path("contact-points/", supervision.ContactPointList.as_view(), name="contact_point_list"),
    path("contact-points/<int:pk>/", supervision.ContactPointDetail.as_view(), name="contact_point_detail"),
    path("contact-points/<int:pk>/reviews/", supervision.ContactPointReviews.as_view(), name="contact_point_reviews"),
    path("demonstration-sites/", supervision.SiteList.as_view(), name="site_list"),
    path("model-members/", supervision.ModelMemberList.as_view(), name="model_member_list"),
    path("posts/", practice.PostList.as_view(), name="post_list"),
    path("posts/<int:pk>/", practice.PostDetail.as_view(), name="post_detail"),
    path("posts/<int:pk>/claims/", practice.PostClaims.as_view(), name="post_claims"),
    path("claims/<int:pk>/assign/", practice.ClaimAssign.as_view(), name="claim_assign"),
    path("claims/<int:pk>/decline/", practice.ClaimDecline.as_view(), name="claim_decline"),
    path("meetings/", branch_life.MeetingList.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", branch_life.MeetingDetail.as_view(), name="meeting_detail"),
    path("dues-payments/", branch_life.DuesPaymentList.as_view(), name="dues_payment_list"),
    path("dues-rates/", dues.DuesRateList.as_view(), name="dues_rate_list"),
    path("arrears-reasons/", dues.ArrearsReasonList.as_view(), name="arrears_reason_list"),
    path("notices/", branch_life.NoticeList.as_view(), name="notice_list"),
    path("notices/received/", branch_life.NoticeReceivedList.as_view(), name="notice_received"),
    path("notices/<int:pk>/", branch_life.NoticeDetail.as_view(), name="notice_detail"),
    path("notices/<int:pk>/read/", branch_life.NoticeRead.as_view(), name="notice_read"),
    path("recruits/", membership.RecruitList.as_view(), name="recruit_list"),
    path("recruits/<int:pk>/", membership.RecruitDetail.as_view(), name="recruit_detail"),
    path("recruits/<int:pk>/steps/", membership.RecruitSteps.as_view(), name="recruit_steps"),
    path("transfers/", membership.TransferList.as_view(), name="transfer_list"),
    path("transfers/from-outside/", membership.TransferIn.as_view(), name="transfer_in"),
    path("transfers/<int:pk>/", membership.TransferDetail.as_view(), name="transfer_detail"),
    path("transfers/<int:pk>/receipt/", membership.TransferReceipt.as_view(), name="transfer_receipt"),
    path("aways/", away.AwayList.as_view(), name="away_list"),
    path("aways/<int:pk>/", away.AwayDetail.as_view(), name="away_detail"),
    path("aways/<int:pk>/actions/", away.AwayAction.as_view(), name="away_action"),
    path("points/balances/", points.BalanceList.as_view(), name="point_balances"),
    path("points/entries/", points.EntryList.as_view(), name="point_entries"),
    path("supermarkets/", points.SupermarketList.as_view(), name="supermarket_list"),
    path("supermarkets/<int:pk>/", points.SupermarketDetail.as_view(), name="supermarket_detail"),
    path("supermarkets/<int:pk>/stock/", points.SupermarketStock.as_view(), name="supermarket_stock"),
    path(
        "supermarkets/<int:pk>/redemptions/<int:entry>/reverse/",
        points.RedemptionReverse.as_view(),
        name="redemption_reverse",
    ),
    path("supermarkets/<int:pk>/redemptions/", points.SupermarketRedemptions.as_view(), name="supermarket_redemptions"),
    path("figures/", figures.Figures.as_view(), name="figures"),
    path("findings/", figures.Findings.as_view(), name="findings"),
    path("dashboard/", figures.Dashboard.as_view(), name="dashboard"),
    path("report/", figures.Report.as_view(), name="report"),
]

urlpatterns = [
    *[path(f"v1/{p.pattern}", p.callback, name=p.name) for p in v1],
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", swagger_view(), name="docs"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    # Anything else under /api/ (an id that is no number, a misspelt path): the API's own 404, in JSON.
    path("<path:rest>", not_found, name="not_found"),
]
