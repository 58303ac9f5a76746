from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("my-reviews/", views.my_reviews, name="my_reviews"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/<int:pk>/delete/", views.site_delete, name="site_delete"),
    path("models/", views.model_list, name="model_list"),
    path("models/new/", views.model_create, name="model_create"),
    path("models/<int:pk>/delete/", views.model_delete, name="model_delete"),
    path("contact-points/", views.contact_point_list, name="contact_point_list"),
    path("contact-points/new/", views.contact_point_create, name="contact_point_create"),
    path("contact-points/<int:pk>/", views.contact_point_detail, name="contact_point_detail"),
    path("contact-points/<int:pk>/review/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action_complete"),
    path("requirements/", views.requirements, name="requirements"),
]
