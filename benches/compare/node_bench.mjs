// relcore's Node binding against node-semver: parsing and sorting 100,000 versions.
//
//   (cd relcore-node && npm ci && npm run build)
//   node benches/compare/node_bench.mjs
//
// The inputs are the same deterministic mix as benches/src/lib.rs `versions(n)` (same
// LCG, same seed): 70% plain releases, 20% pre-releases (`rc.4`, `beta.11`,
// `alpha.beta.3`), 10% with build metadata. Each timing is the best of 5 runs.
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'

import { Version, sortVersions } from '../../relcore-node/index.js'

const require = createRequire(new URL('../../relcore-node/package.json', import.meta.url))
const semver = require('semver')

const N = 100_000
const RUNS = 5

/** benches/src/lib.rs `Lcg`: a 64-bit linear congruential generator. */
class Lcg {
  constructor(seed) {
    this.state = BigInt(seed)
  }

  below(n) {
    this.state = BigInt.asUintN(64, this.state * 6364136223846793005n + 1442695040888963407n)
    return Number((this.state >> 33n) % BigInt(n))
  }
}

/** benches/src/lib.rs `versions(n)`. */
function versions(n) {
  const PRE = ['alpha', 'beta', 'rc', 'alpha.beta', 'dev', 'next']
  const rng = new Lcg(0x5eed)
  const out = []
  for (let i = 0; i < n; i++) {
    const [major, minor, patch] = [rng.below(20), rng.below(40), rng.below(100)]
    const kind = rng.below(10)
    let v = `${major}.${minor}.${patch}`
    if (kind === 7 || kind === 8) {
      v += `-${PRE[rng.below(6)]}.${rng.below(20)}`
    } else if (kind === 9) {
      v += `+build.${rng.below(10_000)}`
    }
    out.push(v)
  }
  return out
}

/** Best of `RUNS` timings of `fn(input())` in milliseconds; `input` runs untimed. */
function best(fn, input = () => undefined) {
  let min = Infinity
  let result
  for (let run = 0; run < RUNS; run++) {
    const arg = input()
    const start = performance.now()
    result = fn(arg)
    min = Math.min(min, performance.now() - start)
  }
  return { ms: min, result }
}

const list = versions(N)
const pre = list.filter((v) => v.includes('-')).length
const build = list.filter((v) => v.includes('+')).length
console.log(`inputs: ${N} versions (${N - pre - build} plain, ${pre} pre-release, ${build} with build metadata), best of ${RUNS}`)
console.log(`node ${process.version}, node-semver ${require('semver/package.json').version}`)

const parseRelcore = best(() => {
  let last
  for (const s of list) last = Version.parse(s)
  return last
})
const parseSemver = best(() => {
  let last
  for (const s of list) last = new semver.SemVer(s)
  return last
})

// semver.sort sorts in place, so each run gets a fresh copy, made outside the timing.
const sortRelcore = best((l) => sortVersions(l), () => list)
const sortSemver = best((l) => semver.sort(l), () => [...list])

// Both orders are total and agree on this data (numeric identifiers are small).
const agree = sortRelcore.result.length === N && sortRelcore.result.every((v, i) => v === sortSemver.result[i])
if (!agree) {
  console.error('error: sortVersions and semver.sort disagree on the order')
  process.exitCode = 1
}

const row = (name, relcore, node) => {
  const ratio = node.ms / relcore.ms
  console.log(
    `${name.padEnd(28)} relcore ${relcore.ms.toFixed(1).padStart(8)} ms   node-semver ${node.ms.toFixed(1).padStart(8)} ms   ` +
      `relcore is ${ratio >= 1 ? `${ratio.toFixed(2)}x faster` : `${(1 / ratio).toFixed(2)}x slower`}`,
  )
}
row(`parse ${N}`, parseRelcore, parseSemver)
row(`sort ${N}`, sortRelcore, sortSemver)

const pass = sortRelcore.ms <= sortSemver.ms
console.log(`target: relcore sortVersions not slower than node-semver sort: ${pass ? 'PASS' : 'FAIL'}`)
if (!pass) process.exitCode = 1
