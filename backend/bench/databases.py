"""The suite's databases: a migrated template, and one clone of it per data set, each its own
connection alias. `activate(name)` points Django's default connection at a data set's database,
so rows measure two data sets side by side in one process (the connections stay open)."""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
import subprocess
from pathlib import Path

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


class Databases:
    def __init__(self, vendor: str, workdir: Path, tag: str):
        self.vendor = vendor
        self.workdir = workdir
        self.tag = tag
        self.server = PG_SERVER
        self.created: list[str] = []
        self._template_connection = None

    # --- before django.setup() -----------------------------------------------------------------
    def name(self, dataset: str) -> str:
        return f"mp_bench_{dataset}_{self.tag}"

    def template_url(self) -> str:
        if self.vendor == "postgres":
            self._psql(f'DROP DATABASE IF EXISTS "{self.name("template")}"')
            self._psql(f'CREATE DATABASE "{self.name("template")}"')
            self.created.append(self.name("template"))
            return f"{PG_SERVER}/{self.name('template')}"
        return f"sqlite:///{self.workdir / 'template.sqlite3'}"

    def _psql(self, sql: str) -> None:
        subprocess.run(["psql", f"{PG_SERVER}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                       capture_output=True)

    # --- after django.setup() ------------------------------------------------------------------
    def migrate_template(self) -> None:
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        self._template_connection = connections["default"]
        self._template_connection.close()

    def create(self, dataset: str) -> None:
        """A fresh clone of the template as connection alias `dataset`."""
        from django.conf import settings
        from django.db import connections

        self._template_connection.close()
        config = copy.deepcopy(connections.settings["default"])
        if self.vendor == "postgres":
            self._psql(f'DROP DATABASE IF EXISTS "{self.name(dataset)}"')
            self._psql(f'CREATE DATABASE "{self.name(dataset)}" TEMPLATE "{self.name("template")}"')
            self.created.append(self.name(dataset))
            config["NAME"] = self.name(dataset)
        else:
            target = self.workdir / f"{dataset}.sqlite3"
            shutil.copyfile(self.workdir / "template.sqlite3", target)
            config["NAME"] = str(target)
        settings.DATABASES[dataset] = config
        connections.settings[dataset] = config

    def activate(self, dataset: str) -> None:
        from django.core.cache import caches
        from django.db import connections

        connections["default"] = connections[dataset]
        caches["default"].key_prefix = dataset  # cached rows never cross data sets

    def drop_all(self) -> None:
        from django.db import connections

        for alias in list(connections.settings):
            with contextlib.suppress(Exception):  # closing what may already be gone
                connections[alias].close()
        if self._template_connection is not None:
            self._template_connection.close()
        if self.vendor == "postgres":
            for name in reversed(self.created):
                self._psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()
