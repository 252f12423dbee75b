/**
 * The promise, measured on a real Anki: import the seed deck, study it, edit
 * the notes, rebuild, import again — Anki updates the edited notes in place,
 * adds only the new one, keeps one studydeck note type and every review.
 *
 * Anki's own Python library does the importing and the scheduling
 * (`test/anki/reimport.py`); without it (run `bash test/anki/install.sh`)
 * the test is skipped and says why.
 */
import {copyFileSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {noteType} from '../src/emit/note-type.js'
import {build, type FileResult} from '../src/build/pipeline.js'
import type {DeckDocument} from '../src/shared/types.js'
import {probeAnki, reimport, type ReimportResult} from './anki/anki.js'
import {editNotes, edited, seedNotes, touched} from './anki/scenario.js'
import {temporaryFolder} from './helpers/temporary.js'

const anki = probeAnki()
if (!anki.ok) console.warn('anki-reimport: skipped, no real Anki: ' + anki.reason)

/** The two builds' clocks: the edit happens a day after the seed build. */
const seedTime = 1764000000
const editTime = seedTime + 86400

describe.skipIf(!anki.ok)('re-import into a real Anki (' + (anki.ok ? 'Anki ' + anki.version : 'skipped') + ')', () => {
  let seed: DeckDocument
  let update: DeckDocument
  let rebuild: FileResult
  let result: ReimportResult
  let seedPackage: string
  const byFront = (document: DeckDocument, front: string) => {
    const card = document.cards.find((card) => card.front === front)
    if (!card) throw new Error('No card `' + front + '`')
    return card
  }

  beforeAll(async () => {
    const folder = temporaryFolder('studydeck-reimport-')
    const file = seedNotes(folder)
    const out = path.join(folder, 'out')
    const options = {cwd: folder, out}
    await build([path.dirname(file)], {...options, now: () => seedTime})
    seedPackage = path.join(folder, 'seed.apkg')
    copyFileSync(path.join(out, 'ketamine.apkg'), seedPackage)
    seed = JSON.parse(readFileSync(path.join(out, 'ketamine.json'), 'utf8'))

    editNotes(file)
    ;[rebuild] = await build([path.dirname(file)], {...options, now: () => editTime})
    update = JSON.parse(readFileSync(path.join(out, 'ketamine.json'), 'utf8'))

    // Study the edited cards, the removed row's cards and every third other card.
    const studied = new Set([touched.answer, touched.cell, touched.reworded, ...touched.removedRow].map((front) => byFront(seed, front).id))
    for (const [index, card] of seed.cards.entries()) if (index % 3 === 0) studied.add(card.id)
    result = reimport(seedPackage, path.join(out, 'ketamine.apkg'), [...studied])
  }, 120_000)

  it('builds the update as the student expects: one added, three changed, two removed', () => {
    // No error, and the new image was found and packed.
    expect(rebuild.file.messages.filter((message) => message.fatal === true || message.ruleId?.startsWith('image')).map(String)).toEqual([])
    expect(rebuild.counts).toMatchObject({cards: 31, added: 1, removed: 2, unchanged: 27})
    expect(rebuild.counts.updated + rebuild.counts.renamed).toBe(3)
    // The reworded question kept its id: that is what lets Anki update it.
    expect(byFront(update, edited.reworded).id).toBe(byFront(seed, touched.reworded).id)
  })

  it('imports the seed deck as 32 notes of one new note type, in one deck', () => {
    expect(result.firstImport).toMatchObject({added: 32, updated: 0, skipped: 0})
    expect(result.afterSeed.notes).toBe(32)
    expect(result.afterSeed.cards).toBe(32)
    expect(result.afterSeed.noteTypes).toBe(result.empty.noteTypes + 1)
    expect(result.afterSeed.noteTypeNames.filter((name) => name.startsWith('studydeck'))).toEqual(['studydeck'])
    expect(result.afterSeed.decks).toContain(seed.deck.name)
  })

  it('writes the sort field and checksum Anki itself computes', () => {
    expect(result.sortFieldMismatches).toEqual({seed: [], update: []})
  })

  it('studied cards for real: intervals, repetitions and review log rows exist', () => {
    expect(result.reviews.length).toBeGreaterThanOrEqual(15)
    for (const review of result.reviews) {
      expect(review.ivl, review.guid).toBeGreaterThan(0)
      expect(review.reps, review.guid).toBeGreaterThanOrEqual(1)
      expect(review.revlog, review.guid).toBe(review.reps)
    }
    expect(result.afterStudy.revlog).toBe(result.reviews.reduce((sum, review) => sum + review.revlog, 0))
  })

  it('adds exactly the new question, with its math and its image', () => {
    expect(result.secondImport).toMatchObject({added: 1, updated: 3, skipped: 27})
    expect(result.afterUpdate.notes).toBe(33)
    expect(result.afterUpdate.cards).toBe(33)
    expect(result.added.map((note) => note.guid)).toEqual([byFront(update, edited.added).id])
    // Anki kept the package's note id, the build's time: the note reads as created that day.
    expect(result.added[0].id).toBe(byFront(update, edited.added).created)
    expect(result.added[0].id).toBe(editTime * 1000)
    const [front, back] = result.added[0].fields
    expect(front).toContain(edited.added)
    expect(back).toContain('\\(d&#x3C;5\\)')
    const image = /<img src="([^"]+)"/.exec(back)?.[1]
    expect(image).toMatch(/^[\da-f]{16}\.png$/)
    expect(result.media).toEqual([image])
  })

  it('updates the edited notes in place: same note id and note type, new text, newer mod', () => {
    const expected = [touched.answer, touched.cell, touched.reworded].map((front) => byFront(seed, front).id).sort()
    expect(result.updated.map((note) => note.guid)).toEqual(expected)
    for (const note of result.updated) {
      expect(note.idAfter).toBe(note.idBefore)
      // Anki kept the package's note id: the report's `nid:` search finds the note.
      expect(note.idBefore).toBe(seed.cards.find((card) => card.id === note.guid)!.created)
      expect(note.midAfter).toBe(noteType.id)
      expect(note.midBefore).toBe(noteType.id)
      expect(note.modBefore).toBe(seedTime)
      expect(note.modAfter).toBe(editTime)
    }
    const fields = (guid: string) => result.updated.find((note) => note.guid === guid)!.fieldsAfter
    expect(fields(byFront(seed, touched.answer).id)[1]).toContain(edited.answer)
    expect(fields(byFront(seed, touched.cell).id)[1]).toBe('<p>' + edited.cell + '</p>')
    expect(fields(byFront(seed, touched.reworded).id)[0]).toContain(edited.reworded)
  })

  it('keeps one studydeck note type, every note, every card and every review', () => {
    expect(result.afterUpdate.noteTypeNames).toEqual(result.afterSeed.noteTypeNames)
    expect(result.notesGone).toEqual([])
    expect(result.cardsGone).toEqual([])
    expect(result.duplicateGuids).toBe(0)
    expect(result.duplicateFronts).toBe(0)
    expect(result.reviews.filter((review) => !review.kept)).toEqual([])
    expect(result.reviewsKept).toBe(true)
    expect(result.afterUpdate.revlog).toBe(result.afterStudy.revlog)
    expect(result.afterUpdate.decks).toEqual(result.afterSeed.decks)
  })

  it('changes nothing when the same package is imported again', () => {
    const again = reimport(seedPackage, seedPackage, [byFront(seed, touched.answer).id])
    expect(again.secondImport).toMatchObject({added: 0, updated: 0, skipped: 32})
    expect(again.afterUpdate).toEqual(again.afterStudy)
    expect(again.reviewsKept).toBe(true)
  })

  it('leaves the removed row’s notes (and their reviews) in Anki, listed in the JSON', () => {
    const removed = touched.removedRow.map((front) => byFront(seed, front).id)
    expect(update.removed.map((card) => card.id).sort()).toEqual([...removed].sort())
    for (const id of removed) expect(result.reviews.find((review) => review.guid === id)?.kept).toBe(true)
  })
})
