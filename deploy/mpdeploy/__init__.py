"""Deployment tooling: compose and nginx checks, the nginx renderer and the production smoke test."""

from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = DEPLOY_DIR.parent
