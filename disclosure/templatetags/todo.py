"""{% load todo %}{% todo_panel %}: the 待办事项 of the user on the admin home."""

from django import template

from disclosure.todo import todo_for

register = template.Library()


@register.inclusion_tag("admin/disclosure/todo.html", takes_context=True)
def todo_panel(context):
    return {"todo": todo_for(context["request"].user)}
