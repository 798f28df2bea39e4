"""Who may use each chat endpoint: readers (client owner, assigned master, admins with
`appointments.view` or `chat.moderate`) get through, but only those who take part and admins with
`chat.moderate` write (an analyst reads: 403 on writing); every other signed-in user gets 404
(even a master who sees the request in the NEW queue); anonymous callers get 401. Every admin
sub-role against these endpoints: apps/adminpanel/tests/test_regular_endpoints.py."""

import pytest

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentStatus
from apps.chat.models import Message
from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db
S = AppointmentStatus

ACTORS = ["owner", "assigned_master", "admin", "analyst", "other_client", "other_master", "pending_master",
          "anonymous"]
PARTICIPANTS = {"owner", "assigned_master", "admin", "analyst"}

# endpoint: (method, path template, body, {actor: status}); participants not listed get `ok`.
ENDPOINTS = {
    "list": ("get", "/appointments/{a}/messages/", None, 200, {}),
    "poll": ("get", "/appointments/{a}/messages/?after={m}", None, 200, {}),
    "send": ("post", "/appointments/{a}/messages/", {"text": "Привет"}, 201, {"analyst": 403}),
    "read": ("post", "/appointments/{a}/read/", {}, 200, {}),
    "message": ("get", "/messages/{m}/", None, 200, {}),
    # the message is the owner's: the master may not delete it, an admin without chat.moderate neither
    "delete": ("delete", "/messages/{m}/", None, 204, {"assigned_master": 403, "analyst": 403}),
}


@pytest.fixture
def cast(make_user):
    def build(appointment):
        return {
            "owner": appointment.client,
            "assigned_master": appointment.master,
            "admin": make_user(Role.ADMIN),
            "analyst": make_user(Role.ADMIN, admin_role="analyst"),
            "other_client": make_user(Role.CLIENT),
            "other_master": make_user(Role.MASTER),
            "pending_master": make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING),
            "anonymous": None,
        }

    return build


CASES = [(e, a) for e in ENDPOINTS for a in ACTORS]


@pytest.mark.parametrize(("endpoint", "actor"), CASES, ids=[f"{e}-{a}" for e, a in CASES])
@pytest.mark.parametrize("prefix", ["/api/v1", "/api"])
def test_chat_permission_matrix(api, as_user, make_appointment, cast, endpoint, actor, prefix):
    appointment = make_appointment(S.IN_PROGRESS)
    message = Message.objects.create(appointment=appointment, sender=appointment.client, text="Здравствуйте")
    method, template, body, ok, overrides = ENDPOINTS[endpoint]
    user = cast(appointment)[actor]
    expected = 401 if actor == "anonymous" else overrides.get(actor, ok if actor in PARTICIPANTS else 404)
    caller = as_user(user) if user else api
    path = prefix + template.format(a=appointment.id, m=message.id - 1 if endpoint == "poll" else message.id)
    response = getattr(caller, method)(path, body, format="json") if body is not None else getattr(caller, method)(path)
    assert response.status_code == expected, (endpoint, actor, response.content)
    if expected == 404:
        assert response.json()["code"] == "not_found"
        assert "Здравствуйте" not in response.content.decode()
    message.refresh_from_db()
    if endpoint == "delete":
        assert message.is_deleted == (expected == 204)
    if endpoint == "send":
        assert Message.objects.filter(appointment=appointment).count() == (2 if expected == 201 else 1)


@pytest.mark.parametrize("method", ["get", "post"])
def test_master_who_only_sees_the_request_in_the_queue_is_not_a_participant(
        as_user, make_appointment, make_user, method):
    appointment = make_appointment(S.NEW)
    Message.objects.create(appointment=appointment, sender=appointment.client, text="Когда сможете?")
    queue_master = make_user(Role.MASTER)
    api = as_user(queue_master)
    # they do see the request itself...
    detail = api.get(f"/api/v1/appointments/{appointment.id}/")
    assert detail.status_code == 200
    assert detail.json()["unread_count"] == 0
    # ...but not its chat
    response = getattr(api, method)(f"/api/v1/appointments/{appointment.id}/messages/", {"text": "Я возьму"})
    assert response.status_code == 404
    assert api.post(f"/api/v1/appointments/{appointment.id}/read/").status_code == 404
    message = Message.objects.get()
    assert api.get(f"/api/v1/messages/{message.id}/").status_code == 404
    assert api.delete(f"/api/v1/messages/{message.id}/").status_code == 404


def test_the_client_can_write_before_a_master_is_assigned_and_the_master_reads_it_after_taking(
        as_user, make_appointment, make_user, say):
    appointment = make_appointment(S.NEW)
    say(appointment.client, appointment, "Нужно до пятницы")
    master = make_user(Role.MASTER)
    assert as_user(master).post(f"/api/v1/appointments/{appointment.id}/take/").status_code == 200
    listing = as_user(master).get(f"/api/v1/appointments/{appointment.id}/messages/")
    assert [m["text"] for m in listing.json()["results"]] == ["Нужно до пятницы"]


def test_a_master_removed_from_the_appointment_loses_the_chat(as_user, chat, make_user, say):
    say(chat.master, chat, "Начинаю")
    from apps.appointments.services import appointment_set_status

    admin = make_user(Role.ADMIN)
    appointment_set_status(appointment_id=chat.id, actor=admin, status="NEW", reason="reassign")
    assert as_user(chat.master).get(f"/api/v1/appointments/{chat.id}/messages/").status_code == 404
    assert as_user(admin).get(f"/api/v1/appointments/{chat.id}/messages/").status_code == 200


def test_unknown_appointment_and_message_are_404(as_user, client_user):
    api = as_user(client_user)
    assert api.get("/api/v1/appointments/999999/messages/").status_code == 404
    assert api.post("/api/v1/appointments/999999/read/").status_code == 404
    assert api.delete("/api/v1/messages/999999/").status_code == 404


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/appointments/{big}/messages/"), ("post", "/api/v1/appointments/{big}/messages/"),
    ("post", "/api/v1/appointments/{big}/read/"), ("get", "/api/v1/messages/{big}/"),
    ("delete", "/api/v1/messages/{big}/"),
])
def test_ids_beyond_the_database_range_are_404(as_user, make_user, method, path):
    api = as_user(make_user(Role.ADMIN))
    response = getattr(api, method)(path.format(big="9" * 25), {"text": "x"}, format="json")
    assert response.status_code == 404
