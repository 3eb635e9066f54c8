"""compose.yaml: Caddy in front, gunicorn reachable only through it, one trusted hop."""

import ipaddress

import yaml

from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_only_the_proxy_publishes_ports():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    proxy = SERVICES["proxy"]
    assert proxy["image"].split(":")[0] == "caddy" and proxy["image"].split(":")[1] == "2"
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert proxy["environment"]["UPSTREAM"] == "web:8000"
    assert "SITE_ADDRESS" in proxy["environment"]
    assert SERVICES["web"]["expose"] == ["8000"]


def test_the_app_trusts_exactly_the_proxy():
    web, proxy = SERVICES["web"], SERVICES["proxy"]
    # X-Forwarded-Proto: gunicorn believes it from the proxy's fixed address only ...
    proxy_address = ipaddress.ip_address(proxy["networks"]["edge"]["ipv4_address"])
    assert ipaddress.ip_address(web["environment"]["FORWARDED_ALLOW_IPS"]) == proxy_address
    (pool,) = COMPOSE["networks"]["edge"]["ipam"]["config"]
    assert proxy_address in ipaddress.ip_network(pool["subnet"])
    # Addresses handed out to other containers never include the proxy's.
    assert proxy_address not in ipaddress.ip_network(pool["ip_range"])
    # ... on a network the proxy and the app share with nobody else ...
    on_edge = {name for name, service in SERVICES.items() if "edge" in service.get("networks", {})}
    assert on_edge == {"proxy", "web"}
    # ... and the lockout takes the one X-Forwarded-For entry the proxy appends.
    assert web["environment"]["DJANGO_TRUSTED_PROXY_COUNT"] == "1"
