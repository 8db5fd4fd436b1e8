#!/bin/sh
# Starts orders-eos in a container (or anywhere else: ops/src/test runs this very script).
#
# Variables read here (every KAFKA_* and ORDERS_* variable goes to the app unchanged):
#   JAVA_OPTS         extra JVM options, after the defaults below: the last occurrence of a flag wins,
#                     so JAVA_OPTS="-XX:MaxRAMPercentage=60" or "-Xmx2g" overrides the heap default
#   APP_JAR           the app jar (default /opt/orders-eos/orders-eos.jar)
#   POD_NAME, HEADLESS_SERVICE
#                     a StatefulSet pod's name and its headless Service: without
#                     KAFKA_APPLICATION_SERVER, the instance advertises POD_NAME.HEADLESS_SERVICE:port
#
# Without KAFKA_APPLICATION_SERVER (the host:port other instances reach this one's HTTP API at) and
# without POD_NAME, the host's fully qualified name is advertised. The port is ORDERS_HTTP_PORT, else
# the app's default 7070.
set -eu

APP_JAR="${APP_JAR:-/opt/orders-eos/orders-eos.jar}"

# Heap: half the container's memory limit. The other half is not idle: RocksDB keeps its block
# cache and memtables off the heap (per store and partition), and so do the JVM's own structures.
# ExitOnOutOfMemoryError: a JVM that has run out of heap is in an unknown state; exiting lets the
# orchestrator restart it, and exactly-once makes the restart safe (the open transaction aborts).
DEFAULT_JVM_OPTS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC"

http_port="${ORDERS_HTTP_PORT:-7070}"

if [ -z "${KAFKA_APPLICATION_SERVER:-}" ]; then
    if [ "$http_port" = "0" ]; then
        echo "entrypoint: ORDERS_HTTP_PORT=0 picks a port at start; set KAFKA_APPLICATION_SERVER yourself" >&2
    else
        if [ -n "${POD_NAME:-}" ] && [ -n "${HEADLESS_SERVICE:-}" ]; then
            host="$POD_NAME.$HEADLESS_SERVICE"
        else
            host="$(hostname -f 2>/dev/null || hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"
        fi
        KAFKA_APPLICATION_SERVER="$host:$http_port"
        export KAFKA_APPLICATION_SERVER
    fi
fi
echo "entrypoint: application.server=${KAFKA_APPLICATION_SERVER:-<the app's default>}" >&2

if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
else
    java="java"
fi

# Word splitting of the option lists is wanted; globbing is not.
set -f
# exec: the JVM replaces this shell, so SIGTERM reaches it and it closes Kafka Streams cleanly.
# shellcheck disable=SC2086
exec "$java" $DEFAULT_JVM_OPTS ${JAVA_OPTS:-} -jar "$APP_JAR" "$@"
