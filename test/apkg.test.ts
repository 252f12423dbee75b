/**
 * The `.apkg` as Anki's importers read it: decks built for real (`build()`
 * into a temporary folder), unzipped and opened with SQLite, field by field.
 * What each importer relies on is in `docs/anki.md`.
 */
import {createHash} from 'node:crypto'
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {checksum, noteFields} from '../src/emit/apkg.js'
import {answerTemplate, cardCss, noteType, noteTypeDigest, noteTypeSpecs, questionTemplate} from '../src/emit/note-type.js'
import {deckId} from '../src/identity/ids.js'
import {build, type BuildOptions, type FileResult} from '../src/build/pipeline.js'
import type {Card, DeckDocument} from '../src/shared/types.js'
import {pixelPng, seedNotes, touched} from './anki/scenario.js'
import {readApkg, type ApkgContents} from './helpers/apkg.js'
import {temporaryFolder} from './helpers/temporary.js'

const day = 86400
const seedTime = 1764000000

/** Build `paths` (relative to `folder`) and read back what was written. */
async function buildIn(folder: string, paths: string[], options: BuildOptions = {}) {
  const out = path.join(folder, 'out')
  const results = await build(paths, {cwd: folder, out, now: () => seedTime, ...options})
  return {out, results}
}

function readOutputs(out: string, name: string) {
  const apkgBytes = readFileSync(path.join(out, name + '.apkg'))
  const jsonText = readFileSync(path.join(out, name + '.json'), 'utf8')
  return {apkgBytes, jsonText, document: JSON.parse(jsonText) as DeckDocument}
}

/** Anki's `fieldChecksum`, written out again: SHA-1 of the field without tags, first 8 hex digits. */
function ankiChecksum(text: string): number {
  return Number.parseInt(createHash('sha1').update(text).digest('hex').slice(0, 8), 16)
}

const notes = `# Pharmacology

## Receptors

### NMDA

#### What does ketamine block?

It blocks **NMDA** receptors, see [the review](https://example.org/review):

- glutamate *binding* site
- \`PCP\` site

\`\`\`js
const dose = 0.5
\`\`\`

| Drug | Target |
| --- | --- |
| Ketamine | NMDA |

#### Which doses are safe?

Below the limit, $a<b$ and $\\alpha > 2$; it costs $5 and $10.

$$
x^2 < y
$$

![Receptor](img/receptor.png)

![Missing](img/missing.png)

![Remote](https://example.org/remote.png)

![Outside](../outside.png)
`

describe('apkg: one document, read back as Anki reads it', () => {
  let document: DeckDocument
  let apkg: ApkgContents
  let result: FileResult
  const card = (front: string): Card => {
    const found = document.cards.find((card) => card.front === front)
    if (!found) throw new Error('No card `' + front + '` in ' + JSON.stringify(document.cards.map((card) => card.front)))
    return found
  }

  beforeAll(async () => {
    const folder = temporaryFolder('studydeck-apkg-')
    mkdirSync(path.join(folder, 'notes/img'), {recursive: true})
    writeFileSync(path.join(folder, 'notes/pharma.md'), notes)
    writeFileSync(path.join(folder, 'notes/img/receptor.png'), pixelPng)
    writeFileSync(path.join(folder, 'outside.png'), pixelPng)
    const {out, results} = await buildIn(folder, ['notes'])
    result = results[0]
    const outputs = readOutputs(out, 'pharma')
    document = outputs.document
    apkg = await readApkg(outputs.apkgBytes)
  })

  it('holds the legacy collection (schema 11), its media map and its media files', () => {
    expect(apkg.entries.sort()).toEqual(['0', 'collection.anki2', 'media'])
    expect(apkg.col.ver).toBe(11)
    expect(apkg.col.usn).toBe(0)
  })

  it('has the studydeck note type: its id fixed forever, fields and template by name', () => {
    expect(Object.keys(apkg.models)).toEqual([String(noteType.id)])
    const model = apkg.models[String(noteType.id)]
    // The same number on every machine and in every version: a new id would duplicate every note.
    expect(model.id).toBe(17825818462650)
    expect(model.name).toBe('studydeck')
    expect(model.type).toBe(0)
    expect(model.sortf).toBe(0)
    expect(model.flds.map((field: {name: string; ord: number}) => [field.ord, field.name])).toEqual([
      [0, 'Front'],
      [1, 'Back'],
      [2, 'Context'],
      [3, 'Source']
    ])
    expect(model.tmpls.map((template: {name: string; ord: number}) => [template.ord, template.name])).toEqual([[0, 'Card 1']])
    // Anki 2.1.x's schema hash is the field names then the template names; 2.1.50+ compares names when fields carry no id.
    expect(model.flds.map((field: object) => 'id' in field)).toEqual([false, false, false, false])
    expect(model.css).toBe(cardCss)
    expect(model.tmpls[0].qfmt).toBe(questionTemplate)
    expect(model.tmpls[0].afmt).toBe(answerTemplate)
    // A first build: the note type is new to this JSON, its time is the build's.
    expect(document.noteTypes).toEqual({studydeck: {digest: noteTypeDigest(noteTypeSpecs.studydeck), modified: seedTime}})
    expect(model.mod).toBe(seedTime)
  })

  it('gives every key the Rust importer (Anki 2.1.50+) requires in the note type, deck and options JSON', () => {
    const model = apkg.models[String(noteType.id)]
    for (const key of ['id', 'name', 'type', 'mod', 'usn', 'sortf', 'did', 'tmpls', 'flds', 'css']) expect(model, key).toHaveProperty(key)
    for (const field of model.flds) for (const key of ['name', 'ord', 'sticky', 'rtl', 'font', 'size']) expect(field, key).toHaveProperty(key)
    for (const template of model.tmpls) for (const key of ['name', 'ord', 'qfmt', 'afmt']) expect(template, key).toHaveProperty(key)
    for (const deck of Object.values(apkg.decks)) {
      for (const key of ['id', 'name', 'mod', 'usn', 'collapsed', 'dyn', 'conf', 'desc', 'lrnToday', 'revToday', 'newToday', 'timeToday']) expect(deck, key).toHaveProperty(key)
    }
    const options = apkg.dconf['1']
    for (const key of ['id', 'mod', 'name', 'usn', 'maxTaken', 'autoplay', 'timer', 'new', 'rev', 'lapse']) expect(options, key).toHaveProperty(key)
    for (const key of ['delays', 'initialFactor', 'ints', 'order', 'perDay']) expect(options.new, key).toHaveProperty(key)
    for (const key of ['ease4', 'ivlFct', 'maxIvl', 'perDay']) expect(options.rev, key).toHaveProperty(key)
    for (const key of ['delays', 'leechAction', 'leechFails', 'minInt', 'mult']) expect(options.lapse, key).toHaveProperty(key)
  })

  it('names the deck after the document and derives its id from the name alone', () => {
    const id = deckId('Pharmacology')
    expect(id).toBe(6569659089935)
    expect(document.deck).toEqual({name: 'Pharmacology', id: String(id)})
    expect(apkg.decks[String(id)]).toMatchObject({id, name: 'Pharmacology', dyn: 0, conf: 1})
    expect(new Set(apkg.cards.map((card) => card.did))).toEqual(new Set([id]))
  })

  it('writes one note per card: GUID = card id, mod in seconds = modified, usn -1, Anki’s sort field and checksum', () => {
    expect(apkg.notes).toHaveLength(document.cards.length)
    for (const card of document.cards) {
      const note = apkg.notes.find((note) => note.guid === card.id)!
      expect(note, card.front).toBeDefined()
      expect(note.id).toBe(card.created)
      expect(note.mid).toBe(noteType.id)
      expect(note.mod).toBe(card.modified)
      expect(note.mod).toBe(seedTime)
      expect(note.usn).toBe(-1)
      expect(note.flds).toBe(noteFields(card).join('\u001F'))
      expect(note.sfld).toBe(card.front)
      expect(note.csum).toBe(ankiChecksum(card.front))
      expect(note.csum).toBe(checksum(card.front))
      expect(note.flags).toBe(0)
      expect(note.data).toBe('')
    }
  })

  it('writes one new card per note, in document order', () => {
    const byGuid = new Map(apkg.notes.map((note) => [note.id, note.guid]))
    expect(apkg.cards.map((card) => byGuid.get(card.nid)).sort()).toEqual(document.cards.map((card) => card.id).sort())
    const ordered = [...apkg.cards].sort((a, b) => a.due - b.due)
    expect(ordered.map((card) => byGuid.get(card.nid))).toEqual(document.cards.map((card) => card.id))
    for (const card of apkg.cards) {
      expect(card).toMatchObject({ord: 0, usn: -1, type: 0, queue: 0, ivl: 0, reps: 0, lapses: 0, odid: 0})
      expect(card.mod).toBe(seedTime)
    }
  })

  it('gives notes and cards ids from their first build’s time in milliseconds, one apart, as Anki would have', () => {
    // Anki's browser shows the note id as its creation date; `added:1` (Added Today) reads card ids.
    const created = document.cards.map((card) => card.created)
    expect(created).toEqual(document.cards.map((_, index) => seedTime * 1000 + index))
    const byGuid = new Map(apkg.notes.map((note) => [note.guid, note]))
    for (const card of document.cards) {
      const note = byGuid.get(card.id)!
      expect(note.id).toBe(card.created)
      expect(apkg.cards.find((row) => row.nid === note.id)!.id).toBe(card.created)
    }
    expect(new Set(apkg.cards.map((card) => card.id)).size).toBe(apkg.cards.length)
    expect(new Set(apkg.notes.map((note) => note.id)).size).toBe(apkg.notes.length)
  })

  it('tags notes with the heading path: hierarchical with ::, no spaces', () => {
    const note = (front: string) => apkg.notes.find((note) => note.guid === card(front).id)!
    expect(note('What does ketamine block?').tags).toBe(' Receptors::NMDA ')
    for (const note of apkg.notes) {
      const tags = note.tags.trim().split(' ')
      expect(note.tags).toMatch(/^ \S.* $/)
      for (const tag of tags) expect(tag).toMatch(/^[^\s:]+(::[^\s:]+)*$/)
    }
  })

  it('keeps Markdown formatting in answers: bold, italic, code, lists, tables, links', () => {
    const back = card('What does ketamine block?').backHtml
    expect(back).toContain('<strong>NMDA</strong>')
    expect(back).toContain('<em>binding</em>')
    expect(back).toContain('<code>PCP</code>')
    expect(back).toContain('<a href="https://example.org/review">the review</a>')
    expect(back).toContain('<ul>\n<li>glutamate')
    expect(back).toContain('<pre><code class="language-js">const dose = 0.5\n</code></pre>')
    expect(back).toContain('<table>\n<thead>\n<tr>\n<th>Drug</th>')
  })

  it('turns math into Anki’s MathJax delimiters, `<` intact, and leaves prices as text', () => {
    const safe = card('Which doses are safe?')
    expect(safe.backHtml).toContain('Below the limit, \\(a&#x3C;b\\) and \\(\\alpha > 2\\); it costs $5 and $10.')
    expect(safe.backHtml).toContain('<div class="math">\\[x^2 &#x3C; y\\]</div>')
    // The plain text reads the math as text (`tex-text.ts`); a price stays a price.
    expect(safe.back).toContain('Below the limit, a<b and α > 2; it costs $5 and $10.')
    const note = apkg.notes.find((note) => note.guid === safe.id)!
    expect(note.flds.split('\u001F')[1]).toBe(safe.backHtml)
  })

  it('packs a local image under a content-hashed name, and lists it in the media map', () => {
    const name = createHash('sha256').update(pixelPng).digest('hex').slice(0, 16) + '.png'
    expect(apkg.media).toEqual({0: name})
    expect(Buffer.from(apkg.files['0'])).toEqual(pixelPng)
    expect(card('Which doses are safe?').backHtml).toContain('<img src="' + name + '" alt="Receptor">')
  })

  it('warns with file:line for a missing image and one outside the notes folder, and packs neither', () => {
    const messages = result.file.messages.filter((message) => message.ruleId?.startsWith('image'))
    expect(messages.map((message) => [message.ruleId, message.line, message.column, message.fatal])).toEqual([
      ['image-missing', 32, 1, false],
      ['image-outside', 36, 1, false]
    ])
    expect(String(messages[0])).toBe('notes/pharma.md:32:1-32:28: Image `img/missing.png` not found')
    const back = card('Which doses are safe?').backHtml
    expect(back).toContain('<p>Missing</p>')
    expect(back).toContain('<p>Outside</p>')
  })

  it('reads no remote image: it stays a web address in the card, not a media file', () => {
    expect(card('Which doses are safe?').backHtml).toContain('<img src="https://example.org/remote.png" alt="Remote">')
    expect(Object.values(apkg.media)).not.toContain('remote.png')
  })
})

describe('apkg: reproducible', () => {
  it('gives byte-identical .apkg and .json for unchanged input, whatever the clock says', async () => {
    const folder = temporaryFolder('studydeck-apkg-')
    seedNotes(folder)
    const {out} = await buildIn(folder, ['notes'], {now: () => seedTime})
    const first = readOutputs(out, 'ketamine')
    // Same folder: the previous JSON is read, nothing changed, the clock is not read.
    await buildIn(folder, ['notes'], {now: () => seedTime + 1000 * day})
    const second = readOutputs(out, 'ketamine')
    expect(Buffer.compare(second.apkgBytes, first.apkgBytes)).toBe(0)
    expect(second.jsonText).toBe(first.jsonText)
    // A fresh folder with the same clock: the same bytes again.
    const other = temporaryFolder('studydeck-apkg-')
    seedNotes(other)
    const third = readOutputs((await buildIn(other, ['notes'], {now: () => seedTime})).out, 'ketamine')
    expect(Buffer.compare(third.apkgBytes, first.apkgBytes)).toBe(0)
  })

  it('takes SOURCE_DATE_EPOCH as the clock when no clock is given', async () => {
    const folder = temporaryFolder('studydeck-apkg-')
    seedNotes(folder)
    const saved = process.env.SOURCE_DATE_EPOCH
    process.env.SOURCE_DATE_EPOCH = String(seedTime + day)
    try {
      await build(['notes'], {cwd: folder, out: path.join(folder, 'out')})
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH
      else process.env.SOURCE_DATE_EPOCH = saved
    }
    const {document} = readOutputs(path.join(folder, 'out'), 'ketamine')
    expect(new Set(document.cards.map((card) => card.modified))).toEqual(new Set([seedTime + day]))
  })
})

describe('apkg: a rebuild after editing one answer', () => {
  let before: ApkgContents
  let after: ApkgContents
  let edited: Card

  beforeAll(async () => {
    const folder = temporaryFolder('studydeck-apkg-')
    const file = seedNotes(folder)
    const {out} = await buildIn(folder, ['notes'], {now: () => seedTime})
    before = await readApkg(readOutputs(out, 'ketamine').apkgBytes)
    copyFileSync(path.join(out, 'ketamine.apkg'), path.join(folder, 'seed.apkg'))
    const text = readFileSync(file, 'utf8')
    const answer = 'often within hours or days, unlike traditional antidepressants'
    expect(text).toContain(answer)
    writeFileSync(file, text.replace(answer, 'often within hours, unlike traditional antidepressants'))
    await buildIn(folder, ['notes'], {now: () => seedTime + day})
    const outputs = readOutputs(out, 'ketamine')
    after = await readApkg(outputs.apkgBytes)
    edited = outputs.document.cards.find((card) => card.front === touched.answer)!
  })

  it('changes that note alone: same id, GUID and note type, new text, newer mod', () => {
    expect(after.notes).toHaveLength(before.notes.length)
    const changed = after.notes.filter((note, index) => JSON.stringify(note) !== JSON.stringify(before.notes[index]))
    expect(changed.map((note) => note.guid)).toEqual([edited.id])
    const old = before.notes.find((note) => note.guid === edited.id)!
    const now = changed[0]
    expect({...now, flds: old.flds, mod: old.mod}).toEqual(old)
    expect(now.mid).toBe(noteType.id)
    expect(now.mod).toBe(seedTime + day)
    expect(now.mod).toBeGreaterThan(old.mod)
    expect(now.flds.split('\u001F')[1]).toContain('often within hours, unlike')
  })

  it('changes nothing else: note type, other notes, cards but that one’s mod, media', () => {
    expect(after.models).toEqual(before.models)
    expect(after.media).toEqual(before.media)
    expect(after.dconf).toEqual(before.dconf)
    const changedCards = after.cards.filter((card, index) => JSON.stringify(card) !== JSON.stringify(before.cards[index]))
    expect(changedCards).toHaveLength(1)
    const old = before.cards.find((card) => card.id === changedCards[0].id)!
    expect({...changedCards[0], mod: old.mod}).toEqual(old)
    expect(changedCards[0].mod).toBe(seedTime + day)
    // The deck and the collection carry the newest card time (Anki reads neither on import).
    const deck = Object.keys(before.decks).find((id) => id !== '1')!
    expect({...after.decks[deck], mod: 0}).toEqual({...before.decks[deck], mod: 0})
    expect(after.decks['1']).toEqual(before.decks['1'])
  })
})

describe('apkg: --combine', () => {
  it('puts every document in one package as subdecks NAME::<title>, with one note type', async () => {
    const folder = temporaryFolder('studydeck-apkg-')
    mkdirSync(path.join(folder, 'notes'))
    writeFileSync(path.join(folder, 'notes/a.md'), '# Cells\n\n## What is a cell?\n\nThe unit of life.\n')
    writeFileSync(path.join(folder, 'notes/b.md'), '# Genes\n\n## What is a gene?\n\nA unit of heredity.\n\n## Where are genes?\n\nOn chromosomes.\n')
    const {out, results} = await buildIn(folder, ['notes'], {combine: 'Biology'})
    expect(results.map((result) => [result.deck, result.outputs])).toEqual([
      ['Biology::Cells', ['out/a.json', 'out/Biology.apkg']],
      ['Biology::Genes', ['out/b.json', 'out/Biology.apkg']]
    ])
    const apkg = await readApkg(readFileSync(path.join(out, 'Biology.apkg')))
    const decks = Object.values(apkg.decks).map((deck) => [deck.name, deck.id]).sort()
    expect(decks).toEqual(
      [
        ['Biology', deckId('Biology')],
        ['Biology::Cells', deckId('Biology::Cells')],
        ['Biology::Genes', deckId('Biology::Genes')],
        ['Default', 1]
      ].sort()
    )
    expect(Object.keys(apkg.models)).toEqual([String(noteType.id)])
    const deckOf = (front: string) => {
      const note = apkg.notes.find((note) => note.sfld === front)!
      return apkg.decks[String(apkg.cards.find((card) => card.nid === note.id)!.did)].name
    }
    expect(deckOf('What is a cell?')).toBe('Biology::Cells')
    expect(deckOf('What is a gene?')).toBe('Biology::Genes')
    expect(deckOf('Where are genes?')).toBe('Biology::Genes')
    expect(apkg.notes).toHaveLength(3)
  })
})
