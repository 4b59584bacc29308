#!/usr/bin/env bash
# Builds what users install, for this machine's platform (Linux x86-64, glibc), into dist/:
#
#   relcore-<v>-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl   pip install
#   relcore-<v>.tar.gz                       the Python sdist (builds with a Rust toolchain)
#   relcore-<v>.tgz, relcore-linux-x64-gnu-<v>.tgz                          npm install
#   relcore-<v>.crate, relcore-git-…, relcore-release-…, relcore-cli-…      cargo install
#
# Every other platform is built by .github/workflows/release.yml with the same tools.
# Needs python3 (venv, pip), node/npm, cargo; installs maturin, ziglang (a C toolchain for
# glibc 2.17, so the wheel runs on every Linux PyPI calls manylinux2014) and the npm
# lockfile's packages. `scripts/dist-test.sh` installs the artifacts with no Rust on PATH.
#
#   VENV              the tools' virtual environment (default: relcore-py/.venv)
#   CARGO_TARGET_DIR  honoured, as by cargo
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
dist="$root/dist"
rm -rf "$dist"
mkdir -p "$dist"
step() { printf '==> %s\n' "$*"; }

venv="${VENV:-$root/relcore-py/.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.9.4,<2" ziglang auditwheel

# The license files every package carries are the repository's.
for dir in relcore relcore-git relcore-release relcore-cli relcore-py relcore-node; do
  cmp -s LICENSE-MIT "$dir/LICENSE-MIT" && cmp -s LICENSE-APACHE "$dir/LICENSE-APACHE" || {
    echo "error: $dir/LICENSE-* differ from the repository's; copy them again" >&2
    exit 1
  }
done

step "Python: manylinux2014 abi3 wheel (zig) and sdist"
(cd relcore-py && PATH="$venv/bin:$PATH" maturin build --release --zig --compatibility manylinux2014 \
  --out "$dist" --quiet)
(cd relcore-py && PATH="$venv/bin:$PATH" maturin sdist --out "$dist" >/dev/null)

step "Node: the addon (release, stripped), the main package and this platform's package"
(cd relcore-node && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
platform_dir=relcore-node/npm/linux-x64-gnu
cp relcore-node/relcore.linux-x64-gnu.node "$platform_dir/"
cp LICENSE-MIT LICENSE-APACHE "$platform_dir/"
printf '# relcore-linux-x64-gnu\n\nThe native addon of [relcore](https://www.npmjs.com/package/relcore) for Linux x86-64 (glibc). Install `relcore`; npm picks this package for you.\n' \
  > "$platform_dir/README.md"
(cd "$platform_dir" && npm pack --silent --pack-destination "$dist" >/dev/null)
# The main package lists every platform package as an optional dependency at its own
# version, as `napi pre-publish` writes it at release time (which needs every platform's
# addon, so it runs in .github/workflows/release.yml). The repository's package.json has
# none, so that `npm ci` works before they are published; they are added to a staged copy.
stage="$dist/.stage"
mkdir -p "$stage"
(cd relcore-node && npm pack --silent --pack-destination "$stage" >/dev/null)
tar -xzf "$stage"/relcore-*.tgz -C "$stage"
node -e '
  const fs = require("fs"), path = require("path")
  const [pkgFile, npmDir] = process.argv.slice(1)
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"))
  pkg.optionalDependencies = Object.fromEntries(fs.readdirSync(npmDir).sort().map((dir) => {
    const platform = JSON.parse(fs.readFileSync(path.join(npmDir, dir, "package.json"), "utf8"))
    return [platform.name, pkg.version]
  }))
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + "\n")
' "$stage/package/package.json" relcore-node/npm
(cd "$stage/package" && npm pack --silent --pack-destination "$dist" >/dev/null)
rm -rf "$stage"

step "Rust: the crates as crates.io would receive them"
cargo package --locked --no-verify --allow-dirty -q \
  -p relcore -p relcore-git -p relcore-release -p relcore-cli
cp "$CARGO_TARGET_DIR"/package/relcore*-"$(cargo metadata --no-deps --format-version 1 \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "relcore"))')".crate "$dist/"

step "artifacts"
ls -l "$dist"
