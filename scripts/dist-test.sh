#!/usr/bin/env bash
# Installs what scripts/dist.sh built, as a user would, on a PATH with no cargo, rustc or
# C compiler, and runs it:
#
#   Python  a fresh virtual environment, `pip install --no-index <wheel>`; `relcore
#           --version`, `relcore release --json` on a throw-away repository, `python -m
#           relcore`, `import relcore`; `auditwheel show` names a manylinux tag.
#   Node    a fresh project, `npm install --offline` of the two tarballs; `require`,
#           `import()`, a TypeScript file through `tsc --noEmit --strict`, `npx relcore`.
#   Rust    the .crate files list their license files and README.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/dist"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
step() { printf '==> %s\n' "$*"; }
fail() { echo "error: $*" >&2; exit 1; }

wheel=$(ls "$dist"/relcore-*-abi3-*.whl)
npm_main=$(ls "$dist"/relcore-[0-9]*.tgz)
npm_platform=$(ls "$dist"/relcore-linux-x64-gnu-*.tgz)
version=$(basename "$npm_main" .tgz); version=${version#relcore-}

# A PATH of only the tools a user of the packages has: no cargo, rustc, cc, gcc, zig.
bin="$work/bin"
mkdir -p "$bin"
for tool in python3 node npm npx git sh bash env cat mkdir rm ls grep sed dirname basename \
            uname tr head tail sort mktemp cp mv chmod ln readlink which; do
  path=$(command -v "$tool") || fail "$tool is needed"
  ln -s "$path" "$bin/$tool"
done
clean() { env -i HOME="$work/home" PATH="$bin" TMPDIR="$work" npm_config_cache="${npm_config_cache:-$HOME/.npm}" "$@"; }
mkdir -p "$work/home"
for compiler in cargo rustc cc gcc; do
  clean sh -c "command -v $compiler" >/dev/null && fail "$compiler is on the clean PATH"
done

# A throw-away repository with a release tag and a feature after it.
repo="$work/repo"
git init -q -b main "$repo"
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m "feat: first"
git -C "$repo" tag v1.4.0
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m "feat(api): add search"

step "Python: $(basename "$wheel") in a fresh virtual environment"
start=$SECONDS
clean python3 -m venv "$work/venv"
clean "$work/venv/bin/pip" install -q --no-index --disable-pip-version-check "$wheel"
echo "   installed in $((SECONDS - start)) s"
clean "$work/venv/bin/relcore" --version | grep -qx "relcore $version" || fail "relcore --version"
out=$(cd "$repo" && clean "$work/venv/bin/relcore" release --json --date 2025-11-15)
echo "$out" | grep -q '"next": "1.5.0"' || fail "relcore release --json: $out"
clean "$work/venv/bin/python" -m relcore version check 1.2.3 >/dev/null || fail "python -m relcore"
clean "$work/venv/bin/python" -c '
import relcore
assert str(relcore.Version("1.2.3").bump("minor")) == "1.3.0"
assert relcore.next_version("1.4.2", ["feat: x"])["next"] == "1.5.0"
' || fail "import relcore"
tag=$("$root/relcore-py/.venv/bin/python" -m auditwheel show "$wheel" | tr '\n' ' ')
case "$tag" in *'"manylinux_2_17_x86_64"'*|*manylinux_2_17_x86_64*) ;; *) fail "auditwheel: $tag" ;; esac
echo "   auditwheel: manylinux_2_17_x86_64 (manylinux2014)"

step "Node: $(basename "$npm_main") and $(basename "$npm_platform") in a fresh project"
project="$work/project"
mkdir -p "$project"
cd "$project"
clean npm init -y >/dev/null
start=$SECONDS
clean npm install --offline --no-audit --no-fund --loglevel=error "$npm_platform" "$npm_main"
echo "   installed in $((SECONDS - start)) s"
clean node -e '
const { Version, nextVersionSync } = require("relcore")
if (Version.parse("1.2.3").bump("minor").toString() !== "1.3.0") process.exit(1)
if (nextVersionSync("1.4.2", ["feat: x"]).next !== "1.5.0") process.exit(1)
' || fail "require('relcore')"
clean node --input-type=module -e '
const { Version } = await import("relcore")
if (Version.parse("1.2.3").toString() !== "1.2.3") process.exit(1)
' || fail "import('relcore')"
cat > check.ts <<'EOF'
import { Version, nextVersionSync, type Decision } from 'relcore'
const decision: Decision = nextVersionSync('1.4.2', ['feat: x'])
const next: string | null = decision.next ?? null
const bumped: string = Version.parse('1.2.3').bump('minor').toString()
console.log(next, bumped)
EOF
cat > tsconfig.json <<'EOF'
{ "compilerOptions": { "strict": true, "noEmit": true, "module": "node16", "moduleResolution": "node16", "target": "es2022", "skipLibCheck": false }, "files": ["check.ts"] }
EOF
clean node "$root/relcore-node/node_modules/typescript/bin/tsc" -p tsconfig.json || fail "tsc --strict"
clean npx --offline relcore --version | grep -qx "relcore $version" || fail "npx relcore --version"
out=$(cd "$repo" && clean node "$project/node_modules/relcore/cli.js" next --json)
echo "$out" | grep -q '"next": "1.5.0"' || fail "relcore next --json (npm): $out"

step "Rust: the packaged crates carry their licenses and README"
for crate in "$dist"/*.crate; do
  listing=$(tar -tzf "$crate")
  for file in LICENSE-MIT LICENSE-APACHE README.md Cargo.toml; do
    echo "$listing" | grep -q "/$file\$" || fail "$(basename "$crate") has no $file"
  done
done

step "sizes"
for f in "$wheel" "$npm_main" "$npm_platform" "$dist"/*.crate; do
  printf '   %-70s %8s KiB\n' "$(basename "$f")" "$(( $(wc -c < "$f") / 1024 ))"
done
