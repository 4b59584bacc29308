// The shared release record vectors (relcore/tests/vectors/pipeline.json), checked through
// pipelineStart, pipelineEvent, pipelineStatus and renderPipelineRecord as
// relcore/tests/pipeline.rs checks them, plus their JavaScript surface: errors with codes.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { pipelineEvent, pipelineStart, pipelineStatus, renderPipelineRecord } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/pipeline.json', import.meta.url), 'utf8'),
)

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (code) => (err) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

const actor = (e) => ({ by: e.by, note: e.note })

describe('release record vectors', () => {
  for (const v of vectors.transitions) {
    test(v.name, () => {
      let record = pipelineStart(v.version, v.start.at, actor(v.start))
      for (const e of v.events) {
        if (e.error) {
          const before = JSON.stringify(record)
          assert.throws(() => pipelineEvent(record, e.event, e.at, actor(e)), hasCode(e.error))
          assert.equal(JSON.stringify(record), before)
          continue
        }
        record = pipelineEvent(record, e.event, e.at, actor(e))
      }
      const status = pipelineStatus(record, v.status_at)
      assert.deepEqual(
        { revision: record.revision, states: record.stages.map((s) => s.status), state: status.state },
        v.expected,
      )
      assert.deepEqual(status.stages.map((s) => s.marker), v.status.markers)
      assert.deepEqual(status.stages.map((s) => s.duration_seconds), v.status.durations)
      assert.equal(renderPipelineRecord(record), v.markdown)
    })
  }
})

describe('invalid records', () => {
  for (const v of vectors.invalid) {
    test(v.name, () => {
      assert.throws(() => pipelineEvent(v.record, 'build-succeeded', '2030-01-01T00:00'), hasCode(v.error))
      assert.throws(() => pipelineStatus(v.record, '2030-01-01T00:00'), hasCode(v.error))
      assert.throws(() => renderPipelineRecord(v.record), hasCode(v.error))
    })
  }
})

test('errors say why, and the record is a plain value', () => {
  const record = pipelineStart('1.0.0', '2026-03-03T11:00:00+01:00', { by: 'ci' })
  assert.equal(record.transitions[0].at, '2026-03-03T10:00:00Z')
  assert.throws(() => pipelineEvent(record, 'deployed', '2026-03-03T10:01'), (err) => {
    assert.equal(err.code, 'not_in_progress')
    assert.equal(
      err.message,
      '`deployed` refused: cannot complete `prod`, which is pending: only a stage in progress can complete',
    )
    return true
  })
  assert.throws(() => pipelineStart('1.0.0', 'soon'), hasCode('invalid_time'))
  assert.throws(() => pipelineStart('1.0', '2026-03-03T10:00'), hasCode('unexpected_end'))
  assert.throws(() => pipelineEvent(record, 'shipped', '2026-03-03T10:01'), hasCode('unknown_event'))
  assert.throws(() => pipelineEvent({ ...record, owner: 'x' }, 'deployed', '2026-03-03T10:01'), hasCode('invalid_release_record'))
  const next = pipelineEvent(JSON.parse(JSON.stringify(record)), 'build-succeeded', '2026-03-03T10:02:30Z')
  assert.equal(pipelineStatus(next, '2026-03-03T10:03:00Z').stages[1].duration_seconds, 30)
})
