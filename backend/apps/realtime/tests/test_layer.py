"""The embedded channel layer (no REDIS_URL: channels-lite in var/realtime.sqlite3) carries a frame
from one process to another, as from the job worker (a notification) to the websocket server."""

import os
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[3]

RECEIVER = """
import asyncio, json, django
django.setup()
from channels.layers import get_channel_layer
async def main():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("user.7", channel)
    print("ready", flush=True)
    print(json.dumps(await asyncio.wait_for(layer.receive(channel), 20)), flush=True)
asyncio.run(main())
"""

SENDER = """
import django
django.setup()
from apps.realtime.services import push_now
print(push_now(user_ids=[7], frame={"type": "notification.created", "unread_count": 3}))
"""


def test_a_frame_crosses_processes_through_the_sqlite_layer(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(tmp_path), DEBUG="false")
    subprocess.run([sys.executable, "manage.py", "prepare_database", "-v", "0"], cwd=BACKEND, env=env, check=True,
                   timeout=120)
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER], cwd=BACKEND, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    try:
        assert receiver.stdout.readline().strip() == "ready", receiver.stderr.read()
        sent = subprocess.run([sys.executable, "-c", SENDER], cwd=BACKEND, env=env, capture_output=True, text=True,
                              timeout=60, check=True)
        assert sent.stdout.strip() == "1"
        out, err = receiver.communicate(timeout=30)
    finally:
        receiver.kill()
    assert '"frame": {"type": "notification.created", "unread_count": 3}' in out, err
    assert (tmp_path / "realtime.sqlite3").exists()
