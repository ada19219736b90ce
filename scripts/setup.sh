# Source this file: Node 24 on PATH and the project's npm dependencies installed.
set -e
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/node24.sh"
cd "$here/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "podscope: installing npm dependencies" >&2
  # npm install, not npm ci: it honours the lock file's versions, and tolerates a lock file that
  # lacks other platforms' optional packages (which happens when the registry in use does not
  # serve every platform's binaries); npm ci refuses such a lock file outright.
  npm install --no-audit --no-fund --loglevel=error >&2
fi
set +e
