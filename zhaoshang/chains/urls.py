from django.urls import path

from zhaoshang.chains import views

urlpatterns = [
    path("", views.chain_list, name="chains"),
    path("new/", views.chain_form, name="chain-new"),
    path("<int:pk>/", views.chain_detail, name="chain-detail"),
    path("<int:pk>/edit/", views.chain_form, name="chain-edit"),
    path("<int:chain_pk>/nodes/new/", views.node_form, name="chain-node-new"),
    path("<int:chain_pk>/nodes/<int:pk>/edit/", views.node_form, name="chain-node-edit"),
    path("<int:chain_pk>/links/new/", views.link_form, name="chain-link-new"),
    path("links/<int:pk>/delete/", views.link_delete, name="chain-link-delete"),
    path("nodes/<int:pk>/enterprises/new/", views.enterprise_form, name="chain-enterprise-new"),
    path("nodes/<int:pk>/tags/new/", views.tag_form, name="chain-tag-new"),
    path("nodes/<int:node_pk>/targets/new/", views.target_form, name="chain-target-new"),
    path("targets/", views.target_list, name="chain-targets"),
    path("targets/<int:pk>/edit/", views.target_form, name="chain-target-edit"),
    path("targets/<int:pk>/convert/", views.target_convert, name="chain-target-convert"),
]
