import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {fromJson, toJson, toJsonBytes} from '../src/emit/json.js'
import type {Card, DeckDocument} from '../src/types.js'

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
