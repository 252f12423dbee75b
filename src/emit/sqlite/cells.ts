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
 * §1.6 "Table B-Tree Leaf Cell": payload size varint, rowid varint, record,
 * encoded at the end of the arena as the row comes (`prepareTable`).
 */
export function tableCell(arena: Arena, values: Stored[], rowidColumn: number, key: number): PayloadCell {
  const payload = encodeTableRecord(arena, values, rowidColumn, 18)
  const end = arena.length
  const head = payload - varintLength(end - payload) - varintLength(key)
  writeVarint(arena.bytes, writeVarint(arena.bytes, head, end - payload), key)
  return {chunk: arena.current, head, payload, end, local: localSize(end - payload, tableLeafMaxLocal), key}
}

/** A table's leaf cells in rowid order. */
export function tableCells(table: PreparedTable): PayloadCell[] {
  return table.order.map((row) => table.cells[row])
}

/** Index leaf cells, in index order: payload size varint, record (§1.6, "Index B-Tree Leaf Cell"). */
export function indexCells(arena: Arena, table: PreparedTable, columns: number[], unique: boolean, name: string): PayloadCell[] {
  // The indexed values, column by column (the rowid column's are the rowids), read from the rows once.
  const keys: Stored[][] = columns.map((column) => (column === table.rowidColumn ? table.rowids : table.columnValues.get(column)!))
  const order = indexOrder(table.order, keys)
  if (unique) checkUnique(keys, order, name)
  const cells: PayloadCell[] = new Array(order.length)
  for (let position = 0; position < cells.length; position++) {
    const row = order[position]
    const payload = encodeIndexRecord(arena, keys, row, table.rowids[row], 9)
    const end = arena.length
    const head = payload - varintLength(end - payload)
    writeVarint(arena.bytes, head, end - payload)
    cells[position] = {chunk: arena.current, head, payload, end, local: localSize(end - payload, indexMaxLocal), key: 0}
  }
  return cells
}
