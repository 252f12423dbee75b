/**
 * Cloze and reversed notes, and the card syntax students already write
 * (issue 18): how a cloze field reads (as Anki 2.1.56+ reads it), what the
 * package holds (note types, a card per deletion number and direction),
 * how ids follow edits, and what the report counts.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {chromium} from 'playwright-core'
import {Ajv} from 'ajv'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {clozeNumbers, clozeSide} from '../src/render/cloze-field.js'
import {compileDeck} from '../src/build/compile.js'
import {collectionTables, noteFields, packageDeck, writeApkg} from '../src/emit/apkg.js'
import {clozeNoteType} from '../src/emit/cloze-note-type.js'
import {noteType, noteTypeDigest, noteTypeSpecs} from '../src/emit/note-type.js'
import {reversedNoteType} from '../src/emit/reversed-note-type.js'
import {toJson} from '../src/emit/json.js'
import {runCli} from '../src/cli/run.js'
import {noteTypesLine} from '../src/cli/report.js'
import {previewPage} from '../src/preview/page.js'
import type {DeckDocument} from '../src/shared/types.js'
import {readApkg} from './helpers/apkg.js'
import {temporaryFolder} from './helpers/temporary.js'

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '../schema/cards.schema.json'), 'utf8'))
const validate = new Ajv({allErrors: true}).compile(schema)

function compile(value: string, previous?: DeckDocument, now = 1_700_000_000) {
  const file = new VFile({path: 'notes.md', value})
  const compiled = compileDeck(file, {previous, now: () => now})
  return {...compiled, file}
}

const plain = (html: string) => html.replace(/<[^>]+>/g, '')

describe('a cloze field, as Anki 2.1.56+ reads it (ankitects/anki rslib/src/cloze.rs)', () => {
  it('makes a card per distinct number but 0, and reads a lone `{{` as text', () => {
    expect(clozeNumbers('{{c2::one}}{{c1::two}} and {{')).toEqual([1, 2])
    expect(clozeNumbers('{{c0::one}} and {{c2::two}}')).toEqual([2])
    expect(clozeNumbers('plain text, öäü')).toEqual([])
    expect(clozeNumbers('{{c2::outer {{c1::inner}}}}')).toEqual([1, 2])
  })

  it('hides the card’s own deletions as `[...]` or `[hint]`, shows the others, shows all on the answer', () => {
    const field = '{{c1::Na}} in, {{c2::K::an ion}} out, {{c1::Cl}} too'
    expect(plain(clozeSide(field, 1, 'question'))).toBe('[...] in, K out, [...] too')
    expect(plain(clozeSide(field, 2, 'question'))).toBe('Na in, [an ion] out, Cl too')
    expect(plain(clozeSide(field, 2, 'answer'))).toBe('Na in, K out, Cl too')
    expect(clozeSide(field, 2, 'answer')).toContain('<span class="cloze">K</span>')
  })

  it('hides a nested deletion with the one around it, and gives a hint after the inner one to the outer', () => {
    expect(plain(clozeSide('a {{c1::b {{c2::c}}}}', 1, 'question'))).toBe('a [...]')
    expect(plain(clozeSide('a {{c1::b {{c2::c}}}}', 2, 'question'))).toBe('a b [...]')
    expect(plain(clozeSide('a {{c1::b {{c2::c}}::d}}', 1, 'question'))).toBe('a [d]')
    expect(plain(clozeSide('a {{c1::b {{c2::c}}::d}}', 2, 'answer'))).toBe('a b c')
  })
})

describe('cloze notes', () => {
  it('write Anki’s Text field with the deletions only: braces and colons in code and math are character references', () => {
    const {document} = compile('# T\n\nThe {{c1::`map::insert`}} call takes `{{c2::x}}` and $a^{{c2::b}}$ in {{c2::C++}}.\n')
    const [card] = document.cards
    expect(card.cloze?.numbers).toEqual([1, 2])
    expect(clozeNumbers(card.cloze!.text)).toEqual([1, 2])
    expect(card.cloze!.text).toBe(
      'The {{c1::<code>map&#58;&#58;insert</code>}} call takes <code>&#123;&#123;c2&#58;&#58;x&#125;&#125;</code> and \\(a^&#123;&#123;c2&#58;&#58;b&#125;&#125;\\) in {{c2::C++}}.'
    )
    expect(plain(clozeSide(card.cloze!.text, 1, 'question'))).toBe('The [...] call takes &#123;&#123;c2&#58;&#58;x&#125;&#125; and \\(a^&#123;&#123;c2&#58;&#58;b&#125;&#125;\\) in C++.')
  })

  it('are sanitized like every card: HTML in a deletion, its hint or around it never runs', () => {
    const {document} = compile('# T\n\nA {{c1::<img src=x onerror=alert(1)>x::<script>alert(2)</script>hint}} and <a href="javascript:alert(3)">{{c2::y}}</a>.\n')
    const [card] = document.cards
    for (const html of [card.cloze!.text, card.frontHtml, card.backHtml, clozeSide(card.cloze!.text, 1, 'question'), clozeSide(card.cloze!.text, 2, 'answer')]) {
      expect(html).not.toMatch(/<script|\son\w+=|javascript:/i)
    }
    expect(card.cloze!.numbers).toEqual([1, 2])
  })

  it('fit the JSON schema, with their note type, fields and numbers', () => {
    const {document} = compile('---\nosr: true\n---\n# T\n\n- {{c1::Paris}} is in {{c2::France}}.\n\nHund:::dog\n\n' + 'START\nCloze\nText: {{c1::Bile}} is made in the liver.\nBack Extra: stored in the gallbladder\nEND\n')
    expect(validate(JSON.parse(toJson(document))), JSON.stringify(validate.errors)).toBe(true)
    expect(document.cards.map((card) => [card.kind, card.note])).toEqual([
      ['cloze', 'cloze'],
      ['flashcard', 'reversed'],
      ['cloze', 'cloze']
    ])
    const extra = document.cards.find((card) => card.cloze?.extra)!
    expect(noteFields(extra)).toEqual(['{{c1::Bile}} is made in the liver.', '<p>stored in the gallbladder</p>', 'T', 'notes.md'])
  })
})

describe('the package', () => {
  const notes = '---\nreverse: true\n---\n# Words\n\n- Hund: dog\n\n## Facts\n\nThe {{c1::heart}} has {{c3::four}} chambers.\n\n## Why?\n\nBecause.\n'

  it('holds a note type per kind of note, each with its fixed id, names and Anki kind', async () => {
    const {document} = compile(notes)
    const apkg = await readApkg(await writeApkg([{name: document.deck.name, cards: document.cards}]))
    const models = Object.values(apkg.models)
    expect(models.map((model) => [model.id, model.name, model.type, model.flds.map((field: {name: string}) => field.name), model.tmpls.map((template: {name: string}) => template.name)]).sort()).toEqual(
      [
        [noteType.id, 'studydeck', 0, ['Front', 'Back', 'Context', 'Source'], ['Card 1']],
        [reversedNoteType.id, 'studydeck reversed', 0, ['Front', 'Back', 'Context', 'Source'], ['Card 1', 'Card 2']],
        [clozeNoteType.id, 'studydeck cloze', 1, ['Text', 'Back Extra', 'Context', 'Source'], ['Cloze']]
      ].sort()
    )
    // The ids are those of fixed names: changing them makes Anki create `studydeck cloze+` and stop updating.
    expect([reversedNoteType.id, clozeNoteType.id]).toEqual([13152404787152, 1111007202593])
    const cloze = apkg.models[clozeNoteType.id]
    expect(cloze.tmpls[0].qfmt).toContain('{{cloze:Text}}')
    expect(cloze.tmpls[0].afmt).toContain('{{cloze:Text}}')
  })

  it('remembers each note type’s digest and time in the JSON, and gives the package that time', async () => {
    const {document} = compile(notes, undefined, 1_764_000_000)
    expect(document.noteTypes).toEqual({
      studydeck: {digest: noteTypeDigest(noteTypeSpecs.studydeck), modified: 1_764_000_000},
      'studydeck reversed': {digest: noteTypeDigest(noteTypeSpecs['studydeck reversed']), modified: 1_764_000_000},
      'studydeck cloze': {digest: noteTypeDigest(noteTypeSpecs['studydeck cloze']), modified: 1_764_000_000}
    })
    const apkg = await readApkg(await writeApkg([packageDeck(document)]))
    expect(Object.values(apkg.models).map((model) => model.mod)).toEqual([1_764_000_000, 1_764_000_000, 1_764_000_000])
    // A deck of cloze notes only holds that note type.
    expect(Object.keys(compile('# T\n\nThe {{c1::heart}} beats.\n').document.noteTypes ?? {})).toEqual(['studydeck cloze'])
  })

  it('holds every card Anki has of each note: one, both directions, a card per deletion number (ordinal = number − 1)', async () => {
    const {document} = compile(notes)
    const apkg = await readApkg(await writeApkg([{name: document.deck.name, cards: document.cards}]))
    const byGuid = new Map(apkg.notes.map((note) => [note.id, note]))
    const cards = apkg.cards.map((card) => [byGuid.get(card.nid)!.guid, card.ord]).sort()
    const [term, cloze, question] = document.cards
    expect([term.note, cloze.note, question.note]).toEqual(['reversed', 'cloze', undefined])
    expect(cards).toEqual(
      [
        [term.id, 0],
        [term.id, 1],
        [cloze.id, 0],
        [cloze.id, 2],
        [question.id, 0]
      ].sort()
    )
    expect(new Set(apkg.cards.map((card) => card.id)).size).toBe(5)
    const mids = Object.fromEntries(apkg.notes.map((note) => [note.guid, note.mid]))
    expect([mids[term.id], mids[cloze.id], mids[question.id]]).toEqual([reversedNoteType.id, clozeNoteType.id, noteType.id])
    // A cloze note's sort field is its Text, as Anki computes it.
    expect(apkg.notes.find((note) => note.guid === cloze.id)!.sfld).toBe('The {{c1::heart}} has {{c3::four}} chambers.')
  })

  it('writes only the note types its cards use (`studydeck` when it has none)', () => {
    const models = (cards: DeckDocument['cards']) => Object.keys(JSON.parse(collectionTables([{name: 'T', cards}])[0].rows[Symbol.iterator]().next().value[9] as string))
    expect(models(compile('# T\n\n## Why?\n\nBecause.\n').document.cards)).toEqual([String(noteType.id)])
    expect(models(compile('# T\n\nThe {{c1::heart}} beats.\n').document.cards)).toEqual([String(clozeNoteType.id)])
    expect(models([])).toEqual([String(noteType.id)])
  })
})

describe('identity of cloze notes', () => {
  const before = '# Heart\n\nThe {{c1::left ventricle}} pumps blood into the {{c2::aorta}} at high pressure.\n'
  const first = compile(before).document
  const id = first.cards[0].id
  const again = (value: string) => {
    const {document, counts} = compile(value, first, 1_700_086_400)
    return {card: document.cards[0], counts, document}
  }

  it('keeps the id when a deletion is edited (updated in place)', () => {
    const {card, counts} = again('# Heart\n\nThe {{c1::left ventricle}} pumps blood into the {{c2::ascending aorta}} at high pressure.\n')
    expect(card.id).toBe(id)
    expect(counts).toMatchObject({updated: 1, added: 0, removed: 0})
  })

  it('keeps the id when a deletion is added or taken away (the text the same)', () => {
    expect(again('# Heart\n\nThe {{c1::left ventricle}} pumps blood into the {{c2::aorta}} at {{c3::high}} pressure.\n').card).toMatchObject({id, cloze: {numbers: [1, 2, 3]}})
    const taken = again('# Heart\n\nThe {{c1::left ventricle}} pumps blood into the aorta at high pressure.\n')
    expect(taken.card).toMatchObject({id, cloze: {numbers: [1]}})
    // Card 2 stays in Anki, empty: the report says so.
    expect(taken.counts).toMatchObject({updated: 1, emptied: 1})
  })

  it('keeps the id when one deletion is edited and another added at once', () => {
    const {card, counts} = again('# Heart\n\nThe {{c1::left ventricle}} pumps blood into the {{c2::ascending aorta}} at {{c3::high}} pressure.\n')
    expect(card.id).toBe(id)
    expect(counts).toMatchObject({added: 0, removed: 0})
  })

  it('keeps the id when the text around the deletions is reworded a little', () => {
    expect(again('# Heart\n\nThe {{c1::left ventricle}} pumps the blood into the {{c2::aorta}} at high pressure.\n').card.id).toBe(id)
  })

  it('gives a new id to a new sentence', () => {
    const {card, counts} = again('# Heart\n\nThe {{c1::right atrium}} collects blood from the {{c2::venae cavae}}.\n')
    expect(card.id).not.toBe(id)
    expect(counts).toMatchObject({added: 1, removed: 1})
  })
})

describe('turning `reverse: true` on and off', () => {
  const notes = '# German\n\n- Hund: dog\n- Katze: cat\n'
  const basic = compile(notes).document

  it('makes new notes: Anki would skip an update that changes a note’s note type', () => {
    const {document, counts} = compile('---\nreverse: true\n---\n' + notes, basic, 1_700_086_400)
    expect(document.cards.map((card) => card.note)).toEqual(['reversed', 'reversed'])
    expect(document.cards.map((card) => card.id).filter((id) => basic.cards.some((old) => old.id === id))).toEqual([])
    expect(counts).toMatchObject({added: 2, removed: 2})
    // Off again: the basic notes' ids come back, so Anki updates the notes it still has.
    const off = compile(notes, document, 1_700_172_800)
    expect(off.document.cards.map((card) => card.id)).toEqual(basic.cards.map((card) => card.id))
  })
})

describe('the report', () => {
  it('counts notes and Anki cards by note type', () => {
    const {counts} = compile('---\nreverse: true\n---\n# T\n\n- Hund: dog\n- Katze: cat\n\n## Facts\n\nThe {{c1::heart}} has {{c2::four}} chambers.\n\n## Why?\n\nBecause.\n')
    expect(counts.noteTypes).toEqual({reversed: {notes: 2, cards: 4}, cloze: {notes: 1, cards: 2}, basic: {notes: 1, cards: 1}})
    expect(noteTypesLine(counts.noteTypes!)).toBe('as Anki notes: 1 basic, 2 reversed (4 cards), 1 cloze (2 cards); 7 cards to study')
    expect(compile('# T\n\n## Why?\n\nBecause.\n').counts.noteTypes).toBeUndefined()
  })

  it('takes `--cloze` and `--osr`, and refuses a mark it does not know', async () => {
    const output: string[] = []
    const io = {stdout: (text: string) => output.push(text), stderr: (text: string) => output.push(text), cwd: path.join(import.meta.dirname, 'fixtures/cloze-marks-off')}
    expect(await runCli(['check', 'input.md', '--cloze', 'highlight,strike', '--json'], io)).toBe(0)
    const report = JSON.parse(output.join(''))
    expect(report.files[0].noteTypes).toEqual({cloze: {notes: 3, cards: 3}})
    expect(await runCli(['check', 'input.md', '--cloze', 'underline'], io)).toBe(2)
    expect(output.join('')).toContain('expected `--cloze` to list highlight, strike, bold (or `none`), not `underline`')
    output.length = 0
    expect(await runCli(['check', 'input.md', '--osr'], io)).toBe(0)
  })
})

describe('the preview', () => {
  const notes = '---\nreverse: true\n---\n# Words\n\n- Hund: dog\n\n## Facts\n\nThe {{c1::heart}} has {{c2::four::a number}} chambers.\n'

  it('shows every card Anki makes: both directions, a card per deletion number, hidden as Anki hides them', () => {
    const {document} = compile(notes)
    const html = previewPage({document})
    const items = [...html.matchAll(/<li class="sd-item"[\s\S]*?<\/li>/g)].map((match) => match[0])
    expect(items).toHaveLength(4)
    const labels = items.map((item) => /<span class="sd-kind[^"]*">([^<]*)</.exec(item)![1])
    expect(labels).toEqual(['List · forward', 'List · reverse', 'Cloze · c1', 'Cloze · c2'])
    const question = (item: string) => plain(/<div class="sd-question[^"]*"[^>]*>([\s\S]*?)<\/div><div class="sd-answer/.exec(item)![1]).replace(/\s+/g, ' ').trim()
    expect(question(items[1])).toBe('Words dog')
    expect(question(items[2])).toBe('Words › Facts The [...] has four chambers.')
    expect(question(items[3])).toBe('Words › Facts The heart has [a number] chambers.')
    expect(items[3]).toContain('<div class="sd-question sd-replaced"')
    expect(new Set(items.map((item) => /id="sd-q-([^"]+)"/.exec(item)![1])).size).toBe(4)
  })

  const chromiumPath = '/usr/bin/chromium'
  it.skipIf(!existsSync(chromiumPath))('flips a cloze card to its answer in place of its question', async () => {
    const {document} = compile(notes)
    const folder = temporaryFolder('studydeck-cloze-preview-')
    const page = path.join(folder, 'notes.html')
    writeFileSync(page, previewPage({document}))
    const context = await chromium.launchPersistentContext(temporaryFolder('studydeck-chromium-'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run']
    })
    try {
      const tab = context.pages()[0] ?? (await context.newPage())
      await tab.goto(pathToFileURL(page).href)
      const card = tab.locator('.sd-item').nth(3)
      expect(await card.locator('.card').innerText()).toContain('[a number]')
      await card.locator('.sd-flip').click()
      const shown = await card.locator('.card').innerText()
      expect(shown).toContain('The heart has four chambers.')
      expect(shown).not.toContain('[a number]')
      expect(await card.locator('.sd-answer .cloze').innerText()).toBe('four')
      if (process.env.SCREENSHOT) await tab.screenshot({path: process.env.SCREENSHOT, fullPage: true})
    } finally {
      await context.close()
    }
  })
})

describe('Anki’s cloze syntax outside a cloze note', () => {
  it('reads as its text in a title, a heading or a table cell, in the whole document and in sections alike', () => {
    const value = '# The {{c1::heart}} title\n\n## The {{c2::valves}}\n\n| Part | Job |\n| --- | --- |\n| {{c1::Aorta}} | carries blood |\n\n## More\n\nThe {{c1::aorta}} is big and {{c1::unclosed here.\n'
    const whole = compile(value)
    const inSections = compileDeck(new VFile({path: 'notes.md', value}), {now: () => 1_700_000_000, pieceSize: 16})
    expect(toJson(inSections.document)).toBe(toJson(whole.document))
    expect(whole.document.deck.name).toBe('The heart title')
    expect(whole.document.cards.map((card) => card.front)).toEqual(['The valves › Aorta — Job?', 'The [...] is big and {{c1::unclosed here.'])
    expect(whole.file.messages.map((message) => message.ruleId)).toEqual(['cloze-unclosed'])
  })
})
