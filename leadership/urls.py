from django.urls import path

app_name = "leadership"
urlpatterns: list = []
