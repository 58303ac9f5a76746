from django.urls import path

from . import views

app_name = "leadership"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("<str:code>/", views.group_detail, name="detail"),
    path("<str:code>/create/", views.group_create, name="create"),
    path("<str:code>/members/add/", views.member_add, name="member_add"),
    path("<str:code>/members/<int:pk>/end/", views.member_end, name="member_end"),
    path("<str:code>/log/add/", views.log_add, name="log_add"),
]
