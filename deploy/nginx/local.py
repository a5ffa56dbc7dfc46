"""The sample configuration made runnable on this machine, for `nginx -t` in the tests and the load-and-fault bench:
the checkout instead of /srv/dialogue-portal, plain HTTP on one loopback port instead of TLS, the given app server
ports, and a main configuration whose pid, logs and temporary files stay in a directory of the caller's.
"""

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE_ROOT = "/srv/dialogue-portal"
SAMPLE_PORTS = ("127.0.0.1:8001", "127.0.0.1:8002")


def render_site(root: Path, app_ports: tuple[int, int], listen_port: int) -> str:
    text = (HERE / "dialogue-portal.conf").read_text()
    for sample, port in zip(SAMPLE_PORTS, app_ports, strict=True):
        text = text.replace(sample, f"127.0.0.1:{port}")
    text = text.replace(SAMPLE_ROOT, str(root))
    text = re.sub(r"^\s*listen \[::\].*\n", "", text, flags=re.M)
    text = re.sub(r"^\s*ssl_.*\n", "", text, flags=re.M)
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{listen_port + 1};", text)
    return re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{listen_port};", text)


def main_config(directory: Path, site: Path) -> str:
    # Debian's /etc/nginx/nginx.conf in short, with everything that writes kept under `directory`.
    return f"""
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {directory}/access.log;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {site};
}}
"""


def write(directory: Path, root: Path, app_ports: tuple[int, int], listen_port: int) -> Path:
    """Write the site and main configuration into `directory`; returns the main configuration's path."""
    directory.mkdir(parents=True, exist_ok=True)
    site = directory / "site.conf"
    site.write_text(render_site(root, app_ports, listen_port))
    main = directory / "nginx.conf"
    main.write_text(main_config(directory, site))
    return main
