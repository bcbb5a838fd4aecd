#!/usr/bin/env bash
# The Debian package's test (issue 19), on this machine as the throw-away root: dpkg -i, then what an operator
# does first, then dpkg --purge, and nothing of hactl left. As root; CI runs it after the build (bin/test).
#   packaging/test-deb.sh [DEB]      (default: packaging/target/hactl_*_all.deb, built by mvn package)
# Refuses (exit 2, nothing changed) on a machine where hactl is installed or its directories exist: the test
# purges what it installs and must not take an admin's /etc/hactl or /var/lib/hactl with it.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
DEB="${1:-}"
if [[ -z "$DEB" ]]; then
  shopt -s nullglob
  debs=("$HERE"/target/hactl_*_all.deb)
  if ((${#debs[@]} != 1)); then
    echo "test-deb: expected one packaging/target/hactl_*_all.deb, found ${#debs[@]}: run 'mvn -B package' first, or name the .deb" >&2
    exit 2
  fi
  DEB="${debs[0]}"
fi
step=0
ok() { echo "test-deb: ok $step: $*"; }
fail() { echo "test-deb: FAILED at step $step: $*" >&2; exit 1; }
next() { step=$((step + 1)); echo "test-deb: step $step: $*"; }

if [[ $(id -u) -ne 0 ]]; then echo "test-deb: must run as root (dpkg -i); sudo $0" >&2; exit 2; fi
if dpkg-query -W -f='${Status}' hactl 2>/dev/null | grep -q 'installed\|config-files'; then
  echo "test-deb: hactl is installed on this machine: not a throw-away root (dpkg --purge hactl first, if it may go)" >&2
  exit 2
fi
for d in /etc/hactl /var/lib/hactl /usr/share/hactl /var/cache/hactl; do
  if [[ -e $d ]]; then echo "test-deb: $d exists: not a throw-away root (move it away first)" >&2; exit 2; fi
done
cleanup() {   # on a failure, leave nothing behind either
  if dpkg-query -W -f='${Status}' hactl 2>/dev/null | grep -q 'installed\|config-files'; then
    HACTL_PURGE_STATE=yes dpkg --purge hactl >/dev/null 2>&1 || true
  fi
  rm -rf /var/lib/hactl
}
trap cleanup EXIT

next "the package holds no lab nor benchmark: dpkg-deb -c"
contents="$(dpkg-deb -c "$DEB")"
if grep -Ei 'hactl-lab|/lab/|bench|selenium|io/hactl/lab' <<<"$contents"; then fail "the .deb holds the lab or the benchmarks (above)"; fi
unpacked="$(mktemp -d)"
dpkg-deb -x "$DEB" "$unpacked"
while IFS= read -r -d '' jar; do
  if jar tf "$jar" | grep -q '^io/hactl/\(lab\|bench\)/'; then fail "${jar#"$unpacked"} holds classes of io.hactl.lab or io.hactl.bench"; fi
done < <(find "$unpacked" -name '*.jar' -print0)
rm -rf "$unpacked"
ok "no lab/bench jar nor class in $(basename "$DEB") ($(stat -c %s "$DEB") bytes)"

next "lintian: no errors (the warnings that stay, and why: docs/install.md)"
if command -v lintian >/dev/null 2>&1; then
  lint="$(lintian --allow-root "$DEB" 2>&1 || true)"
  echo "$lint"
  if grep -q '^E: ' <<<"$lint"; then fail "lintian reports errors (above)"; fi
  ok "lintian: no errors"
else
  echo "test-deb: lintian is not installed (bin/setup-host.sh installs it): step skipped" >&2
fi

next "dpkg -i"
dpkg -i "$DEB" || fail "dpkg -i failed; missing dependencies? apt-get install -y default-jre-headless mariadb-client, then again"
[[ -x /usr/bin/hactl ]] || fail "no /usr/bin/hactl"
[[ $(stat -c %a /etc/hactl) == 700 && $(stat -c %a /var/lib/hactl) == 700 ]] \
  || fail "/etc/hactl is $(stat -c %a /etc/hactl), /var/lib/hactl $(stat -c %a /var/lib/hactl): both must be 700"
[[ -f /lib/systemd/system/hactl-controller.service ]] || fail "no /lib/systemd/system/hactl-controller.service"
if compgen -G '/etc/systemd/system/*.wants/hactl-controller.service' >/dev/null; then fail "the unit was enabled"; fi
grep -qx /etc/hactl/hactl.yml.example <(dpkg-query --control-show hactl conffiles) || fail "hactl.yml.example is not a conffile"
ok "installed: /usr/bin/hactl, /etc/hactl and /var/lib/hactl 0700, the unit not enabled, the example a conffile"

next "hactl --version"
version="$(hactl --version)" || fail "hactl --version exit $?"
echo "$version"
grep -q '^hactl [0-9]' <<<"$version" && grep -q '^commit: ' <<<"$version" && grep -q '^built: ' <<<"$version" \
  && grep -q '^java: ' <<<"$version" || fail "hactl --version does not say version, commit, built and java"
ok "hactl --version"

next "the class-data-sharing archive: dumped by postinst on the short class path, and used (-Xshare:on fails otherwise)"
[[ -s /var/cache/hactl/hactl.jsa ]] || fail "postinst dumped no /var/cache/hactl/hactl.jsa"
HACTL_JAVA_OPTS="-XX:+UseSerialGC -Xshare:on" hactl --version >/dev/null || fail "hactl --version with -Xshare:on: the archive does not match the launcher's class path"
HACTL_JAVA_OPTS="-XX:+UseSerialGC -Xshare:on" hactl controller --help >/dev/null || fail "hactl controller --help with -Xshare:on: the archive does not match the daemon's class path"
ok "the archive is used by a command and by the daemon's class path"

next "hactl --help"
help="$(hactl --help)" || fail "hactl --help exit $?"
grep -q 'db-master-set' <<<"$help" || fail "hactl --help does not list db-master-set"
ok "hactl --help"

next "hactl conf check on the example config: the 'fill these in' problems, no stack trace"
set +e
check="$(hactl conf check --config /etc/hactl/hactl.yml.example 2>&1)"; rc=$?
set -e
echo "$check"
[[ $rc -eq 1 ]] || fail "conf check on the example exited $rc, expected 1 (errors)"
for want in 'ssh.key: /etc/hactl/id_ed25519 does not exist' 'ssh.known_hosts: /etc/hactl/known_hosts does not exist' \
            'database.password_file: /etc/hactl/hactl.password does not exist' \
            'database.replication.password_file: /etc/hactl/repl.password does not exist' 'conf check: 4 errors'; do
  grep -qF "$want" <<<"$check" || fail "conf check does not say: $want"
done
if grep -qE 'Exception|^\s+at [a-z]' <<<"$check"; then fail "conf check printed a stack trace"; fi
ok "conf check names the four files to create"

next "man -w hactl"
man -w hactl || fail "man -w hactl found no page"
man -w hactl-db-master-set >/dev/null || fail "no page hactl-db-master-set"
ok "man pages"

next "bash -ic 'complete -p hactl'"
# bash-completion loads a command's completion on its first TAB; __load_completion does what that TAB does
spec="$(bash -ic 'source /usr/share/bash-completion/bash_completion 2>/dev/null; __load_completion hactl; complete -p hactl' 2>/dev/null)" \
  || fail "no completion for hactl (is bash-completion installed? apt-get install bash-completion)"
echo "$spec"
grep -q '_hactl_complete' <<<"$spec" || fail "hactl's completion is not hactl's function"
ok "completion"

next "systemd-analyze verify of the unit"
systemd-analyze verify /lib/systemd/system/hactl-controller.service || fail "systemd-analyze verify"
ok "the unit"

next "dpkg --purge (dpkg -r, then purge): nothing of hactl left but the controller's state, kept unless asked"
# what the controller leaves there (dpkg removes the directory itself when it is empty)
echo '{"test":"test-deb"}' > /var/lib/hactl/transitions.jsonl
dpkg -r hactl || fail "dpkg -r"
[[ ! -e /usr/bin/hactl && ! -e /usr/share/hactl && -d /etc/hactl ]] || fail "dpkg -r left programs, or took /etc/hactl"
dpkg --purge hactl || fail "dpkg --purge"
[[ -z "$(dpkg -L hactl 2>/dev/null)" ]] || fail "dpkg -L hactl still lists files"
for gone in /usr/bin/hactl /usr/share/hactl /etc/hactl /var/cache/hactl /lib/systemd/system/hactl-controller.service \
            /usr/share/bash-completion/completions/hactl /usr/share/man/man1/hactl.1.gz /usr/share/doc/hactl; do
  [[ ! -e $gone ]] || fail "$gone is left after the purge"
done
[[ -f /var/lib/hactl/transitions.jsonl ]] || fail "/var/lib/hactl was removed without HACTL_PURGE_STATE=yes"
rm -rf /var/lib/hactl
ok "purged; /var/lib/hactl kept until asked (removed here by the test)"

next "HACTL_PURGE_STATE=yes dpkg --purge: the controller's state goes too"
dpkg -i "$DEB" >/dev/null 2>&1 || fail "dpkg -i (again)"
echo '{"test":"test-deb"}' > /var/lib/hactl/transitions.jsonl
HACTL_PURGE_STATE=yes dpkg --purge hactl >/dev/null || fail "dpkg --purge with HACTL_PURGE_STATE=yes"
[[ ! -e /var/lib/hactl && ! -e /etc/hactl && -z "$(dpkg -L hactl 2>/dev/null)" ]] || fail "/var/lib/hactl or /etc/hactl left"
ok "nothing left"
echo "test-deb: all steps passed ($(basename "$DEB"))"
