/**
 * Regenerating the seed deck after edits, as a student does it: copy
 * source/ketamine.md into a temporary folder, build, edit the notes, build
 * again; then the report's exact counts and which ids were kept. Last, the
 * promise of byte-identical outputs for unchanged input, across processes.
 */
import {spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../src/cli/run.js'
import type {JsonReport} from '../src/cli/report.js'
import type {ChangeCounts, DeckDocument} from '../src/shared/types.js'
import {readApkg} from './helpers/apkg.js'
import {builtCli} from './helpers/dist.js'
import {temporaryFolder} from './helpers/temporary.js'

const project = path.resolve(import.meta.dirname, '..')
const seed = readFileSync(path.join(project, 'source/ketamine.md'), 'utf8')

/** A folder with `notes/ketamine.md`, built once. */
async function firstBuild(text = seed, formats = 'json') {
  const dir = temporaryFolder('studydeck-regenerate-')
  mkdirSync(path.join(dir, 'notes'))
  writeFileSync(path.join(dir, 'notes/ketamine.md'), text)
  const first = await build(dir, formats)
  expect(first.report.totals).toMatchObject({cards: 32, added: 32, errors: 0})
  return {dir, first: first.document}
}

async function build(dir: string, formats = 'json', json = true) {
  let stdout = ''
  const code = await runCli(['build', 'notes', '--out', 'out', '--format', formats, ...(json ? ['--json'] : [])], {
    cwd: dir,
    stdout: (text) => (stdout += text),
    stderr: () => {}
  })
  expect(code).toBe(0)
  const document: DeckDocument = JSON.parse(readFileSync(path.join(dir, 'out/ketamine.json'), 'utf8'))
  return {document, stdout, report: json ? (JSON.parse(stdout) as JsonReport) : undefined!}
}

/** Edit the notes, rebuild, and return the report's counts and the new document. */
async function rebuild(dir: string, edit: (text: string) => string) {
  const file = path.join(dir, 'notes/ketamine.md')
  const before = readFileSync(file, 'utf8')
  const after = edit(before)
  expect(after, 'the edit changed nothing').not.toBe(before)
  writeFileSync(file, after)
  const {document, report} = await build(dir)
  const {source, deck, outputs, messages, ...counts} = report.files[0]
  void source, void deck, void outputs
  expect(messages.filter((message) => message.severity === 'error')).toEqual([])
  return {counts, document, byFront: (front: string) => document.cards.find((card) => card.front === front)!}
}

function counts(partial: Partial<ChangeCounts>): ChangeCounts {
  return {cards: 32, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0, ...partial}
}

function idOf(document: DeckDocument, front: string): string {
  const card = document.cards.find((card) => card.front === front)
  expect(card, front).toBeDefined()
  return card!.id
}

function createdOf(document: DeckDocument, front: string): number {
  const card = document.cards.find((card) => card.front === front)
  expect(card?.created, front).toBeTypeOf('number')
  return card!.created!
}

const faq = {
  anesthesia: 'Ketamine Is Used For What Role in Anesthesia?',
  pain: 'Ketamine Is Used For What Chronic Pain Conditions?',
  brain: 'Ketamine Is Used For What Mechanism in the Brain?'
}

describe('regenerating the seed after edits', () => {
  it('an unchanged rebuild: 32 unchanged, the same bytes', async () => {
    const {dir} = await firstBuild(seed, 'apkg,json')
    const before = ['out/ketamine.json', 'out/ketamine.apkg'].map((file) => readFileSync(path.join(dir, file)))
    const {report} = await build(dir, 'apkg,json')
    expect(report.totals).toEqual({...counts({unchanged: 32}), errors: 0, warnings: 0})
    expect(['out/ketamine.json', 'out/ketamine.apkg'].map((file) => readFileSync(path.join(dir, file)))).toEqual(before)
  })

  it('an answer edited: 1 updated, its id kept', async () => {
    const {dir, first} = await firstBuild()
    const {counts: got, byFront} = await rebuild(dir, (text) => text.replace('Ketamine serves as a dissociative anesthetic', 'Ketamine serves mainly as a dissociative anesthetic'))
    expect(got).toEqual(counts({updated: 1, unchanged: 31}))
    const card = byFront(faq.anesthesia)
    expect(card.id).toBe(idOf(first, faq.anesthesia))
    expect(card.back).toMatch(/^Ketamine serves mainly as/)
    expect(card.modified).toBeGreaterThan(first.cards.find((old) => old.id === card.id)!.modified)
  })

  it('questions reworded by a word or two: 2 renamed, ids kept', async () => {
    const {dir, first} = await firstBuild()
    const {counts: got, document} = await rebuild(dir, (text) =>
      text.replace('### ' + faq.pain, '### Ketamine Is Used For Which Chronic Pain Conditions?').replace('### ' + faq.anesthesia, '### Ketamine Is Used For What Role in General Anesthesia?')
    )
    expect(got).toEqual(counts({renamed: 2, unchanged: 30}))
    expect(idOf(document, 'Ketamine Is Used For Which Chronic Pain Conditions?')).toBe(idOf(first, faq.pain))
    expect(idOf(document, 'Ketamine Is Used For What Role in General Anesthesia?')).toBe(idOf(first, faq.anesthesia))
  })

  it('a typo fixed: 1 renamed, its id kept', async () => {
    const {dir, first} = await firstBuild(seed.replace('### ' + faq.brain, '### Ketamine Is Used For What Mechanism in the Brian?'))
    const {counts: got, document} = await rebuild(dir, (text) => text.replace('the Brian?', 'the Brain?'))
    expect(got).toEqual(counts({renamed: 1, unchanged: 31}))
    expect(idOf(document, faq.brain)).toBe(idOf(first, 'Ketamine Is Used For What Mechanism in the Brian?'))
  })

  it('a section and a table moved (heading paths changed): 15 renamed, ids kept', async () => {
    const {dir, first} = await firstBuild()
    const table = seed.slice(seed.indexOf('Table: Common Uses'), seed.indexOf('## Kinetics and Safety Profile'))
    const methods = seed.slice(seed.indexOf('## Common Administration Methods'), seed.indexOf('## Ketamine’s Role in Pain Management'))
    const {counts: got, document} = await rebuild(dir, (text) =>
      text
        .replace(table, '')
        .replace('## Ketamine Compared to Other Psychiatric Treatments', table + '## Ketamine Compared to Other Psychiatric Treatments')
        .replace(methods, '')
        .replace('## Kinetics and Safety Profile', methods.replace('## Common', '### Common') + '## Kinetics and Safety Profile')
    )
    expect(got).toEqual(counts({renamed: 15, unchanged: 17}))
    expect(document.cards.map((card) => card.id).sort()).toEqual(first.cards.map((card) => card.id).sort())
    const contexts = new Set(document.cards.filter((card) => card.kind !== 'faq').map((card) => card.context.slice(1).join(' / ')))
    expect(contexts).toContain('Ketamine’s Role in Pain Management / Common Administration Methods')
    expect(contexts).toContain('Kinetics and Safety Profile of Ketamine Use Today')
  })

  it('section headings renamed: the 11 cards below them renamed, every id kept', async () => {
    const {dir, first} = await firstBuild()
    const {counts: got, document} = await rebuild(dir, (text) =>
      text
        .replace('## Common Administration Methods', '## Routes of Administration')
        .replace('## Frequently Asked Questions', '## FAQ')
        .replace('## Key Takeaways: Ketamine Is Used For What?', '## Key Takeaways')
    )
    expect(got).toEqual(counts({renamed: 11, unchanged: 21}))
    expect(document.cards.map((card) => card.id)).toEqual(first.cards.map((card) => card.id))
    expect(document.cards[0].front).toBe('Routes of Administration › Intravenous (IV) infusion')
  })

  it('the title renamed: every card updated (its context changed), every id kept', async () => {
    const {dir, first} = await firstBuild()
    const {counts: got, document} = await rebuild(dir, (text) => text.replace('| Powerful Healing Insights', '| Healing Insights'))
    expect(got).toEqual(counts({updated: 32}))
    expect(document.deck.name).toBe('Ketamine Is Used For What? | Healing Insights')
    expect(document.cards.map((card) => card.id)).toEqual(first.cards.map((card) => card.id))
  })

  it('the table caption changed: its 10 cells renamed, ids kept', async () => {
    const {dir, first} = await firstBuild()
    const {counts: got, document} = await rebuild(dir, (text) => text.replace('Table: Common Uses of Ketamine with Typical Dosages', 'Table: Indications and doses'))
    expect(got).toEqual(counts({renamed: 10, unchanged: 22}))
    expect(document.cards.map((card) => card.id)).toEqual(first.cards.map((card) => card.id))
  })

  it('cards added and deleted: a term added, a term and a table row deleted', async () => {
    const {dir, first} = await firstBuild()
    const {counts: got, document} = await rebuild(dir, (text) =>
      text
        .replace(/- Nasal spray: FDA-approved.*\n/, '')
        .replace('- Sublingual administration:', '- Rectal administration: Rarely used; absorption is slow.\n- Sublingual administration:')
        .replace(/\| Anesthesia induction \|.*\n/, '')
    )
    expect(got).toEqual(counts({cards: 30, added: 1, removed: 3, unchanged: 29}))
    expect(document.removed).toEqual(
      ['Common Administration Methods › Nasal spray', 'Common Uses of Ketamine with Typical Dosages › Anesthesia induction — Dosing Method?', 'Common Uses of Ketamine with Typical Dosages › Anesthesia induction — Typical Dose Range?'].map(
        (front) => ({id: idOf(first, front), front, created: createdOf(first, front)})
      )
    )
  })

  it('an answer edited and its question reworded at once: 1 added, 1 removed', async () => {
    const {dir, first} = await firstBuild()
    const {counts: got, document} = await rebuild(dir, (text) =>
      text.replace('### ' + faq.anesthesia, '### Ketamine Is Used For What Role in General Anesthesia?').replace('Ketamine serves as a dissociative anesthetic', 'Ketamine serves mainly as a dissociative anesthetic')
    )
    expect(got).toEqual(counts({added: 1, removed: 1, unchanged: 31}))
    expect(document.removed).toEqual([{id: idOf(first, faq.anesthesia), front: faq.anesthesia, created: createdOf(first, faq.anesthesia)}])
  })

  it('build --json reports exactly SPEC §6; check reports the same and writes nothing', async () => {
    // `check` compares with the build in the default output folder.
    const dir = temporaryFolder('studydeck-check-')
    mkdirSync(path.join(dir, 'notes'))
    writeFileSync(path.join(dir, 'notes/ketamine.md'), seed)
    let stdout = ''
    const io = {cwd: dir, stdout: (text: string) => (stdout += text), stderr: () => {}}
    expect(await runCli(['build', 'notes', '--format', 'json'], io)).toBe(0)
    const before = readFileSync(path.join(dir, 'output/ketamine.json'))
    const listing = () => readdirSync(dir, {recursive: true, encoding: 'utf8'}).sort()
    const files = listing()
    writeFileSync(path.join(dir, 'notes/ketamine.md'), seed.replace(/- Nasal spray: FDA-approved.*\n/, '').replace('Ketamine serves as a dissociative anesthetic', 'Ketamine serves mainly as a dissociative anesthetic'))
    const fileReport = {
      source: 'notes/ketamine.md',
      deck: 'Ketamine Is Used For What? | Powerful Healing Insights',
      outputs: [] as string[],
      ...counts({cards: 31, updated: 1, removed: 1, unchanged: 30}),
      messages: []
    }
    const totals = {...counts({cards: 31, updated: 1, removed: 1, unchanged: 30}), errors: 0, warnings: 0}

    stdout = ''
    expect(await runCli(['check', 'notes', '--json'], io)).toBe(0)
    expect(JSON.parse(stdout)).toEqual({files: [fileReport], totals})
    expect(readFileSync(path.join(dir, 'output/ketamine.json'))).toEqual(before)

    stdout = ''
    expect(await runCli(['check', 'notes'], io)).toBe(0)
    expect(stdout).toMatch(/^notes\/ketamine\.md \(checked, nothing written\)\n {2}31 cards: 1 updated, 1 removed, 30 unchanged\n/)
    expect(readFileSync(path.join(dir, 'output/ketamine.json'))).toEqual(before)
    expect(listing()).toEqual(files)

    stdout = ''
    expect(await runCli(['build', 'notes', '--format', 'json', '--json'], io)).toBe(0)
    expect(JSON.parse(stdout)).toEqual({files: [{...fileReport, outputs: ['output/ketamine.json']}], totals})
  })

  it('the text report lists removed cards and an Anki search that finds their notes', async () => {
    const {dir, first} = await firstBuild(seed, 'apkg,json')
    const notes = (await readApkg(readFileSync(path.join(dir, 'out/ketamine.apkg')))).notes
    writeFileSync(path.join(dir, 'notes/ketamine.md'), seed.replace(/\| Anesthesia induction \|.*\n/, ''))
    const {stdout} = await build(dir, 'apkg,json', false)
    const fronts = ['Common Uses of Ketamine with Typical Dosages › Anesthesia induction — Dosing Method?', 'Common Uses of Ketamine with Typical Dosages › Anesthesia induction — Typical Dose Range?']
    const nids = fronts.map((front) => notes.find((note) => note.guid === idOf(first, front))!.id)
    // The package's note id is the card's first build time, which the JSON remembers.
    expect(nids).toEqual(fronts.map((front) => createdOf(first, front)))
    expect(stdout).toBe(
      [
        'notes/ketamine.md → out/ketamine.json, out/ketamine.apkg',
        '  30 cards: 2 removed, 30 unchanged',
        '  Removed from the notes (Anki’s import never deletes: delete or suspend them in Anki):',
        ...fronts.map((front) => '    - ' + front),
        '  Find them in Anki’s browser (Browse) by searching: nid:' + nids.join(','),
        ''
      ].join('\n')
    )
  })
})

describe('byte-identical outputs across processes', () => {
  let cli: string
  beforeAll(() => {
    cli = builtCli()
  })

  function spawnBuild(dir: string, out: string, env: Record<string, string> = {}, base: NodeJS.ProcessEnv = process.env) {
    const result = spawnSync(process.execPath, [cli, 'build', 'notes', '--out', out, '--json'], {cwd: dir, encoding: 'utf8', env: {...base, ...env}})
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    return JSON.parse(result.stdout) as JsonReport
  }

  function workspace() {
    const dir = temporaryFolder('studydeck-processes-')
    mkdirSync(path.join(dir, 'notes'))
    copyFileSync(path.join(project, 'source/ketamine.md'), path.join(dir, 'notes/ketamine.md'))
    return dir
  }

  const files = ['ketamine.json', 'ketamine.apkg']
  const read = (dir: string, out: string) => files.map((file) => readFileSync(path.join(dir, out, file)))

  it('unchanged notes give the same bytes in another process: afresh (SOURCE_DATE_EPOCH) and rebuilt (clock not read)', () => {
    const dir = workspace()
    expect(spawnBuild(dir, 'one', {SOURCE_DATE_EPOCH: '1700000000'}).totals).toMatchObject({cards: 32, added: 32})
    const first = read(dir, 'one')
    const document: DeckDocument = JSON.parse(first[0].toString())
    expect(new Set(document.cards.map((card) => card.modified))).toEqual(new Set([1700000000]))

    spawnBuild(dir, 'two', {SOURCE_DATE_EPOCH: '1700000000'})
    expect(read(dir, 'two')).toEqual(first)

    // Without SOURCE_DATE_EPOCH the clock says now; unchanged cards never ask it.
    const {SOURCE_DATE_EPOCH, ...withoutEpoch} = process.env
    void SOURCE_DATE_EPOCH
    expect(spawnBuild(dir, 'one', {}, withoutEpoch).totals).toMatchObject({cards: 32, unchanged: 32})
    expect(read(dir, 'one')).toEqual(first)
  })
})
