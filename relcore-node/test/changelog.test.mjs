// The shared changelog fixtures (relcore/tests/fixtures/changelog/*/), checked through both
// flavours of renderChangelog and updateChangelog, plus hand-written tests of their
// JavaScript surface.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

import { Version, renderChangelog, renderChangelogSync, updateChangelog, updateChangelogSync } from '../index.js'

const root = new URL('../../relcore/tests/fixtures/changelog/', import.meta.url)

/** The fixture directories, in order; `_template` and other `_` directories are skipped. */
const fixtures = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
  .map((entry) => entry.name)
  .sort()

/** A fixture file as a string (CRLF kept), or `undefined` when it does not exist. */
const read = (name, file) => {
  const url = new URL(`${name}/${file}`, root)
  return existsSync(url) ? readFileSync(url, 'utf8') : undefined
}

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (err, code) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

/** The options of a fixture's `input.json`, as `renderChangelog` and `updateChangelog` take them. */
const optionsOf = (input) => ({
  previous: input.previous,
  date: input.date,
  format: input.format,
  template: input.template,
  hotfix: input.hotfix,
  config: input.config,
  takeUnreleased: input.options?.take_unreleased,
  replace: input.options?.replace,
})

describe('changelog fixtures', () => {
  test('there are fixtures to run', () => {
    assert.ok(fixtures.length >= 15, `only ${fixtures.length} fixtures`)
  })

  for (const name of fixtures) {
    test(name, async () => {
      const input = JSON.parse(read(name, 'input.json'))
      const existing = read(name, 'existing.md')
      const expected = read(name, 'expected.md')
      const error = read(name, 'expected.err')?.trim()
      assert.ok(expected !== undefined || error !== undefined, 'neither expected.md nor expected.err')
      const options = optionsOf(input)
      const [sync, async] =
        existing === undefined
          ? [() => renderChangelogSync(input.version, input.commits, options), () => renderChangelog(input.version, input.commits, options)]
          : [
              () => updateChangelogSync(existing, input.version, input.commits, options),
              () => updateChangelog(existing, input.version, input.commits, options),
            ]
      if (error !== undefined) {
        assert.throws(sync, (err) => hasCode(err, error))
        await assert.rejects(async(), (err) => hasCode(err, error))
      } else {
        assert.equal(sync(), expected)
        assert.equal(await async(), expected)
      }
    })
  }
})

const commits = ['fix: handle empty input', { message: 'feat(api): add search (#12)', id: '0123456789abcdef' }]

describe('hand-written', () => {
  test('renderChangelog and updateChangelog return Promises', async () => {
    const rendered = renderChangelog('1.0.0', commits)
    assert.ok(rendered instanceof Promise)
    const updated = updateChangelog('', '1.0.0', commits)
    assert.ok(updated instanceof Promise)
    assert.equal(await rendered, renderChangelogSync('1.0.0', commits))
    assert.equal(await updated, updateChangelogSync('', '1.0.0', commits))
  })

  test('defaults: Keep a Changelog, no date, no links', () => {
    assert.equal(
      renderChangelogSync('1.5.0', commits),
      '## [1.5.0]\n\n### Added\n\n- **api**: add search (#12)\n\n### Fixed\n\n- handle empty input\n',
    )
    assert.equal(renderChangelogSync('1.5.0', commits, {}), renderChangelogSync('1.5.0', commits, null))
  })

  test('Version objects are accepted for version and previous', async () => {
    const options = { previous: new Version('1.4.0'), date: '2025-11-15', config: { repository_url: 'https://github.com/acme/api' } }
    const text = renderChangelogSync(new Version('1.5.0'), commits, options)
    assert.equal(text, renderChangelogSync('1.5.0', commits, { ...options, previous: '1.4.0' }))
    assert.equal(await renderChangelog(new Version('1.5.0'), commits, options), text)
    assert.match(text, /^## \[1\.5\.0\] - 2025-11-15\n/)
    const release = JSON.parse(renderChangelogSync(new Version('1.5.0'), commits, { ...options, format: 'json' }))
    assert.deepEqual([release.version, release.previous, release.date], ['1.5.0', '1.4.0', '2025-11-15'])
    assert.equal(release.compare_url, 'https://github.com/acme/api/compare/v1.4.0...v1.5.0')
    const updated = updateChangelogSync('', new Version('1.5.0'), commits, options)
    assert.equal(await updateChangelog('', '1.5.0', commits, { ...options, previous: '1.4.0' }), updated)
  })

  test('an invalid date throws (sync) or rejects (async) with code invalid_date', async () => {
    for (const date of ['2025-13-01', '15/11/2025', '2025-11-15T00:00:00Z', '']) {
      assert.throws(() => renderChangelogSync('1.0.0', commits, { date }), (err) => {
        hasCode(err, 'invalid_date')
        assert.ok(err.message.startsWith(`invalid date \`${date}\`: `), err.message)
        return true
      })
      await assert.rejects(renderChangelog('1.0.0', commits, { date }), (err) => hasCode(err, 'invalid_date'))
      await assert.rejects(updateChangelog('', '1.0.0', commits, { date }), (err) => hasCode(err, 'invalid_date'))
    }
  })

  test('an invalid config throws or rejects with code invalid_config', async () => {
    for (const config of [{ repositoryUrl: 'https://github.com/acme/api' }, { nope: true }, { sections: [{ title: 'Added' }] }, { include_merges: 'yes' }, { tag_format: 'v{ver}' }, 'x']) {
      assert.throws(() => renderChangelogSync('1.0.0', commits, { config }), (err) => {
        hasCode(err, 'invalid_config')
        assert.match(err.message, /^invalid changelog config( key `[^`]+`)?: /)
        return true
      })
      await assert.rejects(renderChangelog('1.0.0', commits, { config }), (err) => hasCode(err, 'invalid_config'))
      assert.throws(() => updateChangelogSync('', '1.0.0', commits, { config }), (err) => hasCode(err, 'invalid_config'))
    }
    assert.throws(() => renderChangelogSync('1.0.0', [], { config: { nope: true } }), /unknown field `nope`/)
  })

  test('a template syntax error has code template_syntax, template, line and column', async () => {
    const check = (err) => {
      hasCode(err, 'template_syntax')
      assert.deepEqual([err.template, err.line, err.column], ['template', 3, 10])
      assert.equal(err.message, 'template:3:10: syntax error: unexpected end of block, expected in')
      return true
    }
    const template = 'a\nb\n  {% for %}'
    assert.throws(() => renderChangelogSync('1.0.0', commits, { template }), check)
    await assert.rejects(renderChangelog('1.0.0', commits, { template }), check)
    assert.throws(() => updateChangelogSync('', '1.0.0', commits, { template }), check)
    await assert.rejects(updateChangelog('', '1.0.0', commits, { template }), check)
  })

  test('a template that fails to render has code template_render', async () => {
    const template = 'ok\n{{ release.version | nosuchfilter }}'
    const check = (err) => {
      hasCode(err, 'template_render')
      assert.deepEqual([err.template, err.line, err.column], ['template', 2, 22])
      return true
    }
    assert.throws(() => renderChangelogSync('1.0.0', commits, { template }), check)
    await assert.rejects(renderChangelog('1.0.0', commits, { template }), check)
    // Inserting keeps only the code: the core's UpdateError has no position.
    assert.throws(() => updateChangelogSync('', '1.0.0', commits, { template }), (err) => hasCode(err, 'template_render'))
  })

  test('a template replaces the format and is rendered with the release', () => {
    const template = '{{ release.version }} has {{ release.groups | length }} groups'
    assert.equal(renderChangelogSync('1.0.0', commits, { template, format: 'json' }), '1.0.0 has 2 groups\n')
    assert.equal(
      updateChangelogSync('# Changelog\n\n## [0.9.0]\n', '1.0.0', commits, { template, format: 'json' }),
      '# Changelog\n\n1.0.0 has 2 groups\n\n## [0.9.0]\n',
    )
  })

  test('formats: release notes, JSON, and unknown names', async () => {
    const notes = renderChangelogSync('1.0.0', commits, { format: 'release-notes' })
    assert.notEqual(notes, renderChangelogSync('1.0.0', commits))
    const existing = '# Changelog\n\n## [Unreleased]\n\n## [0.9.0]\n\n- first\n'
    assert.ok(updateChangelogSync(existing, '1.0.0', commits, { format: 'release-notes' }).includes(notes))
    const release = JSON.parse(renderChangelogSync('1.0.0', commits, { format: 'json' }))
    assert.deepEqual([release.version, release.tag, release.groups.map((g) => g.title)], ['1.0.0', 'v1.0.0', ['Added', 'Fixed']])
    for (const format of ['html', 'Keep-A-Changelog', '']) {
      assert.throws(() => renderChangelogSync('1.0.0', commits, { format }), (err) => hasCode(err, 'unknown_format'))
      await assert.rejects(updateChangelog(existing, '1.0.0', commits, { format }), (err) => hasCode(err, 'unknown_format'))
    }
    // There is no JSON section to insert into a changelog.
    assert.throws(() => updateChangelogSync(existing, '1.0.0', commits, { format: 'json' }), (err) => {
      hasCode(err, 'unknown_format')
      assert.match(err.message, /needs a text format/)
      return true
    })
    await assert.rejects(updateChangelog(existing, '1.0.0', commits, { format: 'json' }), (err) => hasCode(err, 'unknown_format'))
  })

  test('hotfix marks the release', () => {
    const release = JSON.parse(renderChangelogSync('1.0.1', ['fix: x'], { format: 'json', hotfix: true }))
    assert.deepEqual([release.hotfix, release.groups[0].entries[0].hotfix], [true, true])
    assert.equal(JSON.parse(renderChangelogSync('1.0.1', ['fix: x'], { format: 'json', hotfix: false })).hotfix, false)
  })

  test('a {package} tag format without a package throws with code missing_package', async () => {
    const config = { tag_format: '{package}@{version}' }
    assert.throws(() => renderChangelogSync('1.0.0', commits, { config }), (err) => hasCode(err, 'missing_package'))
    await assert.rejects(updateChangelog('', '1.0.0', commits, { config }), (err) => hasCode(err, 'missing_package'))
    assert.match(renderChangelogSync('1.0.0', commits, { config: { ...config, package: 'api' }, format: 'json' }), /"tag": "api@1\.0\.0"/)
  })

  test('invalid versions throw or reject with their parse code and offset', async () => {
    const check = (err) => hasCode(err, 'unexpected_prefix') && err.offset === 0 && typeof err.hint === 'string'
    assert.throws(() => renderChangelogSync('v1.0.0', commits), check)
    await assert.rejects(renderChangelog('1.0.0', commits, { previous: 'v0.9.0' }), check)
    assert.throws(() => updateChangelogSync('', 'v1.0.0', commits), check)
    await assert.rejects(updateChangelog('', '1.0.0', commits, { previous: 'v0.9.0' }), check)
  })

  test('a version already in the changelog: version_exists, unless replace', async () => {
    const existing = updateChangelogSync('', '1.0.0', ['feat: first'], { date: '2025-01-01' })
    assert.throws(() => updateChangelogSync(existing, '1.0.0', commits), (err) => hasCode(err, 'version_exists'))
    await assert.rejects(updateChangelog(existing, '1.0.0', commits, { replace: false }), (err) => hasCode(err, 'version_exists'))
    const replaced = await updateChangelog(existing, '1.0.0', commits, { replace: true })
    assert.ok(replaced.includes('- handle empty input\n') && !replaced.includes('- first\n'), replaced)
  })

  test('takeUnreleased moves the hand-written entries into the release', () => {
    const existing = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- by hand\n'
    const kept = updateChangelogSync(existing, '1.0.0', commits)
    const taken = updateChangelogSync(existing, '1.0.0', commits, { takeUnreleased: true })
    assert.ok(kept.indexOf('- by hand') < kept.indexOf('## [1.0.0]'), kept)
    assert.ok(taken.indexOf('## [1.0.0]') < taken.indexOf('- by hand'), taken)
  })

  test('an older release is refused unless inVersionOrder; a byte order mark stays first', () => {
    const existing = '\ufeff# Changelog\n\n## [2.0.0] - 2025-10-01\n\n- big\n\n## [1.4.0] - 2025-06-01\n\n- search\n'
    assert.throws(() => updateChangelogSync(existing, '1.4.1', ['fix: a']), (err) => hasCode(err, 'older_than_newest'))
    const placed = updateChangelogSync(existing, '1.4.1', ['fix: a'], { inVersionOrder: true })
    assert.ok(placed.startsWith('\ufeff# Changelog\n\n## [2.0.0]'), JSON.stringify(placed))
    assert.ok(placed.indexOf('## [2.0.0]') < placed.indexOf('## [1.4.1]') && placed.indexOf('## [1.4.1]') < placed.indexOf('## [1.4.0]'), placed)
  })

  test('commit text is escaped; absurd template arguments are refused', () => {
    const text = renderChangelogSync('1.0.0', ['feat: add <img src=x onerror=alert(1)>'])
    assert.ok(text.includes('add \\<img src=x'), text)
    assert.throws(() => renderChangelogSync('1.0.0', ['feat: a'], { template: '{{ "a\\nb" | indent(1000000000) }}' }), (err) => hasCode(err, 'template_render') && /limit of 1000/.test(err.message))
  })

  test('CRLF stays CRLF, and the input string is not modified', () => {
    const existing = '# Changelog\r\n\r\n## [Unreleased]\r\n'
    const updated = updateChangelogSync(existing, '1.0.0', commits)
    assert.ok(updated.includes('## [1.0.0]\r\n') && !/(?<!\r)\n/.test(updated), JSON.stringify(updated))
    assert.equal(existing, '# Changelog\r\n\r\n## [Unreleased]\r\n')
  })
})
