from django.urls import path

app_name = "service_platform"
urlpatterns: list = []
