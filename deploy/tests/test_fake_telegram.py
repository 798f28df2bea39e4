"""The faults drills' Telegram: what it calls delivered and dropped decides the worker drill."""

import socket
import threading
import time

import requests

from mpdeploy.faults import TELEGRAM_TOKEN, FakeTelegram


def _send(telegram: FakeTelegram, text: str, timeout: float = 10) -> requests.Response:
    return requests.post(f"http://127.0.0.1:{telegram.port}/bot{TELEGRAM_TOKEN}/sendMessage",
                         json={"chat_id": 1, "text": text}, timeout=timeout)


def test_an_answered_send_is_delivered_and_the_token_is_not_recorded():
    telegram = FakeTelegram()
    try:
        response = _send(telegram, "hello")
        assert response.json()["ok"] is True
        assert telegram.about("hello") == [{"path": "/bot<token>/sendMessage", "chat_id": 1, "text": "hello",
                                            "outcome": "delivered"}]
    finally:
        telegram.stop()


def test_a_held_send_whose_sender_dies_is_dropped_and_others_pass():
    telegram = FakeTelegram()
    try:
        telegram.hold_next("held")
        assert _send(telegram, "not this one").status_code == 200  # only the needle is held
        body = (b'{"chat_id": 1, "text": "held one"}')
        raw = socket.create_connection(("127.0.0.1", telegram.port))
        raw.sendall(b"POST /bot" + TELEGRAM_TOKEN.encode() + b"/sendMessage HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Type: application/json\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
                    + body)
        assert telegram.holding.wait(5)
        raw.close()  # the worker killed mid-send
        deadline = time.monotonic() + 5
        while not telegram.about("held") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [e["outcome"] for e in telegram.about("held")] == ["dropped"]
        assert _send(telegram, "held again").status_code == 200  # the retry
        assert [e["outcome"] for e in telegram.about("held")] == ["dropped", "delivered"]
    finally:
        telegram.stop()


def test_a_held_send_is_answered_once_released():
    telegram = FakeTelegram()
    try:
        telegram.hold_next("slow")
        result = {}
        thread = threading.Thread(target=lambda: result.update(r=_send(telegram, "slow one")))
        thread.start()
        assert telegram.holding.wait(5)
        telegram.release()
        thread.join(10)
        assert result["r"].status_code == 200
        assert [e["outcome"] for e in telegram.about("slow")] == ["delivered"]
    finally:
        telegram.stop()
