// Numbers JSON cannot hold (NaN, Infinity) in an object argument: each function reports
// them with the code documented for that argument, not napi's InvalidArg.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import {
  checkPlan,
  classify,
  nextVersion,
  nextVersionSync,
  renderChangelogSync,
  simulatePlan,
  suggestPlan,
} from '../index.js'

const PLAN = 'deployment:\n  strategy: canary\n  stages:\n    - { name: all, traffic: 100%, duration: 5m }\n'

const hasCode = (code) => (err) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  assert.match(err.message, /not finite \(NaN or Infinity\)/)
  return true
}

for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
  test(`${bad} gets the argument's own code`, async () => {
    assert.throws(() => nextVersionSync('1.0.0', ['fix: x'], { channel: bad }), hasCode('invalid_policy'))
    await assert.rejects(nextVersion('1.0.0', ['fix: x'], { channel: bad }), hasCode('invalid_policy'))
    assert.throws(() => renderChangelogSync('1.0.0', ['feat: a'], { config: { sections: [{ title: bad }] } }), hasCode('invalid_config'))
    assert.throws(() => checkPlan(PLAN, { max_canary_percentage: bad }), hasCode('invalid_context'))
    assert.throws(() => classify({ commits: ['feat: a'] }, { services_threshold: bad }), hasCode('invalid_policy'))
    assert.throws(() => suggestPlan({ type: 'feature', risk: bad }), hasCode('invalid_classification'))
    // The plan is read first, so it must be valid for the record to be judged.
    const valid = 'deployment:\n  strategy: canary\n  stages:\n    - { name: all, percentage: 100, duration: 5m }\n'
    assert.throws(() => simulatePlan(valid, [{ at: '0m', metric: 'error-rate', value: bad }]), (err) => {
      assert.equal(err.code, 'invalid_value', err.message)
      assert.equal(err.diagnostics[0].path, '[0]')
      return true
    })
  })
}
