/**
 * A table's rows made ready to write: values after affinity, rowids, and the
 * order of the rows by rowid.
 * https://www.sqlite.org/fileformat2.html#representation_of_sql_tables
 */
import {withAffinities} from './affinity.js'
import type {SqliteTable} from './index.js'
import {sortByNumber} from './order.js'
import type {Stored} from './record.js'
import {normalizeCreate, parseTable, remember, type TableSchema} from './schema.js'

export interface PreparedTable extends TableSchema {
  /** Values after affinity, per input row (the rowid column's value is the rowid or NULL: read `rowids`). */
  values: Stored[][]
  rowids: number[]
  /** Input row positions in rowid order. */
  order: number[]
}

export function prepareTable(table: SqliteTable): PreparedTable {
  const {sql, name, columns, rowidColumn} = remember(table.sql, () => parseTable(normalizeCreate(table.sql, /^create\s+table\s+/i, 'CREATE TABLE ')))
  if (name.toLowerCase() !== table.name.toLowerCase()) throw new Error('Table ' + table.name + ': its SQL creates ' + name)
  if (table.rowid !== undefined && table.rowid !== rowidColumn) {
    throw new Error('Table ' + table.name + ': column ' + table.rowid + ' is not its INTEGER PRIMARY KEY' + (rowidColumn >= 0 ? ' (column ' + rowidColumn + ' is)' : ''))
  }
  const values: Stored[][] = new Array(table.rows.length)
  const rowids: number[] = new Array(table.rows.length)
  let largest = 0
  for (const [index, row] of table.rows.entries()) {
    if (row.length !== columns.length) throw new Error('Table ' + table.name + ': a row of ' + row.length + ' values for ' + columns.length + ' columns')
    const stored = withAffinities(row, columns, rowidColumn, table.name)
    // §2.3 "Representation Of SQL Tables": the INTEGER PRIMARY KEY is the rowid (stored as NULL in the record).
    let rowid = rowidColumn >= 0 ? stored[rowidColumn] : null
    if (rowid === null) rowid = index === 0 ? 1 : largest + 1 // as SQLite picks a new rowid: one more than the largest
    if (typeof rowid !== 'number' || !Number.isSafeInteger(rowid)) throw new Error('Table ' + table.name + ': rowid ' + String(rowid) + ' is not a safe integer')
    if (index === 0 || rowid > largest) largest = rowid
    values[index] = stored
    rowids[index] = rowid
  }
  const order = sortByNumber(
    rowids.map((_, index) => index),
    (row) => rowids[row]
  )
  for (let index = 1; index < order.length; index++) {
    if (rowids[order[index]] === rowids[order[index - 1]]) throw new Error('Table ' + table.name + ': two rows with rowid ' + rowids[order[index]])
  }
  return {name: table.name, sql, columns, rowidColumn, values, rowids, order}
}
