"""The public catalogue of 审核 rules: what the platform checks before a report can be submitted."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from disclosure.rules import catalogue as rule_catalogue
from disclosure.rules import guarantees


@require_GET
def rules(request):
    return render(
        request,
        "disclosure/rules.html",
        {"rules": rule_catalogue(), "guarantees": guarantees()},
    )


urlpatterns = [
    path("rules/", rules, name="rules"),
]
