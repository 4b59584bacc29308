// The git functions (latestTag, releaseTags, commits, createTag, release) and their Sync
// twins, on throw-away repositories built with the `git` command: fixed identities and
// times, no system or global git configuration. When RELCORE_BIN names the built CLI (CI
// sets it), release() must give what `relcore release --json` prints on the same
// repository, but the CLI-only `tagged`, `files` and `committed`.
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { devNull, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import {
  checkVersions,
  checkVersionsSync,
  releaseWorkspace,
  releaseWorkspaceSync,
  planSet,
  planSetSync,
  syncPlan,
  syncPlanSync,
  classify,
  commits,
  commitsSync,
  createTag,
  createTagSync,
  latestTag,
  latestTagSync,
  release,
  releaseSync,
  releaseTags,
  releaseTagsSync,
  renderChangelogSync,
} from '../index.js'

/** Every directory made here, removed when the file's tests are done. */
const made = []
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A fresh empty directory under the system's temporary directory. */
const tempDir = (name) => {
  const dir = mkdtempSync(join(tmpdir(), `relcore-node-${name}-`))
  made.push(dir)
  return dir
}

/** A throw-away repository on branch `main`, written with the `git` command. */
class Repo {
  constructor(name) {
    this.dir = tempDir(name)
    this.clock = 1_700_000_000
    this.git('init', '--quiet', '--initial-branch=main')
    // The tagger of createTag: libgit2 reads the identity from the configuration.
    this.git('config', 'user.name', 'Release Bot')
    this.git('config', 'user.email', 'bot@example.com')
  }

  /** Runs git in the repository with fixed identities and the current clock; its output, trimmed. */
  git(...args) {
    const date = `@${this.clock} +0000`
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ann',
      GIT_AUTHOR_EMAIL: 'ann@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: 'Release Bot',
      GIT_COMMITTER_EMAIL: 'bot@example.com',
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: devNull,
    }
    return execFileSync('git', args, { cwd: this.dir, env, encoding: 'utf8' }).trim()
  }

  /** Commits `message`, changing `file` (relative to the root); returns the commit id. */
  commit(message, file = 'file.txt') {
    this.clock += 60
    const path = join(this.dir, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${message}\n`)
    this.git('add', '--', file)
    this.git('commit', '--quiet', '-m', message)
    return this.git('rev-parse', 'HEAD')
  }

  /** A lightweight tag (an annotated one with `message`) on `at`. */
  tag(name, at = 'HEAD', message = undefined) {
    if (message === undefined) this.git('tag', name, at)
    else this.git('tag', '-a', name, '-m', message, at)
  }

  /** Merges `branch` into the current branch with a merge commit; returns its id. */
  merge(branch) {
    this.clock += 60
    this.git('merge', '--quiet', '--no-ff', '-m', `Merge branch '${branch}'`, branch)
    return this.git('rev-parse', 'HEAD')
  }

  write(file, text) {
    writeFileSync(join(this.dir, file), text)
  }
}

/** Asserts that `err` is a plain `Error` with this `code`. */
const hasCode = (err, code) => {
  assert.ok(err instanceof Error, `not an Error: ${err}`)
  assert.equal(err.code, code, err.message)
  return true
}

/** Runs the async flavour and the Sync twin; asserts they agree and returns the result. */
const both = async (async, sync, ...args) => {
  const promise = async(...args)
  assert.ok(promise instanceof Promise, `${async.name} returns a Promise`)
  const value = await promise
  assert.deepEqual(sync(...args), value, `${sync.name} agrees with ${async.name}`)
  return value
}

/** Asserts that the async flavour rejects and the Sync twin throws, both with `code`. */
const bothFail = async (async, sync, code, ...args) => {
  await assert.rejects(async(...args), (err) => hasCode(err, code))
  assert.throws(() => sync(...args), (err) => hasCode(err, code))
}

/** The property names `index.d.ts` declares for `interface name`, in order. */
const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
const declaredKeys = (name) => {
  const body = new RegExp(`^export interface ${name} \\{\n([\\s\\S]*?)^\\}`, 'm').exec(dts)[1]
  return [...body.matchAll(/^ {2}(\w+)\??: /gm)].map((m) => m[1])
}

/**
 * The release repository: v1.0.0, then a fix with a pull request, a feature and docs,
 * one of them in a migrations folder.
 */
const releaseRepo = (name) => {
  const r = new Repo(name)
  r.commit('feat: first')
  r.tag('v1.0.0')
  r.commit('fix: handle empty input (#7)', 'src/input.rs')
  r.commit('feat(api): add search\n\nSearch by name.\n\nCloses #12', 'src/search.rs')
  r.commit('docs: explain search', 'docs/search.md')
  return r
}

describe('latestTag and releaseTags', () => {
  const r = new Repo('tags')
  const c1 = r.commit('feat: one')
  r.tag('v1.2.0')
  const c2 = r.commit('feat: two')
  r.tag('v1.10.0')
  r.tag('v1.10.0-rc.1')
  const c3 = r.commit('fix: three')
  r.tag('v1.9.0') // newer commit, lower version
  r.tag('release-3.0.0') // another format
  r.tag('v3') // not a version
  r.tag('api@2.0.0')
  r.tag('web@3.0.0')
  // A higher version on a branch HEAD does not contain.
  r.git('checkout', '--quiet', '-b', 'side', c1)
  r.commit('feat: side')
  r.tag('v9.0.0')
  r.git('checkout', '--quiet', 'main')

  test('the latest tag is the highest version reachable from HEAD, not the newest or the last by name', async () => {
    const tag = await both(latestTag, latestTagSync, r.dir)
    assert.deepEqual(tag, { name: 'v1.10.0', version: '1.10.0', package: null, commit: c2, time: 1_700_000_120 })
    assert.deepEqual(Object.keys(tag), declaredKeys('Tag'))
  })

  test('releaseTags: every reachable release tag by descending version', async () => {
    const tags = await both(releaseTags, releaseTagsSync, r.dir)
    assert.deepEqual(tags.map((t) => t.name), ['v1.10.0', 'v1.10.0-rc.1', 'v1.9.0', 'v1.2.0'])
    assert.deepEqual(tags.map((t) => t.commit), [c2, c2, c3, c1])
  })

  test('a path inside the repository, and an annotated tag', async () => {
    r.tag('v1.11.0', 'HEAD', 'Release 1.11.0')
    try {
      const sub = join(r.dir, 'sub')
      mkdirSync(sub, { recursive: true })
      const tag = await both(latestTag, latestTagSync, sub)
      assert.deepEqual([tag.name, tag.commit], ['v1.11.0', c3])
    } finally {
      r.git('tag', '-d', 'v1.11.0')
    }
  })

  test('tag formats with {package}: one package, or all', async () => {
    const api = await both(latestTag, latestTagSync, r.dir, { tagFormat: '{package}@{version}', package: 'api' })
    assert.deepEqual(api, { name: 'api@2.0.0', version: '2.0.0', package: 'api', commit: c3, time: 1_700_000_180 })
    const all = await both(releaseTags, releaseTagsSync, r.dir, { tagFormat: '{package}@{version}' })
    assert.deepEqual(all.map((t) => t.name), ['web@3.0.0', 'api@2.0.0'])
    assert.equal(await latestTag(r.dir, { tagFormat: 'release-{version}', package: 'api' }), null)
    assert.equal((await latestTag(r.dir, { tagFormat: 'release-{version}' })).name, 'release-3.0.0')
  })

  test('no release tag: null and []', async () => {
    const fresh = new Repo('untagged')
    fresh.commit('feat: x')
    assert.equal(await both(latestTag, latestTagSync, fresh.dir), null)
    assert.deepEqual(await both(releaseTags, releaseTagsSync, fresh.dir), [])
  })

  test('an invalid tag format rejects with its code', async () => {
    await bothFail(latestTag, latestTagSync, 'missing_version_placeholder', r.dir, { tagFormat: 'release' })
    await bothFail(releaseTags, releaseTagsSync, 'unknown_placeholder', r.dir, { tagFormat: 'v{semver}' })
  })
})

describe('commits', () => {
  const r = new Repo('commits')
  r.commit('feat: first')
  r.tag('v1.0.0')
  const fix = r.commit('fix: b', 'packages/api/b.rs')
  r.git('checkout', '--quiet', '-b', 'feature')
  const feature = r.commit('feat: c', 'packages/web/c.ts')
  r.git('checkout', '--quiet', 'main')
  const docs = r.commit('docs: d', 'README.md')
  const merge = r.merge('feature')
  const ids = (list) => list.map((c) => c.commit.id)

  test('newest first since a tag, merges skipped; each a parsed Commit with id, author and time', async () => {
    const list = await both(commits, commitsSync, r.dir, { since: 'v1.0.0' })
    assert.deepEqual(ids(list), [docs, feature, fix])
    const [first] = list
    assert.deepEqual(Object.keys(first), declaredKeys('RepoCommit'))
    assert.deepEqual(Object.keys(first.commit), declaredKeys('Commit'))
    assert.deepEqual(first.commit.author, { name: 'Ann', email: 'ann@example.com' })
    assert.equal(first.commit.time, 1_700_000_240)
    assert.deepEqual([first.commit.type, first.commit.description, first.commit.merge], ['docs', 'd', false])
    assert.deepEqual(first.paths, [])
  })

  test('the whole history without since; merges kept when asked', async () => {
    assert.equal((await both(commits, commitsSync, r.dir)).length, 4)
    assert.equal((await both(commits, commitsSync, r.dir, {})).length, 4)
    const withMerges = await both(commits, commitsSync, r.dir, { since: 'v1.0.0', includeMerges: true })
    assert.deepEqual(ids(withMerges), [merge, docs, feature, fix])
    assert.equal(withMerges[0].commit.merge, true)
  })

  test('firstParent, until, paths and changedPaths', async () => {
    const mainline = await both(commits, commitsSync, r.dir, { since: 'v1.0.0', includeMerges: true, firstParent: true })
    assert.deepEqual(ids(mainline), [merge, docs, fix])
    assert.deepEqual(ids(await both(commits, commitsSync, r.dir, { until: 'feature', since: 'v1.0.0' })), [feature, fix])
    const api = await both(commits, commitsSync, r.dir, { paths: ['packages/api'] })
    assert.deepEqual(ids(api), [fix])
    const changed = await both(commits, commitsSync, r.dir, { since: 'v1.0.0', changedPaths: true })
    assert.deepEqual(changed.map((c) => c.paths), [['README.md'], ['packages/web/c.ts'], ['packages/api/b.rs']])
  })

  test('an unknown revision rejects with unknown_revision', async () => {
    await bothFail(commits, commitsSync, 'unknown_revision', r.dir, { since: 'v9.9.9' })
  })
})

describe('createTag', () => {
  test('an annotated tag on HEAD with the message; never moved: tag_exists on a second try', async () => {
    const r = new Repo('create-tag')
    const head = r.commit('feat: x')
    const promise = createTag(r.dir, 'v1.0.0', 'Release notes\n')
    assert.ok(promise instanceof Promise)
    const id = await promise
    assert.match(id, /^[0-9a-f]{40}$/)
    assert.equal(r.git('rev-parse', 'v1.0.0'), id)
    assert.equal(r.git('cat-file', '-t', 'v1.0.0'), 'tag')
    assert.equal(r.git('rev-parse', 'v1.0.0^{commit}'), head)
    assert.equal(r.git('tag', '-l', '--format=%(contents)', 'v1.0.0'), 'Release notes')
    assert.equal(r.git('tag', '-l', '--format=%(taggername) %(taggeremail)', 'v1.0.0'), 'Release Bot <bot@example.com>')

    r.commit('fix: y')
    await assert.rejects(createTag(r.dir, 'v1.0.0', 'again'), (err) => hasCode(err, 'tag_exists'))
    assert.throws(() => createTagSync(r.dir, 'v1.0.0', 'again'), (err) => hasCode(err, 'tag_exists'))
    assert.equal(r.git('rev-parse', 'v1.0.0'), id, 'the tag did not move')

    const syncId = createTagSync(r.dir, 'v1.0.1', 'Fix')
    assert.equal(r.git('rev-parse', 'v1.0.1^{commit}'), r.git('rev-parse', 'HEAD'))
    assert.equal(r.git('rev-parse', 'v1.0.1'), syncId)
    assert.equal((await latestTag(r.dir)).name, 'v1.0.1')
  })

  test('an invalid tag name rejects with invalid_tag_name', async () => {
    const r = new Repo('tag-name')
    r.commit('feat: x')
    await bothFail(createTag, createTagSync, 'invalid_tag_name', r.dir, 'v1..0', 'x')
  })
})

describe('errors every git function shares', () => {
  const calls = [
    [latestTag, latestTagSync, []],
    [releaseTags, releaseTagsSync, []],
    [commits, commitsSync, []],
    [createTag, createTagSync, ['v1.0.0', 'notes']],
    [release, releaseSync, [{ date: '2025-11-15' }]],
  ]

  test('not_a_repository: no repository at the path or any parent', async () => {
    const dir = tempDir('not-a-repo')
    for (const [async, sync, args] of calls) {
      await bothFail(async, sync, 'not_a_repository', dir, ...args)
    }
    await bothFail(latestTag, latestTagSync, 'not_a_repository', join(dir, 'missing'))
  })

  test('empty_repository: no commits yet', async () => {
    const r = new Repo('empty')
    for (const [async, sync, args] of calls) {
      await bothFail(async, sync, 'empty_repository', r.dir, ...args)
    }
  })

  test('the error message says what is wrong', async () => {
    const dir = tempDir('message')
    await assert.rejects(latestTag(dir), { message: `no git repository at ${dir} or any parent` })
  })
})

describe('release', () => {
  const r = releaseRepo('release')

  test('the next release, prepared: version, reasons, release model, section, notes, classification', async () => {
    const report = await both(release, releaseSync, r.dir, { date: '2025-11-15' })
    assert.deepEqual(Object.keys(report), declaredKeys('ReleaseReport'))
    assert.deepEqual(
      [report.current, report.current_tag, report.next, report.level, report.commits, report.branch, report.tag],
      ['1.0.0', 'v1.0.0', '1.1.0', 'minor', 3, 'main', 'v1.1.0'],
    )
    assert.deepEqual(report.reasons.map((reason) => reason.rule), ['feature'])
    assert.deepEqual(Object.keys(report.release), declaredKeys('Release'))
    assert.equal(report.release.date, '2025-11-15')
    assert.deepEqual(report.release.groups.map((g) => g.title), ['Added', 'Fixed'])
    assert.deepEqual(report.release.groups[0].entries[0].references.map((ref) => ref.text), ['#12'])
    assert.match(report.section, /^## \[1\.1\.0\] - 2025-11-15\n/)
    assert.match(report.notes, /add search/)
    assert.deepEqual(
      [report.classification.type, report.classification.risk, report.classification.reasons[0].rule],
      ['feature', 'medium', 'features'],
    )
    assert.deepEqual(Object.keys(report.classification), declaredKeys('Classification'))
  })

  test('the classification is classify() of the commits since the tag, their paths, versions and branch', async () => {
    const report = await release(r.dir, { date: '2025-11-15' })
    const since = await commits(r.dir, { since: report.current_tag, includeMerges: true, changedPaths: true })
    const facts = {
      commits: since.map((c) => c.commit),
      paths: [...new Set(since.flatMap((c) => c.paths))],
      current: report.current,
      next: report.next,
      branch: report.branch,
    }
    assert.deepEqual(classify(facts), report.classification)
  })

  test('without a date the heading is undated; an invalid date rejects with invalid_date', async () => {
    const report = await both(release, releaseSync, r.dir)
    assert.equal(report.release.date, null)
    assert.match(report.section, /^## \[1\.1\.0\]\n/)
    await bothFail(release, releaseSync, 'invalid_date', r.dir, { date: '15.11.2025' })
  })

  test('channel and hotfix', async () => {
    const rc = await both(release, releaseSync, r.dir, { date: '2025-11-15', channel: 'rc' })
    assert.deepEqual([rc.next, rc.tag], ['1.1.0-rc.1', 'v1.1.0-rc.1'])
    const hotfix = await both(release, releaseSync, r.dir, { date: '2025-11-15', hotfix: true })
    assert.equal(hotfix.release.hotfix, true)
    assert.equal(hotfix.classification.type, 'hotfix')
    await bothFail(release, releaseSync, 'invalid_identifier', r.dir, { channel: 'r..c' })
  })

  test('nothing to release: next and the release fields are null', async () => {
    const quiet = new Repo('quiet')
    quiet.commit('feat: first')
    quiet.tag('v1.0.0')
    quiet.commit('docs: typo')
    const report = await both(release, releaseSync, quiet.dir, { date: '2025-11-15' })
    assert.deepEqual(
      [report.next, report.level, report.tag, report.release, report.section, report.notes, report.classification],
      [null, null, null, null, null, null, null],
    )
    assert.deepEqual(report.reasons.map((reason) => reason.rule), ['no_releasable_changes'])
  })

  test('the config object: the keys of relcore.toml; an invalid one rejects with invalid_config', async () => {
    const config = {
      tag_format: '{package}@{version}',
      package: 'api',
      bump: { minor_types: ['feat'] },
      changelog: { path: 'CHANGES.md', format: 'release-notes', template: null, repository_url: 'https://github.com/acme/api', sections: [{ title: 'Features', types: ['feat'] }], breaking_section: false, take_unreleased: false, host_style: null, prereleases: 'fold', workspace: null },
      git: { first_parent: false, paths: [] },
      risk: { feature_types: ['feat'] },
      version_files: ['Cargo.toml', { path: 'src/version.py', pattern: '__version__ = "{version}"', app_version: false }],
      plan: { path: 'deploy/rollout.yml' },
      release: { commit_message: 'chore(release): {tag}' },
      hotfix: { branch: 'hotfix/{version}', issue_branch: 'hotfix/{issue}-{version}', main: 'main', types: ['fix'] },
      ready: { required: ['tests'], warn: [], release_branches: ['main'], custom: [] },
      packages: {},
      groups: {},
      update_dependents: 'out-of-range',
      pipeline: { record: 'ops/releases/{version}.json' },
      announce: { product: 'Acme API', contact: '#releases', impact: null, templates: { customers: { pre: 'ops/pre.j2', post: null } } },
    }
    assert.deepEqual(Object.keys(config), declaredKeys('ProjectConfig'))
    assert.deepEqual(Object.keys(config.pipeline), declaredKeys('PipelineSection'))
    assert.deepEqual(Object.keys(config.announce), declaredKeys('AnnounceSection'))
    assert.deepEqual(Object.keys(config.announce.templates.customers), declaredKeys('AudienceTemplates'))
    assert.deepEqual(Object.keys(config.hotfix), declaredKeys('HotfixSection'))
    assert.deepEqual(Object.keys(config.ready), declaredKeys('Checklist'))
    assert.deepEqual(Object.keys(config.changelog), declaredKeys('ChangelogSection'))
    assert.deepEqual(Object.keys(config.git), declaredKeys('GitSection'))
    assert.deepEqual(Object.keys(config.version_files[1]), declaredKeys('VersionFile'))
    const report = await both(release, releaseSync, r.dir, { date: '2025-11-15', config })
    // No `api@` tag: the first release, with the configured package's tag and sections.
    assert.deepEqual([report.current_tag, report.next, report.tag], [null, '0.1.0', 'api@0.1.0'])
    assert.deepEqual(report.release.groups.map((g) => g.title), ['Features'])
    assert.match(report.section, /^# 0\.1\.0 \(2025-11-15\)\n/, 'the release-notes format')

    for (const bad of [{ tag_fromat: 'v{version}' }, { tag_format: 'release' }, { bump: { channel: 5 } }, { changelog: { format: 'html' } }]) {
      await bothFail(release, releaseSync, 'invalid_config', r.dir, { config: bad })
      await assert.rejects(release(r.dir, { config: bad }), /^Error: invalid config( key `[^`]+`)?: /)
    }
  })

  test('relcore.toml at the repository root is read when no config is given', async () => {
    const t = releaseRepo('toml')
    t.write('relcore.toml', '[changelog]\nrepository_url = "https://github.com/acme/api"\n\n[bump]\nchannel = "beta"\n')
    const report = await both(release, releaseSync, t.dir, { date: '2025-11-15' })
    assert.equal(report.next, '1.1.0-beta.1')
    assert.equal(report.release.compare_url, 'https://github.com/acme/api/compare/v1.0.0...v1.1.0-beta.1')
    // A config object replaces the file.
    assert.equal((await release(t.dir, { date: '2025-11-15', config: {} })).next, '1.1.0')
    // So does a path below the root: the file is found at the root.
    assert.equal((await release(join(t.dir, 'src'), { date: '2025-11-15' })).next, '1.1.0-beta.1')

    t.write('relcore.toml', '[bump]\nchanel = "rc"\n')
    await bothFail(release, releaseSync, 'invalid_config', t.dir)
    await assert.rejects(release(t.dir), (err) => {
      assert.equal(err.message.startsWith(`${join(t.dir, 'relcore.toml')}:2:1: `), true, err.message)
      assert.deepEqual([err.line, err.column], [2, 1])
      return true
    })
  })
})

describe('release of one package of [packages]', () => {
  const r = new Repo('packages')
  r.commit('feat: api', 'services/api/main.js')
  r.tag('api@1.2.0')
  r.commit('feat: web', 'web/index.js')
  r.tag('web@0.4.0')
  r.commit('fix(api): timeouts', 'services/api/main.js')
  r.commit('feat(ui): dark mode', 'shared/ui/theme.css')
  const config = { packages: { api: { path: 'services/api' }, web: { path: ['web', 'shared/ui'] } } }

  test('each package from the commits under its paths and its own tags', async () => {
    const api = await both(release, releaseSync, r.dir, { date: '2025-11-15', config, package: 'api' })
    assert.deepEqual([api.current_tag, api.next, api.tag, api.commits], ['api@1.2.0', '1.2.1', 'api@1.2.1', 1])
    const web = await both(release, releaseSync, r.dir, { date: '2025-11-15', config, package: 'web' })
    assert.deepEqual([web.current_tag, web.next, web.tag], ['web@0.4.0', '0.4.1', 'web@0.4.1'])
    assert.match(web.section, /dark mode/)
    assert.doesNotMatch(web.section, /timeouts/)
  })

  test('a configuration with packages needs one named, and one it has', async () => {
    await bothFail(release, releaseSync, 'package_required', r.dir, { config })
    await bothFail(release, releaseSync, 'unknown_package', r.dir, { config, package: 'cli' })
    await bothFail(release, releaseSync, 'invalid_config', r.dir, { config: { packages: { api: { path: '../api' } } }, package: 'api' })
  })
})

describe('checkVersions', () => {
  const r = new Repo('check-versions')
  r.write('relcore.toml', '[packages.core]\npath = "core"\n[packages.web]\npath = "web"\n')
  mkdirSync(join(r.dir, 'core'))
  r.write('core/package.json', '{\n  "name": "@acme/core",\n  "version": "2.0.0"\n}\n')
  mkdirSync(join(r.dir, 'web'))
  r.write('web/package.json', '{\n  "name": "web",\n  "version": "1.0.0",\n  "dependencies": { "@acme/core": "^1.4.0" }\n}\n')
  r.git('add', '-A')
  r.git('commit', '--quiet', '-m', 'feat: packages')

  test('every conflict with its file, line and column; the same document as the CLI', async () => {
    const report = await both(checkVersions, checkVersionsSync, r.dir)
    assert.deepEqual(Object.keys(report), declaredKeys('VersionsReport'))
    assert.deepEqual(report.packages.map((p) => [p.name, p.version, p.tag]), [['core', '2.0.0', null], ['web', '1.0.0', null]])
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.path, d.line, d.column]),
      [['requirement_excludes_version', 'web/package.json', 4, 36]],
    )
    const bin = process.env.RELCORE_BIN
    if (bin) {
      let stdout
      try {
        stdout = execFileSync(bin, ['check', 'versions', '--repo', r.dir, '--json'], { encoding: 'utf8' })
      } catch (err) {
        assert.equal(err.status, 1)
        stdout = err.stdout
      }
      assert.deepEqual(JSON.parse(stdout), report)
    }
    await bothFail(checkVersions, checkVersionsSync, 'invalid_config', r.dir, { config: { packages: { core: { path: '../core' } } } })
  })

  test('releaseWorkspace: every package planned together and prepared, the same document as relcore release --json', async () => {
    r.git('tag', 'core@2.0.0')
    r.git('tag', 'web@1.0.0')
    r.commit('feat(core)!: drop the old API', 'core/index.js')
    const { plan, packages, problems } = await both(releaseWorkspace, releaseWorkspaceSync, r.dir, { date: '2026-12-03' })
    assert.deepEqual(problems, [])
    assert.deepEqual(plan.packages.map((p) => [p.name, p.next, p.level]), [['core', '3.0.0', 'major'], ['web', '1.0.1', 'patch']])
    assert.deepEqual(plan.rewrites.map((w) => [w.package, w.old, w.new, w.at.line]), [['web', '^1.4.0', '^3.0.0', 4]])
    assert.deepEqual(packages.map((p) => [p.name, p.next, p.tag]), [['core', '3.0.0', 'core@3.0.0'], ['web', '1.0.1', 'web@1.0.1']])
    assert.match(packages[1].section, /Updated dependencies: core@3\.0\.0/)
    assert.deepEqual((await releaseWorkspace(r.dir, { packages: ['web'] })).packages, [])
    await assert.rejects(releaseWorkspace(r.dir, { date: 'tomorrow' }), { code: 'invalid_date' })
    const bin = process.env.RELCORE_BIN
    if (bin) {
      const stdout = execFileSync(bin, ['release', '--repo', r.dir, '--date', '2026-12-03', '--json'], { encoding: 'utf8' })
      const { tagged, committed, files, ...cli } = JSON.parse(stdout)
      assert.deepEqual(cli, await releaseWorkspace(r.dir, { date: '2026-12-03' }))
    }
  })
})

describe('syncPlan', () => {
  const r = new Repo('sync-plan')
  r.write('relcore.toml', '[packages.core]\npath = "core"\n[packages.web]\npath = "web"\n[packages.admin]\npath = "admin"\n[groups.front]\nkind = "fixed"\nmembers = ["web", "admin"]\n')
  for (const dir of ['core', 'web', 'admin']) mkdirSync(join(r.dir, dir))
  r.write('core/package.json', '{\n  "name": "@acme/core",\n  "version": "2.0.0"\n}\n')
  const web = '{\n  "name": "web",\n  "version": "1.2.0",\n  "dependencies": { "@acme/core": "^1.4.0" }\n}\n'
  r.write('web/package.json', web)
  r.write('admin/package.json', '{\n  "name": "admin",\n  "version": "1.1.0"\n}\n')
  r.git('add', '-A')
  r.git('commit', '--quiet', '-m', 'feat: packages')

  test('what relcore sync would change, written nowhere; the same document as the CLI', async () => {
    const report = await both(syncPlan, syncPlanSync, r.dir)
    assert.deepEqual(Object.keys(report), declaredKeys('SyncReport'))
    assert.deepEqual(report.versions.map((v) => [v.package, v.from, v.to, v.at.file]), [['admin', '1.1.0', '1.2.0', 'admin/package.json']])
    assert.deepEqual(report.rewrites.map((w) => [w.package, w.old, w.new, w.at.line]), [['web', '^1.4.0', '^2.0.0', 4]])
    assert.deepEqual(report.files, [{ path: 'admin/package.json', state: 'would_change' }, { path: 'web/package.json', state: 'would_change' }])
    assert.equal(report.written, false)
    assert.deepEqual(report.unresolved, [])
    assert.equal(readFileSync(join(r.dir, 'web/package.json'), 'utf8'), web)
    const bin = process.env.RELCORE_BIN
    if (bin) {
      let stdout
      try {
        stdout = execFileSync(bin, ['sync', '--repo', r.dir, '--json'], { encoding: 'utf8' })
      } catch (err) {
        assert.equal(err.status, 1)
        stdout = err.stdout
      }
      assert.deepEqual(JSON.parse(stdout), report)
    }
    await bothFail(syncPlan, syncPlanSync, 'invalid_config', r.dir, { config: { packages: { core: { path: '../core' } } } })
  })
})

describe('planSet', () => {
  const backend = new Repo('set-backend')
  backend.commit('feat: first')
  backend.tag('v2.0.3')
  backend.commit('feat: search')
  const frontend = new Repo('set-frontend')
  frontend.commit('feat: first')
  frontend.tag('v1.4.0')
  frontend.commit('fix: layout')
  const dir = tempDir('set')
  const file = join(dir, 'relcore-set.toml')
  writeFileSync(file, `[repositories]\nfrontend = { path = ${JSON.stringify(frontend.dir)}, requires = { backend = ">=2.1, <3" } }\nbackend = ${JSON.stringify(backend.dir)}\n`)

  test('the order, every check, the rollback order; the same document as relcore set plan', async () => {
    const plan = await both(planSet, planSetSync, file)
    assert.deepEqual(Object.keys(plan), declaredKeys('SetPlanReport'))
    assert.deepEqual(plan.order, ['backend', 'frontend'])
    assert.deepEqual(plan.rollback, ['frontend', 'backend'])
    assert.deepEqual(plan.repositories.map((x) => [x.name, x.current, x.next]), [['frontend', '1.4.0', '1.4.1'], ['backend', '2.0.3', '2.1.0']])
    assert.deepEqual(plan.checks, [{ repository: 'frontend', requires: 'backend', requirement: '>=2.1, <3', version: '2.1.0', satisfied: true }])
    assert.deepEqual(plan.problems, [])
    const bin = process.env.RELCORE_BIN
    if (bin) {
      const stdout = execFileSync(bin, ['set', 'plan', '--set', file, '--json'], { encoding: 'utf8' })
      assert.deepEqual(JSON.parse(stdout), plan)
    }
  })

  test('a bad set file is located; a missing one is set_not_found', async () => {
    const bad = join(dir, 'bad.toml')
    writeFileSync(bad, '[repositories]\nbackend = 3\n')
    await bothFail(planSet, planSetSync, 'invalid_set', bad)
    await assert.rejects(planSet(bad), (err) => hasCode(err, 'invalid_set') && /bad\.toml:2:11: /.test(err.message))
    await bothFail(planSet, planSetSync, 'set_not_found', join(dir, 'none.toml'))
  })
})

describe('the same result as the CLI', () => {
  const bin = process.env.RELCORE_BIN
  const skip = bin ? false : 'RELCORE_BIN is not set (CI sets it to the built relcore CLI)'

  /** `relcore release --repo DIR --date 2025-11-15 --json`, without the CLI-only `tagged`, `files` and `committed`. */
  const cli = (dir) => {
    let stdout
    try {
      stdout = execFileSync(bin, ['release', '--repo', dir, '--date', '2025-11-15', '--json'], { encoding: 'utf8' })
    } catch (err) {
      // Exit 1: nothing to release; the report is still printed.
      if (err.status !== 1) throw err
      stdout = err.stdout
    }
    const { tagged, files, committed, ...report } = JSON.parse(stdout)
    return report
  }

  test('release() deep-equals `relcore release --json` without tagged and files', { skip }, async () => {
    const r = releaseRepo('shared')
    const expected = cli(r.dir)
    assert.equal(expected.next, '1.1.0')
    assert.deepEqual(await release(r.dir, { date: '2025-11-15' }), expected)
    assert.deepEqual(releaseSync(r.dir, { date: '2025-11-15' }), expected)
  })

  test('with relcore.toml, and with nothing to release', { skip }, async () => {
    const t = releaseRepo('shared-toml')
    t.write('relcore.toml', '[changelog]\nrepository_url = "https://github.com/acme/api"\nformat = "release-notes"\n')
    t.commit('feat!: drop the v1 API\n\nBREAKING CHANGE: use /v2.', 'db/migrations/002.sql')
    const expected = cli(t.dir)
    assert.equal(expected.next, '2.0.0')
    assert.deepEqual(await release(t.dir, { date: '2025-11-15' }), expected)

    const quiet = new Repo('shared-quiet')
    quiet.commit('feat: first')
    quiet.tag('v1.0.0')
    quiet.commit('chore: tidy')
    const none = cli(quiet.dir)
    assert.equal(none.next, null)
    assert.deepEqual(await release(quiet.dir, { date: '2025-11-15' }), none)
  })
})

describe('the error contract of release()', () => {
  // A template whose second line does not compile.
  const badTemplate = '## {{ version }}\n{% for entry in %}\n'

  test('a bad template keeps the code, line, column and message of the changelog error', async () => {
    const r = new Repo('contract')
    r.write('relcore.toml', '[changelog]\ntemplate = "notes.md.j2"\n')
    r.write('notes.md.j2', badTemplate)
    r.git('add', '--', 'relcore.toml', 'notes.md.j2')
    r.commit('feat: first')
    let expected
    assert.throws(() => renderChangelogSync('1.0.0', ['feat: a'], { template: badTemplate }), (err) => {
      expected = err
      return hasCode(err, 'template_syntax')
    })
    assert.equal(expected.message.startsWith('template:2:17: '), true, expected.message)
    const name = realpathSync(join(r.dir, 'notes.md.j2'))
    const check = (err) => {
      hasCode(err, expected.code)
      assert.deepEqual([err.line, err.column], [expected.line, expected.column])
      assert.deepEqual([err.line, err.column], [2, 17])
      assert.equal(err.message, name + expected.message.slice('template'.length))
      return true
    }
    await assert.rejects(release(r.dir), check)
    assert.throws(() => releaseSync(r.dir), check)

    const bin = process.env.RELCORE_BIN
    if (!bin) return
    // The CLI: the same code and message (exit 2).
    let stdout
    try {
      execFileSync(bin, ['release', '--repo', r.dir, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      assert.fail('relcore release succeeded')
    } catch (err) {
      assert.equal(err.status, 2, String(err.stderr))
      stdout = err.stdout
    }
    const cliError = JSON.parse(stdout)
    await assert.rejects(release(r.dir), (err) => {
      assert.deepEqual(cliError, { code: err.code, message: err.message })
      return true
    })
  })
})
