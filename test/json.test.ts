import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {fromJson, fromJsonBytes, toJson, toJsonBytes} from '../src/emit/json.js'
import type {Card, DeckDocument} from '../src/shared/types.js'

const text = fc.string({unit: 'binary', maxLength: 40})

const card: fc.Arbitrary<Card> = fc.record({
  id: fc.string({minLength: 1, maxLength: 16}),
  kind: fc.constantFrom('faq', 'table', 'list'),
  front: text,
  back: text,
  frontHtml: text,
  backHtml: text,
  context: fc.array(text, {maxLength: 3}),
  tags: fc.array(text, {maxLength: 3}),
  source: fc.record({file: text, line: fc.nat()}),
  modified: fc.nat()
})

/** A document of `count` cards, repeating a few generated ones: lists around the batch size and its multiples. */
const documentOf = (count: number) =>
  fc.record({
    name: text,
    source: text,
    some: fc.array(card, {minLength: 1, maxLength: 5}),
    removed: fc.array(fc.record({id: text, front: text}), {maxLength: 4})
  }).map(({name, source, some, removed}): DeckDocument => ({
    version: 1,
    generator: 'studydeck test',
    deck: {name, id: '1'},
    source,
    cards: Array.from({length: count}, (_, index) => ({...some[index % some.length], id: String(index)})),
    removed
  }))

describe('toJsonBytes', () => {
  it('gives the bytes of toJson, whatever the texts and however many cards', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2, 511, 512, 513, 1024, 1025).chain(documentOf), (document) => {
        const bytes = toJsonBytes(document)
        expect(bytes.equals(Buffer.from(toJson(document), 'utf8'))).toBe(true)
        expect(fromJson(bytes.toString('utf8')).document?.cards.length).toBe(document.cards.length)
      }),
      {numRuns: 60}
    )
  })
})

describe('fromJsonBytes', () => {
  const both = (text: string) => [fromJsonBytes(Buffer.from(text, 'utf8')), fromJson(text)]

  it('reads what toJsonBytes wrote, card by card, as fromJson reads the text', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2, 513).chain(documentOf), (document) => {
        const [read, whole] = both(toJson(document))
        expect(read).toEqual(whole)
        expect(read.document?.cards).toEqual(document.cards)
      }),
      {numRuns: 60}
    )
  })

  it('reads any layout of the same document, and keys in any order', () => {
    fc.assert(
      fc.property(documentOf(3), fc.constantFrom(undefined, 0, 1, '\t'), fc.boolean(), (document, indent, cardsLast) => {
        const {cards, ...rest} = document
        const layout = cardsLast ? {...rest, cards} : {cards, ...rest}
        const [read, whole] = both(JSON.stringify(layout, null, indent))
        expect(read).toEqual(whole)
        expect(read.document?.cards).toEqual(cards)
      }),
      {numRuns: 60}
    )
  })

  it('says what fromJson says of damaged or foreign files', () => {
    const samples = [
      '',
      '{',
      '{"version": 1, "cards": [{"id": "a"}',
      '{"version": 1, "cards": [{"id": "a", "front": "x", "back": "y", "modified": 1}, 3]}',
      '{"version": 1, "cards": [{"id": "a", "front": "x", "back": "y", "modified": 1}}, {}]}',
      '{"version": 1, "cards": [{"id": "a", "front": "x", "back": "y", "modified": 1} {"id": "b"}]}',
      '{"version": 2, "cards": []}',
      '{"version": 1, "deck": {"cards": [1]}, "cards": [{"id": "a\\", "front": "\\\"]", "back": "}", "modified": 1}]}',
      '{"version": 1, "cards": {}}',
      '[{"cards": []}]',
      '{"version": 1, "cards": [{"id": "a", "front": "x", "back": "y", "modified": 1.5}]}',
      '{"version": 1, "cards": []} trailing',
      '{"version": 1, "cards": [{"id": "a", "front": "x", "back": "y", "modified": 1},]}',
      '{"version": 1, "cards": [{"id": "a", "front": "x", "back": "y", "modified": 1}], "cards": [{"id": "b", "front": "x", "back": "y", "modified": 1}]}'
    ]
    for (const sample of samples) {
      const [read, whole] = both(sample)
      expect(read, sample).toEqual(whole)
    }
  })

  it('agrees with fromJson on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const [read, whole] = both(text)
        expect(read).toEqual(whole)
      }),
      {numRuns: 500}
    )
  })
})
