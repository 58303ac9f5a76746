from django.urls import path

from . import views

app_name = "member_page"
urlpatterns = [
    path("", views.page, name="page"),
    path("text-size/", views.text_size, name="text_size"),
    path("meetings/<int:pk>/qr.svg", views.meeting_qr, name="meeting_qr"),
    path("meetings/<int:pk>/sign-in/", views.sign_in, name="sign_in"),
]
