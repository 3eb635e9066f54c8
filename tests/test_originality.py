"""No sentence of the seed articles may appear in the project: the texts are our own."""

import os
import re
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT, SEED_ARTICLES

# Eight words in a row is where a shared phrase stops being a coincidence.
WINDOW = 8
SKIP_DIRS = {".git", ".venv", "node_modules", "staticfiles", "__pycache__", ".pytest_cache"}
TEXT_SUFFIXES = {".py", ".html", ".json", ".md", ".txt", ".css", ".po", ".xml", ".yaml", ".toml"}


def words(text):
    return re.findall(r"\w+", text.lower())


def windows(text):
    tokens = words(text)
    return {" ".join(tokens[i : i + WINDOW]) for i in range(len(tokens) - WINDOW + 1)}


def project_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            if Path(name).suffix in TEXT_SUFFIXES:
                yield Path(folder) / name


def seed_windows():
    articles = sorted(SEED_ARTICLES.glob("*.txt")) if SEED_ARTICLES.is_dir() else []
    if not articles:
        if IN_CI:
            pytest.fail(f"seed articles not found in {SEED_ARTICLES}")
        pytest.skip("seed articles (../shared/seeds) not beside this checkout")
    return set().union(*(windows(p.read_text(encoding="utf-8")) for p in articles))


def copied_passages(paths, seeds):
    copied = {}
    for path in paths:
        shared = windows(path.read_text(encoding="utf-8", errors="ignore")) & seeds
        if shared:
            copied[path.name] = sorted(shared)[:3]
    return copied


def test_no_seed_sentence_is_copied():
    assert copied_passages(project_files(), seed_windows()) == {}


def test_a_copied_sentence_would_be_found(tmp_path):
    seeds = seed_windows()
    article = sorted(SEED_ARTICLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    sentence = article.splitlines()[3].split(". ")[0]
    page = tmp_path / "page.html"
    page.write_text(f"<p>Unser Text. {sentence.upper()}!</p>", encoding="utf-8")
    assert "page.html" in copied_passages([page], seeds)
