// The shared metrics vectors (relcore/tests/vectors/metrics.json), checked through
// computeMetrics and metricsChart as relcore/tests/metrics.rs checks them, and metrics /
// metricsSync on a throw-away repository, compared with `relcore metrics --json` when
// RELCORE_BIN names the built CLI.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { computeMetrics, metrics, metricsChart, metricsSync } from '../index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../relcore/tests/vectors/metrics.json', import.meta.url), 'utf8'),
)

/** The vectors' options (the core's snake_case keys) as the JavaScript options. */
const options = (o) => ({ since: o.since, by: o.by, withinDays: o.within_days })

/** Every key of `expected` is in `got` with the same value: objects key by key, lists item
 * by item (of the same length), the rest exactly. */
const assertSubset = (got, expected, at = '') => {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    for (const [key, want] of Object.entries(expected)) {
      assert.ok(got !== null && key in got, `${at}.${key}: missing in ${JSON.stringify(got)}`)
      assertSubset(got[key], want, `${at}.${key}`)
    }
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(got) && got.length === expected.length, `${at}: ${JSON.stringify(got)}`)
    expected.forEach((want, i) => assertSubset(got[i], want, `${at}[${i}]`))
  } else {
    assert.deepEqual(got, expected, at)
  }
}

const hasCode = (code) => (err) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

describe('metrics vectors', () => {
  assert.ok(vectors.cases.length >= 15)
  for (const v of vectors.cases) {
    test(v.name, () => {
      if (v.error) {
        assert.throws(() => computeMetrics(v.input, options(v.options)), hasCode(v.error))
        return
      }
      assertSubset(computeMetrics(v.input, options(v.options)), v.expected)
      if (v.chart) assert.equal(metricsChart(v.input, options(v.options)), v.chart)
      const svg = metricsChart(v.input, { ...options(v.options), format: 'svg' })
      assert.ok(svg.startsWith('<svg ') && svg.endsWith('</svg>\n'))
    })
  }
})

test('an unknown chart format throws', () => {
  assert.throws(() => metricsChart({}, { format: 'png' }), (err) =>
    err.code === 'unknown_format' && /unknown chart format `png`/.test(err.message))
})

test('metrics of a repository, async and sync, as the CLI prints them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'relcore-node-metrics-'))
  try {
    const git = (day, ...args) => {
      const stamp = `${1_767_225_600 + day * 86_400} +0000`
      execFileSync('git', ['-C', dir, ...args], {
        env: {
          PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1',
          GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'ann@example.com', GIT_AUTHOR_DATE: stamp,
          GIT_COMMITTER_NAME: 'Ann', GIT_COMMITTER_EMAIL: 'ann@example.com', GIT_COMMITTER_DATE: stamp,
        },
      })
    }
    git(0, 'init', '-q', '-b', 'main')
    git(0, 'commit', '-q', '--allow-empty', '-m', 'feat: first')
    git(2, 'commit', '-q', '--allow-empty', '-m', 'fix: early')
    git(2, 'tag', 'v1.0.0')
    git(3, 'commit', '-q', '--allow-empty', '-m', 'revert: early')
    git(3, 'tag', 'v1.0.1')
    const got = await metrics(dir)
    assert.deepEqual(got.releases, { total: 2, stable: 2, prereleases: 0 })
    assert.deepEqual(got.lead_time, { count: 3, median: 0, p90: 2 * 86_400 })
    assert.deepEqual(got.fixed_releases.releases, [{ release: 'v1.0.0', fixed_by: 'v1.0.1', seconds: 86_400 }])
    assert.deepEqual(metricsSync(dir), got)
    const deployments = [{ version: '1.0.1', started: 10, finished: 70, outcome: 'succeeded' }]
    assert.equal(metricsSync(dir, { deployments }).deployments.duration.median, 60)
    assert.equal(metricsSync(dir, { by: 'week', since: '2026-01-04' }).releases.total, 1)
    const empty = mkdtempSync(join(tmpdir(), 'relcore-node-not-a-repo-'))
    await assert.rejects(metrics(empty), hasCode('not_a_repository'))
    rmSync(empty, { recursive: true, force: true })
    assert.throws(() => metricsSync(dir, { since: '2026-13-01' }), hasCode('invalid_metrics_options'))
    if (process.env.RELCORE_BIN) {
      const cli = execFileSync(process.env.RELCORE_BIN, ['--json', 'metrics', '--repo', dir], { encoding: 'utf8' })
      assert.deepEqual(JSON.parse(cli), got)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
