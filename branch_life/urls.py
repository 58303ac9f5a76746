from django.urls import path

from . import dues_views, notice_views, views

app_name = "branch_life"
urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("settings/", views.settings_page, name="settings"),
    path("dues/", dues_views.dues_list, name="dues"),
    path("dues/pay/", dues_views.payment_create, name="payment_create"),
    path("dues/rate/", dues_views.rate_set, name="rate_set"),
    path("dues/reason/", dues_views.reason_record, name="reason_record"),
    path("dues/statement/<int:pk>/", dues_views.statement, name="statement"),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/new/", notice_views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", notice_views.notice_detail, name="notice_detail"),
]
