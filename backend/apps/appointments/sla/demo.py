"""`seed_demo`'s SLA clocks: each demo appointment gets the clocks its history implies under the
policy in force (met, breached, stopped when it ended otherwise, running or already breached for the
current stage, some of those in their warning lead), so every state shows on the screens."""

from django.utils import timezone

from ..models import AppointmentStatus, SlaClock, SlaClockState, SlaStage
from ..state import FLOW, STAGE_TIMESTAMPS
from .hours import due_moments
from .policy import CLIENT_STAGES, STAGE_OF_STATUS, policy_current, zone

S = AppointmentStatus


def seed_demo_clocks(data) -> None:
    policy = policy_current()
    calendar, tz, now = policy.calendar, zone(), timezone.now()
    rows = []
    for appointment in data.appointments:
        reached = [(S.NEW, appointment.created_at)] + [
            (status, getattr(appointment, STAGE_TIMESTAMPS[status])) for status in FLOW[1:]
            if getattr(appointment, STAGE_TIMESTAMPS[status], None)]
        ended = appointment.declined_at or appointment.cancelled_at
        for index, (status, started) in enumerate(reached):
            stage = STAGE_OF_STATUS.get(status)
            target = policy.target(stage) if stage else None
            if target is None:
                continue
            due, warn = due_moments(started, minutes=target.minutes, warn_before_minutes=target.warn_before_minutes,
                                    business_hours=target.business_hours, calendar=calendar, zone=tz)
            following = reached[index + 1][1] if index + 1 < len(reached) else ended
            clock = SlaClock(
                appointment_id=appointment.pk, stage=stage, cycle=1,
                master_id=appointment.master_id if stage != SlaStage.TAKE and stage not in CLIENT_STAGES else None,
                target_minutes=target.minutes, warn_before_minutes=target.warn_before_minutes,
                business_hours=target.business_hours, policy_version=policy.version, started_at=started,
                due_at=due, warn_at=warn)
            if following is not None:  # the stage is over
                clock.stopped_at = following
                if following > due:
                    clock.state, clock.breached_at = SlaClockState.BREACHED, due
                else:
                    clock.state = SlaClockState.MET if index + 1 < len(reached) else SlaClockState.STOPPED
            elif due <= now:  # the current stage, past due (the sweep has seen it)
                clock.state, clock.breached_at = SlaClockState.BREACHED, due
            else:
                clock.state = SlaClockState.RUNNING
            if warn is not None and warn <= (clock.stopped_at or now):
                clock.warned_at = warn
            rows.append(clock)
    SlaClock.objects.bulk_create(rows, batch_size=2000)
