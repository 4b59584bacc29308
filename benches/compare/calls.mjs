// Per-call cost of relcore's small Node calls, in microseconds (best of 7 runs).
//
//   node benches/compare/calls.mjs [PACKAGE_DIR]   # prints one JSON object: {name: us}
//
// PACKAGE_DIR is a relcore-node directory with a built addon (default: this checkout's).
// `calls.sh` runs it against a baseline build and the current one and prints the ratio
// per call, to check that a change to the binding's conversions does not make small calls
// slower.
import { createRequire } from 'node:module'
import { resolve } from 'node:path'

const require = createRequire(import.meta.url)
const dir = resolve(process.argv[2] ?? new URL('../../relcore-node', import.meta.url).pathname)
const relcore = require(resolve(dir, 'index.js'))

const PLAN = 'deployment:\n  strategy: canary\n  stages:\n    - { name: canary, percentage: 5, duration: 10m }\n    - { name: all, percentage: 100 }\n'
const COMMITS = [...Array.from({ length: 9 }, (_, i) => `fix(api): handle case ${i}`), 'feat(api): add pagination']

function perCall (fn, calls) {
  let best = Infinity
  for (let run = 0; run < 7; run++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) fn()
    best = Math.min(best, Number(process.hrtime.bigint() - start))
  }
  return best / calls / 1000
}

const cases = {
  'Version.parse': [() => relcore.Version.parse('1.2.3-rc.4+build.5'), 20000],
  compare: [() => relcore.compare('1.2.3', '1.2.4'), 20000],
  parseCommit: [() => relcore.parseCommit('feat(api)!: drop v1\n\nCloses #12'), 5000],
  lintCommit: [() => relcore.lintCommit('feat:add x'), 5000],
  'nextVersionSync (10 commits)': [() => relcore.nextVersionSync('1.4.2', COMMITS), 2000],
  'nextVersionSync (policy)': [() => relcore.nextVersionSync('1.4.2', COMMITS, { channel: 'rc' }), 2000],
  classify: [() => relcore.classify({ commits: COMMITS }), 2000],
  checkPlan: [() => relcore.checkPlan(PLAN), 2000],
}
const out = {}
for (const [name, [fn, calls]] of Object.entries(cases)) out[name] = perCall(fn, calls)
console.log(JSON.stringify(out))
