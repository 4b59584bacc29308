// The `relcore` command from the npm package: `runCli` in-process and the package's bin,
// the same CLI as the Rust binary.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { runCli } from '../index.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

test('runCli returns the exit code', () => {
  assert.equal(runCli(['relcore', 'version', 'check', '1.2.3']), 0)
  assert.equal(runCli(['relcore', 'version', 'check', '1.02.3']), 1)
  assert.equal(runCli(['relcore', '--no-such-flag']), 2)
})

test('the package bin runs the CLI with its exit code and output', () => {
  assert.equal(pkg.bin.relcore, 'cli.js')
  const version = spawnSync(process.execPath, [`${root}/cli.js`, '--version'], { encoding: 'utf8' })
  assert.equal(version.status, 0, version.stderr)
  assert.equal(version.stdout.trim(), `relcore ${pkg.version}`)
  const bump = spawnSync(process.execPath, [`${root}/cli.js`, 'version', 'bump', '1.2.3', 'minor'], { encoding: 'utf8' })
  assert.equal(bump.stdout.trim(), '1.3.0')
  const bad = spawnSync(process.execPath, [`${root}/cli.js`, 'version', 'check', 'v1'], { encoding: 'utf8' })
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /error\[/)
})

test('CommonJS require works as ESM import does', () => {
  const run = spawnSync(process.execPath, ['-e', `const r = require(${JSON.stringify(root)}); if (r.Version.parse('1.2.3').toString() !== '1.2.3') process.exit(1)`], { encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr)
})
