#!/usr/bin/env bash
# Runs a command as on a bare machine: in a private mount namespace (Linux, as root) where
# Debian's PostgreSQL and Chromium, the libraries only Chromium brings (NSS), and the
# 'postgres' account are hidden. Nothing is uninstalled; the hiding ends with the command.
# It is how the "npm ci && npm test on a bare machine" claim is checked on a machine that has
# those packages:   bash scripts/without-system-tools.sh bash -c 'npm ci && npm test'
set -euo pipefail
if [ "${OLG_HIDDEN:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "needs root (for a mount namespace)" >&2; exit 2; }
  exec env OLG_HIDDEN=1 unshare --mount --propagation private bash "$0" "$@"
fi
scratch=$(mktemp -d /tmp/olg-bare.XXXXXX)
empty="$scratch/empty"; mkdir "$empty"
# Directories: an empty one mounted over each.
for d in /usr/lib/postgresql /usr/share/postgresql /usr/lib/chromium /usr/share/chromium /etc/chromium; do
  [ -d "$d" ] && mount --bind "$empty" "$d"
done
# Single files: an overlay of their directory with a whiteout (a 0/0 device) for each.
hide_files() {
  local dir=$1; shift
  local upper="$scratch/upper$(echo "$dir" | tr / _)" work="$scratch/work$(echo "$dir" | tr / _)"
  mkdir -p "$upper" "$work"
  local f
  for f in "$@"; do
    [ -e "$dir/$f" ] || [ -L "$dir/$f" ] || continue
    mknod "$upper/$f" c 0 0
  done
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$upper,workdir=$work" "$dir"
}
pg_tools=$(cd /usr/bin && ls pg_* psql createdb dropdb createuser dropuser initdb postgres pg_ctl 2>/dev/null | sort -u || true)
# shellcheck disable=SC2086
hide_files /usr/bin chromium chromium-browser $pg_tools
hide_files /usr/local/bin initdb pg_ctl postgres psql
libdir=/usr/lib/$(uname -m)-linux-gnu
# shellcheck disable=SC2046
hide_files "$libdir" $(cd "$libdir" && ls libnss3.so* libnssutil3.so* libsmime3.so* libssl3.so* libnspr4.so* libplc4.so* libplds4.so* 2>/dev/null || true)
# No 'postgres' account: copies of passwd and group without it.
grep -v '^postgres:' /etc/passwd >"$scratch/passwd"; mount --bind "$scratch/passwd" /etc/passwd
grep -v '^postgres:' /etc/group >"$scratch/group"; mount --bind "$scratch/group" /etc/group
echo "without-system-tools: postgres, chromium, NSS and the postgres account hidden" >&2
set +e
env -u OLG_HIDDEN "$@"
rc=$?
umount -R /etc/group /etc/passwd "$libdir" /usr/local/bin /usr/bin 2>/dev/null
rm -rf "$scratch" 2>/dev/null
exit $rc
