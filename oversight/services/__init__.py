"""Writes of Party oversight: every change goes through one of these functions.

Each runs in one transaction with the actor recorded on the history it writes (``@service``),
locks the records it decides on, checks the actor's permission and scope, and refuses with a
ValidationError naming the field when a rule is broken. Database constraints and triggers
(see ``oversight.models``) are the last line behind them.
"""

from oversight.services.discipline import DISCIPLINE_FIELDS, discipline_decision_create
from oversight.services.findings import actor_may, check_citable, finding_create, finding_link_create, finding_update
from oversight.services.inspections import (
    INSPECTION_EDITABLE,
    inspection_conclude,
    inspection_conclude_blockers,
    inspection_create,
    inspection_start,
    inspection_start_blockers,
    inspection_update,
)
from oversight.services.programmes import PROGRAMME_EDITABLE, programme_create, programme_update
from oversight.services.recommendations import (
    recommendation_create,
    recommendation_report_progress,
    recommendation_report_progress_blockers,
    recommendation_send_back,
    recommendation_send_back_blockers,
    recommendation_update,
    recommendation_verify,
    recommendation_verify_blockers,
)
from oversight.services.team import team_member_create, team_member_update

__all__ = [
    "DISCIPLINE_FIELDS",
    "INSPECTION_EDITABLE",
    "PROGRAMME_EDITABLE",
    "actor_may",
    "check_citable",
    "discipline_decision_create",
    "finding_create",
    "finding_link_create",
    "finding_update",
    "inspection_conclude",
    "inspection_conclude_blockers",
    "inspection_create",
    "inspection_start",
    "inspection_start_blockers",
    "inspection_update",
    "programme_create",
    "programme_update",
    "recommendation_create",
    "recommendation_report_progress",
    "recommendation_report_progress_blockers",
    "recommendation_send_back",
    "recommendation_send_back_blockers",
    "recommendation_update",
    "recommendation_verify",
    "recommendation_verify_blockers",
    "team_member_create",
    "team_member_update",
]
