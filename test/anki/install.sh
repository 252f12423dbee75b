#!/usr/bin/env bash
# Installs a real Anki's Python library for test/anki-reimport.test.ts.
#
# Debian's own `anki` package when this Debian release has one; Debian 12 has
# none, so Debian 11's (Anki 2.1.15, the last one Debian shipped) is fetched
# with apt from the same Debian mirror, and only its library is unpacked (to
# $STUDYDECK_ANKI_DIR, default /opt/studydeck-anki): the desktop app's Qt is
# not needed, and the system's apt sources and dpkg state stay as they are.
# Does nothing when Anki is already importable. Exit status 0 when it is.
set -euo pipefail

dir=${STUDYDECK_ANKI_DIR:-/opt/studydeck-anki}
python=/usr/bin/python3
export DEBIAN_FRONTEND=noninteractive

importable() {
  [ -x "$python" ] && "$python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import anki.importing.apkg' "$1" >/dev/null 2>&1
}

if importable /usr/share/anki || importable "$dir/usr/share/anki"; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "anki: no apt-get here; install Debian's anki package to run the re-import test" >&2
  exit 1
fi

lock=(-o DPkg::Lock::Timeout=300)
apt-get update -qq
candidate=$(apt-cache policy anki 2>/dev/null | sed -n 's/^ *Candidate: //p')
if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
  apt-get install -y -qq --no-install-recommends "${lock[@]}" anki >/dev/null
  importable /usr/share/anki && exit 0
fi

# The library needs only `decorator` (and distutils) beyond Python itself.
apt-get install -y -qq --no-install-recommends "${lock[@]}" python3 python3-decorator python3-distutils >/dev/null

mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n 1 || true)
fi
if [ -z "$mirror" ]; then
  echo "anki: cannot tell which Debian mirror apt uses" >&2
  exit 1
fi

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
echo "deb $mirror bullseye main" >"$state/sources.list"
private=(-o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" -o APT::Sandbox::User=root)
apt-get "${private[@]}" update -qq
(cd "$state" && apt-get "${private[@]}" download -qq anki)
mkdir -p "$dir"
dpkg-deb -x "$state"/anki_*.deb "$dir"
if importable "$dir/usr/share/anki"; then
  echo "anki: installed $(dpkg-deb -f "$state"/anki_*.deb Version) in $dir"
else
  echo "anki: unpacked in $dir but it does not import with $python" >&2
  exit 1
fi
