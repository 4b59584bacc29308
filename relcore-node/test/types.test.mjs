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
  const types = new Set([...dts.matchAll(/^export interface (\w+)/gm)].map((m) => m[1])) // TypeScript only
  assert.deepEqual(Object.keys(binding).sort(), declared.filter((n) => !types.has(n)).sort())
  assert.deepEqual(declared.sort(), [
    'BumpOptions', 'ChangelogConfig', 'ChangelogOptions', 'Commit', 'CommitInput', 'CommitMeta', 'Decision',
    'Dependency', 'Diagnostic', 'Footer', 'Person', 'Policy', 'Reason', 'Reference', 'Revert', 'SectionRule',
    'UpdateChangelogOptions', 'Version', '__napiBindingTarget', 'compare', 'lintCommit', 'nextVersion',
    'nextVersionSync', 'parseCommit', 'renderChangelog', 'renderChangelogSync', 'sortVersions', 'updateChangelog',
    'updateChangelogSync',
  ])
})

/** The property names `index.d.ts` declares for `interface name`, in order. */
const declaredKeys = (name) => {
  const body = new RegExp(`^export interface ${name} \\{\n([\\s\\S]*?)^\\}`, 'm').exec(dts)[1]
  return [...body.matchAll(/^ {2}(\w+)\??: /gm)].map((m) => m[1])
}

test('the declared data interfaces have exactly the keys of the values returned, in order', () => {
  const commit = binding.parseCommit('fix: x\n\nCloses #4', { author: 'Al <al@x.io>' })
  const revert = binding.parseCommit('Revert "feat: x"\n\nThis reverts commit 1a2b3c4d.')
  const decision = binding.nextVersionSync('1.0.0', ['fix: x'])
  const values = {
    Commit: commit,
    Person: commit.author,
    Footer: commit.footers[0],
    Reference: commit.references[0],
    Revert: revert.revert_of,
    Dependency: binding.parseCommit('build(deps): bump vite from 5.0.1 to 5.0.2 in /web').dependency,
    Diagnostic: binding.lintCommit('feat:x')[0],
    Decision: decision,
    Reason: decision.reasons[0],
  }
  for (const [name, value] of Object.entries(values)) {
    assert.ok(value, `no ${name} value to compare`)
    assert.deepEqual(declaredKeys(name), Object.keys(value), name)
  }
  assert.deepEqual(declaredKeys('Policy'), [
    'major_types', 'minor_types', 'patch_types', 'breaking_always_bump_major', 'features_always_bump_minor',
    'initial_version', 'channel', 'include_merges',
  ])
})

test('ChangelogConfig declares exactly the keys of the core config, and they are accepted', () => {
  assert.deepEqual(declaredKeys('ChangelogConfig'), [
    'repository_url', 'tag_format', 'package', 'sections', 'breaking_section', 'include_merges',
  ])
  assert.deepEqual(declaredKeys('SectionRule'), ['title', 'types'])
  const config = {
    repository_url: 'https://github.com/acme/api',
    tag_format: '{package}@{version}',
    package: 'api',
    sections: [{ title: 'Features', types: ['feat'] }],
    breaking_section: true,
    include_merges: true,
  }
  assert.deepEqual(Object.keys(config), declaredKeys('ChangelogConfig'))
  const release = JSON.parse(binding.renderChangelogSync('1.0.0', ['feat: x'], { config, format: 'json' }))
  assert.equal(release.tag, 'api@1.0.0')
  assert.deepEqual(release.groups.map((g) => g.title), ['Features'])
})

test('the options interfaces declare the same options, with the update options last', () => {
  assert.deepEqual(declaredKeys('ChangelogOptions'), ['previous', 'date', 'format', 'template', 'hotfix', 'config'])
  assert.deepEqual(declaredKeys('UpdateChangelogOptions'), [...declaredKeys('ChangelogOptions'), 'takeUnreleased', 'replace'])
})
