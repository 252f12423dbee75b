/**
 * A writer of SQLite 3 database files for tables written once, whole: the
 * rows go straight into b-tree pages, laid out bottom-up, with no SQL engine
 * in between. Same tables and rows in, same bytes out.
 *
 * Section names in this folder are those of the file format document,
 * https://www.sqlite.org/fileformat2.html, and of the datatype document,
 * https://www.sqlite.org/datatype3.html ("Type Affinity").
 *
 * What it writes: page size 4096, UTF-8, schema format 4, rollback-journal
 * mode, no freelist, no auto-vacuum. What it refuses (it throws rather than
 * write a file SQLite would call corrupt): schemas that need more than a
 * table and its plain indexes (UNIQUE or non-integer PRIMARY KEY columns,
 * which need automatic indexes; AUTOINCREMENT; CHECK; generated columns;
 * WITHOUT ROWID and STRICT tables; indexes with COLLATE, DESC, WHERE or
 * expressions).
 *
 * This module writes the tables, their indexes, then the schema table that
 * lists them all, on page 1:
 * https://www.sqlite.org/fileformat2.html#storage_of_the_sql_database_schema
 */
import {writeIndexTree, writeTableTree} from './btree.js'
import {indexCells, tableCell, tableCells} from './cells.js'
import {PageFile} from './page-file.js'
import {Arena} from './record.js'
import {parseIndex, remember} from './schema.js'
import {prepareTable, tableSchema, type PreparedTable} from './table.js'
import type {SqliteIndex, SqliteTable, SqlValue, TableSchema} from './types.js'

export type {SqliteIndex, SqliteTable, SqlValue} from './types.js'

/** The arena kept between calls (see `Arena`). */
const sharedArena = new Arena()

/** Write the tables and indexes as a database file, in memory. */
export function writeSqlite(tables: SqliteTable[], indexes: SqliteIndex[] = [], options?: LayoutOptions): Uint8Array {
  return laidOut(tables, indexes, (file) => file.write(), options)
}

/**
 * Write the tables and indexes as a database file: in memory when it takes
 * at most `inMemoryUpTo` bytes, else at `target`, a run of pages at a time
 * (then its path, size and CRC-32 are returned).
 */
export function writeSqliteSpilling(
  tables: SqliteTable[],
  indexes: SqliteIndex[],
  inMemoryUpTo: number,
  target: string,
  options?: LayoutOptions
): Uint8Array | {path: string; size: number; crc: number} {
  return laidOut(tables, indexes, (file) => (file.size <= inMemoryUpTo ? file.write() : {path: target, size: file.size, crc: file.writeTo(target)}), options)
}

/** Lay the pages out, then `write` them while their records are still in the arena. */
/** How records are held while pages are laid out (tests make the limit small). */
export interface LayoutOptions {
  /** Bytes of records kept in memory before they go to a temporary file (default 32 MB). */
  recordsInMemoryUpTo?: number
}

function laidOut<T>(tables: SqliteTable[], indexes: SqliteIndex[], write: (file: PageFile) => T, options: LayoutOptions = {}): T {
  const file = new PageFile()
  file.allocate() // page 1: the schema table's root, written last
  const arena = options.recordsInMemoryUpTo === undefined ? sharedArena : new Arena({inMemoryUpTo: options.recordsInMemoryUpTo})
  arena.reset()
  const schemaRows: SqlValue[][] = []
  const prepared = new Map<string, PreparedTable>()
  const names = new Set<string>()
  const claim = (name: string) => {
    if (/^sqlite_/i.test(name)) throw new Error('Names that start with sqlite_ are SQLite\'s own: ' + name)
    if (names.has(name.toLowerCase())) throw new Error('Two schema objects named ' + name)
    names.add(name.toLowerCase())
  }

  // The columns each table's indexes read: all that is kept of its rows once they are encoded.
  const schemas = new Map(tables.map((table) => [table.name.toLowerCase(), tableSchema(table)]))
  const parsedIndexes = indexes.map((index) => {
    const schema = schemas.get(index.table.toLowerCase())
    if (!schema) throw new Error('Index ' + index.name + ' is on a table not given: ' + index.table)
    return remember([index.sql, index.name, index.columns?.join(), schema.sql].join('\u0000'), () => parseIndex(index, schema))
  })
  const kept = new Map<string, Set<number>>()
  for (const [at, index] of indexes.entries()) {
    const table = index.table.toLowerCase()
    kept.set(table, new Set([...(kept.get(table) ?? []), ...parsedIndexes[at].columns]))
  }
  const prepare = (table: SqliteTable, schema: TableSchema, columns: ReadonlySet<number>) =>
    prepareTable(table, schema, columns, (values, rowid) => tableCell(arena, values, schema.rowidColumn, rowid))

  for (const table of tables) {
    claim(table.name)
    const data = prepare(table, schemas.get(table.name.toLowerCase())!, kept.get(table.name.toLowerCase()) ?? new Set())
    prepared.set(table.name.toLowerCase(), data)
    const root = writeTableTree(file, arena, tableCells(data))
    schemaRows.push(['table', table.name, table.name, root, data.sql])
  }

  for (const [at, index] of indexes.entries()) {
    claim(index.name)
    const data = prepared.get(index.table.toLowerCase())!
    const {sql, columns, unique} = parsedIndexes[at]
    const root = writeIndexTree(file, arena, indexCells(arena, data, columns, unique, index.name))
    schemaRows.push(['index', index.name, data.name, root, sql])
  }

  // §2.6 "Storage Of The SQL Database Schema": sqlite_schema is a table b-tree rooted at page 1.
  const schemaTable = {name: 'sqlite_schema', sql: 'CREATE TABLE sqlite_schema(type text, name text, tbl_name text, rootpage integer, sql text)', rows: schemaRows}
  writeTableTree(file, arena, tableCells(prepare(schemaTable, tableSchema(schemaTable), new Set())), 1)
  try {
    return write(file)
  } finally {
    // The records are on the pages now: only the last chunk is kept, for the next call.
    arena.reset()
  }
}
