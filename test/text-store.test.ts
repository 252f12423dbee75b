import {readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {TextStore} from '../src/offheap/text-store.js'
import {temporaryFolder} from './helpers/temporary.js'

describe('TextStore', () => {
  it('gives back what was put, whatever the texts, however many', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(fc.string({unit: 'binary', maxLength: 40}), {nil: undefined}), {maxLength: 6}), {maxLength: 60}), (lists) => {
        const store = new TextStore()
        const handles = lists.map((values) => store.put(values))
        expect(handles.map((handle) => store.get(handle))).toEqual(lists)
        // One value alone, and one past the end.
        expect(handles.map((handle, at) => lists[at].map((_, index) => store.getOne(handle, index)))).toEqual(lists)
        expect(handles.map((handle, at) => store.getOne(handle, lists[at].length))).toEqual(lists.map(() => undefined))
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

  it('past its limit, keeps full chunks in a file that is gone once open, and reads them back from there', () => {
    const folder = temporaryFolder('studydeck-texts-')
    const store = new TextStore({inMemoryUpTo: 0, folder})
    // Texts around the read window (8 KB), across chunks (4 MB), and one larger than a chunk.
    const values = Array.from({length: 4000}, (_, index) => ['› ' + index, 'y'.repeat((index * 37) % 12_000), index % 5 === 0 ? undefined : 'é'.repeat(index % 9)])
    values.splice(2000, 0, ['z'.repeat(5_000_000)])
    const handles = values.map((list) => store.put(list))
    expect(readdirSync(folder)).toEqual([])
    expect(store.bytesInFile).toBeGreaterThan(20_000_000)
    expect(handles.map((handle) => store.get(handle))).toEqual(values)
    // In any order: reads that fall in the last window read, and reads that do not.
    const order = handles.map((_, index) => (index * 7919) % handles.length)
    expect(order.map((at) => store.getOne(handles[at], 1))).toEqual(order.map((at) => values[at][1]))
    expect(order.map((at) => store.get(handles[at]))).toEqual(order.map((at) => values[at]))
    store.close()
    expect(readdirSync(folder)).toEqual([])
  })

  it('stays in memory when its file cannot be made', () => {
    const store = new TextStore({inMemoryUpTo: 0, folder: path.join(tmpdir(), 'studydeck-no-such-folder', 'deeper')})
    const values = Array.from({length: 2000}, (_, index) => ['x'.repeat(index * 5)])
    const handles = values.map((list) => store.put(list))
    expect(store.bytesInFile).toBe(0)
    expect(handles.map((handle) => store.get(handle))).toEqual(values)
  })
})
