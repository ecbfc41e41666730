#!/bin/sh
# Regenerate the build system.
set -e
cd "$(dirname "$0")"
autoreconf -fi
