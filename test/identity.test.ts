/**
 * Identity across edits, on small documents: which ids are kept, and the
 * exact counts each rebuild reports. `compileDeck` is pure, so each step is
 * “build the edited text with the previous document as memory”.
 */
import fc from 'fast-check'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {identify, isLightEdit, matchesItself} from '../src/identity/match.js'
import {stamp} from '../src/identity/stamp.js'
import {compileDeck} from '../src/build/compile.js'
import {isTypo} from '../src/identity/similarity.js'
import {normalizeQuestion} from '../src/shared/text.js'
import type {ChangeCounts, DeckDocument} from '../src/shared/types.js'

const later = 2_000_000_000

function compile(value: string, previous?: DeckDocument) {
  const {document, counts} = compileDeck(new VFile({path: 'notes.md', value}), {previous, now: () => (previous ? later : 1_000_000_000)})
  return {document, counts, ids: Object.fromEntries(document.cards.map((card) => [card.front, card.id])), gone: (front: string) => removedCard(document, front)}
}

/** The card of `document` asking `front`, as the removed list of a later build names it. */
function removedCard(document: DeckDocument, front: string) {
  const card = document.cards.find((card) => card.front === front)!
  return {id: card.id, front, created: card.created}
}

function counts(partial: Partial<ChangeCounts> & {cards: number}): ChangeCounts {
  return {added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0, ...partial}
}

const dosing = `# Dosing

## Questions

### What is the dose for depression?

0.5 mg/kg over 40 minutes.

### What is the dose for pain?

0.5 mg/kg over 40 minutes.

### How long does an infusion last?

About forty minutes.
`

describe('identity: keeping ids across edits', () => {
  it('keeps every id and byte for an unchanged document', () => {
    const first = compile(dosing)
    const second = compile(dosing, first.document)
    expect(second.counts).toEqual(counts({cards: 3, unchanged: 3}))
    expect(second.document).toEqual(first.document)
  })

  it('keeps the ids of questions whose math a previous build wrote as TeX (before math read as text)', () => {
    const notes = '# Chemistry\n\n## Reactions\n\n| Reaction | Mechanism |\n| --- | --- |\n| $\\text{S}_\\text{N}2$ | one step |\n\n- **$\\ce{CH3CH2OH}$**: ethanol.\n- **$x^2 \\leq \\pi$**: a bound.\n\n## What is $\\ce{H2O}$?\n\nWater.\n'
    const now = compile(notes)
    expect(Object.keys(now.ids)).toEqual(['Reactions › SN2 — Mechanism?', 'Reactions › CH₃CH₂OH', 'Reactions › x² ≤ π', 'What is H₂O?'])
    // The same cards as an earlier build wrote them: the TeX as the plain text, other ids.
    const tex = ['Reactions › \\text{S}_\\text{N}2 › Mechanism', 'Reactions › \\ce{CH3CH2OH}', 'Reactions › x^2 \\leq \\pi', 'What is \\ce{H2O}?']
    const earlier: DeckDocument = {...now.document, cards: now.document.cards.map((card, index) => ({...card, front: tex[index], id: 'old' + index}))}
    const again = compile(notes, earlier)
    expect(Object.values(again.ids)).toEqual(['old0', 'old1', 'old2', 'old3'])
    expect(again.counts).toEqual(counts({cards: 4, updated: 4}))
    // An answer an earlier build wrote with its dollars (`$\\ce{H2O}$`) is the same answer: a renamed lead-in keeps the term's id.
    const term = '# Chemistry\n\n## Formulas\n\n- **Water**: $\\ce{H2O}$\n'
    const written: DeckDocument = {...now.document, cards: [{...compile(term).document.cards[0], front: 'Old formulas › Water', back: '$\\ce{H2O}$', context: ['Chemistry', 'Old formulas'], id: 'term'}]}
    expect(compile(term, written).ids).toEqual({'Formulas › Water': 'term'})
  })

  it('an answer edited: same id, updated, newer modification time', () => {
    const first = compile(dosing)
    const second = compile(dosing.replace('About forty minutes.', 'About forty minutes, sometimes an hour.'), first.document)
    expect(second.counts).toEqual(counts({cards: 3, updated: 1, unchanged: 2}))
    expect(second.ids).toEqual(first.ids)
    const card = second.document.cards[2]
    expect(card.back).toBe('About forty minutes, sometimes an hour.')
    expect(card.modified).toBe(later)
    expect(second.document.cards[0].modified).toBe(first.document.cards[0].modified)
  })

  it('two similar questions, only one edited: no cross-matching', () => {
    const first = compile(dosing)
    const second = compile(dosing.replace('What is the dose for depression?', 'What is the usual dose for depression?'), first.document)
    expect(second.counts).toEqual(counts({cards: 3, renamed: 1, unchanged: 2}))
    expect(second.ids['What is the usual dose for depression?']).toBe(first.ids['What is the dose for depression?'])
    expect(second.ids['What is the dose for pain?']).toBe(first.ids['What is the dose for pain?'])
  })

  it('ambiguous: an edited question that fits two vanished cards gets a new id', () => {
    const first = compile(dosing)
    const edited = dosing.replace('What is the dose for depression?', 'What is the usual dose for depression?').replace(/### What is the dose for pain\?\n\n.*\n\n/, '')
    const second = compile(edited, first.document)
    expect(second.counts).toEqual(counts({cards: 2, added: 1, removed: 2, unchanged: 1}))
    const id = second.ids['What is the usual dose for depression?']
    expect(Object.values(first.ids)).not.toContain(id)
    expect(second.document.removed.map((card) => card.front)).toEqual(['What is the dose for depression?', 'What is the dose for pain?'])
  })

  it('a typo fixed, a word added, a word replaced: same id, renamed', () => {
    const typo = dosing.replace('How long does an infusion last?', 'How long does an infusoin last?')
    const first = compile(typo)
    for (const question of ['How long does an infusion last?', 'How long does an infusion usually last?', 'How long does an infusion take?']) {
      const second = compile(dosing.replace('How long does an infusion last?', question), first.document)
      expect(second.counts, question).toEqual(counts({cards: 3, renamed: 1, unchanged: 2}))
      expect(second.ids[question]).toBe(first.ids['How long does an infusoin last?'])
    }
  })

  it('a reworded question keeps its id on later builds, and the old question asked again gets another', () => {
    const first = compile(dosing)
    const reworded = dosing.replace('How long does an infusion last?', 'How long does an infusion usually last?')
    const second = compile(reworded, first.document)
    const third = compile(reworded, second.document)
    expect(third.counts).toEqual(counts({cards: 3, unchanged: 3}))
    expect(third.document).toEqual(second.document)

    const askedAgain = reworded + '\n### How long does an infusion last?\n\nSee above.\n'
    const fourth = compile(askedAgain, third.document)
    expect(fourth.counts).toEqual(counts({cards: 4, added: 1, unchanged: 3}))
    expect(fourth.ids['How long does an infusion usually last?']).toBe(first.ids['How long does an infusion last?'])
    const again = fourth.ids['How long does an infusion last?']
    expect(again).not.toBe(first.ids['How long does an infusion last?'])
    expect(new Set(Object.values(fourth.ids)).size).toBe(4)
    expect(compile(askedAgain, fourth.document).counts).toEqual(counts({cards: 4, unchanged: 4}))
    expect(compile(askedAgain, fourth.document).ids).toEqual(fourth.ids)
  })

  it('an answer edited and the question reworded at once: a new card, the old one removed', () => {
    const first = compile(dosing)
    const second = compile(dosing.replace('How long does an infusion last?\n\nAbout forty minutes.', 'How long does an infusion usually last?\n\nForty minutes.'), first.document)
    expect(second.counts).toEqual(counts({cards: 3, added: 1, removed: 1, unchanged: 2}))
    expect(second.document.removed).toEqual([first.gone('How long does an infusion last?')])

    // The same edits in two builds keep the id: renamed, then updated.
    const reworded = compile(dosing.replace('How long does an infusion last?', 'How long does an infusion usually last?'), first.document)
    expect(reworded.counts).toEqual(counts({cards: 3, renamed: 1, unchanged: 2}))
    const answered = compile(dosing.replace('How long does an infusion last?\n\nAbout forty minutes.', 'How long does an infusion usually last?\n\nForty minutes.'), reworded.document)
    expect(answered.counts).toEqual(counts({cards: 3, updated: 1, unchanged: 2}))
    expect(answered.ids['How long does an infusion usually last?']).toBe(first.ids['How long does an infusion last?'])
  })

  it('a question moved to another section: same id, renamed', () => {
    const source = '# Notes\n\n## Basics\n\n### Why ketamine?\n\nIt works fast.\n\n### Why not?\n\nCost.\n\n## Advanced\n\nText.\n'
    const moved = '# Notes\n\n## Basics\n\n### Why not?\n\nCost.\n\n## Advanced\n\n### Why ketamine?\n\nIt works fast.\n'
    const first = compile(source)
    const second = compile(moved, first.document)
    expect(second.counts).toEqual(counts({cards: 2, renamed: 1, unchanged: 1}))
    expect(second.ids).toEqual(first.ids)
    expect(second.document.cards[1].context).toEqual(['Notes', 'Advanced'])
  })

  it('the same question under two headings, one section deleted and the other renamed: ambiguous, new id', () => {
    const source = '# Notes\n\n## Adults\n\n### What is the dose?\n\n5 mg.\n\n## Children\n\n### What is the dose?\n\n2 mg.\n'
    const first = compile(source)
    expect(Object.keys(first.ids)).toEqual(['Adults › What is the dose?', 'Children › What is the dose?'])
    const second = compile('# Notes\n\n## Teenagers\n\n### What is the dose?\n\n3 mg.\n', first.document)
    expect(second.counts).toEqual(counts({cards: 1, added: 1, removed: 2}))
  })

  it('a section heading renamed: terms whose lead-in is the heading keep their ids', () => {
    const source = '# Drugs\n\n## Routes\n\n- Intravenous: fast and precise.\n- Nasal: easy at home.\n- Oral: slow, variable.\n'
    const first = compile(source)
    const second = compile(source.replace('## Routes', '## Ways to give it'), first.document)
    expect(second.counts).toEqual(counts({cards: 3, renamed: 3}))
    expect(second.document.cards.map((card) => card.front)).toEqual(['Ways to give it › Intravenous', 'Ways to give it › Nasal', 'Ways to give it › Oral'])
    expect(second.document.cards.map((card) => card.id)).toEqual(first.document.cards.map((card) => card.id))
  })

  it('a renamed heading and a changed definition at once: that term is new', () => {
    const source = '# Drugs\n\n## Routes\n\n- Intravenous: fast and precise.\n- Nasal: easy at home.\n'
    const first = compile(source)
    const second = compile('# Drugs\n\n## Ways\n\n- Intravenous: fast and precise.\n- Nasal: easy at home, fast too.\n', first.document)
    expect(second.counts).toEqual(counts({cards: 2, added: 1, renamed: 1, removed: 1}))
    expect(second.ids['Ways › Intravenous']).toBe(first.ids['Routes › Intravenous'])
  })

  it('the document title renamed: every id kept, cards updated (their context changed)', () => {
    const first = compile(dosing)
    const second = compile(dosing.replace('# Dosing', '# Ketamine dosing'), first.document)
    expect(second.counts).toEqual(counts({cards: 3, updated: 3}))
    expect(second.ids).toEqual(first.ids)
    expect(second.document.deck.name).toBe('Ketamine dosing')
  })

  const table = `# Trial

Table: Outcomes by group

| Group | Improved | Relapsed |
| --- | --- | --- |
| Alpha | Yes | No |
| Beta | Yes | No |
| Type 1 | 40% | 10% |
`

  it('a table caption changed: every cell keeps its id', () => {
    const first = compile(table)
    const second = compile(table.replace('Table: Outcomes by group', 'Table: Results per arm'), first.document)
    expect(second.counts).toEqual(counts({cards: 6, renamed: 6}))
    expect(second.document.cards.map((card) => card.id)).toEqual(first.document.cards.map((card) => card.id))
  })

  it('a table row removed: its cells are removed and listed, the others unchanged', () => {
    const first = compile(table)
    const second = compile(table.replace('| Beta | Yes | No |\n', ''), first.document)
    expect(second.counts).toEqual(counts({cards: 4, removed: 2, unchanged: 4}))
    expect(second.document.removed).toEqual([
      first.gone('Outcomes by group › Beta — Improved?'),
      first.gone('Outcomes by group › Beta — Relapsed?')
    ])
  })

  it('a row replaced by another with the same answers is not a rename (Alpha → Gamma, Type 1 → Type 2)', () => {
    const first = compile(table)
    const second = compile(table.replace('| Alpha |', '| Gamma |').replace('| Type 1 |', '| Type 2 |'), first.document)
    expect(second.counts).toEqual(counts({cards: 6, added: 4, removed: 4, unchanged: 2}))
  })

  it('a column header: one word of three replaced keeps its cells, a one-word header replaced does not', () => {
    const wide = table.replace('| Group | Improved | Relapsed |', '| Group | Improved within weeks | Relapsed |')
    const first = compile(wide)
    const longer = compile(wide.replace('Improved within weeks', 'Improved within days'), first.document)
    expect(longer.counts).toEqual(counts({cards: 6, renamed: 3, unchanged: 3}))
    const short = compile(wide.replace('| Relapsed |', '| Returned |'), first.document)
    expect(short.counts).toEqual(counts({cards: 6, added: 3, removed: 3, unchanged: 3}))
  })

  it('a row key with a typo fixed keeps its cells', () => {
    const first = compile(table.replace('| Beta |', '| Betta |'))
    const second = compile(table, first.document)
    expect(second.counts).toEqual(counts({cards: 6, renamed: 2, unchanged: 4}))
    expect(second.ids['Outcomes by group › Beta — Improved?']).toBe(first.ids['Outcomes by group › Betta — Improved?'])
  })

  it('cards added and deleted', () => {
    const source = '# Drugs\n\n## Routes\n\n- Intravenous: fast and precise.\n- Nasal: easy at home.\n- Oral: slow, variable.\n'
    const first = compile(source)
    const second = compile(source.replace('- Nasal: easy at home.\n', '').replace('- Oral: slow, variable.\n', '- Oral: slow, variable.\n- Rectal: rarely used.\n- Sublingual: moderate uptake.\n'), first.document)
    expect(second.counts).toEqual(counts({cards: 4, added: 2, removed: 1, unchanged: 2}))
    expect(second.document.removed).toEqual([first.gone('Routes › Nasal')])
  })

  it('removed cards stay listed until they come back', () => {
    const source = '# Drugs\n\n## Routes\n\n- Intravenous: fast and precise.\n- Nasal: easy at home.\n'
    const first = compile(source)
    const second = compile(source.replace('- Nasal: easy at home.\n', ''), first.document)
    const third = compile(source.replace('- Nasal: easy at home.\n', ''), second.document)
    expect(third.counts).toEqual(counts({cards: 1, unchanged: 1}))
    expect(third.document.removed).toEqual([first.gone('Routes › Nasal')])
    const fourth = compile(source, third.document)
    expect(fourth.counts).toEqual(counts({cards: 2, added: 1, unchanged: 1}))
    expect(fourth.ids).toEqual(first.ids)
    expect(fourth.document.removed).toEqual([])
  })

  it('an enumeration whose lead-in is a renamed heading keeps its id; an item added updates it', () => {
    const source = '# Notes\n\n## Key points\n\n- Fast relief.\n- Few side effects.\n'
    const first = compile(source)
    const renamed = compile(source.replace('## Key points', '## Takeaways'), first.document)
    expect(renamed.counts).toEqual(counts({cards: 1, renamed: 1}))
    expect(renamed.document.cards[0].id).toBe(first.document.cards[0].id)
    const longer = compile(source + '- Works when others fail.\n', first.document)
    expect(longer.counts).toEqual(counts({cards: 1, updated: 1}))
    expect(longer.document.cards[0]).toMatchObject({id: first.document.cards[0].id, front: 'Key points (3 items)'})
  })

  it('cards without an answer are never matched by similarity', () => {
    const card = (front: string, back: string) => ({kind: 'faq' as const, key: front, front, back, frontHtml: '', backHtml: '', context: ['Notes'], tags: [], source: {file: 'notes.md', line: 1}})
    const previous = compile('# Notes\n\n## FAQ\n\n### What is the dose for adults?\n\n5 mg.\n').document
    const old = previous.cards[0]
    const withAnswer = identify([card('What is the usual dose for adults?', '5 mg.')], 'Notes', previous)
    expect(withAnswer[0]).toMatchObject({id: old.id, match: 'reworded'})
    const empty = identify([card('What is the usual dose for adults?', '')], 'Notes', {...previous, cards: [{...old, back: ''}]})
    expect(empty[0].match).toBe('new')
    expect(empty[0].id).not.toBe(old.id)
  })
})

describe('identity: what counts as a light edit', () => {
  const light = (a: string, b: string) => isLightEdit(a.split(' › '), b.split(' › '))

  it('accepts a typo fixed, a word or two added or replaced', () => {
    expect(light('how long does an infusoin last', 'how long does an infusion last')).toBe(true)
    expect(light('what is ketamine', 'what is ketamine used for')).toBe(true)
    expect(light('how is ketamine given', 'how is ketamine administered')).toBe(true)
    expect(light('nasal spray', 'nasal sprays')).toBe(true)
  })

  it('refuses a changed number, a short part rewritten, or three words changed', () => {
    expect(light('type 1 › insulin', 'type 2 › insulin')).toBe(false)
    expect(light('outcomes › alpha › improved', 'outcomes › beta › improved')).toBe(false)
    expect(light('vitamin a', 'vitamin b')).toBe(false)
    expect(light('how is ketamine given to patients today', 'how do doctors give ketamine to patients now')).toBe(false)
    expect(light('what is it', 'what is it for adults and children')).toBe(false)
    expect(light('a › b', 'a › b › c')).toBe(false)
  })

  it('a typo is one letter added, dropped, changed or two swapped, not in the first letter or short words', () => {
    expect(isTypo('ketamnie', 'ketamine')).toBe(true)
    expect(isTypo('dose', 'doses')).toBe(true)
    expect(isTypo('anesthesia', 'anaesthesia')).toBe(true)
    expect(isTypo('iv', 'im')).toBe(false)
    expect(isTypo('typical', 'atypical')).toBe(false)
    expect(isTypo('hypertension', 'hypotension')).toBe(false)
    expect(isTypo('2019', '2018')).toBe(false)
  })
})

describe('identity: properties under random edits', () => {
  const words = ['dose', 'route', 'onset', 'risk', 'ketamine', 'pain', 'depression', 'children', 'adults', 'infusion']
  const answers = ['Yes.', 'No.', '0.5 mg/kg.', 'Within hours.', 'Rarely.']
  const question = fc.array(fc.constantFrom(...words), {minLength: 1, maxLength: 5}).map((list) => 'What about ' + list.join(' ') + '?')
  const card = fc.record({section: fc.constantFrom('A', 'B'), question, answer: fc.constantFrom(...answers)})
  const edit = fc.constantFrom('keep', 'keep', 'answer', 'reword', 'move', 'delete')

  function toCards(list: Array<{section: string; question: string; answer: string}>) {
    // Unique keys, as extraction makes them.
    const seen = new Set<string>()
    return list
      .filter((item) => !seen.has(item.section + item.question) && seen.add(item.section + item.question))
      .map((item) => ({
        kind: 'faq' as const,
        key: ['faq', item.section.toLowerCase(), normalizeQuestion(item.question)].join('\u001E'),
        front: item.question,
        back: item.answer,
        frontHtml: item.question,
        backHtml: item.answer,
        context: ['Deck', item.section],
        tags: [],
        source: {file: 'notes.md', line: 1}
      }))
  }

  it('ids stay unique, unchanged questions keep theirs, and the counts add up', () => {
    fc.assert(
      fc.property(fc.array(card, {maxLength: 12}), fc.array(edit, {minLength: 12, maxLength: 12}), fc.array(card, {maxLength: 3}), (before, edits, added) => {
        const old = toCards(before)
        const first = stamp(identify(old, 'Deck'), undefined, () => 1)
        const previous: DeckDocument = {version: 1, generator: 'test', deck: {name: 'Deck', id: '1'}, source: 'notes.md', cards: first.cards, removed: []}
        const after = before.flatMap((item, index) => {
          switch (edits[index]) {
            case 'answer':
              return [{...item, answer: item.answer + ' Edited.'}]
            case 'reword':
              return [{...item, question: item.question.replace('What about', 'What about the')}]
            case 'move':
              return [{...item, section: item.section === 'A' ? 'B' : 'A'}]
            case 'delete':
              return []
            default:
              return [item]
          }
        })
        const cards = toCards([...after, ...added])
        const identified = identify(cards, 'Deck', previous)
        const {counts, removed} = stamp(identified, previous, () => 2)
        const ids = identified.map((card) => card.id)
        expect(new Set(ids).size).toBe(ids.length)
        const oldByKey = new Map(old.map((card, index) => [card.key, first.cards[index].id]))
        for (const card of identified) {
          // A card asking what a previous card asked, in the same place, is that card.
          if (oldByKey.has(card.key)) expect(card.id).toBe(oldByKey.get(card.key))
        }
        expect(counts.added + counts.updated + counts.renamed + counts.unchanged).toBe(cards.length)
        const kept = ids.filter((id) => first.cards.some((card) => card.id === id)).length
        expect(counts.removed).toBe(first.cards.length - kept)
        expect(removed.map((card) => card.id).sort()).toEqual(first.cards.filter((card) => !ids.includes(card.id)).map((card) => card.id).sort())
        // Unchanged input: the same document again.
        const again = stamp(identify(cards, 'Deck', {...previous, cards: stamp(identified, previous, () => 2).cards}), {...previous, cards: stamp(identified, previous, () => 2).cards}, () => 3)
        expect(again.counts.unchanged).toBe(cards.length)
      }),
      {numRuns: 300}
    )
  })

  it('a build matches itself card for card, unchanged, when no two cards share the first rule’s key (the build cache then need not check)', () => {
    const outcomes = new Set<boolean>()
    const item = fc.record({section: fc.constantFrom('A', 'B'), question: fc.constantFrom('What?', 'Why?', 'How now?', 'How  now?'), answer: fc.constantFrom('Yes.', 'No.')})
    fc.assert(
      fc.property(fc.array(item, {maxLength: 8}), (list) => {
        // Keys made unique by number, as duplicate questions get them: the fronts may still collide.
        const cards = list.map((entry, index) => ({
          kind: 'faq' as const,
          key: 'faq\u001E' + entry.section + '\u001E' + entry.question + '\u001E#' + index,
          front: entry.question,
          back: entry.answer,
          frontHtml: entry.question,
          backHtml: entry.answer,
          context: ['Deck', entry.section],
          tags: [],
          source: {file: 'notes.md', line: index + 1}
        }))
        const first = stamp(identify(cards, 'Deck'), undefined, () => 1)
        const document: DeckDocument = {version: 1, generator: 'test', deck: {name: 'Deck', id: '1'}, source: 'notes.md', cards: first.cards, removed: []}
        let clockRead = false
        const again = stamp(identify(cards, 'Deck', document), document, () => {
          clockRead = true
          return 2
        })
        const itself = !clockRead && again.cards.every((card, index) => card.id === first.cards[index].id) && again.counts.unchanged === cards.length
        const claimed = matchesItself(cards)
        outcomes.add(claimed)
        if (claimed) expect(itself).toBe(true)
      }),
      {numRuns: 500}
    )
    expect([...outcomes].sort()).toEqual([false, true])
  })
})
