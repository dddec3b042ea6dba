#!/usr/bin/env bash
# EKS IR Notebooks — build entry point.
#   ./build.sh playbook   build, pack the extension, run the training walkthrough on sample-data → out/
#   ./build.sh test       build, pack and run the whole test suite
#   ./build.sh pack       build and pack the extension into artifacts/packages only
#   ./build.sh run NOTEBOOK [eksir run options]   pack, then run any notebook headless
set -euo pipefail
cd "$(dirname "$0")"

CONFIG=${CONFIG:-Release}

pack() {
  # Every pack gets a unique version: `#r "nuget: EksIr.Kernel, *-*"` then always resolves this build, never a
  # stale copy from the NuGet cache.
  local version="0.1.0-dev.$(date -u +%Y%m%d%H%M%S)"
  rm -f artifacts/packages/EksIr.*.nupkg
  dotnet build EksIrNotebooks.sln -c "$CONFIG" -p:Version="$version" --nologo -v quiet -clp:NoSummary
  dotnet pack EksIrNotebooks.sln -c "$CONFIG" -p:Version="$version" --no-build --nologo -v quiet -o artifacts/packages
  echo "packed EksIr.Kernel $version into artifacts/packages" >&2
}

eksir() {
  dotnet "src/EksIr.Cli/bin/$CONFIG/net10.0/eksir.dll" "$@"
}

case "${1:-}" in
  playbook)
    pack
    mkdir -p out
    # out/ is build output: each playbook run starts the training case afresh (its journal and report are in out/).
    rm -rf out/INC-TRAIN-001
    eksir run notebooks/training/eks-incident-walkthrough.ipynb -o out/eks-incident-walkthrough.ipynb \
      --html out/eks-incident-walkthrough.html -p caseDir="$PWD/out/INC-TRAIN-001"
    echo "report: out/INC-TRAIN-001/report.html (and report.md)" >&2
    ;;
  test)
    pack
    # A hung test fails the run naming the test, instead of eating the CI budget.
    dotnet test EksIrNotebooks.sln -c "$CONFIG" --no-build --nologo --blame-hang-timeout 10m --blame-hang-dump-type none "${@:2}"
    ;;
  pack)
    pack
    ;;
  run)
    pack
    eksir run "${@:2}"
    ;;
  *)
    sed -n '2,6p' "$0" >&2
    exit 2
    ;;
esac
