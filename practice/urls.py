from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.home, name="home"),
    path("posts/", views.post_list, name="posts"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/claim/", views.post_claim, name="post_claim"),
    path("posts/<int:pk>/nominate/", views.post_nominate, name="post_nominate"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/rate/", views.claim_rate, name="claim_rate"),
    path("claims/<int:pk>/<slug:action>/", views.claim_decide, name="claim_decide"),
    path("commitments/", views.commitment_list, name="commitments"),
    path("commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/report/", views.commitment_report, name="commitment_report"),
    path("commitments/<int:pk>/rate/", views.commitment_rate, name="commitment_rate"),
    path("volunteer/", views.volunteer_list, name="volunteer"),
    path("volunteer/new/", views.volunteer_create, name="volunteer_create"),
    path("volunteer/<int:pk>/<slug:action>/", views.volunteer_decide, name="volunteer_decide"),
    path("aid/", views.aid_list, name="aids"),
    path("aid/new/", views.aid_create, name="aid_create"),
    path("aid/<int:pk>/", views.aid_detail, name="aid_detail"),
    path("aid/<int:pk>/visit/", views.aid_visit, name="aid_visit"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("record/me/", views.my_record, name="my_record"),
    path("record/<int:pk>/", views.record, name="record"),
]
