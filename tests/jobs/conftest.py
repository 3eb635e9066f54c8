"""The submission fixtures of test_submission.py, for the other submission test modules."""

from tests.jobs.test_submission import confirmed, submitted  # noqa: F401
