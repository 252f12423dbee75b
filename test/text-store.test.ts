import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {TextStore} from '../src/text-store.js'

describe('TextStore', () => {
  it('gives back what was put, whatever the texts, however many', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(fc.string({unit: 'binary', maxLength: 40}), {nil: undefined}), {maxLength: 6}), {maxLength: 60}), (lists) => {
        const store = new TextStore()
        const handles = lists.map((values) => store.put(values))
        expect(handles.map((handle) => store.get(handle))).toEqual(lists)
      }),
      {numRuns: 300}
    )
  })

  it('keeps texts across chunks, and a text larger than a chunk', () => {
    const store = new TextStore()
    const big = 'é'.repeat(3_000_000) // 6 MB of UTF-8, more than a chunk of 4
    const values = Array.from({length: 3000}, (_, index) => ['› ' + index + ' '.repeat(index % 7), 'x'.repeat(index)])
    const handles = values.map((list, index) => (index === 1500 ? store.put([big]) : store.put(list)))
    expect(store.get(handles[1500])).toEqual([big])
    expect(handles.map((handle, index) => (index === 1500 ? [big] : store.get(handle)))).toEqual(values.map((list, index) => (index === 1500 ? [big] : list)))
  })
})
