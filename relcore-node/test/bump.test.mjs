// The shared next-version vectors (relcore/tests/vectors/bump.json), checked through both
// flavours of the Node binding, plus hand-written tests of nextVersion's JavaScript surface.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { Version, nextVersion, nextVersionSync } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/bump.json', import.meta.url), 'utf8'),
)

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (err, code) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

/** Checks a vector's expectations on a decision. */
const checkDecision = (v, decision) => {
  assert.equal(decision.current, v.current)
  assert.equal(decision.next, v.next)
  assert.equal(decision.level, v.level)
  assert.deepEqual(decision.reasons.map((r) => r.rule), v.rules)
}

describe('bump vectors', () => {
  for (const v of vectors.cases) {
    test(v.name, async () => {
      const args = [v.current, v.commits, v.policy]
      if ('error' in v) {
        assert.throws(() => nextVersionSync(...args), (err) => hasCode(err, v.error))
        await assert.rejects(nextVersion(...args), (err) => hasCode(err, v.error))
      } else {
        checkDecision(v, nextVersionSync(...args))
        checkDecision(v, await nextVersion(...args))
      }
    })
  }
})

describe('hand-written', () => {
  test('the Decision shape: keys, reasons and the commits that decided', async () => {
    const decision = nextVersionSync('1.4.2', ['fix: a', { message: 'feat(cli): b', id: '0123456789abcdef' }])
    assert.deepEqual(Object.keys(decision), ['current', 'next', 'level', 'reasons'])
    assert.deepEqual(decision, {
      current: '1.4.2',
      next: '1.5.0',
      level: 'minor',
      reasons: [{ rule: 'feature', message: 'new features require a minor release (1 commit)', commits: ['0123456'] }],
    })
    assert.deepEqual(await nextVersion('1.4.2', ['fix: a', { message: 'feat(cli): b', id: '0123456789abcdef' }]), decision)
  })

  test('a Version object is accepted as current', async () => {
    const current = new Version('1.2.0-rc.1')
    const policy = { channel: 'rc' }
    assert.equal(nextVersionSync(current, ['fix: x'], policy).next, '1.2.0-rc.2')
    assert.equal((await nextVersion(current, ['fix: x'], policy)).next, '1.2.0-rc.2')
    assert.equal(current.toString(), '1.2.0-rc.1', 'current is not modified')
  })

  test('no release yet, and nothing to release', async () => {
    assert.equal(nextVersionSync(null, ['feat: x']).next, '0.1.0')
    assert.equal(nextVersionSync(undefined, ['feat: x']).next, '0.1.0')
    const none = await nextVersion('1.0.0', [])
    assert.deepEqual([none.next, none.level, none.reasons[0].rule], [null, null, 'no_releasable_changes'])
  })

  test('commit objects with author and time; null, empty and partial policies', () => {
    const commits = [{ message: 'fix: x', id: 'abcdef0123', author: 'Ann <ann@x.io>', time: 1700000000 }]
    assert.deepEqual(nextVersionSync('1.0.0', commits, null).reasons[0].commits, ['abcdef0'])
    assert.equal(nextVersionSync('1.0.0', commits, {}).next, '1.0.1')
    // Keys that are undefined are absent, as in JSON.
    assert.equal(nextVersionSync('1.0.0', commits, { channel: undefined, major_types: undefined }).next, '1.0.1')
    assert.equal(nextVersionSync('0.3.1', ['feat: x'], { features_always_bump_minor: true }).next, '0.4.0')
  })

  test('an invalid policy throws (sync) or rejects (async) with code invalid_policy', async () => {
    for (const policy of [{ channel: 5 }, { majorTypes: ['api'] }, { patch_types: 'fix' }, { initial_version: 'v1' }, 'rc', [1]]) {
      assert.throws(() => nextVersionSync('1.0.0', ['fix: x'], policy), (err) => {
        hasCode(err, 'invalid_policy')
        assert.match(err.message, /^invalid policy( key `[^`]+`)?: /)
        return true
      })
      await assert.rejects(nextVersion('1.0.0', ['fix: x'], policy), (err) => hasCode(err, 'invalid_policy'))
    }
    assert.throws(() => nextVersionSync('1.0.0', [], { nope: true }), /unknown field `nope`/)
  })

  test('an invalid current version throws or rejects with its parse code and offset', async () => {
    const check = (err) => hasCode(err, 'unexpected_prefix') && err.offset === 0 && typeof err.hint === 'string'
    assert.throws(() => nextVersionSync('v1.0.0', ['fix: x']), check)
    await assert.rejects(nextVersion('v1.0.0', ['fix: x']), check)
  })

  test('bump errors carry the core slug', async () => {
    assert.throws(() => nextVersionSync('1.2.0', ['fix: x'], { channel: 'r..c' }), (err) => hasCode(err, 'invalid_identifier'))
    await assert.rejects(nextVersion('1.2.0-rc.1', ['fix: x'], { channel: 'beta' }), (err) => hasCode(err, 'would_not_advance'))
  })

  test('nextVersion returns a Promise', () => {
    const promise = nextVersion('1.0.0', ['fix: x'])
    assert.ok(promise instanceof Promise)
    return promise
  })
})
