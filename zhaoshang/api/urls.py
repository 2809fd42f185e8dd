from django.urls import path

from zhaoshang.api import views
from zhaoshang.api.api import urls as api_urls

urlpatterns = [
    path("api/", api_urls),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/tokens/", views.tokens, name="api-tokens"),
    path("accounts/tokens/<int:pk>/", views.token_change, name="api-token-change"),
]
