#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian's Chromium, Neovim and ripgrep, and
# code-server 4.100.3 (a real VS Code workbench with a Node extension host) in a cache under $HOME.
# Works on a fresh Debian 12 machine as root without stdin; a second run is a no-op (stamp file).
# See ../shared/E2E.md for why each step is needed (offline postinstalls, npm's `yes=false`).
#
# Usage: scripts/setup-e2e.sh            env: KEYLENS_E2E_CACHE (default ~/.cache/keylens-e2e)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE="${KEYLENS_E2E_CACHE:-$HOME/.cache/keylens-e2e}"
STAMP="$CACHE/.stamp-code-server-$CODE_SERVER_VERSION"
CS="$CACHE/node_modules/code-server"
VSCODE="$CS/lib/vscode"
# fonts-ipafont-gothic: the Japanese screenshots would otherwise show empty boxes.
APT_PACKAGES=(chromium neovim ripgrep libkrb5-dev pkg-config build-essential python3 fonts-ipafont-gothic)

export DEBIAN_FRONTEND=noninteractive
# node-pty's build runs `npx node-gyp`; this machine's npmrc says `yes=false`.
export npm_config_yes=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# The native builds below are the point of those install scripts; a machine-wide strict allowScripts
# policy (npm 11) would otherwise refuse them. verify() checks the results either way.
export npm_config_strict_allow_scripts=false
# Build native modules against the installed Node headers: node-gyp cannot download them offline.
if [[ -f /usr/include/node/node.h ]]; then export npm_config_nodedir=/usr; fi

started=$(date +%s)
step() { # step <label> <command...>: runs and times one step
  local label=$1; shift
  local t0; t0=$(date +%s%N)
  echo "setup-e2e: $label ..."
  "$@"
  awk -v a="$t0" -v b="$(date +%s%N)" -v l="$label" 'BEGIN { printf "setup-e2e: %s done in %.1f s\n", l, (b - a) / 1e9 }'
}
fail() { echo "setup-e2e: FAILED: $*" >&2; exit 1; }

install_debian_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then echo "setup-e2e: Debian packages already installed"; return; fi
  echo "setup-e2e: installing ${missing[*]}"
  local sudo=()
  if [[ $(id -u) != 0 ]]; then command -v sudo >/dev/null || fail "need root or sudo for apt-get"; sudo=(sudo -n); fi
  "${sudo[@]}" apt-get update -qq </dev/null
  "${sudo[@]}" apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null
}

install_code_server_package() {
  mkdir -p "$CACHE"
  [[ -f "$CACHE/package.json" ]] || echo '{ "name": "keylens-e2e-cache", "private": true }' >"$CACHE/package.json"
  (cd "$CACHE" && npm install --no-save --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null)
}

# argon2's prebuilt binary download fails offline; node-gyp builds it from source instead.
build_argon2() {
  (cd "$CACHE" && npm rebuild --foreground-scripts --loglevel=warn argon2 </dev/null) >"$CACHE/argon2-build.log" 2>&1 ||
    { tail -n 40 "$CACHE/argon2-build.log" >&2; fail "building argon2 (full log: $CACHE/argon2-build.log)"; }
  report_script_warnings "$CACHE/argon2-build.log"
}

# npm 11 runs install scripts that no allowScripts entry covers, but says so; show it.
report_script_warnings() {
  grep -i 'install-scripts\|allowScripts' "$1" | sed 's/^/setup-e2e: npm: /' | head -n 5 || true
}

install_vscode_dependencies() {
  (cd "$VSCODE" && npm install --omit=dev --ignore-scripts --loglevel=error </dev/null)
  # @vscode/ripgrep's postinstall downloads rg from GitHub; use Debian's.
  mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
  ln -sfn /usr/bin/rg "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
}

rebuild_vscode_native_modules() {
  # With --ignore-scripts gone, rebuild runs every install script (node-pty, spdlog, ...).
  (cd "$VSCODE" && npm rebuild --foreground-scripts --loglevel=warn </dev/null) >"$CACHE/rebuild.log" 2>&1 ||
    { tail -n 40 "$CACHE/rebuild.log" >&2; fail "npm rebuild in lib/vscode (full log: $CACHE/rebuild.log)"; }
  report_script_warnings "$CACHE/rebuild.log"
  ln -sfn node_modules "$VSCODE/node_modules.asar"
}

install_builtin_extension_dependencies() {
  (cd "$VSCODE/extensions" && npm install --omit=dev --loglevel=error </dev/null) >"$CACHE/extensions-install.log" 2>&1 ||
    { tail -n 40 "$CACHE/extensions-install.log" >&2; fail "npm install in lib/vscode/extensions (full log: $CACHE/extensions-install.log)"; }
}

link_helpers() {
  ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"
}

# Native modules must have been built: npm 11's allowScripts policy or a failed node-gyp would
# otherwise leave a tree that installs "fine" and dies at run time.
verify() {
  local problems=()
  local argon2_node; argon2_node=$(find "$CACHE/node_modules/argon2" -name '*.node' -path '*build*' 2>/dev/null | head -n 1)
  [[ -n $argon2_node ]] || problems+=("argon2 native module not built (no build/**/*.node)")
  [[ -f "$VSCODE/node_modules/node-pty/build/Release/pty.node" ]] || problems+=("node-pty native module not built (build/Release/pty.node)")
  [[ -x "$VSCODE/node_modules/@vscode/ripgrep/bin/rg" ]] || problems+=("ripgrep link missing")
  [[ -f "$CS/out/node/entry.js" ]] || problems+=("code-server entry.js missing")
  command -v chromium >/dev/null || problems+=("chromium missing")
  command -v nvim >/dev/null || problems+=("nvim missing")
  if ((${#problems[@]})); then printf 'setup-e2e: %s\n' "${problems[@]}" >&2; fail "install incomplete"; fi
  node -e "require('$VSCODE/node_modules/node-pty')" || fail "node-pty does not load"
  (cd "$CACHE" && node -e "require('argon2')") || fail "argon2 does not load"
}

step "Debian packages" install_debian_packages

if [[ -f "$STAMP" ]]; then
  step "verify cached code-server" verify
  echo "setup-e2e: code-server $CODE_SERVER_VERSION already installed in $CACHE (stamp present); nothing to do"
  exit 0
fi

rm -f "$CACHE"/.stamp-*
step "npm install code-server@$CODE_SERVER_VERSION" install_code_server_package
step "build argon2" build_argon2
step "lib/vscode dependencies" install_vscode_dependencies
step "rebuild native modules (node-pty, ...)" rebuild_vscode_native_modules
step "built-in extension dependencies" install_builtin_extension_dependencies
step "helper links" link_helpers
step "verify" verify
date -u +%FT%TZ >"$STAMP"
echo "setup-e2e: code-server $CODE_SERVER_VERSION ready in $CACHE ($(du -sh "$CACHE" | cut -f1)), total $(( $(date +%s) - started )) s"
