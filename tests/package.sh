#!/usr/bin/env bash
# The Debian packages: dpkg-buildpackage builds collectd-vigil and
# vigil-report from a copy of the source; lintian finds no error; both
# install with dpkg into a throwaway root, where collectd loads a plugin from
# the package and vigil-report reads the packaged catalogue with the
# packaged schemas.
#   tests/package.sh SRCDIR
set -u
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
. "$src/tests/integration/lib.sh"
top_builddir=$src
it_setup

# a clean copy of the tracked files
mkdir -p "$WORK/build/vigil"
(cd "$src" && git ls-files -z | xargs -0 cp --parents -t "$WORK/build/vigil")
(cd "$WORK/build/vigil" && dpkg-buildpackage -us -uc -b > "$WORK/build.log" 2>&1)
rc=$?
expect_eq "dpkg-buildpackage -us -uc -b exits with" "$rc" 0
[ $rc -eq 0 ] || { tail -40 "$WORK/build.log"; it_finish; exit 1; }
debs=("$WORK"/build/*.deb)
names=$(for d in "${debs[@]}"; do dpkg-deb -f "$d" Package; done | grep -v dbgsym | sort | tr '\n' ' ')
expect_eq "packages built" "$names" "collectd-vigil vigil-report "

lintian --no-tag-display-limit "$WORK"/build/*.changes > "$WORK/lintian.out" 2>&1
errors=$(grep -c '^E:' "$WORK/lintian.out")
expect_eq "lintian errors" "$errors" 0
[ "$errors" -eq 0 ] || grep '^E:' "$WORK/lintian.out" | head
grep '^W:' "$WORK/lintian.out" | sed 's/^/  lintian /'

root="$WORK/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-script-chrootless -i \
  $(ls "${debs[@]}" | grep -v dbgsym) > "$WORK/dpkg.out" 2>&1
expect_eq "dpkg --root installs both packages, exit status" "$?" 0
expect_eq "installed" "$(dpkg --root="$root" -l | awk '/^ii/ {print $2}' | sort | tr '\n' ' ')" \
  "collectd-vigil vigil-report "
for f in usr/lib/collectd/vigil_backup.so usr/lib/collectd/vigil_probe.so usr/bin/vigil-checkin \
  usr/share/vigil/vigil.types.db usr/share/man/man5/collectd-vigil_backup.5.gz \
  usr/bin/vigil-report usr/share/vigil/schemas/report.xsd \
  usr/share/vigil/directives/qng-415-stttt-2020.xml usr/share/man/man1/vigil-report.1.gz; do
  [ -e "$root/$f" ] && ok "/$f installed" || not_ok "/$f missing"
done

# collectd loads the packaged plugin and writes its values
cp "$root/usr/lib/collectd/vigil_backup.so" "$WORK/plugins/"
mkdir -p "$WORK/backups"
head -c 2048 /dev/urandom > "$WORK/backups/db.sql.gz"
it_collectd_conf pkg pkg-host "
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups\"
    Pattern \"*.sql.gz\"
  </Location>
</Plugin>"
sed -i "s|\"$top_srcdir/plugins/vigil.types.db\"|\"$root/usr/share/vigil/vigil.types.db\"|" "$WORK/pkg.conf"
it_collectd_start pkg
for i in $(seq 1 50); do
  [ -f "$WORK/rrd/pkg-host/vigil_backup-db/files-matching.rrd" ] && break
  sleep 0.1
done
it_collectd_stop pkg
[ -f "$WORK/rrd/pkg-host/vigil_backup-db/files-matching.rrd" ] &&
  ok "collectd ran the packaged vigil_backup" || not_ok "no RRD from the packaged plugin: $(cat "$WORK/var/pkg.log")"

# the example configurations, with the packaged plugins: collectd -T runs
# every config and read callback once and exits 1 on a refused block (the
# central's rrdcached runs here on a socket of the test)
rrdcached -g -l "unix:$WORK/var/rrdcached.sock" -b "$WORK/rrd" -B -p "$WORK/var/rrdcached-pidfile" \
  > "$WORK/rrdcached.out" 2>&1 &
echo $! > "$WORK/rrdcached.pid"
for i in $(seq 1 50); do [ -S "$WORK/var/rrdcached.sock" ] && break; sleep 0.1; done
for ex in collectd-agency collectd-central; do
  conf="$root/usr/share/doc/$([ $ex = collectd-agency ] && echo collectd-vigil || echo vigil-report)/examples/$ex.conf"
  mkdir -p "$WORK/exdir"
  cp "$root"/usr/lib/collectd/vigil_*.so "$WORK/exdir/"
  for p in logfile uptime network rrdcached unixsock; do cp "$STOCK_PLUGINDIR/$p.so" "$WORK/exdir/"; done
  { echo "PluginDir \"$WORK/exdir\""
    sed -e "s|/usr/share/vigil/vigil.types.db|$root/usr/share/vigil/vigil.types.db|" \
      -e 's|^LoadPlugin syslog|LoadPlugin logfile|' -e 's|^<Plugin syslog>|<Plugin logfile>\n  File STDOUT|' \
      -e "s|/var/run/collectd-unixsock|$WORK/var/unixsock|" -e 's|"25826"|"0"|' \
      -e "s|unix:/var/run/rrdcached.sock|unix:$WORK/var/rrdcached.sock|" \
      -e "s|/var/lib/collectd/rrd|$WORK/rrd|" "$conf"; } > "$WORK/$ex.conf"
  timeout 30 "$COLLECTD" -T -C "$WORK/$ex.conf" > "$WORK/$ex.out" 2>&1
  rc=$?
  refused=$(grep -E "Unknown option|ignored because|needs exactly|Loading plugin .* failed" "$WORK/$ex.out")
  if [ $rc -eq 0 ] && [ -z "$refused" ]; then
    ok "collectd -T accepts examples/$ex.conf"
  else
    not_ok "collectd -T on examples/$ex.conf ($rc): $refused $(tail -3 "$WORK/$ex.out")"
  fi
done

# vigil-report from the root, with the packaged catalogue and schemas
"$root/usr/bin/vigil-report" --version > "$WORK/version.out" 2>&1
expect_eq "vigil-report --version" "$(cat "$WORK/version.out")" "vigil-report $(cd "$src" && sed -nE 's/^AC_INIT\(\[vigil\], \[([^]]+)\].*/\1/p' configure.ac)"
"$root/usr/bin/vigil-report" --schemas "$root/usr/share/vigil/schemas" \
  --catalogue "$root/usr/share/vigil/directives/qng-415-stttt-2020.xml" \
  --emit-thresholds "$WORK/thresholds.conf" > "$WORK/emit.out" 2>&1
expect_eq "the packaged catalogue validates against the packaged schema, exit" "$?" 0
it_finish
