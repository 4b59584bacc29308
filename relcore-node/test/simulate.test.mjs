// The shared simulation and suggestion vectors (relcore/tests/vectors/simulate.json and
// suggest.json), checked through simulatePlan and suggestPlan as relcore/tests/simulate.rs
// and plan_extras.rs check them, plus hand-written tests of their JavaScript surface.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { checkPlan, classify, nextWindow, planChart, planOrder, simulatePlan, suggestPlan } from '../index.js'

const read = (name) =>
  JSON.parse(readFileSync(new URL(`../../relcore/tests/vectors/${name}`, import.meta.url), 'utf8'))
const simulateVectors = read('simulate.json')
const suggestVectors = read('suggest.json')
const chartVectors = read('chart.json')

const SIMULATION_KEYS = ['outcome', 'at_seconds', 'stage', 'decisions', 'rollback_order', 'time']
const DECISION_KEYS = [
  'at_seconds', 'stage', 'decision', 'reason', 'metric', 'value', 'threshold', 'rule', 'message', 'time', 'opens_at',
  'service',
]
const DIAGNOSTIC_KEYS = ['code', 'severity', 'path', 'offset', 'line', 'column', 'value', 'message', 'hint']

const PLAN = `deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: ["error-rate < 0.5%"] }
    - { name: full, percentage: 100, approval: release-manager }
rollback: { triggers: { error-rate: "> 5%" }, grace-period: 5m }
`

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (err, code) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

/** Throws unless `fn` throws; returns what it threw. */
const thrown = (fn) => {
  try {
    fn()
  } catch (err) {
    return err
  }
  assert.fail('did not throw')
}

/** The simulation as the vectors hold it: every decision without its `message`. */
const withoutMessages = (sim) => ({
  ...sim,
  decisions: sim.decisions.map(({ message, ...rest }) => rest),
})

/** The format the core detects (`TimelineFormat::detect`), for the vectors' texts. */
const detectedFormat = (text) => {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart()
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return 'json'
  const first = text.replace(/^\uFEFF/, '').split('\n')[0].trim().replace(/^"/, '')
  return first.startsWith('at,') || first.startsWith('at",') ? 'csv' : 'yaml'
}

/**
 * A JSON or CSV timeline of the vectors as an array of records: what a caller holding the
 * data would pass (CSV fields stay strings; empty fields are left out). `null` for YAML,
 * which this suite does not parse. The vectors' CSV has no quoted fields.
 */
const toRecords = (text) => {
  const format = detectedFormat(text)
  if (format === 'json') return JSON.parse(text)
  if (format === 'yaml') return null
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  const header = lines[0].split(',').map((c) => c.trim())
  return lines.slice(1).map((line) => {
    const fields = line.split(',')
    return Object.fromEntries(
      header.map((name, i) => [name, (fields[i] ?? '').trim()]).filter(([, value]) => value !== ''),
    )
  })
}

describe('simulate vectors', () => {
  for (const v of simulateVectors.cases) {
    test(v.name, () => {
      if ('error' in v.expected) {
        const err = thrown(() => simulatePlan(v.plan, v.timeline))
        hasCode(err, v.expected.error)
        assert.equal(err.diagnostics[0].code, v.expected.error)
        return
      }
      const sim = simulatePlan(v.plan, v.timeline)
      assert.deepEqual(Object.keys(sim), SIMULATION_KEYS)
      for (const d of sim.decisions) {
        assert.deepEqual(Object.keys(d), DECISION_KEYS)
        assert.ok(typeof d.message === 'string' && d.message.length > 0)
      }
      assert.deepEqual(withoutMessages(sim), v.expected)
      // The detected format, given explicitly, reads the same.
      assert.deepEqual(simulatePlan(v.plan, v.timeline, { format: detectedFormat(v.timeline) }), sim)
      // Plain data: the JSON reads back to the same simulation.
      assert.deepEqual(JSON.parse(JSON.stringify(sim)), sim)
    })
  }

  for (const v of simulateVectors.cases) {
    const records = toRecords(v.timeline)
    if (records === null) continue
    test(`${v.name} (records)`, () => {
      if ('error' in v.expected) {
        assert.throws(() => simulatePlan(v.plan, records), (err) => hasCode(err, v.expected.error))
        return
      }
      assert.deepEqual(simulatePlan(v.plan, records), simulatePlan(v.plan, v.timeline))
    })
  }

  test('every format and outcome occurs, and most vectors also run as records', () => {
    const cases = simulateVectors.cases
    assert.deepEqual(new Set(cases.map((v) => detectedFormat(v.timeline))), new Set(['yaml', 'json', 'csv']))
    const outcomes = new Set(cases.filter((v) => !('error' in v.expected)).map((v) => v.expected.outcome))
    assert.deepEqual(outcomes, new Set(['completed', 'rolled_back', 'stuck']))
    assert.ok(cases.filter((v) => toRecords(v.timeline) !== null).length * 3 >= cases.length * 2)
  })
})

describe('the same result as the CLI', () => {
  const bin = process.env.RELCORE_BIN
  const skip = bin ? false : 'RELCORE_BIN is not set (CI sets it to the built relcore CLI)'

  test('simulatePlan deep-equals `relcore plan simulate --json` for every vector', { skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'relcore-simulate-'))
    try {
      for (const v of simulateVectors.cases) {
        writeFileSync(join(dir, 'plan.yml'), v.plan)
        writeFileSync(join(dir, 'metrics.txt'), v.timeline)
        let stdout
        try {
          stdout = execFileSync(bin, ['plan', 'simulate', join(dir, 'plan.yml'), '--metrics', join(dir, 'metrics.txt'), '--json'], { encoding: 'utf8' })
        } catch (err) {
          // Exit 1: the rollout did not complete, or the input is unreadable; JSON is still printed.
          if (err.status !== 1) throw err
          stdout = err.stdout
        }
        const printed = JSON.parse(stdout)
        if ('error' in v.expected) {
          const err = thrown(() => simulatePlan(v.plan, v.timeline))
          assert.equal(printed.code, err.code, v.name)
        } else {
          assert.deepEqual(simulatePlan(v.plan, v.timeline), printed, v.name)
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('suggest vectors', () => {
  for (const v of suggestVectors) {
    test(v.name, () => {
      const text = suggestPlan(v.classification)
      assert.equal(text, v.expected)
      const { type, risk } = v.classification
      const report = checkPlan(text, { change_type: type, risk })
      assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'note'), [])
    })
  }
})

describe('simulatePlan', () => {
  test('the documented example', () => {
    const sim = simulatePlan(PLAN, 'at,metric,value\n2m,error-rate,9\n30m,error-rate,0.2\n2h,error-rate,0.3\n')
    assert.deepEqual([sim.outcome, sim.at_seconds, sim.stage], ['stuck', 3600, 'canary'])
    const [first] = sim.decisions
    assert.deepEqual([first.decision, first.reason, first.rule], ['awaiting_approval', 'approval', 'approval: release-manager'])
    const burst = simulatePlan(PLAN, [{ at: '40m', metric: 'error-rate', value: 7.5 }])
    assert.deepEqual([burst.outcome, burst.at_seconds], ['rolled_back', 2400])
    const [d] = burst.decisions
    assert.deepEqual([d.rule, d.metric, d.value, d.threshold], ['error-rate > 5%', 'error-rate', 7.5, 5])
  })

  test('records take numbers and strings, and skip undefined fields', () => {
    const text = simulatePlan(PLAN, 'at,metric,value,approve\n30m,error-rate,0.2,\n90m,,,full\n')
    assert.equal(text.outcome, 'completed')
    const asStrings = [{ at: '30m', metric: 'error-rate', value: '0.2' }, { at: '90m', approve: 'full' }]
    const asNumbers = [{ at: 1800, metric: 'error-rate', value: 0.2 }, { at: 5400, approve: 'full' }]
    const withUndefined = [
      { at: '30m', metric: 'error-rate', value: 0.2, approve: undefined },
      { at: '90m', metric: undefined, value: undefined, approve: 'full' },
    ]
    assert.deepEqual(simulatePlan(PLAN, asStrings), text)
    assert.deepEqual(simulatePlan(PLAN, asNumbers), text)
    assert.deepEqual(simulatePlan(PLAN, withUndefined), text)
    // An empty timeline: the rollout waits for data.
    assert.equal(simulatePlan(PLAN, []).outcome, 'stuck')
    assert.equal(simulatePlan(PLAN, []).decisions[0].reason, 'no_data')
  })

  test('the format option', () => {
    const csv = 'at,metric,value\n30m,error-rate,0.2\n'
    const json = '[{"at": "30m", "metric": "error-rate", "value": 0.2}]'
    const yaml = '- { at: 30m, metric: error-rate, value: 0.2 }\n'
    const expected = simulatePlan(PLAN, csv)
    assert.deepEqual(simulatePlan(PLAN, csv, { format: 'csv' }), expected)
    assert.deepEqual(simulatePlan(PLAN, json, { format: 'json' }), expected)
    assert.deepEqual(simulatePlan(PLAN, yaml, { format: 'yaml' }), expected)
    assert.deepEqual(simulatePlan(PLAN, json, { format: 'yaml' }), expected) // JSON is YAML too
    assert.deepEqual(simulatePlan(PLAN, csv, {}), expected)
    assert.deepEqual(simulatePlan(PLAN, csv, { format: undefined }), expected)
    assert.throws(() => simulatePlan(PLAN, csv, { format: 'json' }), (err) => hasCode(err, 'invalid_timeline'))
    const err = thrown(() => simulatePlan(PLAN, yaml, { format: 'csv' }))
    hasCode(err, 'invalid_timeline')
    assert.equal(err.message, 'the timeline: 1:1: error[invalid_timeline]: unknown column `- { at: 30m`')
  })

  for (const format of ['xml', 'YAML', 'yml', '']) {
    test(`an unknown format throws unknown_format: ${JSON.stringify(format)}`, () => {
      for (const timeline of ['[]', []]) {
        const err = thrown(() => simulatePlan(PLAN, timeline, { format }))
        hasCode(err, 'unknown_format')
        assert.equal(err.message, `unknown timeline format \`${format}\`; expected yaml, json or csv`)
        assert.deepEqual(err.diagnostics, [])
        assert.equal(err.line, undefined)
      }
    })
  }

  test('timeline errors carry code, line, column and diagnostics with UTF-16 offsets', () => {
    const timeline = 'at,metric,value\n# größer 🚀\n10m,error-rate,0.2\n20m,error-rate,lots\n'
    const err = thrown(() => simulatePlan(PLAN, timeline))
    hasCode(err, 'invalid_value')
    assert.deepEqual([err.line, err.column], [4, 16])
    assert.equal(err.message, 'the timeline: 4:16: error[invalid_value]: `lots` is not a number')
    assert.equal(err.diagnostics.length, 1)
    const [d] = err.diagnostics
    assert.deepEqual(Object.keys(d), DIAGNOSTIC_KEYS)
    assert.deepEqual([d.code, d.severity, d.line, d.column], ['invalid_value', 'error', 4, 16])
    assert.equal(timeline.slice(d.offset, d.offset + 4), 'lots')
    assert.ok(d.hint)
  })

  test('plan errors carry the plan diagnostics', () => {
    const plan = '# größer 🚀\ndeployment: { strategy: canary, stages: [{ name: a, percentage: 100, colour: red }] }\n'
    const err = thrown(() => simulatePlan(plan, '[]'))
    hasCode(err, 'unknown_key')
    assert.equal(err.diagnostics[0].code, 'unknown_key')
    assert.deepEqual([err.line, err.column], [err.diagnostics[0].line, err.diagnostics[0].column])
    assert.equal(err.line, 2)
    assert.match(err.message, /^the plan has /)
    for (const d of err.diagnostics) {
      assert.deepEqual(Object.keys(d), DIAGNOSTIC_KEYS)
      if (d.offset !== null) {
        const before = plan.slice(0, d.offset)
        assert.equal(before.split('\n').length, d.line)
        assert.equal([...before.slice(before.lastIndexOf('\n') + 1)].length + 1, d.column)
      }
    }
    assert.throws(() => simulatePlan('deployment: [', []), (e) => hasCode(e, 'invalid_yaml') && e.line === 1)
  })

  test('record errors name the record', () => {
    const good = { at: '10m', metric: 'error-rate', value: 0.2 }
    const err = thrown(() => simulatePlan(PLAN, [good, { at: '5x', metric: 'error-rate', value: 1 }]))
    hasCode(err, 'invalid_time')
    assert.deepEqual([err.line, err.column], [undefined, undefined])
    const [d] = err.diagnostics
    assert.deepEqual([d.path, d.offset, d.line, d.column], ['[1]', null, null, null])
    assert.match(err.message, /^the timeline: item 1: error\[invalid_time\]: the time `5x`/)
    for (const [record, code] of [
      [{ at: '1m', metric: 'error-rate', value: 'lots' }, 'invalid_value'],
      [{ at: '1m', metric: 'error-rate', value: 1, colour: 'red' }, 'invalid_record'],
      [{ metric: 'error-rate', value: 1 }, 'invalid_record'],
      [{ at: -60, approve: 'full' }, 'invalid_time'],
      [{ at: '1m', metric: 'error-rate', value: null }, 'invalid_record'],
    ]) {
      const e = thrown(() => simulatePlan(PLAN, [good, good, record]))
      hasCode(e, code)
      assert.equal(e.diagnostics[0].path, '[2]', JSON.stringify(record))
      assert.ok(e.message.startsWith(`the timeline: item 2: error[${code}]: `), e.message)
    }
    // A record whose fields do not fit together, in the middle and at the end: the core
    // places such errors where JSON reading stopped, after the record.
    for (const [timeline, index] of [
      [[good, { at: '1m', metric: 'error-rate' }, good], 1],
      [[good, { at: '1m', metric: 'error-rate' }], 1],
      [[{ at: '1m', approve: 'full', value: 1 }], 0],
    ]) {
      const e = thrown(() => simulatePlan(PLAN, timeline))
      hasCode(e, 'invalid_record')
      const [d] = e.diagnostics
      assert.deepEqual([d.path, d.offset, d.line, d.column], [`[${index}]`, null, null, null])
      assert.ok(e.message.startsWith(`the timeline: item ${index}: error[invalid_record]: `), e.message)
    }
    // An approval of a stage the plan does not have keeps the core's path.
    const e = thrown(() => simulatePlan(PLAN, [good, { at: '2h', approve: 'fulll' }]))
    hasCode(e, 'unknown_stage')
    assert.deepEqual([e.diagnostics[0].path, e.diagnostics[0].value], ['[1].approve', 'fulll'])
    assert.match(e.diagnostics[0].hint, /full/)
    // Records that are JSON but not records are the core's to refuse.
    assert.throws(() => simulatePlan(PLAN, [1, 2]), (e2) => hasCode(e2, 'invalid_record'))
  })

  test('arguments of the wrong type throw', () => {
    assert.throws(() => simulatePlan(PLAN, 5), (err) => err instanceof Error)
    assert.throws(() => simulatePlan(PLAN, { at: '1m', approve: 'full' }), (err) => err instanceof Error)
    assert.throws(() => simulatePlan(5, '[]'), (err) => err instanceof Error)
    assert.throws(() => simulatePlan(PLAN, [{ at: '1m', approve: 'full', f: () => 1 }]), (err) => err instanceof Error)
  })
})

describe('suggestPlan', () => {
  const cases = [
    [{ commits: ['fix: typo'] }],
    [{ commits: ['feat(api)!: drop /v1'] }],
    [{ commits: ['feat(db): orders'], paths: ['db/migrations/1.sql'] }],
    [{ commits: ['fix: login loop'], branch: 'hotfix/login' }],
    [{ commits: ['chore: tune'], paths: ['config/app.yaml'] }],
    [{ commits: ['feat: search', 'fix: x'], current: '1.4.0', next: '1.3.0' }],
    [{ commits: ['feat: search'], services: 4 }],
  ]
  for (const [facts] of cases) {
    test(`suggestPlan(classify(${JSON.stringify(facts)})) passes checkPlan`, () => {
      const cls = classify(facts)
      const text = suggestPlan(cls)
      assert.ok(text.startsWith(`change: { type: ${cls.type}, risk: ${cls.risk}`), text)
      const report = checkPlan(text, { change_type: cls.type, risk: cls.risk })
      assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'note'), [])
      // Without data the gates hold; the suggested bounds end the hold with a rollback
      // (a plan without gates completes, or waits for its approval).
      const sim = simulatePlan(text, [])
      assert.ok(['stuck', 'completed', 'rolled_back'].includes(sim.outcome))
      if (sim.outcome === 'rolled_back') assert.equal(sim.decisions.at(-1).reason, 'hold_timeout')
    })
  }

  test('keys the core does not read are ignored', () => {
    const cls = classify({ commits: ['feat(api)!: drop /v1'] })
    assert.equal(suggestPlan({ ...cls, note: 'x' }), suggestPlan(cls))
  })

  for (const [change, message] of [
    [{ risk: 'huge' }, 'invalid classification key `risk`: unknown variant `huge`, expected one of '],
    [{ steps: [5, 500] }, 'invalid classification key `steps[1]`: invalid value: integer `500`'],
    [{ approval: { level: 'maybe', by: [] } }, 'invalid classification key `approval.level`: unknown variant `maybe`'],
    [{ services: 'two' }, 'invalid classification key `services`: invalid type: string'],
    [{ type: null }, 'invalid classification key `type`: invalid type: null'],
  ]) {
    test(`an invalid classification throws invalid_classification: ${JSON.stringify(change)}`, () => {
      const cls = { ...classify({ commits: ['fix: x'] }), ...change }
      const err = thrown(() => suggestPlan(cls))
      hasCode(err, 'invalid_classification')
      assert.ok(err.message.startsWith(message), err.message)
    })
  }

  test('a missing key throws invalid_classification naming it', () => {
    const { gates, ...cls } = classify({ commits: ['fix: x'] })
    assert.equal(gates, 'enforced')
    const err = thrown(() => suggestPlan(cls))
    hasCode(err, 'invalid_classification')
    assert.equal(err.message, 'invalid classification: missing field `gates`')
    assert.throws(() => suggestPlan([]), (e) => hasCode(e, 'invalid_classification'))
  })
})

describe('planChart', () => {
  for (const c of chartVectors) {
    test(`chart vector: ${c.name}`, () => {
      assert.equal(planChart(c.plan), c.expected)
    })
  }
  test('an unreadable plan throws with its code and diagnostics', () => {
    assert.throws(
      () => planChart('deployment:\n  strategy: canary\n  stagse: []\n'),
      (err) => {
        assert.equal(err.code, 'unknown_key')
        assert.equal(err.diagnostics[0].line, 3)
        assert.equal(err.diagnostics[0].hint, 'did you mean `stages`?')
        return true
      },
    )
  })
})

describe('windows, services and the next window', () => {
  const SEED = read('plan.json').seed.plan
  const WINDOWED = `deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: ["error-rate < 0.1%"] }
    - { name: full, percentage: 100 }
rollback:
  triggers: { error-rate: "> 5%" }
  grace-period: 5m
window: { timezone: Europe/Berlin, allow: ["tue-thu 10:00-12:00"] }
`
  const timeline = [{ at: '10m', metric: 'error-rate', value: 0.05 }]

  test('simulatePlan takes the context: start, holidays, change type', () => {
    const sim = simulatePlan(WINDOWED, timeline, { context: { start: '2026-11-24T11:30:00' } })
    const first = sim.decisions[0]
    assert.deepEqual([first.reason, first.time, first.opens_at], ['window_closed', '2026-11-24T12:30', '2026-11-25T10:00'])
    assert.deepEqual([sim.outcome, sim.time], ['completed', '2026-11-25T10:00'])
    const held = simulatePlan(WINDOWED, timeline, { context: { start: '2026-11-24T11:30:00', holidays: ['2026-11-25'] } })
    assert.equal(held.decisions[0].opens_at, '2026-11-26T10:00')
    const hotfix = simulatePlan(WINDOWED, timeline, { context: { start: '2026-11-24T11:30:00', change_type: 'hotfix' } })
    assert.deepEqual(hotfix.decisions.map((d) => d.reason), ['gates_passed', 'gates_passed'])
    assert.throws(() => simulatePlan(WINDOWED, timeline, { context: { holidays: ['Christmas'] } }), (err) => hasCode(err, 'invalid_context'))
  })

  test('health checks as records', () => {
    const records = [
      { at: '10m', metric: 'error-rate', value: 0.05 },
      { at: '10m', metric: 'latency-p99', value: 100 },
      { at: '1h30m', approve: 'partial' },
      { at: '5h40m', approve: 'rollout' },
      { at: '14h', approve: 'full' },
      { at: '2d', service: 'api', healthy: true },
      { at: '2d1m', service: 'worker', healthy: 'false' },
    ]
    const sim = simulatePlan(SEED, records)
    assert.equal(sim.outcome, 'rolled_back')
    assert.deepEqual(sim.rollback_order, ['worker', 'api'])
    assert.deepEqual([sim.decisions.at(-1).reason, sim.decisions.at(-1).service], ['health_check_failed', 'worker'])
    assert.throws(() => simulatePlan(SEED, [{ at: '1h', service: 'apy', healthy: true }]), (err) => hasCode(err, 'unknown_service'))
  })

  test('planOrder', () => {
    assert.deepEqual(planOrder(SEED), {
      deploy: [
        { name: 'api', delay_seconds: 0, health_check: '/health' },
        { name: 'worker', delay_seconds: 0, health_check: '/ready' },
      ],
      rollback: ['worker', 'api'],
    })
    const delayed = SEED.replace('health-check: /health }', 'health-check: /health, delay: 5m }')
    assert.equal(planOrder(delayed).deploy[0].delay_seconds, 300)
    assert.throws(() => planOrder(SEED.replace('depends-on: [api]', 'depends-on: [apy]')), (err) => hasCode(err, 'unknown_dependency'))
    assert.throws(() => planOrder('deployment: ['), (err) => hasCode(err, 'invalid_yaml'))
  })

  test('nextWindow', () => {
    const next = nextWindow(SEED, '2026-11-26T11:00')
    assert.equal(next.start, '2026-12-01T10:00:00')
    assert.deepEqual(next.skipped.flatMap((s) => s.reasons.map((r) => r.code)), ['outside_window', 'friday_deploy'])
    assert.equal(nextWindow(SEED, '2026-11-26T11:00', { holidays: ['2026-12-01'] }).start, '2026-12-08T10:00:00')
    // The plan's own change type wins over the context's.
    assert.equal(nextWindow(SEED, '2026-11-27T18:00', { change_type: 'hotfix' }).start, '2026-12-01T10:00:00')
    const hotfix = nextWindow(SEED.replace('type: feature', 'type: hotfix'), '2026-11-27T18:00')
    assert.equal(hotfix.start, '2026-11-27T18:00:00')
    assert.ok(hotfix.overridden.length > 0)
    assert.throws(() => nextWindow(PLAN, '2026-11-26T11:00'), (err) => hasCode(err, 'no_window'))
    assert.throws(() => nextWindow(SEED, 'tomorrow'), (err) => hasCode(err, 'invalid_context'))
  })

  test('nextWindow deep-equals `relcore plan next-window --json`', { skip: process.env.RELCORE_BIN ? false : 'RELCORE_BIN is not set' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'relcore-next-'))
    try {
      writeFileSync(join(dir, 'seed.yml'), SEED)
      writeFileSync(join(dir, 'empty.toml'), '')
      const stdout = execFileSync(process.env.RELCORE_BIN, ['plan', 'next-window', '--json', join(dir, 'seed.yml'), '--at', '2026-11-26T11:00', '--config', join(dir, 'empty.toml')], { encoding: 'utf8' })
      assert.deepEqual(JSON.parse(stdout), nextWindow(SEED, '2026-11-26T11:00'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('schedule vectors', () => {
  const schedule = read('schedule.json')
  /** The part of a next-window answer the vectors pin (as relcore/tests/schedule.rs). */
  const pinned = (next) => ({
    start: next.start,
    skipped: next.skipped.map((s) => ({ start: s.start, codes: s.reasons.map((r) => r.code) })),
    skipped_total: next.skipped_total,
    overridden: next.overridden.map((d) => d.code),
  })
  for (const v of schedule.order) {
    test(`order: ${v.name}`, () => {
      if ('error' in v.expected) {
        assert.throws(() => planOrder(v.plan), (err) => hasCode(err, v.expected.error))
        return
      }
      assert.deepEqual(planOrder(v.plan), v.expected)
    })
  }
  for (const v of schedule.next_window) {
    test(`next window: ${v.name}`, () => {
      if ('error' in v.expected) {
        assert.throws(() => nextWindow(v.plan, v.at, v.context), (err) => hasCode(err, v.expected.error))
        return
      }
      assert.deepEqual(pinned(nextWindow(v.plan, v.at, v.context)), v.expected)
    })
  }
})
