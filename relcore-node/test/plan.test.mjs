// The shared plan vectors (relcore/tests/vectors/plan.json), checked through checkPlan as
// relcore/tests/plan.rs checks them, plus hand-written tests of its JavaScript surface.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { checkPlan } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/plan.json', import.meta.url), 'utf8'),
)

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (err, code) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

/**
 * Every diagnostic points inside `text`, and its UTF-16 `offset` is where its `line` and
 * `column` (1-based, the column counted in code points) say.
 */
const assertLocated = (text, report) => {
  for (const d of report.diagnostics) {
    assert.ok(d.offset !== null && d.line !== null && d.column !== null, `no position: ${JSON.stringify(d)}`)
    assert.ok(d.offset <= text.length, JSON.stringify(d))
    const before = text.slice(0, d.offset)
    const line = before.split('\n').length
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1
    assert.deepEqual([d.line, d.column], [line, column], JSON.stringify(d))
  }
}

describe('plan vectors', () => {
  test('the seed plan has no errors', () => {
    const { seed } = vectors
    const report = checkPlan(seed.plan)
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), [])
    assert.deepEqual(report.diagnostics.map((d) => d.code), seed.codes)
    assert.equal(report.total_duration_seconds, seed.total_duration_seconds)
    assert.equal(report.worst_case_rollback_seconds, seed.worst_case_rollback_seconds)
    assertLocated(seed.plan, report)
  })

  for (const v of vectors.cases) {
    test(v.name, () => {
      // `context` is absent for the default context.
      const report = checkPlan(v.plan, v.context)
      assert.deepEqual(report.diagnostics.map((d) => d.code), v.codes)
      assertLocated(v.plan, report)
      if ('diagnostics' in v) {
        const got = report.diagnostics.map(({ code, severity, path, line, column, value }) => ({
          code,
          severity,
          path,
          line,
          column,
          value,
        }))
        assert.deepEqual(got, v.diagnostics)
      }
      for (const key of ['total_duration_seconds', 'worst_case_rollback_seconds']) {
        if (key in v) assert.equal(report[key], v[key], key)
      }
      // Plain data: the JSON reads back to the same report.
      assert.deepEqual(JSON.parse(JSON.stringify(report)), report)
    })
  }
})

describe('hand-written', () => {
  test('offsets are in UTF-16 code units', () => {
    const text = 'change: { type: feature }\n# größer 🚀\ndeployment: { strategy: canery, stages: [{ name: a, percentage: 100 }] }\nrollback: { triggers: { error-rate: "> 1%" } }\n'
    const [d] = checkPlan(text).diagnostics
    assert.equal(d.code, 'unknown_strategy')
    assert.equal(text.slice(d.offset, d.offset + 'canery'.length), 'canery')
    assert.deepEqual([d.line, d.column], [3, 25])
  })

  test('an invalid context throws invalid_context', () => {
    assert.throws(() => checkPlan('deployment: {}\n', { max_canary: 50 }), (err) => hasCode(err, 'invalid_context'))
    assert.throws(() => checkPlan('deployment: {}\n', { risk: 'extreme' }), (err) => hasCode(err, 'invalid_context'))
    assert.throws(() => checkPlan('deployment: {}\n', { holidays: ['24.12.2026'] }), (err) => hasCode(err, 'invalid_context'))
  })
})
