// The shared hotfix and go / no-go vectors (relcore/tests/vectors/hotfix.json and
// ready.json), checked through hotfixPlan, hotfixBackports and ready as
// relcore/tests/ops.rs checks them, plus their JavaScript surface: errors with codes.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { hotfixBackports, hotfixPlan, parseCommit, ready } from '../index.js'

const load = (name) =>
  JSON.parse(readFileSync(new URL(`../../relcore/tests/vectors/${name}`, import.meta.url), 'utf8'))
const hotfix = load('hotfix.json')
const readiness = load('ready.json')

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (code) => (err) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

describe('hotfix plan vectors', () => {
  for (const v of hotfix.plan) {
    test(v.name, () => {
      if (v.error) {
        assert.throws(() => hotfixPlan(v.request, v.policy), hasCode(v.error))
        return
      }
      const plan = hotfixPlan(v.request, v.policy)
      assert.deepEqual(
        {
          version: plan.version,
          taken: plan.taken,
          tag: plan.tag,
          branch: plan.branch,
          candidates: plan.candidates.map((c) => c.header),
          commands: plan.candidates.map((c) => c.command),
          rollback: plan.rollback.tag,
          type: plan.classification.type,
          pace: plan.classification.pace,
          approval: plan.classification.approval.level,
        },
        v.expected,
      )
      assert.deepEqual(plan.rollback, plan.production)
    })
  }
})

describe('backport vectors', () => {
  for (const v of hotfix.backports) {
    test(v.name, () => {
      const result = hotfixBackports({ hotfix: v.hotfix, main: v.main, picked: v.picked })
      assert.deepEqual(
        {
          missing: result.missing.map((p) => p.id),
          present: result.present.map((p) => p.id),
          commands: result.missing.map((p) => p.command),
        },
        v.expected,
      )
    })
  }
})

describe('ready vectors', () => {
  for (const v of readiness.evaluate) {
    test(v.name, () => {
      const options = { checklist: v.checklist, blockersAllowed: v.blockers_allowed ?? 0 }
      if (v.error) {
        assert.throws(() => ready(v.facts, options), hasCode(v.error))
        return
      }
      const verdict = ready(v.facts, options)
      for (const key of ['go', 'blockers', 'warnings']) {
        assert.equal(verdict[key], v.expected[key], key)
      }
      assert.deepEqual(verdict.items.map((i) => [i.name, i.status, i.blocker]), v.expected.items)
      for (const [name, reason] of Object.entries(v.expected.reasons ?? {})) {
        assert.equal(verdict.items.find((i) => i.name === name).reason, reason, name)
      }
    })
  }
})

test('bad values throw with the code of the argument and name the key', () => {
  assert.throws(() => hotfixPlan({ production: '1.5.0', isue: 'X' }), (err) => {
    hasCode('invalid_hotfix_request')(err)
    assert.match(err.message, /isue/)
    return true
  })
  assert.throws(() => hotfixPlan({ production: '1.0.0' }, { rulez: [] }), hasCode('invalid_policy'))
  assert.throws(() => hotfixBackports({ hotfix: 'x' }), hasCode('invalid_hotfix_request'))
  assert.throws(() => ready({ changed_files: 'all' }), hasCode('invalid_facts'))
  assert.throws(() => ready({}, { checklist: { required: 'tests' } }), hasCode('invalid_checklist'))
  assert.throws(() => ready({ coverage: NaN }), hasCode('invalid_facts'))
})

test('commits may be the objects parseCommit returns', () => {
  const commit = { ...parseCommit('fix: x'), id: 'abcdef0123456789abcdef0123456789abcdef01' }
  const plan = hotfixPlan({ production: '1.0.0', commits: [commit] })
  assert.equal(plan.candidates[0].command, `git cherry-pick -x ${commit.id}`)
})
