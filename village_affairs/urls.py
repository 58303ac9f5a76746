from django.urls import path

from . import case_views, correction_views, views

app_name = "village_affairs"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", case_views.case_list, name="cases"),
    path("cases/open/", case_views.case_open, name="case_open"),
    path("cases/<int:pk>/", case_views.case_detail, name="case"),
    path("township/<str:code>/<int:year>/<int:month>/", views.township_monthly, name="township_monthly"),
    path("<str:code>/", views.village, name="village"),
    path("<str:code>/decisions/new/", views.decision_create, name="decision_create"),
    path("<str:code>/decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("<str:code>/decisions/<int:pk>/steps/<int:step_pk>/withdraw/", views.step_withdraw, name="step_withdraw"),
    path("<str:code>/decisions/<int:pk>/implementation/", views.decision_implementation, name="implementation"),
    path("<str:code>/comment/<str:target>/<int:pk>/", views.comment_add, name="comment"),
    path("<str:code>/disclosures/new/", views.disclosure_create, name="disclosure_create"),
    path("<str:code>/disclosures/<int:pk>/", views.disclosure_detail, name="disclosure"),
    path("<str:code>/disclosures/<int:pk>/publish/", views.disclosure_publish, name="disclosure_publish"),
    path("<str:code>/disclosures/<int:pk>/delete/", views.disclosure_delete, name="disclosure_delete"),
    path("<str:code>/disclosures/<int:pk>/correct/", correction_views.disclosure_correct, name="disclosure_correct"),
    path("<str:code>/ledger/", views.ledger_current, name="ledger_current"),
    path("<str:code>/ledger/<int:year>/<int:month>/", views.ledger, name="ledger"),
    path("<str:code>/ledger/entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<str:code>/ledger/entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("<str:code>/ledger/entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("<str:code>/feedback/", views.feedback_inbox, name="feedback"),
    path("<str:code>/feedback/<int:pk>/answer/", views.feedback_answer, name="feedback_answer"),
]
