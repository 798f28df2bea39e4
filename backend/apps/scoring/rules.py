"""What rules can read about scores: the client's risk and the master's performance of the
appointment a rule looks at (registered with the platform's rule engine from ready())."""

from collections.abc import Sequence

from apps.appointments.models import Appointment
from apps.platform.rules.grammar import FieldType
from apps.platform.rules.registry import FieldSpec, Target, register_rule_fields

from .selectors import performance_levels, risk_levels
from .types import ClientRiskLevel, MasterPerformanceLevel

SCORE_FIELDS = [
    FieldSpec("client.risk_level", FieldType.ENUM, "Client: risk level",
              choices=tuple(level.value for level in ClientRiskLevel)),
    FieldSpec("client.risk_score", FieldType.NUMBER, "Client: risk score (0-100)"),
    FieldSpec("master.performance_level", FieldType.ENUM, "Master: performance level",
              choices=tuple(level.value for level in MasterPerformanceLevel)),
    FieldSpec("master.performance_score", FieldType.NUMBER, "Master: performance score (0-100)"),
]


def load_score_facts(targets: Sequence[Target]) -> list[dict]:
    """The effective (override applied) levels and scores of the targets' clients and masters:
    one query for the appointments and one per kind of score, whatever the number of targets."""
    ids = {t.appointment_id for t in targets if t.appointment_id is not None}
    people = {pk: (client, master) for pk, client, master in
              Appointment.objects.filter(pk__in=ids).values_list("pk", "client_id", "master_id")} if ids else {}
    risks = risk_levels({client for client, _ in people.values()}) if people else {}
    performances = performance_levels({m for _, m in people.values() if m}) if people else {}
    out = []
    for target in targets:
        client, master = people.get(target.appointment_id, (None, None))
        facts = {}
        if client is not None:
            facts["client.risk_level"], facts["client.risk_score"] = risks.get(
                client, (ClientRiskLevel.INSUFFICIENT_DATA.value, None))
        if master is not None:
            facts["master.performance_level"], facts["master.performance_score"] = performances.get(
                master, (MasterPerformanceLevel.INSUFFICIENT_DATA.value, None))
        out.append(facts)
    return out


def register(owner: str) -> None:
    register_rule_fields(SCORE_FIELDS, owner=owner, loader=load_score_facts)
