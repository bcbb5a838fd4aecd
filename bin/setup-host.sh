#!/usr/bin/env bash
# Installs, as root, the Debian packages hactl's lab and tests need, if any is missing,
# and stops any server that apt started on its own (the lab starts its own, per node).
set -euo pipefail
# zookeeper: the lab's ensemble (a member on n1, n2 and the witness; docs/lab.md), Debian's jars only.
# zstd: db-backup to .zst and the logical backup run mariadb-dump | zstd (in-process zstd without it), the
# physical backup compresses with it on the node; also to read the backups by hand (zstd -dc FILE | mariadb ...).
# chromium, chromium-driver: the console's browser lab test and bench (Selenium drives /usr/bin/chromium through
# /usr/bin/chromedriver, both from Debian: nothing downloads a browser or a driver; docs/console.md).
# mariadb-backup: db-replica-init's physical method (mariadb-backup and mbstream on both nodes; issue 18).
# socat: its direct stream node to node (database.copy.direct: auto; without it the copy goes through hactl).
# nftables: a failover's fence answers new connections to the DB VIP on the old master with a reset (issue 20).
# lintian, bash-completion, man-db: the Debian package's test (packaging/test-deb.sh: lintian's errors,
# complete -p hactl, man -w hactl).
PACKAGES=(mariadb-server mariadb-client mariadb-backup socat openssh-server openssh-client iproute2
          arping iputils-ping tomcat10 procps zstd zookeeper chromium chromium-driver nftables
          lintian bash-completion man-db)
if [[ $(id -u) -ne 0 ]]; then
  echo "setup-host: must run as root (it installs Debian packages and builds network namespaces)." >&2
  echo "            run it as root: bin/demo or bin/test as root, or sudo bin/demo / sudo bin/test" >&2
  exit 2
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-host: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # 'arping' (Thomas Habets') replaces iputils-arping: fractional timeouts, see docs/decisions.md
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Stop what apt may have started (on machines where services do start): the lab runs its own.
for svc in mariadb ssh tomcat10; do
  if command -v service >/dev/null 2>&1 && service "$svc" status >/dev/null 2>&1; then
    echo "setup-host: stopping $svc started by apt" >&2
    service "$svc" stop >/dev/null 2>&1 || true
  fi
done
exit 0
