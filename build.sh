#!/usr/bin/env bash
# EKS IR Notebooks — build entry point.
#   ./build.sh playbook   build, pack the extension, run the start/training playbook on sample-data → out/
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
    eksir run notebooks/00-start-here.ipynb -o out/00-start-here.ipynb --html out/00-start-here.html
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
