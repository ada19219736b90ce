# Source this file: it puts a Node.js >= 24 first on PATH.
# A user who already has Node 24+ keeps theirs; otherwise the official Node 24 binary from the
# npm package `node@24` is installed once into Podscope's cache directory (outside the repo).
podscope_cache="${PODSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/podscope}"
podscope_node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(podscope_node_major node)" -lt 24 ]; then
  podscope_node_dir="$podscope_cache/node24"
  if [ ! -x "$podscope_node_dir/node_modules/.bin/node" ] || [ "$(podscope_node_major "$podscope_node_dir/node_modules/.bin/node")" -lt 24 ]; then
    command -v npm >/dev/null 2>&1 || { echo "podscope: need Node.js >= 24, or npm to install it (found neither)" >&2; return 1 2>/dev/null || exit 1; }
    echo "podscope: Node.js $(node --version 2>/dev/null || echo missing) is older than 24; installing Node 24 into $podscope_node_dir" >&2
    mkdir -p "$podscope_node_dir"
    npm install --prefix "$podscope_node_dir" --no-audit --no-fund --no-save --loglevel=error node@24 >&2 \
      || { echo "podscope: installing node@24 with npm failed" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$podscope_node_dir/node_modules/.bin:$PATH"
fi
# The machine's ~/.npmrc may point node-gyp at another Node's headers; Podscope has no native addons.
unset podscope_cache podscope_node_dir
