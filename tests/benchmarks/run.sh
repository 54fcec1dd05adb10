#!/usr/bin/env bash
# Every benchmark in one command: reportlint vs proselint (1 MB, scaling to 10 MB, peak
# memory), then bench_claims.py and bench_workflow.py. Arguments go to bench_vs_proselint.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec "${PYTHON:-python}" tests/benchmarks/bench_vs_proselint.py --all "$@"
