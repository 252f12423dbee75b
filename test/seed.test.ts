/**
 * The seed article, end to end: `studydeck build source/ketamine.md` into a
 * temporary folder, then the JSON read as a student would and the `.apkg`
 * opened as Anki would (zip → SQLite).
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {Ajv} from 'ajv'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../src/cli/run.js'
import {noteType} from '../src/emit/note-type.js'
import type {DeckDocument} from '../src/shared/types.js'
import {readApkg, type ApkgContents} from './helpers/apkg.js'
import {temporaryFolder} from './helpers/temporary.js'

const project = path.resolve(import.meta.dirname, '..')
let out: string
let document: DeckDocument
let apkg: ApkgContents
let stdout = ''

beforeAll(async () => {
  out = temporaryFolder('studydeck-seed-')
  const code = await runCli(['build', 'source/ketamine.md', '--out', out], {
    cwd: project,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stdout += text)
  })
  expect(code).toBe(0)
  document = JSON.parse(readFileSync(path.join(out, 'ketamine.json'), 'utf8'))
  apkg = await readApkg(readFileSync(path.join(out, 'ketamine.apkg')))
})

const byKind = (kind: string) => document.cards.filter((card) => card.kind === kind)

describe('seed: ketamine.md → JSON', () => {
  it('validates against the JSON Schema', () => {
    const schema = JSON.parse(readFileSync(path.join(project, 'schema/cards.schema.json'), 'utf8'))
    const validate = new Ajv({allErrors: true}).compile(schema)
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true)
  })

  it('names the deck after the document title and points at the source', () => {
    expect(document.deck.name).toBe('Ketamine Is Used For What? | Powerful Healing Insights')
    expect(document.source).toBe('source/ketamine.md')
    expect(document.removed).toEqual([])
    expect(stdout).toContain('32 cards: 32 added')
  })

  it('makes each of the 5 FAQ questions a card whose back is its answer', () => {
    const faq = byKind('faq')
    expect(faq.map((card) => card.front)).toEqual([
      'Ketamine Is Used For What Types of Depression?',
      'Ketamine Is Used For What Role in Anesthesia?',
      'Ketamine Is Used For What Chronic Pain Conditions?',
      'Ketamine Is Used For What Mental Health Disorders Beyond Depression?',
      'Ketamine Is Used For What Mechanism in the Brain?'
    ])
    expect(faq[0].back).toBe(
      'Ketamine is used primarily for treatment-resistant depression, including major depressive disorder and bipolar depression. It works rapidly to reduce symptoms, often within hours or days, unlike traditional antidepressants that may take weeks to show effects.'
    )
    for (const card of faq) expect(card.context).toEqual(['Ketamine Is Used For What? | Powerful Healing Insights', 'Frequently Asked Questions'])
  })

  it('makes every dosage-table cell outside the key column a card naming the indication and the column', () => {
    const table = byKind('table')
    expect(table).toHaveLength(10)
    const indications = ['Anesthesia induction', 'Treatment-resistant depression', 'Nasal spray for depression (Esketamine)', 'Chronic neuropathic pain/CRPS', 'Pain management during surgery/emergency care']
    for (const [row, indication] of indications.entries()) {
      for (const [offset, column] of ['Dosing Method', 'Typical Dose Range'].entries()) {
        const card = table[row * 2 + offset]
        expect(card.front).toBe('Common Uses of Ketamine with Typical Dosages › ' + indication + ' — ' + column + '?')
      }
    }
    expect(table[1].back).toBe('1-4.5 mg/kg (IV), 4-10 mg/kg (IM)')
    expect(table[7].back).toBe('Low-dose continuous infusion: 0.1-0.5 mg/kg/hr over several hours/days')
  })

  it('makes each of the 15 term bullets a card whose front carries its lead-in and term', () => {
    const terms = document.cards.filter((card) => card.kind === 'list' && !/\(\d+ items\)$/.test(card.front))
    expect(terms).toHaveLength(15)
    expect(terms[0]).toMatchObject({
      front: 'Common Administration Methods › Intravenous (IV) infusion',
      back: 'The most common method for psychiatric uses; allows precise dosing over 40-60 minutes.'
    })
    expect(terms.slice(0, 5).every((card) => card.front.startsWith('Common Administration Methods › '))).toBe(true)
    expect(terms.slice(5, 10).every((card) => card.front.startsWith('Ketamine Compared to Other Psychiatric Treatments › '))).toBe(true)
    expect(terms[10].front).toBe('The Expanding Scientific Understanding Behind Ketamine Is Used For What? › The role of synaptogenesis')
  })

  it('makes the clinic checklist one enumeration card holding its 6 items', () => {
    const card = document.cards.find((card) => card.front.startsWith('Patients considering treatment should verify'))!
    expect(card.front).toBe('Patients considering treatment should verify (6 items)')
    expect(card.back.split('\n')).toHaveLength(6)
    expect(card.back.split('\n').every((line) => line.startsWith('- '))).toBe(true)
    expect(card.backHtml.match(/<li>/g)).toHaveLength(6)
  })

  it('makes the key takeaways one enumeration card, and section titles no cards', () => {
    const takeaways = document.cards.find((card) => card.front.startsWith('Key Takeaways'))!
    expect(takeaways.front).toBe('Key Takeaways: Ketamine Is Used For What? (5 items)')
    const fronts = document.cards.map((card) => card.front)
    for (const title of ['The Medical Origins of Ketamine', 'Ketamine Is Used For What? Beyond Anesthesia', 'The Expanding Scientific Understanding Behind Ketamine Is Used For What?', 'Frequently Asked Questions']) {
      expect(fronts).not.toContain(title)
    }
  })

  it('has 32 cards, none empty, none repeated', () => {
    expect(document.cards).toHaveLength(32)
    expect(new Set(document.cards.map((card) => card.front)).size).toBe(32)
    expect(new Set(document.cards.map((card) => card.id)).size).toBe(32)
    for (const card of document.cards) {
      expect(card.front.trim()).not.toBe('')
      expect(card.back.trim()).not.toBe('')
      expect(card.front).not.toBe(card.back)
      expect(card.tags.length).toBeGreaterThan(0)
      expect(card.source.line).toBeGreaterThan(0)
      expect(readFileSync(path.join(project, 'source/ketamine.md'), 'utf8').split('\n')[card.source.line - 1].length).toBeGreaterThan(0)
    }
  })
})

describe('seed: ketamine.md → .apkg', () => {
  it('holds the collection, the media map and nothing else', () => {
    expect(apkg.entries.sort()).toEqual(['collection.anki2', 'media'])
    expect(apkg.media).toEqual({})
    expect(apkg.col.ver).toBe(11)
  })

  it('has one note and one card per flashcard, keyed by the card id', () => {
    expect(apkg.notes).toHaveLength(32)
    expect(apkg.cards).toHaveLength(32)
    expect(apkg.notes.map((note) => note.guid).sort()).toEqual(document.cards.map((card) => card.id).sort())
    const noteIds = new Set(apkg.notes.map((note) => note.id))
    for (const card of apkg.cards) expect(noteIds.has(card.nid)).toBe(true)
  })

  it('puts the cards in the document deck with the studydeck note type', () => {
    const deck = Object.values(apkg.decks).find((deck) => deck.name === document.deck.name)
    expect(deck).toBeDefined()
    expect(String(deck.id)).toBe(document.deck.id)
    expect(new Set(apkg.cards.map((card) => card.did))).toEqual(new Set([deck.id]))
    const model = apkg.models[String(noteType.id)]
    expect(model.flds.map((field: {name: string}) => field.name)).toEqual(['Front', 'Back', 'Context', 'Source'])
    expect(model.tmpls.map((template: {name: string}) => template.name)).toEqual(['Card 1'])
    expect(new Set(apkg.notes.map((note) => note.mid))).toEqual(new Set([noteType.id]))
  })

  it('fills the fields from the JSON card', () => {
    const card = document.cards[0]
    const note = apkg.notes.find((note) => note.guid === card.id)!
    const [front, back, context, source] = note.flds.split('\u001F')
    expect(front).toBe(card.frontHtml)
    expect(back).toBe(card.backHtml)
    expect(context).toBe('Ketamine Is Used For What? | Powerful Healing Insights')
    expect(source).toBe('source/ketamine.md')
    expect(note.mod).toBe(card.modified)
    expect(note.tags).toBe(' Common_Administration_Methods ')
  })
})

describe('seed: Anki sort field', () => {
  it('reads as the plain front, so Anki’s browser sorts and shows it that way', async () => {
    const {stripHtmlMedia, checksum} = await import('../src/emit/apkg.js')
    for (const card of document.cards) {
      const note = apkg.notes.find((note) => note.guid === card.id)!
      expect(note.sfld).toBe(card.front)
      expect(stripHtmlMedia(card.frontHtml)).toBe(card.front)
      expect(note.csum).toBe(checksum(card.front))
    }
  })
})
