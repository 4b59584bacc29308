// The shared risk vectors (relcore/tests/vectors/risk.json), checked through classify and
// respond as relcore/tests/risk.rs checks them, plus hand-written tests of their
// JavaScript surface. The vectors' `check` cases (Policy::check) and their values of kinds
// other than severity have no Node function to go through.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { Version, classify, parseCommit, respond } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/risk.json', import.meta.url), 'utf8'),
)

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (err, code) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

/** The dimensions of a classification, each decided by exactly one reason. */
const DIMENSIONS = ['type', 'risk', 'strategy', 'approval', 'rollback', 'pace', 'gates']

describe('classify vectors', () => {
  for (const v of vectors.classify) {
    test(v.name, () => {
      // `policy` holds only what differs from the default: absent means the default.
      const classification = classify(v.facts, v.policy)
      for (const [key, expected] of Object.entries(v.expected)) {
        assert.deepEqual(classification[key], expected, key)
      }
      assert.deepEqual(classification.reasons.map((r) => r.rule), v.rules)
      for (const [rule, checks] of Object.entries(v.evidence ?? {})) {
        const reason = classification.reasons.find((r) => r.rule === rule)
        assert.ok(reason, `no reason \`${rule}\``)
        for (const [key, expected] of Object.entries(checks)) {
          assert.deepEqual(reason[key], expected, `${rule}.${key}`)
        }
      }
      for (const dimension of DIMENSIONS) {
        const deciders = classification.reasons.filter((r) => r.decided.includes(dimension))
        assert.equal(deciders.length, 1, dimension)
      }
      // Plain data: the JSON reads back to the same classification.
      assert.deepEqual(JSON.parse(JSON.stringify(classification)), classification)
    })
  }

  for (const v of vectors.incident) {
    test(`incident: ${v.name}`, () => {
      const call = () => respond(v.severity, v.policy, v.plan)
      if ('error' in v.expected) {
        assert.throws(call, (err) => {
          assert.equal(err.code, v.expected.error)
          return true
        })
        return
      }
      assert.deepEqual(call(), v.expected)
    })
  }

  test('every default rule fires in a vector without a policy, and every change type occurs', () => {
    const fired = new Set(
      vectors.classify.filter((v) => !('policy' in v)).flatMap((v) => v.rules),
    )
    for (const rule of [
      'version_decrease', 'schema_migration', 'hotfix', 'breaking_change', 'major_bump', 'config_only',
      'features', 'only_fixes',
    ]) {
      assert.ok(fired.has(rule), `no vector fires \`${rule}\``)
    }
    const types = new Set(vectors.classify.map((v) => classify(v.facts, v.policy).type))
    assert.deepEqual([...types].sort(), ['config', 'feature', 'hotfix', 'migration', 'rollback'])
  })
})

describe('respond vectors', () => {
  for (const v of vectors.respond) {
    test(`${v.severity}${v.policy ? ' (policy)' : ''}`, () => {
      const response = respond(v.severity, v.policy)
      for (const key of ['severity', 'action', 'deadline_minutes', 'otherwise', 'reason']) {
        assert.deepEqual(response[key], v[key], key)
      }
    })
  }

  test('every severity has a vector', () => {
    assert.deepEqual([...new Set(vectors.respond.map((v) => v.severity))].sort(), ['critical', 'high', 'low', 'medium'])
  })
})

describe('value vectors (severity, through respond)', () => {
  for (const v of vectors.values.filter((v) => v.kind === 'severity')) {
    test(JSON.stringify(v.input), () => {
      if ('error' in v) {
        assert.throws(() => respond(v.input), (err) => hasCode(err, v.error))
      } else {
        assert.equal(respond(v.input).severity, v.value)
      }
    })
  }
})

describe('hand-written', () => {
  test('the Classification shape: the core serde keys, in order', () => {
    const classification = classify({
      commits: ['feat(db): add the orders table'],
      paths: ['db/migrations/0042_orders.sql'],
      services: 3,
    })
    assert.deepEqual(classification, {
      type: 'migration',
      risk: 'high',
      strategy: 'blue-green',
      steps: [],
      approval: { level: 'required', by: ['release-manager', 'dba'] },
      rollback: 'manual',
      pace: 'standard',
      gates: 'enforced',
      services: 3,
      reasons: [
        {
          rule: 'schema_migration',
          message: '1 changed path is a schema migration (`**/migrations/**`): type migration, risk high, strategy blue-green, approval required by release-manager, dba, rollback manual',
          decided: ['type', 'risk', 'strategy', 'approval', 'rollback'],
          commits: [],
          paths: ['db/migrations/0042_orders.sql'],
        },
        {
          rule: 'features',
          message: '1 commit adds features; already decided: type by schema_migration, risk by schema_migration, strategy by schema_migration, approval by schema_migration',
          decided: [],
          commits: ['feat(db): add the orders table'],
          paths: [],
        },
        {
          rule: 'fallback',
          message: "no rule decided pace, gates: the policy's fallback gives pace standard, gates enforced",
          decided: ['pace', 'gates'],
          commits: [],
          paths: [],
        },
      ],
    })
    assert.deepEqual(Object.keys(classification), [
      'type', 'risk', 'strategy', 'steps', 'approval', 'rollback', 'pace', 'gates', 'services', 'reasons',
    ])
  })

  test('commits as messages, CommitInputs or Commit objects give the same classification', () => {
    const message = 'feat!: drop v1'
    const id = '0123456789abcdef'
    const asInput = classify({ commits: [{ message, id }] })
    const asCommit = classify({ commits: [parseCommit(message, { id })] })
    assert.deepEqual(asCommit, asInput)
    assert.deepEqual(asInput.reasons[0].commits, ['0123456'])
    assert.deepEqual(classify({ commits: [message] }).reasons[0].commits, [message])
  })

  test('Version objects for current and next; an invalid version throws its parse code', () => {
    const rollback = classify({ current: new Version('2.0.0'), next: new Version('1.9.0') })
    assert.equal(rollback.type, 'rollback')
    assert.deepEqual(classify({ current: '2.0.0', next: '1.9.0' }), rollback)
    assert.throws(() => classify({ current: 'v2.0.0' }), (err) => hasCode(err, 'unexpected_prefix') && err.offset === 0)
    assert.throws(() => classify({ next: '1.0' }), (err) => hasCode(err, 'unexpected_end'))
  })

  test('absent and undefined facts keys take the defaults; absent paths are unknown', () => {
    const none = classify({})
    const undefinedKeys = { commits: undefined, paths: undefined, current: undefined, next: undefined, branch: undefined, hotfix: undefined, services: undefined }
    assert.deepEqual(classify(undefinedKeys), none)
    assert.equal(none.services, 1)
    assert.deepEqual(none.reasons.map((r) => r.rule), ['fallback'])
    // An empty path list is known: nothing changed, so config_only cannot fire either.
    assert.equal(classify({ commits: ['fix: x'], paths: [] }).type, 'feature')
    assert.equal(classify({ commits: ['fix: x'], paths: ['config/app.yaml'] }).type, 'config')
  })

  test('the hotfix flag and the branch', () => {
    assert.equal(classify({ commits: ['fix: x'], hotfix: true }).type, 'hotfix')
    assert.equal(classify({ commits: ['fix: x'], branch: 'hotfix/login' }).pace, 'fast_track')
    assert.equal(classify({ commits: ['fix: x'], branch: 'main' }).type, 'feature')
  })

  test('a policy overrides, disables and falls back; null and {} are the default policy', () => {
    const facts = { commits: ['feat: x'], services: 12 }
    assert.deepEqual(classify(facts, null), classify(facts))
    assert.deepEqual(classify(facts, {}), classify(facts))
    const policy = {
      overrides: [{ name: 'many_services', when: { services_at_least: 10 }, then: { risk: 'high' } }],
      disabled: ['features'],
      fallback: { strategy: 'progressive', steps: [10, 100] },
    }
    const classification = classify(facts, policy)
    assert.deepEqual(classification.reasons.map((r) => r.rule), ['many_services', 'fallback'])
    assert.deepEqual([classification.risk, classification.strategy, classification.steps], ['high', 'canary', [10, 100]])
  })

  test('an invalid policy throws with code invalid_policy', () => {
    for (const policy of [{ rulez: [] }, { fallback: { strategy: 'big-bang' } }, { overrides: [{ name: 'x', when: 'sometimes' }] }, { migration_paths: 'db' }, 'strict', [1]]) {
      assert.throws(() => classify({ commits: ['fix: x'] }, policy), (err) => {
        hasCode(err, 'invalid_policy')
        assert.match(err.message, /^invalid risk policy( key `[^`]+`)?: /)
        return true
      })
      assert.throws(() => respond('high', policy), (err) => hasCode(err, 'invalid_policy'))
    }
  })

  test('an object that is not a commit throws napi InvalidArg, naming the item', () => {
    assert.throws(() => classify({ commits: ['fix: x', { subject: 'feat: y' }] }), (err) => {
      hasCode(err, 'InvalidArg')
      assert.match(err.message, /^facts\.commits\[1\] is not a message, a CommitInput or a Commit: /)
      return true
    })
  })

  test('respond: the IncidentResponse shape, a policy, and unknown severities', () => {
    assert.deepEqual(respond('medium'), {
      severity: 'medium',
      action: 'hotfix',
      deadline_minutes: 60,
      otherwise: 'rollback',
      reason: 'medium severity: ship a hotfix within 60 minutes, otherwise roll back',
      rollback_order: null,
    })
    const policy = { incidents: { critical: { action: 'rollback', deadline_minutes: 1 } } }
    assert.equal(respond('critical', policy).reason, 'critical severity: roll back within 1 minute')
    for (const severity of ['urgent', 'Critical', '', ' low']) {
      assert.throws(() => respond(severity), (err) => {
        hasCode(err, 'unknown_value')
        assert.equal(err.message, `unknown severity \`${severity}\`, expected one of low, medium, high, critical`)
        return true
      })
    }
  })
})
