#!/usr/bin/env node
// The `relcore` command (`npx relcore …`): the Rust CLI, run in this process through the
// native addon, with the exit code it returns.
'use strict'

const { runCli } = require('./index.js')

process.exitCode = runCli(['relcore', ...process.argv.slice(2)])
