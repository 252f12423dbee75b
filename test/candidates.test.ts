import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {Candidates} from '../src/large/candidates.js'
import {noMedia, renderedPending, type Pending} from '../src/large/pending.js'

describe('Candidates', () => {
  it('gives back every card as it was, in order, whether kept as a row or as an object', () => {
    const contexts = [['Doc'], ['Doc', 'A'], ['Doc', 'A', 'B']]
    const card = fc.record({
      kind: fc.constantFrom('faq' as const, 'table' as const, 'list' as const),
      rule: fc.constantFrom('faq-heading', 'table-cell', 'list-term'),
      hint: fc.option(fc.constantFrom('6 items', '2', '-', '+'), {nil: undefined}),
      context: fc.constantFrom(...contexts),
      line: fc.integer({min: 1, max: 2 ** 31 - 1}),
      column: fc.integer({min: 1, max: 5000}),
      stored: fc.integer({min: 0, max: 2 ** 40}),
      storedTexts: fc.integer({min: 0, max: 2 ** 40}),
      // Not plain rendered: waiting for a definition, or with images.
      other: fc.constantFrom('rendered', 'rendered', 'waiting', 'images')
    })
    fc.assert(
      fc.property(fc.array(fc.array(card, {maxLength: 40}), {maxLength: 60}), (sections) => {
        const list = new Candidates()
        const expected: Pending[] = []
        for (const section of sections) {
          for (const {line, column, other, ...fields} of section) {
            const candidate = renderedPending({...fields, place: {line, column}})
            if (other === 'waiting') Object.assign(candidate, {stored: -1, storedTree: 7})
            if (other === 'images') candidate.media = [{name: 'a.png', path: '/a.png'}]
            list.push(candidate)
            expected.push({...candidate})
          }
          list.keepRendered()
        }
        expect(list.length).toBe(expected.length)
        const all = list.takeAll()
        expect(all).toEqual(expected)
        // The same context lists, not copies; no images but those given.
        for (const [index, candidate] of all.entries()) expect(candidate.context).toBe(expected[index].context)
        expect(all.filter((candidate) => candidate.media !== noMedia).length).toBe(expected.filter((candidate) => candidate.media !== noMedia).length)
        expect(list.length).toBe(0)
      }),
      {numRuns: 150}
    )
  })
})
