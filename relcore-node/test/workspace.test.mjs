// The shared requirement and workspace vectors (relcore/tests/vectors/requirement.json,
// requirement.node-semver.json, requirement.packaging.json, workspace.json), checked
// through Requirement, planWorkspace, checkWorkspace, syncWorkspace and planReleaseSet as
// relcore/tests/requirement.rs and relcore/tests/workspace.rs check them, plus the Node
// specifics: the Requirement class and the thrown errors' properties.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import {
  Requirement,
  Version,
  checkWorkspace,
  planReleaseSet,
  planWorkspace,
  syncWorkspace,
} from '../index.js'

const load = (name) =>
  JSON.parse(readFileSync(new URL(`../../relcore/tests/vectors/${name}`, import.meta.url), 'utf8'))

const requirement = load('requirement.json')
const workspace = load('workspace.json')

/** A byte offset into `text` (the vectors') as a UTF-16 offset (JavaScript's). */
const utf16 = (text, offset) => Buffer.from(text, 'utf8').subarray(0, offset).toString('utf8').length

/** Runs `f`, which must throw, and returns what it threw. */
const thrown = (f) => {
  try {
    f()
  } catch (error) {
    return error
  }
  assert.fail('expected an error')
}

describe('requirement vectors', () => {
  test('every section is there', () => {
    assert.ok(requirement.matches.length > 50)
    assert.ok(requirement.intersects.length && requirement.rewrite.length && requirement.errors.length)
  })

  test('matches', () => {
    for (const c of requirement.matches) {
      const req = Requirement.parse(c.range, c.dialect)
      for (const v of c.include) {
        assert.equal(req.matches(v), true, `${c.dialect} \`${c.range}\` should include ${v}`)
        assert.equal(req.matches(new Version(v)), true)
      }
      for (const v of c.exclude) {
        assert.equal(req.matches(v), false, `${c.dialect} \`${c.range}\` should exclude ${v}`)
      }
    }
  })

  test('intersects, both ways', () => {
    for (const c of requirement.intersects) {
      const a = Requirement.parse(c.a, c.dialect)
      const b = Requirement.parse(c.b, c.dialect)
      assert.equal(a.intersects(b), c.expected, `${c.dialect} \`${c.a}\` ∩ \`${c.b}\``)
      assert.equal(b.intersects(a), c.expected, `${c.dialect} \`${c.b}\` ∩ \`${c.a}\``)
      assert.equal(a.intersects(c.b), c.expected, 'a string in the same dialect')
    }
  })

  test('rewrite', () => {
    for (const c of requirement.rewrite) {
      const req = Requirement.parse(c.range, c.dialect)
      const what = `${c.dialect} \`${c.range}\` to admit ${c.version}`
      if ('expected' in c) {
        const out = req.rewrite(c.version)
        assert.equal(out, c.expected, what)
        assert.ok(Requirement.parse(out, c.dialect).matches(c.version), `${out} admits ${c.version}`)
      } else {
        assert.equal(thrown(() => req.rewrite(c.version)).code, c.error, what)
      }
    }
  })

  test('errors, with the offset in UTF-16 code units', () => {
    for (const c of requirement.errors) {
      const error = thrown(() => Requirement.parse(c.range, c.dialect))
      assert.equal(error.code, c.error, `${c.dialect} \`${c.range}\`: ${error.message}`)
      assert.equal(error.offset, c.offset == null ? undefined : utf16(c.range, c.offset), error.message)
    }
  })

  test('npm agrees with node-semver (requirement.node-semver.json)', () => {
    const data = load('requirement.node-semver.json')
    const versions = data.versions.map((v) => new Version(v))
    const mismatches = []
    const refused = []
    let compared = 0
    for (const [range, answers] of Object.entries(data.ranges)) {
      if (typeof answers !== 'string') continue
      let req
      try {
        req = Requirement.parse(range, 'npm')
      } catch {
        refused.push(range)
        continue
      }
      versions.forEach((v, i) => {
        compared += 1
        if (req.matches(v) !== (answers[i] === '1')) mismatches.push(`\`${range}\` ${v}: node-semver ${answers[i]}`)
      })
    }
    assert.deepEqual(mismatches.slice(0, 40), [])
    assert.deepEqual(refused, [], 'relcore refuses ranges node-semver accepts')
    assert.ok(compared > 30_000, `${compared} comparisons`)
  })

  test('pep440 agrees with packaging (requirement.packaging.json)', () => {
    const data = load('requirement.packaging.json')
    const versions = data.versions.map((v) => new Version(v.semver))
    const mismatches = []
    let compared = 0
    for (const [spec, answers] of Object.entries(data.specifiers)) {
      const req = Requirement.parse(spec, 'pep440')
      versions.forEach((v, i) => {
        compared += 1
        if (req.matches(v) !== (answers[i] === '1')) mismatches.push(`\`${spec}\` ${v}: packaging ${answers[i]}`)
      })
    }
    assert.deepEqual(mismatches.slice(0, 40), [])
    assert.ok(compared > 5_000, `${compared} comparisons`)
  })
})

describe('Requirement', () => {
  test('parse, properties, equality, JSON', () => {
    const req = Requirement.parse('>=1.2,<2', 'pep440')
    assert.equal(req.dialect, 'pep440')
    assert.equal(req.text, '>=1.2,<2')
    assert.equal(String(req), '>=1.2,<2')
    assert.equal(JSON.stringify(req), '{"dialect":"pep440","text":">=1.2,<2"}')
    assert.equal(new Requirement('^1.2').dialect, 'cargo', 'cargo by default')
    assert.ok(Requirement.parse('^1.2').equals(new Requirement('^1.2', 'cargo')))
    assert.ok(!Requirement.parse('^1.2', 'npm').equals(Requirement.parse('^1.2', 'cargo')))
    assert.ok(new Requirement('^1.2') instanceof Requirement)
    assert.equal(req.rewrite(new Version('2.1.0')), '>=2.1,<3')
    assert.equal(Requirement.parse('workspace:^', 'npm').matches('9.9.9'), true)
  })

  test('errors carry code, message and offset', () => {
    const dialect = thrown(() => Requirement.parse('^1', 'pip'))
    assert.ok(dialect instanceof Error)
    assert.equal(dialect.code, 'unknown_dialect')
    assert.match(dialect.message, /expected `cargo`, `npm` or `pep440`/)

    // The offset is in UTF-16 code units, the core's in bytes.
    const bad = thrown(() => Requirement.parse('>=1.2, 😀', 'cargo'))
    assert.equal(bad.code, 'unexpected_character')
    assert.equal(bad.offset, 7)

    assert.equal(thrown(() => Requirement.parse('<2').rewrite('2.0.0')).code, 'cannot_rewrite')
    assert.equal(thrown(() => Requirement.parse('^1').matches('1.02.0')).code, 'leading_zero')
    assert.equal(thrown(() => Requirement.parse('^1').intersects('=>1')).code, 'unknown_operator')
  })
})

describe('workspace vectors', () => {
  test('every section is there', () => {
    assert.ok(workspace.plan.length >= 20)
    assert.ok(workspace.sync.length >= 4)
    assert.ok(workspace.set.length >= 8)
    assert.ok(workspace.check.length)
  })

  const rewriteView = (r) => ({
    package: r.package,
    dependency: r.dependency,
    old: r.old,
    new: r.new,
    out_of_range: r.out_of_range,
  })

  for (const c of workspace.plan) {
    test(`plan: ${c.name}`, () => {
      const run = () => planWorkspace(c.workspace, c.bumps, c.settings)
      if (!('expected' in c)) {
        const error = thrown(run)
        assert.equal(error.code, c.error, error.message)
        if (c.cycle) assert.deepEqual(error.cycle, c.cycle)
        return
      }
      const plan = run()
      assert.deepEqual(
        plan.packages.map((p) => ({
          name: p.name,
          next: p.next,
          level: p.level,
          reasons: p.reasons.map((r) => r.rule),
          changelog: p.changelog,
        })),
        c.expected.packages,
      )
      assert.deepEqual(plan.rewrites.map(rewriteView), c.expected.rewrites)
      for (const r of plan.rewrites) {
        const owner = plan.packages.find((p) => p.name === r.package)
        assert.ok(owner.rewrites.some((o) => JSON.stringify(o) === JSON.stringify(r)), 'listed under its package')
      }
    })
  }

  for (const c of workspace.check) {
    test(`check: ${c.name}`, () => {
      const got = checkWorkspace(c.workspace, c.tags).map((d) => {
        assert.ok(d.message.startsWith(`${d.path ?? ''}:${d.line ?? 0}:`), d.message)
        const view = { code: d.code, file: d.path, line: d.line }
        if (
          d.hint != null &&
          !['conflicting_requirements', 'invalid_requirement', 'dependency_cycle'].includes(d.code)
        ) {
          view.hint = d.hint
        }
        return view
      })
      assert.deepEqual(got, c.expected)
    })
  }

  for (const c of workspace.sync) {
    test(`sync: ${c.name}`, () => {
      const sync = syncWorkspace(c.workspace)
      assert.deepEqual(
        sync.versions.map((v) => ({ package: v.package, from: v.from, to: v.to })),
        c.expected.versions,
      )
      assert.deepEqual(sync.rewrites.map(rewriteView), c.expected.rewrites)
      assert.deepEqual(
        sync.unresolved.map((d) => ({ code: d.code, file: d.path, line: d.line })),
        c.expected.unresolved,
      )
    })
  }

  for (const c of workspace.set) {
    test(`set: ${c.name}`, () => {
      if (!('expected' in c)) {
        const error = thrown(() => planReleaseSet(c.repositories))
        assert.equal(error.code, c.error, error.message)
        if (c.cycle) assert.deepEqual(error.cycle, c.cycle)
        return
      }
      const plan = planReleaseSet(c.repositories)
      assert.deepEqual(
        {
          order: plan.order,
          rollback: plan.rollback,
          checks: plan.checks.map((k) => ({
            repository: k.repository,
            requires: k.requires,
            ...(k.package === undefined ? {} : { package: k.package }),
            version: k.version,
            satisfied: k.satisfied,
          })),
          problems: plan.problems.map((d) => d.code),
        },
        c.expected,
      )
      for (const d of plan.problems) assert.ok(d.message.startsWith('relcore-set.toml:4:11: '), d.message)
    })
  }
})

describe('workspace errors', () => {
  test('a cycle throws dependency_cycle with the cycle', () => {
    const error = thrown(() =>
      planWorkspace(
        {
          packages: [
            { name: 'a', version: '1.0.0', dependencies: [{ name: 'b' }] },
            { name: 'b', version: '1.0.0', dependencies: [{ name: 'a' }] },
          ],
        },
        [],
      ),
    )
    assert.equal(error.code, 'dependency_cycle')
    assert.equal(error.message, 'internal dependencies form a cycle: a → b → a')
    assert.deepEqual(error.cycle, ['a', 'b', 'a'])
    assert.equal(error.file, undefined)
  })

  test('a requirement that cannot be rewritten is located in its manifest', () => {
    const at = { file: 'cli/Cargo.toml', start: 10, end: 12, line: 4, column: 9 }
    const error = thrown(() =>
      planWorkspace(
        {
          packages: [
            { name: 'core', version: '1.4.0' },
            {
              name: 'cli',
              version: '0.3.1',
              dependencies: [{ name: 'core', requirement: { dialect: 'cargo', text: '<2', at } }],
            },
          ],
        },
        [{ package: 'core', level: 'major' }],
      ),
    )
    assert.equal(error.code, 'cannot_rewrite')
    assert.deepEqual([error.file, error.line, error.column], ['cli/Cargo.toml', 4, 9])
    assert.equal(error.offset, undefined, 'no offset into a manifest the caller gave no text of')
    assert.equal(error.cycle, undefined)
  })

  test('values the core does not accept throw invalid_workspace, naming the key', () => {
    const bad = [
      () => planWorkspace({ packages: [{ name: 'a', version: '1.0' }] }, []),
      () => planWorkspace({ packages: [] }, [{ package: 'a', level: 'huge' }]),
      () => planWorkspace({ packages: [] }, [], { update_dependents: 'never' }),
      () => planWorkspace({ packages: [] }, 'core'),
      () => checkWorkspace({ packages: [], extra: 1 }),
      () => checkWorkspace({ packages: [] }, [{ package: 'a', version: Number.NaN }]),
      () => syncWorkspace([]),
      () => planReleaseSet([{ name: 'a', requires: [{ repository: 'b' }] }]),
    ]
    for (const f of bad) assert.equal(thrown(f).code, 'invalid_workspace', String(f))
    assert.match(thrown(bad[0]).message, /packages\[0\]\.version/)
    assert.match(thrown(bad[1]).message, /\[0\]\.level/)
  })

  test('results are the serde shapes', () => {
    const plan = planWorkspace(
      { packages: [{ name: 'a', version: '1.0.0' }] },
      [{ package: 'a', level: 'minor' }],
      { update_dependents: 'always' },
    )
    assert.deepEqual(Object.keys(plan), ['packages', 'rewrites'])
    assert.deepEqual(Object.keys(plan.packages[0]), [
      'name', 'current', 'next', 'level', 'reasons', 'rewrites', 'updated_dependencies', 'changelog',
    ])
    assert.equal(plan.packages[0].next, '1.1.0')
    assert.deepEqual(checkWorkspace({ packages: [] }), [])
    assert.deepEqual(syncWorkspace({ packages: [] }), { versions: [], rewrites: [], unresolved: [] })
  })
})
