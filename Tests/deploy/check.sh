#!/usr/bin/env bash
# The files under deploy/ as their tools read them (issue 16): `promtool check rules` on the
# alert rules, `nginx -t` on the site (a throwaway certificate, ports and paths under a temporary
# directory), `systemd-analyze verify` on the unit. Installs prometheus and nginx when missing;
# skips the unit check where systemd-analyze is not installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "deploy: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "deploy: promtool check rules deploy/prometheus/alerts.yml"
promtool check rules deploy/prometheus/alerts.yml

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ssl" "$work/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=wx.example.com \
  -keyout "$work/ssl/privkey.pem" -out "$work/ssl/fullchain.pem" 2>/dev/null
# The site as shipped, with only what a test machine cannot have replaced: certificate and log
# paths, and unprivileged loopback ports.
sed -e "s#/etc/ssl/wx.example.com#$work/ssl#g" -e "s#/var/log/nginx#$work/logs#g" \
    -e "s/listen 443 ssl http2;/listen 127.0.0.1:18443 ssl http2;/" -e "s/listen 80;/listen 127.0.0.1:18080;/" \
    -e "/listen \[::\]/d" deploy/nginx/wxopen.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<NGINX
pid $work/nginx.pid;
error_log $work/logs/error.log;
events {}
http { include $work/site.conf; }
NGINX
echo "deploy: nginx -t on deploy/nginx/wxopen.conf"
nginx -t -q -c "$work/nginx.conf"

if command -v systemd-analyze >/dev/null 2>&1; then
  echo "deploy: systemd-analyze verify deploy/systemd/wxopen.service"
  # verify wants the programs the unit runs to exist: point them at one that does.
  sed "s#/usr/local/bin/wxopen#/bin/true#g" deploy/systemd/wxopen.service >"$work/wxopen.service"
  systemd-analyze verify "$work/wxopen.service"
else
  echo "deploy: systemd-analyze not installed, unit not verified"
fi
echo "deploy: ok"
