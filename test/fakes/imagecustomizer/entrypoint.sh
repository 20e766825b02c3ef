#!/bin/sh
# The stand-in image's entry point, after upstream's toolkit/tools/imagecustomizer/container/entrypoint.sh (minus
# telemetry): unless asked for --help or --version, it mounts a fresh devtmpfs on /dev, which only a privileged
# container may do, then runs the tool with the container's arguments.
set -e
HELP=false
for arg in "$@"; do
  case "$arg" in
    --help | --version) HELP=true ;;
  esac
done
if [ "$HELP" = false ]; then
  mount -t devtmpfs devtmpfs /dev
fi
imagecustomizer "$@"
