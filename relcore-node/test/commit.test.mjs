// The shared commit vectors (relcore/tests/vectors/commit.json), checked through the Node
// binding, plus hand-written tests of parseCommit and lintCommit.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { parseCommit, lintCommit } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/commit.json', import.meta.url), 'utf8'),
)

/** The UTF-16 offset of a UTF-8 byte offset into `text` (the vectors hold bytes). */
const utf16 = (text, byteOffset) => Buffer.from(text).subarray(0, byteOffset).toString().length

/** A parsed commit without what the repository knows (the vectors hold messages only). */
const withoutMeta = ({ id, author, time, ...rest }) => rest

describe('parse vectors', () => {
  for (const v of vectors.parse) {
    test(v.name, () => {
      const commit = parseCommit(v.message)
      assert.deepEqual(withoutMeta(commit), v.expected)
      assert.deepEqual([commit.id, commit.author, commit.time], [null, null, null])
    })
  }
})

describe('lint vectors', () => {
  for (const v of vectors.lint) {
    test(`lint ${JSON.stringify(v.message)}`, () => {
      const got = lintCommit(v.message).map(({ code, severity, offset, line, column }) => ({
        code,
        severity,
        offset,
        line,
        column,
      }))
      const expected = v.diagnostics.map((d) => ({ ...d, offset: utf16(v.message, d.offset) }))
      assert.deepEqual(got, expected)
    })
  }
})

describe('hand-written', () => {
  test('meta fills id, author and time', () => {
    const commit = parseCommit('fix: x', { id: '0123456789abcdef', author: 'Jane Doe <jane@example.com>', time: 1700000000 })
    assert.equal(commit.id, '0123456789abcdef')
    assert.deepEqual(commit.author, { name: 'Jane Doe', email: 'jane@example.com' })
    assert.equal(commit.time, 1700000000)
    assert.deepEqual(parseCommit('fix: x', { author: 'dependabot[bot]' }).author, { name: 'dependabot[bot]', email: null })
    assert.deepEqual(parseCommit('fix: x', {}), parseCommit('fix: x'))
    assert.deepEqual(parseCommit('fix: x', undefined), parseCommit('fix: x'))
  })

  test('keys are the core serde keys, in its order', () => {
    const commit = parseCommit('feat(api)!: drop v1 (#12)\n\nBREAKING CHANGE: use v2\nCo-authored-by: Bo <bo@x.io>')
    assert.deepEqual(Object.keys(commit), [
      'id', 'author', 'time', 'header', 'type', 'scope', 'breaking', 'description', 'body', 'footers',
      'breaking_note', 'references', 'co_authors', 'revert_of', 'merge', 'dependency',
    ])
    assert.equal(commit.type, 'feat')
    assert.equal(commit.breaking_note, 'use v2')
    assert.deepEqual(commit.references, [{ kind: 'pull_request', repository: null, number: 12 }])
    assert.deepEqual(commit.co_authors, [{ name: 'Bo', email: 'bo@x.io' }])
    // Plain data: JSON round-trips it unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(commit)), commit)
  })

  test('a message that is not a Conventional Commit is data', () => {
    const commit = parseCommit('Update README.md')
    assert.equal(commit.type, null)
    assert.equal(commit.description, 'Update README.md')
    assert.deepEqual(lintCommit('Update README.md').map((d) => d.code), ['missing_colon'])
  })

  test('diagnostics have the full Diagnostic shape', () => {
    assert.deepEqual(lintCommit('feat: add x'), [])
    const [d] = lintCommit('feat:add x')
    assert.deepEqual(Object.keys(d), ['code', 'severity', 'path', 'offset', 'line', 'column', 'value', 'message', 'hint'])
    assert.equal(d.code, 'missing_space_after_colon')
    assert.equal(d.severity, 'error')
    assert.equal(d.path, null)
    assert.deepEqual([d.offset, d.line, d.column], [5, 1, 6])
    assert.equal(typeof d.message, 'string')
  })

  test('lint offsets are UTF-16 code units, line and column as the core gives them', () => {
    // '😀' is 4 UTF-8 bytes, 2 UTF-16 units and 1 character.
    const message = 'feat(😀) : x'
    const [d] = lintCommit(message)
    assert.equal(d.code, 'space_before_colon')
    assert.equal(message.slice(d.offset, d.offset + 1), ' ')
    assert.equal(d.offset, 8)
    assert.deepEqual([d.line, d.column], [1, 8])
  })
})
