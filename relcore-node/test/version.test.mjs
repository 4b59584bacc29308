// The shared version vectors (relcore/tests/vectors/version.json), checked through the
// Node binding, plus hand-written tests of the JavaScript surface.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { Version, compare, sortVersions } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/version.json', import.meta.url), 'utf8'),
)

/** The BumpOptions of a vector: absent fields are omitted, as a user would. */
const bumpOptions = ({ preid, preid_base: base }) => {
  const options = {}
  if (preid !== null) options.preid = preid
  if (base !== null) options.preidBase = base
  return options
}

/** Asserts that `fn` throws a plain `Error` with this `code` (and more properties). */
const throwsCode = (fn, code, more = {}) =>
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Error, `not an Error: ${err}`)
    assert.equal(err.code, code, err.message)
    for (const [key, value] of Object.entries(more)) assert.equal(err[key], value, key)
    return true
  })

describe('valid vectors', () => {
  for (const v of vectors.valid) {
    test(`parse ${JSON.stringify(v.input)}`, () => {
      const version = Version.parse(v.input)
      // Numbers are doubles: compare through Number(), exact up to 2^53 - 1.
      assert.equal(version.major, Number(v.major))
      assert.equal(version.minor, Number(v.minor))
      assert.equal(version.patch, Number(v.patch))
      assert.equal(version.prerelease, v.pre)
      assert.equal(version.build, v.build)
      assert.equal(version.isPrerelease, v.pre !== '')
      assert.equal(version.toString(), v.input)
      assert.equal(new Version(v.input).toString(), v.input)
    })
  }
})

describe('invalid vectors', () => {
  for (const v of vectors.invalid) {
    test(`reject ${JSON.stringify(v.input)}`, () => {
      throwsCode(() => Version.parse(v.input), v.kind, { offset: v.offset })
      throwsCode(() => new Version(v.input), v.kind, { offset: v.offset })
    })
  }
})

describe('message vectors', () => {
  for (const v of vectors.messages) {
    test(`message of ${JSON.stringify(v.input)}`, () => {
      assert.throws(() => Version.parse(v.input), (err) => {
        assert.equal(err.message, v.message)
        return true
      })
    })
  }
})

describe('compare vectors', () => {
  for (const v of vectors.compare) {
    test(`compare ${v.a} ${v.b}`, () => {
      assert.equal(compare(v.a, v.b), v.expected)
      assert.equal(compare(v.b, v.a), -v.expected || 0)
      assert.equal(compare(Version.parse(v.a), v.b), v.expected)
      assert.equal(compare(v.a, Version.parse(v.b)), v.expected)
      assert.equal(Version.parse(v.a).compare(v.b), v.expected)
      assert.equal(Version.parse(v.a).compare(Version.parse(v.b)), v.expected)
    })
  }
})

describe('sort vectors', () => {
  for (const [i, v] of vectors.sort.entries()) {
    test(`sort #${i}`, () => {
      const input = [...v.input]
      assert.deepEqual(sortVersions(input), v.expected)
      assert.deepEqual(input, v.input, 'the input array is not modified')
    })
  }
})

describe('bump vectors', () => {
  const byVersion = new Map()
  for (const v of vectors.bump) byVersion.set(v.version, [...(byVersion.get(v.version) ?? []), v])
  for (const [version, cases] of byVersion) {
    test(`bump ${version} (${cases.length} cases)`, () => {
      const v = Version.parse(version)
      for (const c of cases) {
        const what = `${version} ${c.level} ${JSON.stringify(bumpOptions(c))}`
        if ('expected' in c) {
          assert.equal(v.bump(c.level, bumpOptions(c)).toString(), c.expected, what)
        } else {
          assert.throws(() => v.bump(c.level, bumpOptions(c)), (err) => {
            assert.ok(err instanceof Error, what)
            assert.equal(err.code, c.error, `${what}: ${err.message}`)
            return true
          })
        }
      }
      // Bumping never changes the receiver.
      assert.equal(v.toString(), version)
    })
  }
})

describe('hand-written', () => {
  test('errors are plain Errors with code, offset and hint', () => {
    throwsCode(() => Version.parse('v1.2.3'), 'unexpected_prefix', {
      offset: 0,
      hint: '`v1.2.3` looks like a release tag, not a version: the version is `1.2.3`',
      name: 'Error',
    })
    throwsCode(() => Version.parse('1.2.3-rc_1'), 'unexpected_character', { offset: 8 })
    // No hint: the property is absent.
    assert.throws(() => Version.parse('1.02.3'), (err) => !('hint' in err) && err.stack.includes('leading zero'))
  })

  test('offsets are UTF-16 code units', () => {
    // Everything before an error is ASCII, so the UTF-8 and UTF-16 offsets agree; the
    // offending character itself may be astral.
    throwsCode(() => Version.parse('1.2.3-😀'), 'unexpected_character', { offset: 6 })
    throwsCode(() => Version.parse('1.2.3+a.é'), 'unexpected_character', { offset: 8 })
  })

  test('bump without options, with empty options and with numeric or false bases', () => {
    const v = new Version('1.2.3')
    assert.equal(v.bump('major').toString(), '2.0.0')
    assert.equal(v.bump('minor', {}).toString(), '1.3.0')
    assert.equal(v.bump('prerelease', undefined).toString(), '1.2.4-0')
    assert.equal(v.bump('preminor', { preid: 'rc', preidBase: 1 }).toString(), '1.3.0-rc.1')
    assert.equal(v.bump('preminor', { preid: 'rc', preidBase: 0 }).toString(), '1.3.0-rc.0')
    assert.equal(v.bump('preminor', { preid: 'rc', preidBase: '1' }).toString(), '1.3.0-rc.1')
    assert.equal(v.bump('preminor', { preid: 'rc', preidBase: false }).toString(), '1.3.0-rc')
    assert.ok(v.bump('patch') instanceof Version)
  })

  test('bump errors carry the core slug', () => {
    const v = new Version('1.2.3')
    throwsCode(() => v.bump('huge'), 'unknown_level')
    throwsCode(() => v.bump('Major'), 'unknown_level')
    throwsCode(() => v.bump('release'), 'not_a_prerelease')
    throwsCode(() => v.bump('premajor', { preid: '01' }), 'invalid_identifier')
    throwsCode(() => v.bump('premajor', { preidBase: false }), 'invalid_identifier')
    for (const preidBase of [2, '2', true, -1, 0.5, '']) {
      throwsCode(() => v.bump('premajor', { preid: 'rc', preidBase }), 'invalid_base')
    }
    throwsCode(() => new Version('1.2.4-beta.1').bump('prerelease', { preid: 'alpha' }), 'would_not_advance')
  })

  test('toString, toJSON and JSON.stringify', () => {
    const v = new Version('1.0.0-rc.1+build.5')
    assert.equal(v.toString(), '1.0.0-rc.1+build.5')
    assert.equal(`${v}`, '1.0.0-rc.1+build.5')
    assert.equal(v.toJSON(), '1.0.0-rc.1+build.5')
    assert.equal(JSON.stringify({ v }), '{"v":"1.0.0-rc.1+build.5"}')
  })

  test('getters', () => {
    const v = Version.parse('10.20.30-beta.11+sha.0abc')
    assert.deepEqual(
      [v.major, v.minor, v.patch, v.prerelease, v.build, v.isPrerelease],
      [10, 20, 30, 'beta.11', 'sha.0abc', true],
    )
    const r = Version.parse('1.2.3')
    assert.deepEqual([r.prerelease, r.build, r.isPrerelease], ['', '', false])
  })

  test('compare throws on invalid strings and ignores build metadata', () => {
    throwsCode(() => compare('1.0.0', '1.0'), 'unexpected_end', { offset: 3 })
    throwsCode(() => new Version('1.0.0').compare('01.0.0'), 'leading_zero', { offset: 0 })
    assert.equal(compare('1.0.0+a', '1.0.0+b'), 0)
  })

  test('sortVersions: stable, total, and the first invalid item is reported', () => {
    assert.deepEqual(sortVersions([]), [])
    assert.deepEqual(sortVersions(['2.0.0', '1.0.0+b', '1.0.0+a', '1.0.0']), ['1.0.0', '1.0.0+a', '1.0.0+b', '2.0.0'])
    assert.throws(
      () => sortVersions(['1.0.0', 'v2.0.0', '1.02.0']),
      (err) => {
        assert.ok(err instanceof Error)
        assert.equal(err.code, 'unexpected_prefix')
        assert.equal(err.index, 1)
        assert.equal(err.offset, 0)
        assert.ok(err.message.startsWith('item 1: unexpected prefix'), err.message)
        return true
      },
    )
  })
})
