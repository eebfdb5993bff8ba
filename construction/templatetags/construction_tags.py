"""What the pages of a work show beyond its fields: its figures, its steps and what blocks the next one."""

from django import template

from construction import selectors, services
from construction.choices import TRANSITIONS, ProjectStatus, Step
from logistics.formatting import vnd, vnd_words

register = template.Library()

#: The step that follows each status, and the action (URL name suffix) that takes it.
NEXT_STEP = {
    ProjectStatus.PROPOSED: Step.APPROVE,
    ProjectStatus.APPROVED: Step.START,
    ProjectStatus.UNDER_CONSTRUCTION: Step.ACCEPT,
    ProjectStatus.ACCEPTED: Step.HAND_OVER,
    ProjectStatus.HANDED_OVER: Step.SETTLE,
}


@register.simple_tag
def project_figures(project) -> dict:
    return selectors.project_figures(project)


@register.simple_tag
def project_steps(project) -> list[dict]:
    """The six statuses in order, each with its date and whether it is done, current or to come."""
    dates = {
        ProjectStatus.PROPOSED: None,
        ProjectStatus.APPROVED: project.decision_date,
        ProjectStatus.UNDER_CONSTRUCTION: project.actual_start,
        ProjectStatus.ACCEPTED: project.actual_end,
        ProjectStatus.HANDED_OVER: project.handed_over_on,
        ProjectStatus.SETTLED: project.settled_on,
    }
    order = [status.value for status in ProjectStatus]
    current = order.index(project.status)
    steps = []
    for index, status in enumerate(ProjectStatus):
        steps.append(
            {
                "number": index + 1,
                "label": status.label,
                "date": dates[status],
                "state": "done" if index < current else ("current" if index == current else "todo"),
            }
        )
    return steps


@register.simple_tag
def next_step(project) -> dict | None:
    """The next step of the work: its label, the action that takes it, and what blocks it now."""
    step = NEXT_STEP.get(project.status)
    if step is None:
        return None
    return {
        "step": step,
        "label": Step(step).label,
        "action": step.value,
        "blockers": services.blockers(project, step),
        "leads_to": ProjectStatus(TRANSITIONS[step][1]).label,
    }


@register.simple_tag
def step_blockers(project, action_name: str) -> list[str]:
    """On a step's confirmation page: why it cannot be taken now (empty when it can)."""
    if action_name in TRANSITIONS:
        return services.blockers(project, action_name)
    return []


@register.filter
def money_short(value) -> str:
    """Big amounts as officers say them (``5,2 tỷ đồng``)."""
    return vnd_words(value) if value else vnd(0)
