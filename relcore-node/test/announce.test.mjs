// The shared announcement vectors (relcore/tests/vectors/announce.json), checked through
// announce as relcore/tests/announce.rs checks them, plus errors with codes.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { announce } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/announce.json', import.meta.url), 'utf8'),
)

describe('announcement vectors', () => {
  for (const v of vectors.announce) {
    test(v.name, () => {
      const options = { template: v.template, format: v.format }
      if (v.error) {
        assert.throws(() => announce(v.request, options), (err) => {
          assert.ok(err instanceof Error)
          assert.equal(err.code, v.error, err.message)
          return true
        })
        return
      }
      const message = announce(v.request, options)
      assert.deepEqual([message.subject, message.text, message.format], [v.subject, v.text, v.format])
    })
  }
})

test('a template that fails says where', () => {
  assert.throws(() => announce({ phase: 'pre', version: '1.0.0' }, { template: 'line\n{% if %}' }), (err) => {
    assert.equal(err.code, 'template_syntax')
    assert.equal(err.line, 2)
    return true
  })
  assert.throws(() => announce({ phase: 'pre', version: '1.0.0' }, { format: 'html' }), (err) => err.code === 'unknown_value')
  assert.equal(announce({ phase: 'post', version: '1.0.0' }).subject, 'Deployment completed: the service 1.0.0')
})
