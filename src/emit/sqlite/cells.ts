/**
 * B-tree leaf cells from prepared rows: a table's in rowid order, an index's
 * in key order, each with the part of its payload that stays on the page.
 * https://www.sqlite.org/fileformat2.html#b_tree_pages
 */
import {varintLength, writeVarint} from './bytes.js'
import {checkUnique, indexOrder} from './order.js'
import type {PayloadCell} from './page.js'
import {usable} from './page-file.js'
import {encodeIndexRecord, encodeTableRecord, type Arena, type Stored} from './record.js'
import type {PreparedTable} from './table.js'

/**
 * §1.6 "B-tree Pages": how much of a payload of `size` bytes stays in the cell.
 * Table leaves keep up to U−35 bytes, index cells up to ((U−12)·64/255)−23;
 * beyond that, K = M + ((P−M) mod (U−4)) if that fits, else M, chosen so that
 * the last overflow page is as full as possible.
 */
function localSize(size: number, maxLocal: number): number {
  if (size <= maxLocal) return size
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23
  const k = minLocal + ((size - minLocal) % (usable - 4))
  return k <= maxLocal ? k : minLocal
}

const tableLeafMaxLocal = usable - 35
const indexMaxLocal = Math.floor(((usable - 12) * 64) / 255) - 23

/**
 * Table leaf cells, in rowid order: payload size varint, rowid varint, record
 * (§1.6, "Table B-Tree Leaf Cell"). Records are encoded in the order the rows
 * came in, which reads them from memory in order, and placed by rowid.
 */
export function tableCells(arena: Arena, table: PreparedTable): PayloadCell[] {
  const count = table.order.length
  const positions = new Int32Array(count)
  for (let position = 0; position < count; position++) positions[table.order[position]] = position
  const cells: PayloadCell[] = new Array(count)
  for (let row = 0; row < count; row++) {
    const key = table.rowids[row]
    const payload = encodeTableRecord(arena, table.values[row], table.rowidColumn, 18)
    const end = arena.length
    const head = payload - varintLength(end - payload) - varintLength(key)
    writeVarint(arena.bytes, writeVarint(arena.bytes, head, end - payload), key)
    cells[positions[row]] = {head, payload, end, local: localSize(end - payload, tableLeafMaxLocal), key}
  }
  return cells
}

/** Index leaf cells, in index order: payload size varint, record (§1.6, "Index B-Tree Leaf Cell"). */
export function indexCells(arena: Arena, table: PreparedTable, columns: number[], unique: boolean, name: string): PayloadCell[] {
  // The indexed values, column by column (the rowid column's are the rowids), read from the rows once.
  const keys: Stored[][] = columns.map((column) => (column === table.rowidColumn ? table.rowids : table.values.map((row) => row[column])))
  const order = indexOrder(table.order, keys)
  if (unique) checkUnique(keys, order, name)
  const cells: PayloadCell[] = new Array(order.length)
  for (let position = 0; position < cells.length; position++) {
    const row = order[position]
    const payload = encodeIndexRecord(arena, keys, row, table.rowids[row], 9)
    const end = arena.length
    const head = payload - varintLength(end - payload)
    writeVarint(arena.bytes, head, end - payload)
    cells[position] = {head, payload, end, local: localSize(end - payload, indexMaxLocal), key: 0}
  }
  return cells
}
