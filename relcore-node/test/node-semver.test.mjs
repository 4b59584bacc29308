// The bump vectors against node-semver itself, the oracle they were generated from: if a
// node-semver upgrade changes an answer, this fails before the binding tests go stale.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const semver = require('semver')

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/version.json', import.meta.url), 'utf8'),
)

const byVersion = new Map()
for (const v of vectors.bump) byVersion.set(v.version, [...(byVersion.get(v.version) ?? []), v])

for (const [version, cases] of byVersion) {
  test(`node-semver inc ${version} (${cases.length} cases)`, () => {
    for (const c of cases) {
      const what = `inc(${JSON.stringify(version)}, ${c.level}, ${JSON.stringify(c.preid)}, ${JSON.stringify(c.preid_base)})`
      const got = semver.inc(version, c.level, undefined, c.preid ?? undefined, c.preid_base ?? undefined)
      if ('expected' in c) {
        assert.equal(got, c.expected, what)
      } else if ('node' in c) {
        // relcore refuses to move a release backwards (`would_not_advance`); node-semver
        // answers with a version that is not greater than the input.
        assert.equal(got, c.node, what)
        assert.ok(semver.compare(got, version) <= 0, `${what} = ${got} should not be greater`)
      } else {
        assert.equal(got, null, `${what} should be null (relcore: ${c.error})`)
      }
    }
  })
}
