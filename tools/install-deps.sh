#!/usr/bin/env bash
# Installs everything the build, the tests and tools/test-all.sh need on Debian 12
# (bookworm), with apt-get. Safe to run again.
#
# The tests run their own Dovecot (tools/dovecot-server.py: own configuration, own
# ports on 127.0.0.1). Installing dovecot-imapd would normally start the system service
# as well; while this script installs, a temporary policy-rc.d forbids that, so nothing
# listens on 143/993 because of it. A system Dovecot that was already running is left
# alone: the tests never use its ports.
set -euo pipefail

packages=(
    build-essential g++ clang libclang-rt-14-dev
    cmake ninja-build meson pkg-config
    libasio-dev libwolfssl-dev zlib1g-dev catch2
    python3 openssl dovecot-imapd
    git ca-certificates
)

if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
else
    command -v sudo >/dev/null 2>&1 || { echo "install-deps.sh: run as root or install sudo" >&2; exit 1; }
    SUDO=(sudo)
fi
as_root() { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive "$@"; }

# Forbid service starts during the install, unless a policy is already in place.
policy=/usr/sbin/policy-rc.d
installed_policy=0
if [[ ! -e $policy ]]; then
    as_root sh -c "printf '#!/bin/sh\n# installed temporarily by imaplib-cpp tools/install-deps.sh\nexit 101\n' > $policy && chmod 755 $policy"
    installed_policy=1
fi
remove_policy() {
    if [[ $installed_policy -eq 1 ]]; then
        as_root rm -f "$policy"
    fi
}
trap remove_policy EXIT

as_root apt-get update
as_root apt-get install -y --no-install-recommends "${packages[@]}"

echo "install-deps.sh: done"
