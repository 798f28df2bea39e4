"""Demo chats: short, realistic conversations (in Russian) that follow each appointment's stages,
with read marks (some messages left unread) and the odd deleted message. Bulk inserts only."""

from datetime import datetime, timedelta

from django.utils import timezone

from apps.appointments.demo import DemoData
from apps.appointments.models import Appointment, AppointmentEvent, AppointmentEventType, AppointmentStatus

from .models import Message, ReadState

S = AppointmentStatus

# stage timestamp attribute -> lines said once it is reached; "c" client, "m" master
# The chat starts once a master has taken the request (nobody is there to talk to before).
SCRIPT: list[tuple[str, list[tuple[str, list[str]]]]] = [
    ("taken_at", [("m", ["Здравствуйте! Заявку посмотрел(а), уточните, пожалуйста, удобное время.",
                         "Добрый день! Могу в четверг после 15:00 или в субботу утром.",
                         "Здравствуйте! Возьму вашу заявку, подскажите детали."]),
                  ("c", ["Суббота утром подойдёт, спасибо!", "Четверг в 16:00 удобно.",
                         "Отлично, давайте так."])]),
    ("priced_at", [("m", ["Стоимость указал(а) в заявке, реквизиты для оплаты там же.",
                          "Цену выставил(а), оплата переводом по СБП."]),
                   ("c", ["Хорошо, оплачу сегодня.", "Понял(а), спасибо."])]),
    ("marked_paid_at", [("c", ["Оплатила, чек прикрепила к заявке.", "Перевод отправил, чек в заявке."])]),
    ("payment_confirmed_at", [("m", ["Оплату получил(а), спасибо! До встречи.", "Платёж пришёл, всё в силе."])]),
    ("started_at", [("m", ["Выезжаю, буду через 20 минут.", "Начинаю работу."])]),
    ("completed_at", [("m", ["Готово! Спасибо, что выбрали меня.", "Работа выполнена, обращайтесь ещё."]),
                      ("c", ["Спасибо большое, всё отлично!", "Спасибо, результат нравится."])]),
    ("declined_at", [("m", ["К сожалению, не смогу взять заказ — нет свободного времени. Извините!"])]),
    ("cancelled_at", [("c", ["Извините, планы изменились, отменяю заявку."])]),
]


def _moment(base: datetime, step: int, now: datetime) -> datetime:
    """A few minutes after the stage was reached (the demo's stages are at least half an hour apart and
    half an hour ago), never in the future."""
    return min(base + timedelta(minutes=2 + 4 * step), now - timedelta(seconds=60 - step))


def _conversation(data: DemoData, appointment: Appointment, now: datetime) -> list[Message]:
    rng = data.rng
    lines: list[Message] = []
    if appointment.master_id is None or appointment.taken_at is None:
        return lines
    for stamp, turns in SCRIPT:
        base = getattr(appointment, stamp, None)
        if base is None:
            continue
        for step, (who, options) in enumerate(turns):
            sender_id = appointment.client_id if who == "c" else appointment.master_id
            lines.append(Message(appointment=appointment, sender_id=sender_id, text=rng.choice(options),
                                 created_at=_moment(base, step, now)))
    lines.sort(key=lambda m: m.created_at)
    return lines


def seed_chats(data: DemoData) -> None:
    rng = data.rng
    now = timezone.now()
    threads = [(a, _conversation(data, a, now)) for a in data.appointments]
    threads = [(a, thread) for a, thread in threads if thread]
    Message.objects.bulk_create([m for _a, thread in threads for m in thread], batch_size=2000)

    read_states: list[ReadState] = []
    deleted: list[Message] = []
    events: list[AppointmentEvent] = []
    for appointment, thread in threads:
        if rng.random() < 0.05 and len(thread) > 1:
            # someone took back a message they regretted
            message = thread[-2]
            message.original_text, message.text = message.text, ""
            message.deleted_at = min(message.created_at + timedelta(minutes=2), now)
            message.deleted_by_id = message.sender_id
            deleted.append(message)
            events.append(AppointmentEvent(
                appointment=appointment, actor_id=message.sender_id, type=AppointmentEventType.MESSAGE_DELETED,
                data={"message_id": message.pk, "sender_id": message.sender_id, "moderated": False},
                created_at=message.deleted_at))
        for user_id in (appointment.client_id, appointment.master_id):
            if user_id is None:
                continue
            # Active chats keep a message or two unread, so the demo shows unread counts.
            # Only the trailing run of the others' messages can be unread (writing marks read).
            trailing = 0
            while trailing < len(thread) and thread[-trailing - 1].sender_id != user_id:
                trailing += 1
            wanted = rng.choice([0, 1, 2]) if appointment.status not in (S.COMPLETED, S.CANCELLED) else 0
            unread = min(wanted, trailing)
            mark = thread[-unread - 1] if unread < len(thread) else None
            if mark is not None:
                read_states.append(ReadState(appointment=appointment, user_id=user_id, last_read_message=mark))
    if deleted:
        Message.objects.bulk_update(deleted, ["text", "original_text", "deleted_at", "deleted_by"], batch_size=500)
    ReadState.objects.bulk_create(read_states, batch_size=2000)
    AppointmentEvent.objects.bulk_create(events, batch_size=2000)
