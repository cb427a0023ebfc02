#!/bin/sh
# The README's commands land here, already on Node 24 (node24.sh put it first on PATH).
#   start | stop | status   the local platform (PostgreSQL, Keycloak, RabbitMQ, the services, the gateway)
#   test                    every check and test, on its own infrastructure
#   bench [gateway|checkout|bff|live] the benchmarks in bench/ (checkout, bff, live: against the running platform)
set -eu
cd "$(dirname "$0")/../.."
command="${1:-}"
[ $# -gt 0 ] && shift

ensure_dependencies() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> installing dependencies (npm ci, Node $(node --version))"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  # buf/validate/validate.proto for the contracts pipeline, from the pinned npm package.
  node tools/contracts/write-validate-proto.cjs
}

case "$command" in
  start)
    ensure_dependencies
    exec node --import tsx infra/local/src/stack-cli.ts start "$@" ;;
  stop|status)
    [ -d node_modules ] || { echo "nothing to $command: dependencies are not installed (run npm start)"; exit 0; }
    exec node --import tsx infra/local/src/stack-cli.ts "$command" "$@" ;;
  test)
    ensure_dependencies
    exec node --import tsx tools/test-runner/src/run-tests.ts "$@" ;;
  bench)
    ensure_dependencies
    case "${1:-gateway}" in
      gateway) [ $# -eq 0 ] || shift; exec node --import tsx bench/src/gateway-bench.ts "$@" ;;
      # Against the platform npm start runs: it hands the benchmark its processes and Keycloak.
      checkout|live) exec node --import tsx infra/local/src/stack-bench.ts "$@" ;;
      # The mobile screens through bff-mobile vs the gateway; --self: on a platform of its own.
      bff) shift; exec node --import tsx bench/src/bff-bench.ts "$@" ;;
      *) echo "usage: npm run bench [-- gateway | checkout | bff [--self [--profile]] | live]" >&2; exit 2 ;;
    esac ;;
  *)
    echo "usage: npm start | npm stop | npm run status | npm test | npm run bench" >&2
    exit 2 ;;
esac
