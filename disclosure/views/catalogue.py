"""The public catalogue of 审核 rules: what the platform checks before a report can be submitted.

Per template (TEMPLATES), which rules run: a rule that needs a table, a
section or a part the template does not have, or that is for another level
or kind of report (部门决算, 预算 …), is not applicable there.
"""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from disclosure.report_templates import TEMPLATES
from disclosure.rules import catalogue as rule_catalogue
from disclosure.rules import guarantees, not_applicable_reason


def _rows(templates) -> list[dict]:
    rows = []
    for rule in rule_catalogue():
        cells = []
        for template in templates:
            missing = rule.missing(template)
            cells.append(
                {
                    "template": template,
                    "applies": not missing,
                    "reason": not_applicable_reason(missing, template.kind)
                    if missing
                    else "",
                }
            )
        rows.append({"rule": rule, "cells": cells})
    return rows


@require_GET
def rules(request):
    templates = sorted(
        TEMPLATES.values(), key=lambda t: (t.region, t.first_year, t.code)
    )
    return render(
        request,
        "disclosure/rules.html",
        {
            "rules": rule_catalogue(),
            "rows": _rows(templates),
            "templates": templates,
            "guarantees": guarantees(),
        },
    )


urlpatterns = [
    path("rules/", rules, name="rules"),
]
