/**
 * A table's rows made ready to write: values after affinity, rowids, and the
 * order of the rows by rowid.
 * https://www.sqlite.org/fileformat2.html#representation_of_sql_tables
 */
import {withAffinities} from './affinity.js'
import {sortByNumber} from './order.js'
import type {PayloadCell} from './page.js'
import type {Stored} from './record.js'
import {normalizeCreate, parseTable, remember} from './schema.js'
import type {SqliteTable, TableSchema} from './types.js'

export interface PreparedTable extends TableSchema {
  /** Values after affinity of the columns indexes read, by column, each in input row order (the rows themselves are not kept). */
  columnValues: Map<number, Stored[]>
  rowids: number[]
  /** Input row positions in rowid order. */
  order: number[]
  /** Each row's leaf cell, in input row order. */
  cells: PayloadCell[]
}

/** The table's schema, from its SQL (checked against its name and rowid column). */
export function tableSchema(table: SqliteTable): TableSchema {
  const schema = remember(table.sql, () => parseTable(normalizeCreate(table.sql, /^create\s+table\s+/i, 'CREATE TABLE ')))
  if (schema.name.toLowerCase() !== table.name.toLowerCase()) throw new Error('Table ' + table.name + ': its SQL creates ' + schema.name)
  if (table.rowid !== undefined && table.rowid !== schema.rowidColumn) {
    throw new Error('Table ' + table.name + ': column ' + table.rowid + ' is not its INTEGER PRIMARY KEY' + (schema.rowidColumn >= 0 ? ' (column ' + schema.rowidColumn + ' is)' : ''))
  }
  return schema
}

/**
 * Read the rows once, in turn: each is encoded (`encode`, its leaf cell) as
 * it comes and let go, so that a table of large rows given as a generator
 * is never all in memory as values; only the columns indexes need (`kept`)
 * stay.
 */
export function prepareTable(table: SqliteTable, schema: TableSchema, kept: ReadonlySet<number>, encode: (values: Stored[], rowid: number) => PayloadCell): PreparedTable {
  const {sql, columns, rowidColumn} = schema
  const columnValues = new Map([...kept].map((column) => [column, [] as Stored[]]))
  const rowids: number[] = []
  const cells: PayloadCell[] = []
  let largest = 0
  for (const row of table.rows) {
    const index = rowids.length
    if (row.length !== columns.length) throw new Error('Table ' + table.name + ': a row of ' + row.length + ' values for ' + columns.length + ' columns')
    const stored = withAffinities(row, columns, rowidColumn, table.name)
    // §2.3 "Representation Of SQL Tables": the INTEGER PRIMARY KEY is the rowid (stored as NULL in the record).
    let rowid = rowidColumn >= 0 ? stored[rowidColumn] : null
    if (rowid === null) rowid = index === 0 ? 1 : largest + 1 // as SQLite picks a new rowid: one more than the largest
    if (typeof rowid !== 'number' || !Number.isSafeInteger(rowid)) throw new Error('Table ' + table.name + ': rowid ' + String(rowid) + ' is not a safe integer')
    if (index === 0 || rowid > largest) largest = rowid
    for (const [column, values] of columnValues) values.push(stored[column])
    rowids.push(rowid)
    cells.push(encode(stored, rowid))
  }
  const order = sortByNumber(
    rowids.map((_, index) => index),
    (row) => rowids[row]
  )
  for (let index = 1; index < order.length; index++) {
    if (rowids[order[index]] === rowids[order[index - 1]]) throw new Error('Table ' + table.name + ': two rows with rowid ' + rowids[order[index]])
  }
  return {name: table.name, sql, columns, rowidColumn, columnValues, rowids, order, cells}
}
