from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from . import views

urlpatterns = [
    path("health/", views.health),
    path("auth/token/", obtain_auth_token),
    path("products/", views.ProductList.as_view()),
    path("cart/", views.CartView.as_view()),
    path("cart/items/", views.CartItems.as_view()),
    path("orders/", views.OrderCreate.as_view()),
    path("orders/<int:pk>/", views.OrderDetail.as_view()),
    path("admin/inventory/", views.Inventory.as_view()),
    path("admin/stats/", views.Stats.as_view()),
]
