// The generated type definitions, snapshotted so every API change shows up in review
// (like napi-rs's own values.spec.ts). After an intended change, refresh the snapshot:
//
//   UPDATE_SNAPSHOTS=1 npm test
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'

import * as binding from '../index.js'

const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
const snapshotUrl = new URL('./index.d.ts.snapshot', import.meta.url)

test('index.d.ts matches test/index.d.ts.snapshot', () => {
  if (process.env.UPDATE_SNAPSHOTS) writeFileSync(snapshotUrl, dts)
  assert.equal(dts, readFileSync(snapshotUrl, 'utf8'), 'the API changed: review, then UPDATE_SNAPSHOTS=1 npm test')
})

test('index.js exports exactly what index.d.ts declares', () => {
  const declared = [...dts.matchAll(/^export (?:declare )?(?:const|class|function|interface) (\w+)/gm)]
    .map((m) => m[1])
  const types = new Set([...dts.matchAll(/^export interface (\w+)/gm)].map((m) => m[1])) // TypeScript only
  // index.js is CommonJS: importing it as ESM adds `default` (module.exports itself).
  const exported = Object.keys(binding).filter((name) => name !== 'default')
  assert.deepEqual(exported.sort(), declared.filter((n) => !types.has(n)).sort())
  assert.deepEqual(declared.sort(), [
    'AnnounceContext', 'AnnounceOptions', 'AnnounceRequest', 'AnnounceSection', 'Announcement',
    'Approval', 'AudienceTemplates', 'Backports', 'BackportsRequest', 'BumpOptions', 'Change',
    'ChangelogConfig', 'ChangelogOptions', 'ChangelogSection', 'CheckItem', 'CheckVersionsOptions',
    'Checklist', 'CherryPick', 'Classification', 'Commit', 'CommitFact', 'CommitInput',
    'CommitMeta', 'CommitQuery', 'CustomCheck', 'Decision', 'Dependency', 'DependencyUpdate',
    'Deployment', 'DeploymentMetrics', 'Diagnostic', 'Durations', 'Facts', 'FixedRelease',
    'FixedReleases', 'Footer', 'GitSection', 'HotfixPlan', 'HotfixRequest', 'HotfixSection',
    'IncidentResponse', 'Incidents', 'LinkedReference', 'Metrics', 'MetricsInput', 'MetricsOptions',
    'NextWindow', 'PackageBump', 'PackageRelease', 'PackageTag', 'PackageVersion', 'PatchCommit',
    'PeriodMetrics', 'Person', 'PipelineActor', 'PipelineSection', 'PipelineStatus', 'PlanCheck',
    'PlanContext', 'PlanReport', 'Playbook', 'Policy', 'PrereleaseCycle', 'PrereleaseCycles',
    'ProjectConfig', 'ReadyFacts', 'ReadyOptions', 'Reason', 'Reference', 'Release',
    'ReleaseCounts', 'ReleaseEntry', 'ReleaseFact', 'ReleaseGroup', 'ReleaseOptions',
    'ReleaseRecord', 'ReleaseReport', 'ReleaseWorkspaceOptions', 'RepoCommit', 'Requirement',
    'RequirementRewrite', 'RequirementSite', 'Response', 'Revert', 'RiskCondition', 'RiskEffect',
    'RiskFallback', 'RiskPolicy', 'RiskReason', 'RiskRule', 'SectionRule', 'ServicePlan',
    'ServiceStep', 'SetCheck', 'SetPlan', 'SetPlanReport', 'SetReleaseReport', 'SetRepository', 'SetRequirement',
    'Share', 'SimulateOptions', 'Simulation', 'SimulationDecision', 'Site', 'SkippedStart',
    'StageRecord', 'StageStatus', 'SyncPlan', 'SyncReport', 'Tag', 'TagOptions', 'TaggedVersion',
    'TimelineRecord', 'Transition', 'UpdateChangelogOptions', 'UpdatedDependency', 'Verdict',
    'Version', 'VersionChange', 'VersionFile', 'VersionFileFact', 'VersionsReport', 'WindowFact',
    'Workspace', 'WorkspaceDependency', 'WorkspaceGroup', 'WorkspaceNext', 'WorkspacePackage',
    'WorkspacePackagePlan', 'WorkspacePlan', 'WorkspaceReason', 'WorkspaceRelease',
    'WorkspaceSettings', '__napiBindingTarget', 'announce', 'checkPlan', 'checkVersions',
    'checkVersionsSync', 'checkWorkspace', 'classify', 'commits', 'commitsSync', 'compare',
    'computeMetrics', 'createTag', 'createTagSync', 'hotfixBackports', 'hotfixPlan', 'latestTag',
    'latestTagSync', 'lintCommit', 'metrics', 'metricsChart', 'metricsSync', 'nextVersion',
    'nextVersionSync', 'nextWindow', 'parseCommit', 'pipelineEvent', 'pipelineStart',
    'pipelineStatus', 'planChart', 'planOrder', 'planReleaseSet', 'planSet', 'planSetSync',
    'planWorkspace', 'ready', 'release', 'releaseSync', 'releaseTags', 'releaseTagsSync',
    'releaseWorkspace', 'releaseWorkspaceSync', 'renderChangelog', 'renderChangelogSync',
    'renderPipelineRecord', 'respond', 'runCli', 'simulatePlan', 'sortVersions', 'suggestPlan',
    'syncPlan', 'syncPlanSync', 'syncWorkspace', 'updateChangelog', 'updateChangelogSync',
  ])
})

/** The property names `index.d.ts` declares for `interface name`, in order. */
const declaredKeys = (name) => {
  const body = new RegExp(`^export interface ${name} \\{\n([\\s\\S]*?)^\\}`, 'm').exec(dts)[1]
  return [...body.matchAll(/^ {2}(\w+)\??: /gm)].map((m) => m[1])
}

test('the declared data interfaces have exactly the keys of the values returned, in order', () => {
  const commit = binding.parseCommit('fix: x\n\nCloses #4', { author: 'Al <al@x.io>' })
  const revert = binding.parseCommit('Revert "feat: x"\n\nThis reverts commit 1a2b3c4d.')
  const decision = binding.nextVersionSync('1.0.0', ['fix: x'])
  const values = {
    Commit: commit,
    Person: commit.author,
    Footer: commit.footers[0],
    Reference: commit.references[0],
    Revert: revert.revert_of,
    Dependency: binding.parseCommit('build(deps): bump vite from 5.0.1 to 5.0.2 in /web').dependency,
    Diagnostic: binding.lintCommit('feat:x')[0],
    Decision: decision,
    Reason: decision.reasons[0],
  }
  for (const [name, value] of Object.entries(values)) {
    assert.ok(value, `no ${name} value to compare`)
    assert.deepEqual(declaredKeys(name), Object.keys(value), name)
  }
  assert.deepEqual(declaredKeys('Policy'), [
    'major_types', 'minor_types', 'patch_types', 'breaking_always_bump_major', 'features_always_bump_minor',
    'initial_version', 'channel', 'include_merges',
  ])
})

test('the declared release and risk interfaces have exactly the keys of the values returned, in order', () => {
  // The release model is the changelog's `json` format (ReleaseReport, Tag and RepoCommit
  // are checked in git.test.mjs, on a repository).
  const release = JSON.parse(
    binding.renderChangelogSync(
      '1.1.0',
      [{ message: 'feat(api)!: x\n\nCloses #4\n\nBREAKING CHANGE: y', id: '0123456789', author: 'Al <al@x.io>' }, 'build(deps): bump vite from 5.0.1 to 5.0.2 in /web'],
      { format: 'json', previous: '1.0.0', config: { repository_url: 'https://github.com/acme/api' } },
    ),
  )
  const classification = binding.classify({ commits: ['feat!: x'], paths: ['db/migrations/1.sql'] })
  const values = {
    Release: release,
    ReleaseGroup: release.groups[0],
    ReleaseEntry: release.groups[0].entries[0],
    LinkedReference: release.groups[0].entries[0].references[0],
    DependencyUpdate: release.dependencies[0],
    Classification: classification,
    Approval: classification.approval,
    RiskReason: classification.reasons[0],
    IncidentResponse: binding.respond('medium'),
    PlanReport: binding.checkPlan('deployment: { strategy: canary, stages: [] }\n'),
    Diagnostic: binding.checkPlan('deployment: { strategy: canary, stages: [] }\n').diagnostics[0],
  }
  for (const [name, value] of Object.entries(values)) {
    assert.ok(value, `no ${name} value to compare`)
    assert.deepEqual(declaredKeys(name), Object.keys(value), name)
  }
})

test('RiskPolicy declares exactly the keys of the core risk policy, and they are accepted', () => {
  const playbook = { action: 'rollback', deadline_minutes: 5, otherwise: null }
  const policy = {
    overrides: [{ name: 'many_services', when: { services_at_least: 5 }, then: { strategy: 'canary', steps: [10, 100] } }],
    rules: [
      { name: 'infra', when: { all: ['always', { not: { any_path: ['docs/**'] } }] }, then: { type: 'config', risk: 'high', approval: { level: 'required', by: ['sre'] }, rollback: 'manual', pace: 'fast_track', gates: 'skippable' } },
      { name: 'web', when: { any: [{ only_paths: ['web/**'] }, { any_type: ['ui'] }, { only_types: ['style'] }, { branch: ['web/*'] }] } },
    ],
    disabled: [],
    fallback: { type: 'feature', risk: 'low', strategy: 'rolling', steps: [], approval: { level: 'optional', by: [] }, rollback: 'automated', pace: 'standard', gates: 'enforced' },
    migration_paths: ['schema/**'],
    config_paths: ['*.yaml'],
    hotfix_branches: ['hotfix/**'],
    feature_types: ['feat'],
    fix_types: ['fix'],
    incidents: { critical: playbook, high: playbook, medium: playbook, low: playbook },
  }
  assert.deepEqual(Object.keys(policy), declaredKeys('RiskPolicy'))
  assert.deepEqual(Object.keys(policy.overrides[0]), declaredKeys('RiskRule'))
  assert.deepEqual(declaredKeys('RiskEffect'), ['type', 'risk', 'strategy', 'steps', 'approval', 'rollback', 'pace', 'gates'])
  assert.deepEqual(Object.keys(policy.fallback), declaredKeys('RiskFallback'))
  assert.deepEqual(Object.keys(policy.incidents), declaredKeys('Incidents'))
  assert.deepEqual(Object.keys(playbook), declaredKeys('Playbook'))
  assert.deepEqual(declaredKeys('RiskEffect'), declaredKeys('RiskFallback'))
  assert.deepEqual(declaredKeys('RiskCondition'), [
    'any_path', 'only_paths', 'any_type', 'only_types', 'branch', 'services_at_least', 'all', 'any', 'not',
  ])
  const classification = binding.classify({ commits: ['fix: x'], paths: ['src/a.rs'], services: 6 }, policy)
  assert.deepEqual(classification.reasons.map((r) => r.rule), ['many_services', 'infra'])
  assert.deepEqual([classification.strategy, classification.steps, classification.type], ['canary', [10, 100], 'config'])
  assert.equal(binding.respond('low', policy).reason, 'low severity: roll back within 5 minutes')
})

test('PlanContext declares exactly the keys of the core plan context, and they are accepted', () => {
  const context = { change_type: 'feature', risk: 'high', start: '2026-11-23T10:00:00', holidays: ['2026-12-25'], max_canary_percentage: 20 }
  assert.deepEqual(Object.keys(context), declaredKeys('PlanContext'))
  assert.ok(Array.isArray(binding.checkPlan('deployment: { strategy: canary, stages: [] }\n', context).diagnostics))
})

test('the argument interfaces of the git and risk functions', () => {
  assert.deepEqual(declaredKeys('Facts'), ['commits', 'paths', 'current', 'next', 'branch', 'hotfix', 'services'])
  assert.deepEqual(declaredKeys('TagOptions'), ['tagFormat', 'package'])
  assert.deepEqual(declaredKeys('CommitQuery'), ['since', 'until', 'includeMerges', 'firstParent', 'paths', 'changedPaths'])
  assert.deepEqual(declaredKeys('ReleaseOptions'), ['date', 'config', 'channel', 'hotfix', 'package'])
})

test('ChangelogConfig declares exactly the keys of the core config, and they are accepted', () => {
  assert.deepEqual(declaredKeys('ChangelogConfig'), [
    'repository_url', 'tag_format', 'package', 'sections', 'breaking_section', 'include_merges',
    'bot_contributors', 'host_style',
  ])
  assert.deepEqual(declaredKeys('SectionRule'), ['title', 'types'])
  const config = {
    repository_url: 'https://github.com/acme/api',
    tag_format: '{package}@{version}',
    package: 'api',
    sections: [{ title: 'Features', types: ['feat'] }],
    breaking_section: true,
    include_merges: true,
    bot_contributors: true,
    host_style: 'github',
  }
  assert.deepEqual(Object.keys(config), declaredKeys('ChangelogConfig'))
  const release = JSON.parse(binding.renderChangelogSync('1.0.0', ['feat: x'], { config, format: 'json' }))
  assert.equal(release.tag, 'api@1.0.0')
  assert.deepEqual(release.groups.map((g) => g.title), ['Features'])
})

test('the options interfaces declare the same options, with the update options last', () => {
  assert.deepEqual(declaredKeys('ChangelogOptions'), ['previous', 'date', 'format', 'template', 'hotfix', 'config'])
  assert.deepEqual(declaredKeys('UpdateChangelogOptions'), [...declaredKeys('ChangelogOptions'), 'takeUnreleased', 'replace', 'inVersionOrder'])
})

test('the declared simulation interfaces have exactly the keys of the values returned, in order', () => {
  const plan = `deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: ["error-rate < 0.5%"] }
    - { name: full, percentage: 100 }
rollback: { triggers: { error-rate: "> 5%" }, grace-period: 5m }
`
  const simulation = binding.simulatePlan(plan, [{ at: '40m', metric: 'error-rate', value: 7.5 }])
  const values = { Simulation: simulation, SimulationDecision: simulation.decisions[0] }
  for (const [name, value] of Object.entries(values)) {
    assert.ok(value, `no ${name} value to compare`)
    assert.deepEqual(declaredKeys(name), Object.keys(value), name)
  }
  // The timeline records and the options the function takes.
  assert.deepEqual(declaredKeys('TimelineRecord'), ['at', 'metric', 'value', 'baseline', 'approve', 'service', 'healthy'])
  assert.deepEqual(declaredKeys('SimulateOptions'), ['format', 'context'])
  const records = [
    { at: '10m', metric: 'error-rate', value: 0.2, baseline: 0.1 },
    { at: 3600, approve: 'full' },
    { at: 3600, service: 'api', healthy: true },
  ]
  const keys = new Set(records.flatMap((r) => Object.keys(r)))
  assert.deepEqual([...keys].sort(), declaredKeys('TimelineRecord').sort())
  const withApi = `${plan}services: [{ name: api, health-check: /health }]\n`
  assert.equal(binding.simulatePlan(withApi, records, { format: 'json' }).outcome, 'completed')
  // suggestPlan takes a Classification, as classify returns it.
  const classification = binding.classify({ commits: ['feat!: x'] })
  assert.deepEqual(declaredKeys('Classification'), Object.keys(classification))
  assert.equal(typeof binding.suggestPlan(classification), 'string')
})
