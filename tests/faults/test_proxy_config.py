"""The shipped proxy and app-server configuration (deploy/; issue #15, faults): nginx accepts
deploy/nginx.conf, answers with the site's 503 page and Retry-After when no app server
answers, and serves static files itself; gunicorn never listens on every address and does not
restart its workers together."""

import http.client
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from tests.faults.conftest import closed_port
from tests.faults.servers import HOST, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

needs_nginx = pytest.mark.skipif(NGINX is None, reason="needs nginx (.ci/run installs it)")


@pytest.fixture
def nginx_config(tmp_path):
    """deploy/nginx.conf with the machine's paths and ports put in, inside a main config."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )  # fmt: skip
    http_port, https_port = free_port(), free_port()
    site = (DEPLOY / "nginx.conf").read_text()
    for old, new in {
        "/etc/nginx/snippets/bonehealth_proxy.conf": str(DEPLOY / "proxy_params.conf"),
        "/etc/letsencrypt/live/bonehealth.example.org/fullchain.pem": str(tmp_path / "cert.pem"),
        "/etc/letsencrypt/live/bonehealth.example.org/privkey.pem": str(tmp_path / "key.pem"),
        "/var/cache/nginx/bonehealth": str(tmp_path / "cache"),
        "/srv/bonehealth/staticfiles/": f"{ROOT / 'static'}/",
        "/srv/bonehealth/templates": str(ROOT / "templates"),
        # No app server answers: both upstreams are ports nothing listens on.
        "10.0.0.11:8000": f"{HOST}:{closed_port()}",
        "10.0.0.12:8000": f"{HOST}:{closed_port()}",
        "listen 80;": f"listen {HOST}:{http_port};",
        "listen 443 ssl http2;": f"listen {HOST}:{https_port} ssl http2;",
        "bonehealth.example.org": "localhost",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "main.conf").write_text(
        f"""daemon off;
pid {tmp_path / "nginx.pid"};
error_log {tmp_path / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};
    fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};
    include {tmp_path / "site.conf"};
}}
"""
    )
    return tmp_path, http_port, https_port


@needs_nginx
def test_nginx_accepts_the_shipped_config(nginx_config):
    tmp_path, _, _ = nginx_config
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "main.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@needs_nginx
def test_no_app_server_answering_gives_the_sites_503_page(nginx_config):
    tmp_path, http_port, https_port = nginx_config
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "main.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    context = ssl._create_unverified_context()  # noqa: S323 - the test's own self-signed certificate

    def get(path):
        conn = http.client.HTTPSConnection(HOST, https_port, timeout=10, context=context)
        conn.request("GET", path, headers={"Host": "localhost"})
        response = conn.getresponse()
        return response, response.read()

    try:
        wait_for(lambda: get("/static/css/app.css")[0].status == 200, 10, "nginx did not start")
        response, body = get("/accounts/dashboard/")
        assert response.status == 503
        assert response.getheader("Retry-After") == "30"
        assert b"<h1>Back in a moment</h1>" in body
        assert body == (ROOT / "templates" / "503.html").read_bytes()
        # The page's own styles come from nginx, with no app server.
        static = get("/static/css/app.css")[0]
        assert static.getheader("Cache-Control") == "max-age=31536000, public, immutable"
        plain = http.client.HTTPConnection(HOST, http_port, timeout=10)
        plain.request("GET", "/readyz/", headers={"Host": "localhost"})
        assert plain.getresponse().status == 301
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_config_binds_privately_and_restarts_workers_apart():
    config = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - our own file
    assert config["bind"].startswith("unix:")
    assert "max_requests" not in config
    assert config["timeout"] == 30 and config["control_socket_disable"] is True


def test_deploy_docs_say_the_proxy_is_required_and_bind_privately():
    text = (ROOT / "docs" / "DEPLOY.md").read_text()
    assert "--bind 0.0.0.0" not in text
    assert "gunicorn -c deploy/gunicorn.conf.py" in text
    assert "--max-requests 2000 --max-requests-jitter" not in text
    assert "The proxy is required" in text
    assert "deploy/nginx.conf" in text and "/readyz/" in text
