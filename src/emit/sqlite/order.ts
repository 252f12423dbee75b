/**
 * The order of index entries (and of rowids), and the equality a UNIQUE
 * index forbids: values compared as SQLite compares them.
 * https://www.sqlite.org/fileformat2.html#record_sort_order
 */
import {encoder} from './bytes.js'
import {Real, type Stored} from './record.js'

/**
 * Rows in index order: by the indexed values as SQLite compares them (§2.2
 * "Record Sort Order", BINARY collation), then by rowid. The rows start in
 * rowid order and are sorted stably by each column, the last first, so that
 * ties keep the order of the columns after them, then of the rowid.
 */
export function indexOrder(order: number[], keys: Stored[][]): number[] {
  for (let index = keys.length - 1; index >= 0; index--) {
    const key = keys[index]
    if (key.every((value) => typeof value === 'number')) order = sortByNumber(order, (row) => key[row] as number)
    else order = order.slice().sort((a, b) => compareValues(key[a], key[b]))
  }
  return order
}

/**
 * `order` sorted stably by a number: a bottom-up merge sort over typed
 * arrays, which ran several times faster than `Array.prototype.sort` with a
 * comparator.
 */
export function sortByNumber(order: number[], key: (row: number) => number): number[] {
  const count = order.length
  const keys = new Float64Array(count)
  let sorted = true
  for (let position = 0; position < count; position++) {
    keys[position] = key(order[position])
    if (position > 0 && keys[position] < keys[position - 1]) sorted = false
  }
  if (sorted) return order
  let from = new Int32Array(count)
  let to = new Int32Array(count)
  for (let position = 0; position < count; position++) from[position] = position
  for (let width = 1; width < count; width *= 2) {
    for (let low = 0; low < count; low += 2 * width) {
      const middle = Math.min(low + width, count)
      const high = Math.min(low + 2 * width, count)
      let left = low
      let right = middle
      let out = low
      // Ties take the left one first: the sort is stable.
      while (left < middle && right < high) to[out++] = keys[from[right]] < keys[from[left]] ? from[right++] : from[left++]
      while (left < middle) to[out++] = from[left++]
      while (right < high) to[out++] = from[right++]
    }
    ;[from, to] = [to, from]
  }
  const result: number[] = new Array(count)
  for (let position = 0; position < count; position++) result[position] = order[from[position]]
  return result
}

/** A UNIQUE index admits equal values only where one of them is NULL (NULLs are distinct). */
export function checkUnique(keys: Stored[][], order: number[], name: string) {
  for (let position = 1; position < order.length; position++) {
    const [a, b] = [order[position - 1], order[position]]
    if (keys.every((key) => key[b] !== null && compareValues(key[a], key[b]) === 0)) throw new Error('UNIQUE index ' + name + ': two rows with the same values')
  }
}

/** §2.2 "Record Sort Order": NULL, then numbers by value, then text by its UTF-8 bytes (BINARY). */
function compareValues(a: Stored, b: Stored): number {
  const classA = valueClass(a)
  const classB = valueClass(b)
  if (classA !== classB) return classA - classB
  if (classA === 1) {
    const x = a instanceof Real ? a.value : (a as number | bigint)
    const y = b instanceof Real ? b.value : (b as number | bigint)
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (classA === 2) return compareUtf8(a as string, b as string)
  return 0
}

function valueClass(value: Stored): number {
  return value === null ? 0 : typeof value === 'string' ? 2 : 1
}

/**
 * Strings in the order of their UTF-8 bytes. That is code point order, which
 * UTF-16 code units follow except where both are U+D800 or above (surrogates
 * against U+E000–U+FFFF; lone surrogates, which the encoder writes as U+FFFD):
 * those few compare their encoded bytes.
 */
function compareUtf8(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index)
    const y = b.charCodeAt(index)
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? compareBytes(encoder.encode(a), encoder.encode(b)) : x - y
  }
  return a.length - b.length
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length)
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return a[index] - b[index]
  return a.length - b.length
}
