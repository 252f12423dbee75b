/**
 * Issue 16: packages that are safe in the Ankis students run. No name Anki
 * takes for a whole collection, no GUID two files share, note type styling
 * that reaches the student (and leaves their own edit alone), ids that read
 * as the day a card was made, `mod`s that a later import takes, and `check`
 * saying all of it before an import. What Anki does with each is cited in
 * docs/anki.md; test/anki-reimport.test.ts shows it on a real Anki.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {DuplicateGuidError, writeApkg} from '../src/emit/apkg.js'
import {noteTypeDigest, noteTypeSpecs} from '../src/emit/note-type.js'
import {isCollectionName, packageName} from '../src/emit/package-name.js'
import {buildTime} from '../src/build/time.js'
import {noteId, pastTimeId} from '../src/identity/ids.js'
import {createdTimes} from '../src/identity/stamp.js'
import {build, type BuildOptions, type FileResult} from '../src/build/pipeline.js'
import {removedSearch} from '../src/cli/report.js'
import type {DeckDocument} from '../src/shared/types.js'
import {readApkg} from './helpers/apkg.js'
import {run, workspace} from './helpers/cli.js'
import {biologyNotes} from './anki/scenario.js'

const day = 86400
const seedTime = 1764000000
/** A folder holding `files`, removed after the tests (`helpers/temporary.ts`). */
function folderWith(files: Record<string, string>): string {
  return workspace(files, 'studydeck-safety-')
}

async function buildIn(folder: string, paths: string[] = ['notes'], options: BuildOptions = {}) {
  return build(paths, {cwd: folder, out: path.join(folder, 'out'), now: () => seedTime, ...options})
}

const readJson = (folder: string, name: string): DeckDocument => JSON.parse(readFileSync(path.join(folder, 'out', name + '.json'), 'utf8'))
const messages = (result: FileResult, rule: string) => result.file.messages.filter((message) => message.ruleId === rule)
const biology = biologyNotes

describe('1. no package Anki takes for a whole collection', () => {
  it('knows the names Anki’s desktop (any case) and AnkiDroid send to the collection restore', () => {
    for (const name of ['collection.apkg', 'Collection.APKG', 'backup-2024.apkg', 'Backup-x.apkg', 'backup-.apkg', 'notes.colpkg', 'X.COLPKG']) expect(isCollectionName(name), name).toBe(true)
    for (const name of ['collections.apkg', 'my-collection.apkg', 'backup.apkg', 'backup-x.apkg.zip', 'deck-collection.apkg', 'deck-backup-1.apkg']) expect(isCollectionName(name), name).toBe(false)
    expect(packageName('collection')).toBe('deck-collection')
    expect(packageName('bio/Backup-2024')).toBe('bio/deck-Backup-2024')
    expect(packageName('bio/cells')).toBe('bio/cells')
  })

  it('names such a file’s package `deck-…`, keeps its JSON’s name, and says so with file:line', async () => {
    const folder = folderWith({'notes/collection.md': '# Cells\n\n- Nucleus: holds the DNA.\n', 'notes/sub/Backup-2024.md': '# Genes\n\n- Allele: a variant.\n'})
    const results = await buildIn(folder)
    expect(results.map((result) => result.outputs)).toEqual([
      ['out/collection.json', 'out/deck-collection.apkg'],
      ['out/sub/Backup-2024.json', 'out/sub/deck-Backup-2024.apkg']
    ])
    for (const result of results) {
      const [message] = messages(result, 'package-renamed')
      expect([message.line, message.column, message.fatal]).toEqual([1, 1, false])
      expect(message.reason).toMatch(/^The package is `deck-(collection|Backup-2024)\.apkg`, not `(collection|Backup-2024)\.apkg`: Anki takes/)
    }
    const written = (folder: string): string[] => readdirSync(folder, {withFileTypes: true}).flatMap((entry) => (entry.isDirectory() ? written(path.join(folder, entry.name)) : [entry.name]))
    for (const name of written(path.join(folder, 'out'))) expect(isCollectionName(name), name).toBe(false)
  })

  it('refuses `--combine` with such a name: a usage error (exit 2), and a RangeError from the API', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n'})
    for (const name of ['collection', 'Collection', 'backup-2024', 'BACKUP-1']) {
      const result = await run(['build', 'notes', '--combine', name], folder)
      expect(result.code, name).toBe(2)
      expect(result.stderr).toContain('`--combine ' + name + '` would write `' + name + '.apkg`, a name Anki takes for a whole collection')
    }
    await expect(buildIn(folder, ['notes'], {combine: 'collection'})).rejects.toThrow(RangeError)
    expect(existsSync(path.join(folder, 'out'))).toBe(false)
    expect((await run(['build', 'notes', '--combine', 'Collections'], folder)).code).toBe(0)
  })

  it('refuses a renamed package whose name another file’s package has', async () => {
    const folder = folderWith({'notes/collection.md': '# A\n\n- x: y\n', 'notes/deck-collection.md': '# B\n\n- z: w\n'})
    const results = await buildIn(folder)
    expect(results.map((result) => messages(result, 'output-name-clash').map((message) => message.fatal))).toEqual([[], [true]])
  })
})

describe('2. one GUID, one note', () => {
  it('gives the same question in three files of one deck three ids: the first file keeps its id, the others get their own, with warnings at each card', async () => {
    // The reproduction: three files titled `# Biology` asking `What is a cell?`.
    const folder = folderWith({'notes/a.md': biology('a'), 'notes/b.md': biology('b'), 'notes/c.md': biology('c')})
    const results = await buildIn(folder)
    const ids = ['a', 'b', 'c'].map((name) => readJson(folder, name).cards.find((card) => card.front === 'What is a cell?')!.id)
    expect(ids[0]).toBe('b2a4870ba31360a0')
    expect(new Set(ids).size).toBe(3)
    const shared = results.map((result) => messages(result, 'card-id-shared').map((message) => [message.line, message.fatal]))
    expect(shared).toEqual([[[5, false]], [[5, false]], [[5, false]]])
    expect(messages(results[0], 'card-id-shared')[0].reason).toContain('is also asked in `notes/b.md:5` and `notes/c.md:5`, in a deck of the same name (`Biology`)')
    expect(messages(results[0], 'card-id-shared')[0].reason).toContain('This card keeps the id, the others get their own')
    expect(messages(results[1], 'card-id-shared')[0].reason).toContain('is also asked in `notes/a.md:5`')
    expect(messages(results[1], 'card-id-shared')[0].reason).toContain('That card keeps the id, this one gets its own (a new note in Anki): give each file its own `deck:`')
    // Every file lands in one deck: each is told, at its title.
    for (const result of results) expect(messages(result, 'deck-shared').map((message) => [message.line, message.fatal])).toEqual([[1, false]])
    expect(messages(results[2], 'deck-shared')[0].reason).toContain('The deck `Biology` is also the deck of `notes/a.md` and `notes/b.md`')
    // The counts say what the student gets: each file adds its two cards.
    expect(results.map((result) => result.counts.added)).toEqual([2, 2, 2])

    // The ids are remembered: the next build keeps them, and only the deck warning stays.
    const again = await buildIn(folder, ['notes'], {now: () => seedTime + day})
    expect(['a', 'b', 'c'].map((name) => readJson(folder, name).cards.find((card) => card.front === 'What is a cell?')!.id)).toEqual(ids)
    expect(again.flatMap((result) => messages(result, 'card-id-shared'))).toEqual([])
    expect(again.map((result) => messages(result, 'deck-shared').length)).toEqual([1, 1, 1])
    expect(again.map((result) => result.counts.unchanged)).toEqual([2, 2, 2])
    // Files that name one deck in their front matter share it on purpose: told, not warned.
    const meant = folderWith({'notes/week1.md': '---\ndeck: Biology\n---\n\n## What is a cell?\n\nThe unit of life.\n', 'notes/week2.md': '---\ndeck: Biology\n---\n\n## What is a gene?\n\nA unit of heredity.\n'})
    const together = await buildIn(meant)
    expect(together.map((result) => messages(result, 'deck-shared').map((message) => [message.line, message.fatal]))).toEqual([[[2, undefined]], [[2, undefined]]])
    expect(messages(together[0], 'deck-shared')[0].reason).toContain('as their `deck:` says')
    // And a build without the cache (nor anything else remembered but the JSONs) gives the same.
    await buildIn(folder, ['notes'], {now: () => seedTime + 2 * day, cache: false})
    expect(['a', 'b', 'c'].map((name) => readJson(folder, name).cards.find((card) => card.front === 'What is a cell?')!.id)).toEqual(ids)
  })

  it('lets the file whose previous JSON had the id keep it, even when it comes later in path order', async () => {
    const folder = folderWith({'notes/b.md': biology('b')})
    await buildIn(folder)
    const id = readJson(folder, 'b').cards[0].id
    writeFileSync(path.join(folder, 'notes/a.md'), biology('a'))
    const results = await buildIn(folder, ['notes'], {now: () => seedTime + day})
    expect(readJson(folder, 'b').cards[0].id).toBe(id)
    const taken = readJson(folder, 'a').cards.find((card) => card.front === 'What is a cell?')!
    expect(taken.id).not.toBe(id)
    // A new note for Anki: a time of its own, in its file's slot (0 of 2) past the two its cards took.
    expect(taken.created).toBe((seedTime + day) * 1000 + 4)
    expect(results.map((result) => result.counts)).toMatchObject([{added: 2}, {unchanged: 2}])
  })

  it('gives a question moved between two files of one deck its id (so Anki updates the note), with no shared-id warning', async () => {
    const folder = folderWith({'notes/a.md': biology('a'), 'notes/b.md': '# Biology\n\n## FAQ\n\n### What is b?\n\nA letter.\n'})
    await buildIn(folder)
    const id = readJson(folder, 'a').cards[0].id
    writeFileSync(path.join(folder, 'notes/a.md'), '# Biology\n\n## FAQ\n\n### What is a?\n\nA letter.\n')
    writeFileSync(path.join(folder, 'notes/b.md'), biology('b'))
    const results = await buildIn(folder, ['notes'], {now: () => seedTime + day})
    expect(readJson(folder, 'b').cards.find((card) => card.front === 'What is a cell?')!.id).toBe(id)
    expect(results.flatMap((result) => messages(result, 'card-id-shared'))).toEqual([])
  })

  it('writes one package of distinct GUIDs with --combine, and keeps it so when a file is reused from the cache', async () => {
    const folder = folderWith({'notes/a.md': biology('a'), 'notes/b.md': biology('b'), 'notes/c.md': biology('c')})
    await buildIn(folder, ['notes'], {combine: 'Biology'})
    const apkg = await readApkg(readFileSync(path.join(folder, 'out/Biology.apkg')))
    expect(apkg.notes).toHaveLength(6)
    expect(new Set(apkg.notes.map((note) => note.guid)).size).toBe(6)
    expect(new Set(apkg.notes.map((note) => note.id)).size).toBe(6)
    // A new file asking the same question, the others reused: it gets its own id.
    writeFileSync(path.join(folder, 'notes/d.md'), biology('d'))
    const results = await buildIn(folder, ['notes'], {combine: 'Biology', now: () => seedTime + day})
    expect(messages(results[3], 'card-id-shared')).toHaveLength(1)
    const again = await readApkg(readFileSync(path.join(folder, 'out/Biology.apkg')))
    expect(new Set(again.notes.map((note) => note.guid)).size).toBe(8)
  })

  it('never writes two notes with one GUID into a package: the writer refuses', async () => {
    const card = (id: string) => ({id, kind: 'faq' as const, front: 'Q', back: 'A', frontHtml: 'Q', backHtml: 'A', context: ['T'], tags: [], source: {file: 'x.md', line: 1}, modified: seedTime})
    await expect(writeApkg([{name: 'A', cards: [card('0123456789abcdef')]}, {name: 'B', cards: [card('0123456789abcdef')]}])).rejects.toThrow(DuplicateGuidError)
  })

  it('keeps a file built alone (`--watch` rebuilds the one saved) from taking an id a file it did not rebuild has', async () => {
    const folder = folderWith({'notes/a.md': biology('a'), 'notes/b.md': '# Biology\n\n## FAQ\n\n### What is b?\n\nA letter.\n'})
    await buildIn(folder)
    const id = readJson(folder, 'a').cards[0].id
    writeFileSync(path.join(folder, 'notes/b.md'), biology('b'))
    const [result] = (await buildIn(folder, ['notes'], {only: ['notes/b.md'], now: () => seedTime + day})).filter((result) => result.source === 'notes/b.md')
    expect(readJson(folder, 'b').cards.find((card) => card.front === 'What is a cell?')!.id).not.toBe(id)
    expect(messages(result, 'card-id-shared')[0].reason).toContain('That card keeps the id')
  })
})

describe('3. the note type’s mod: when what Anki copies last changed', () => {
  it('digests what Anki copies: a change of CSS, template or field changes it', () => {
    const spec = noteTypeSpecs.studydeck
    const digest = noteTypeDigest(spec)
    expect(noteTypeDigest({...spec})).toBe(digest)
    expect(noteTypeDigest({...spec, css: spec.css + '.x {}'})).not.toBe(digest)
    expect(noteTypeDigest({...spec, templates: [{...spec.templates[0], afmt: spec.templates[0].afmt + '<hr>'}]})).not.toBe(digest)
    expect(noteTypeDigest({...spec, fields: [...spec.fields, 'Extra']})).not.toBe(digest)
  })

  it('keeps the time while the digest is the same, and takes the build’s time when it changed (always later than before)', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n'})
    await buildIn(folder)
    const first = readJson(folder, 'a').noteTypes!.studydeck
    expect(first).toEqual({digest: noteTypeDigest(noteTypeSpecs.studydeck), modified: seedTime})
    // Unchanged: the time stays, and the package's mod with it (a student's own CSS edit, later, is left alone).
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: z\n')
    await buildIn(folder, ['notes'], {now: () => seedTime + day})
    expect(readJson(folder, 'a').noteTypes!.studydeck.modified).toBe(seedTime)
    expect((await readApkg(readFileSync(path.join(folder, 'out/a.apkg')))).models[String(noteTypeSpecs.studydeck.id)].mod).toBe(seedTime)
    // A JSON made by a version with other CSS (its digest differs): the build's time, which Anki takes as newer.
    const json = path.join(folder, 'out/a.json')
    writeFileSync(json, readFileSync(json, 'utf8').replace(first.digest, '0000000000000000'))
    await buildIn(folder, ['notes'], {now: () => seedTime + 2 * day})
    expect(readJson(folder, 'a').noteTypes!.studydeck).toEqual({digest: first.digest, modified: seedTime + 2 * day})
    expect((await readApkg(readFileSync(path.join(folder, 'out/a.apkg')))).models[String(noteTypeSpecs.studydeck.id)].mod).toBe(seedTime + 2 * day)
    // A clock behind the time it had: one second more.
    writeFileSync(json, readFileSync(json, 'utf8').replace(first.digest, '0000000000000000'))
    await buildIn(folder, ['notes'], {now: () => seedTime})
    expect(readJson(folder, 'a').noteTypes!.studydeck.modified).toBe(seedTime + 2 * day + 1)
  })

  it('gives a JSON of an earlier version (no record) the build’s time', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n'})
    await buildIn(folder)
    const json = path.join(folder, 'out/a.json')
    const document = JSON.parse(readFileSync(json, 'utf8'))
    delete document.noteTypes
    writeFileSync(json, JSON.stringify(document, null, 2))
    await buildIn(folder, ['notes'], {now: () => seedTime + day})
    expect(readJson(folder, 'a').noteTypes!.studydeck.modified).toBe(seedTime + day)
  })

  it('gives a combined package the latest of its files’ times', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n', 'notes/b.md': '# B\n\n- z: w\n'})
    await buildIn(folder, ['notes'], {combine: 'All'})
    const json = path.join(folder, 'out/b.json')
    writeFileSync(json, readFileSync(json, 'utf8').replace(/"digest": "[0-9a-f]+"/, '"digest": "0000000000000000"'))
    await buildIn(folder, ['notes'], {combine: 'All', now: () => seedTime + day})
    expect([readJson(folder, 'a'), readJson(folder, 'b')].map((document) => document.noteTypes!.studydeck.modified)).toEqual([seedTime, seedTime + day])
    expect((await readApkg(readFileSync(path.join(folder, 'out/All.apkg')))).models[String(noteTypeSpecs.studydeck.id)].mod).toBe(seedTime + day)
  })
})

describe('4. dates a student can read', () => {
  it('gives new cards note and card ids from their first build’s time in ms, one apart, kept on later builds', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n- z: w\n'})
    await buildIn(folder)
    expect(readJson(folder, 'a').cards.map((card) => card.created)).toEqual([seedTime * 1000, seedTime * 1000 + 1])
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: changed\n- z: w\n- v: new\n')
    await buildIn(folder, ['notes'], {now: () => seedTime + day})
    const cards = readJson(folder, 'a').cards
    expect(cards.map((card) => card.created)).toEqual([seedTime * 1000, seedTime * 1000 + 1, (seedTime + day) * 1000])
    const apkg = await readApkg(readFileSync(path.join(folder, 'out/a.apkg')))
    expect(apkg.notes.map((note) => [note.guid, note.id])).toEqual(cards.map((card) => [card.id, card.created]))
    expect(apkg.cards.map((card) => card.id)).toEqual(cards.map((card) => card.created))
  })

  it('keeps the ids a card of an earlier version had (no `created`), so the removed-cards search still finds it', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n- z: w\n'})
    await buildIn(folder)
    const json = path.join(folder, 'out/a.json')
    const document = JSON.parse(readFileSync(json, 'utf8')) as DeckDocument
    for (const card of document.cards) delete card.created
    writeFileSync(json, JSON.stringify(document, null, 2))
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: y\n- v: new\n')
    const [result] = await buildIn(folder, ['notes'], {now: () => seedTime + day})
    const after = readJson(folder, 'a')
    const old = after.cards.find((card) => card.front === 'x')!
    expect(old.created).toBeUndefined()
    const apkg = await readApkg(readFileSync(path.join(folder, 'out/a.apkg')))
    expect(apkg.notes.find((note) => note.guid === old.id)!.id).toBe(noteId(old.id))
    expect(apkg.cards.find((card) => card.nid === noteId(old.id))!.id).toBe(pastTimeId('studydeck/anki-card/' + old.id))
    expect(after.cards.find((card) => card.front === 'v')!.created).toBe((seedTime + day) * 1000)
    // The removed card had no time: its search is the id it was written with.
    expect(removedSearch(after.removed)).toBe('nid:' + noteId(after.removed[0].id))
    expect(result.counts.removed).toBe(1)
  })

  it('lists a removed card with its time, and searches for it by that note id', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n- z: w\n'})
    await buildIn(folder)
    const created = readJson(folder, 'a').cards[1].created
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: y\n')
    const result = await run(['build', 'notes', '--out', 'out'], folder)
    expect(readJson(folder, 'a').removed).toEqual([{id: expect.any(String), front: 'z', created}])
    expect(result.stdout).toContain('searching: nid:' + created)
  })

  it('never gives a new card the time of a card still in Anki, under a clock that stands still', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n- z: w\n'})
    await buildIn(folder)
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: y\n')
    await buildIn(folder)
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: y\n- v: new\n')
    await buildIn(folder)
    const document = readJson(folder, 'a')
    // x has the build's time, z (removed, its note still in Anki) the next: v takes the one after.
    expect(document.cards.map((card) => [card.front, card.created])).toEqual([
      ['x', seedTime * 1000],
      ['v', seedTime * 1000 + 2]
    ])
    expect(document.removed.map((card) => [card.front, card.created])).toEqual([['z', seedTime * 1000 + 1]])
  })

  it('keeps the times of the files of one build apart, in one package', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n- z: w\n', 'notes/b.md': '# B\n\n- x: y\n- z: w\n'})
    await buildIn(folder, ['notes'], {combine: 'All'})
    expect([readJson(folder, 'a'), readJson(folder, 'b')].map((document) => document.cards.map((card) => card.created! - seedTime * 1000))).toEqual([
      [0, 2],
      [1, 3]
    ])
  })

  it('never gives a time after tomorrow: a day of new cards, then back from the build’s time', () => {
    const next = createdTimes(() => 1000, new Set([1004]), {index: 1, of: 3})
    expect([next(), next(), next()]).toEqual([1001, 1007, 1010])
    const crowded = createdTimes(() => 0, new Set(), {index: 0, of: 40_000_000})
    expect([crowded(), crowded(), crowded(), crowded()]).toEqual([0, 40_000_000, 80_000_000, -1])
  })

  it('takes the system clock for a SOURCE_DATE_EPOCH in the future, and says so where it was used', async () => {
    const now = Date.now()
    expect(buildTime(undefined, {SOURCE_DATE_EPOCH: String(Math.floor(now / 1000) + 10 * day)}, now)).toEqual({ms: now, from: 'system', future: Math.floor(now / 1000) + 10 * day})
    expect(buildTime(undefined, {SOURCE_DATE_EPOCH: String(seedTime)}, now)).toEqual({ms: seedTime * 1000, from: 'SOURCE_DATE_EPOCH'})
    expect(buildTime(undefined, {}, now)).toEqual({ms: now, from: 'system'})
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n'})
    const results = await withEpoch(String(Math.floor(Date.now() / 1000) + 10 * day), () => build(['notes'], {cwd: folder, out: path.join(folder, 'out')}))
    expect(messages(results[0], 'time-future').map((message) => message.fatal)).toEqual([false])
    expect(readJson(folder, 'a').cards[0].created).toBeLessThanOrEqual(Date.now())
    // Nothing changed: the clock is not used, nothing is said.
    const again = await withEpoch(String(Math.floor(Date.now() / 1000) + 10 * day), () => build(['notes'], {cwd: folder, out: path.join(folder, 'out')}))
    expect(messages(again[0], 'time-future')).toEqual([])
  })
})

describe('5. a changed note carries a newer mod than the last import', () => {
  it('stamps changed cards with the build’s time; a pinned SOURCE_DATE_EPOCH gives one second more, with a warning at the card', async () => {
    const folder = folderWith({'notes/a.md': '# A\n\n- x: y\n- z: w\n'})
    await withEpoch(String(seedTime), () => build(['notes'], {cwd: folder, out: path.join(folder, 'out')}))
    expect(readJson(folder, 'a').cards.map((card) => card.modified)).toEqual([seedTime, seedTime])
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: y\n- z: changed\n')
    const [pinned] = await withEpoch(String(seedTime), () => build(['notes'], {cwd: folder, out: path.join(folder, 'out')}))
    expect(readJson(folder, 'a').cards.map((card) => card.modified)).toEqual([seedTime, seedTime + 1])
    const [warning] = messages(pinned, 'time-not-later')
    expect([warning.line, warning.fatal]).toEqual([4, false])
    expect(warning.reason).toContain('Anki 2.1.55–24.11 stamps a note it updates with the time of the import')
    // The system clock: later than the student's last import of the previous build, nothing to say.
    writeFileSync(path.join(folder, 'notes/a.md'), '# A\n\n- x: y\n- z: again\n')
    const [system] = await withEpoch(undefined, () => build(['notes'], {cwd: folder, out: path.join(folder, 'out')}))
    expect(readJson(folder, 'a').cards[1].modified).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 60)
    expect(messages(system, 'time-not-later')).toEqual([])
  })
})

describe('6. the import, spelled out', () => {
  it('names Anki’s import options as Anki shows them, and the caveats, in the README; the details in docs/anki.md', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8')
    const start = readme.indexOf('## Importing into Anki')
    const section = readme.slice(start, readme.indexOf('\n## ', start + 5)).replace(/\s+/g, ' ')
    for (const words of ['Updates', 'Update notes: If newer', 'Update note types: If newer', 'Merge note types: off', 'Import any learning progress', 'Import any deck presets', 'remembers', 'Suspend', '`deck:`', 'studydeck+', 'tags you added', 'SOURCE_DATE_EPOCH', 'docs/anki.md']) {
      expect(section.replace(/\*\*/g, ''), words).toContain(words)
    }
    expect(existsSync(path.join(import.meta.dirname, '../docs/anki.md'))).toBe(true)
  })
})

describe('7. check says it before an import', () => {
  it('warns about a collection name, shared GUIDs and files that land in one deck, and writes nothing', async () => {
    const folder = folderWith({'notes/collection.md': biology('a'), 'notes/b.md': biology('b')})
    const result = await run(['check', 'notes', '--json'], folder)
    expect(result.code).toBe(0)
    const rules = JSON.parse(result.stdout).files.map((file: {source: string; messages: Array<{rule: string; line: number}>}) => [file.source, file.messages.map((message) => message.rule + ':' + message.line).sort()])
    expect(rules).toEqual([
      ['notes/b.md', ['card-id-shared:5', 'deck-shared:1']],
      ['notes/collection.md', ['card-id-shared:5', 'deck-shared:1', 'package-renamed:1']]
    ])
    expect(existsSync(path.join(folder, 'output'))).toBe(false)
  })
})

async function withEpoch<T>(value: string | undefined, action: () => Promise<T>): Promise<T> {
  const saved = process.env.SOURCE_DATE_EPOCH
  if (value === undefined) delete process.env.SOURCE_DATE_EPOCH
  else process.env.SOURCE_DATE_EPOCH = value
  try {
    return await action()
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH
    else process.env.SOURCE_DATE_EPOCH = saved
  }
}
