from django.urls import path

from . import views

app_name = "member_records"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_page, name="import"),
    path("<int:pk>/", views.record_detail, name="record"),
    path("<int:pk>/<slug:kind>/new/", views.item_form, name="item_add"),
    path("<int:pk>/<slug:kind>/<int:item>/", views.item_form, name="item_edit"),
    path("<int:pk>/<slug:kind>/<int:item>/delete/", views.item_delete, name="item_delete"),
]
