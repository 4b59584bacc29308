// The TypeScript examples of docs/node.md type-check with `tsc --strict` against the
// generated index.d.ts, as a user's project would import them: the docs cannot drift from
// the declarations.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const docs = readFileSync(join(root, '..', 'docs', 'node.md'), 'utf8')
const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1])

test('docs/node.md has TypeScript examples', () => {
  assert.ok(blocks.length >= 2, `found ${blocks.length}`)
})

test('every TypeScript example of docs/node.md passes tsc --strict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relcore-docs-'))
  try {
    const files = blocks.map((code, i) => {
      const file = join(dir, `example-${i + 1}.mts`)
      writeFileSync(file, code)
      return file
    })
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022', 'dom'],
        types: [],
        paths: { relcore: [join(root, 'index.d.ts')] },
      },
      files,
    }))
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' })
    assert.equal(run.status, 0, `tsc --strict failed:\n${run.stdout}${run.stderr}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
