from django.urls import path

from . import views

app_name = "pairing"
urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("new/", views.pairing_create, name="create"),
    path("<int:pk>/", views.pairing_detail, name="detail"),
    path("<int:pk>/end/", views.pairing_end, name="end"),
    path("<int:pk>/contributions/add/", views.contribution_add, name="contribution_add"),
    path("<int:pk>/activities/add/", views.activity_add, name="activity_add"),
    path("<int:pk>/outcomes/add/", views.outcome_add, name="outcome_add"),
    path("postings/", views.posting_list, name="posting_list"),
    path("postings/batches/new/", views.batch_create, name="batch_create"),
    path("postings/new/", views.posting_create, name="posting_create"),
    path("postings/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("postings/<int:pk>/contributions/add/", views.posting_contribution_add, name="posting_contribution_add"),
    path("outcomes/", views.outcome_summary, name="outcomes"),
]
