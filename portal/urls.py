from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("v/", views.village_list, name="village_list"),
    path("v/<str:code>/", views.village_page, name="village"),
    path("v/<str:code>/qr.svg", views.village_qr, name="qr"),
    path("v/<str:code>/poster/", views.village_poster, name="poster"),
    path("v/<str:code>/feedback/", views.feedback, name="feedback"),
]
