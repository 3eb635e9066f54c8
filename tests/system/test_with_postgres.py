"""scripts/with-postgres: the throwaway cluster's port is outside the ephemeral range."""

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.system


def test_the_port_is_below_the_range_client_sockets_take():
    # Any port the kernel may hand a client socket meanwhile is a port the server could
    # lose between the choice and its start.
    first_ephemeral = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    ports = []
    for _ in range(2):
        result = subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "with-postgres"), "sh", "-c", 'echo "$DATABASE_URL"'],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        ports.append(int(re.search(r"@127\.0\.0\.1:(\d+)/", result.stdout)[1]))
    assert all(1024 < port < first_ephemeral for port in ports), ports
