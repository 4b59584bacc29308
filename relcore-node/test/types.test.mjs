// The generated type definitions, snapshotted so every API change shows up in review
// (like napi-rs's own values.spec.ts). After an intended change, refresh the snapshot:
//
//   UPDATE_SNAPSHOTS=1 npm test
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'

import * as binding from '../index.js'

const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
const snapshotUrl = new URL('./index.d.ts.snapshot', import.meta.url)

test('index.d.ts matches test/index.d.ts.snapshot', () => {
  if (process.env.UPDATE_SNAPSHOTS) writeFileSync(snapshotUrl, dts)
  assert.equal(dts, readFileSync(snapshotUrl, 'utf8'), 'the API changed: review, then UPDATE_SNAPSHOTS=1 npm test')
})

test('index.js exports exactly what index.d.ts declares', () => {
  const declared = [...dts.matchAll(/^export (?:declare )?(?:const|class|function|interface) (\w+)/gm)]
    .map((m) => m[1])
  const types = new Set(['BumpOptions']) // interfaces exist only in TypeScript
  assert.deepEqual(Object.keys(binding).sort(), declared.filter((n) => !types.has(n)).sort())
  assert.deepEqual(declared.sort(), ['BumpOptions', 'Version', '__napiBindingTarget', 'compare', 'sortVersions'])
})
