/**
 * `writeSqlite` checked by SQLite itself (sql.js): `PRAGMA integrity_check`
 * (b-tree structure, overflow chains, every index against its table), every
 * row read back, every index used by a query, and the same schema and rows
 * inserted through sql.js compared value by value — and byte by byte where
 * SQLite lays a page out the same way.
 */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {crc32} from 'node:zlib'
import fc from 'fast-check'
import type {Database, SqlJsStatic} from 'sql.js'
import {VFile} from 'vfile'
import {beforeAll, describe, expect, it} from 'vitest'
import {collectionInMemoryUpTo, collectionIndexes, collectionTables, writeApkg, writeApkgFile, type ApkgDeck} from '../src/emit/apkg.js'
import {loadSqlJs} from './helpers/sqljs.js'
import {writeSqlite, writeSqliteSpilling, type SqliteIndex, type SqliteTable, type SqlValue} from '../src/emit/sqlite/index.js'
import {compileDeck} from '../src/build/compile.js'
import type {Card} from '../src/shared/types.js'
import {readApkg} from './helpers/apkg.js'
import {temporaryFolder} from './helpers/temporary.js'

let SQL: SqlJsStatic

beforeAll(async () => {
  SQL = await loadSqlJs()
})

/** Run `check` on the database in `bytes`, then close it. */
function withDatabase<T>(bytes: Uint8Array, check: (db: Database) => T): T {
  const db = new SQL.Database(bytes)
  try {
    return check(db)
  } finally {
    db.close()
  }
}

function query(db: Database, sql: string, params: SqlValue[] = []): unknown[][] {
  const statement = db.prepare(sql, params)
  const rows: unknown[][] = []
  while (statement.step()) rows.push(statement.get())
  statement.free()
  return rows
}

function integrity(db: Database): string[] {
  return query(db, 'PRAGMA integrity_check').map((row) => String(row[0]))
}

const quoteName = (name: string) => '"' + name.replaceAll('"', '""') + '"'

/** A SQL literal, as the previous writer inserted rows (sql.js binds numbers above 2^31 as reals). */
function literal(value: SqlValue): string {
  if (value === null) return 'NULL'
  if (typeof value === 'number') return String(value)
  return "'" + value.replaceAll("'", "''") + "'"
}

/** The same schema and rows, through SQLite (sql.js). */
function viaSqlJs(tables: SqliteTable[], indexes: SqliteIndex[]): Uint8Array {
  const db = new SQL.Database()
  try {
    for (const table of tables) db.exec(table.sql)
    for (const index of indexes) db.exec(index.sql)
    db.exec('BEGIN')
    for (const table of tables) {
      const all = [...table.rows]
      for (let start = 0; start < all.length; start += 200) {
        const rows = all.slice(start, start + 200)
        db.exec('INSERT INTO ' + quoteName(table.name) + ' VALUES ' + rows.map((row) => '(' + row.map(literal).join(',') + ')').join(','))
      }
    }
    db.exec('COMMIT')
    return db.export()
  } finally {
    db.close()
  }
}

function columnNames(db: Database, table: string): string[] {
  return query(db, 'PRAGMA table_info(' + quoteName(table) + ')').map((row) => String(row[1]))
}

/** Every row with its rowid, each value with its type, its SQL quoting (exact for integers) and its JavaScript value. */
function dump(db: Database, table: string): unknown[][] {
  const columns = columnNames(db, table).map(quoteName)
  const values = columns.flatMap((column) => ['typeof(' + column + ')', 'quote(' + column + ')', column])
  return query(db, 'SELECT rowid, ' + values.join(', ') + ' FROM ' + quoteName(table) + ' ORDER BY rowid')
}

/** The rowids in the order an index holds them (the query walks the index: INDEXED BY, ORDER BY its columns). */
function indexWalk(db: Database, table: string, index: string, columns: string[]): unknown[][] {
  return query(db, 'SELECT rowid FROM ' + quoteName(table) + ' INDEXED BY ' + quoteName(index) + ' ORDER BY ' + [...columns.map(quoteName), 'rowid'].join(', '))
}

/** Both databases hold the same: integrity, schema, rows, index order. */
function expectSameAsSqlJs(tables: SqliteTable[], indexes: SqliteIndex[]) {
  const ours = writeSqlite(tables, indexes)
  const theirs = viaSqlJs(tables, indexes)
  withDatabase(ours, (mine) =>
    withDatabase(theirs, (reference) => {
      expect(integrity(mine)).toEqual(['ok'])
      expect(query(mine, 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid')).toEqual(query(reference, 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid'))
      for (const table of tables) expect(dump(mine, table.name)).toEqual(dump(reference, table.name))
      for (const index of indexes) {
        const columns = query(mine, 'PRAGMA index_info(' + quoteName(index.name) + ')').map((row) => String(row[2]))
        expect(indexWalk(mine, index.table, index.name, columns)).toEqual(indexWalk(reference, index.table, index.name, columns))
      }
    })
  )
  return ours
}

const u32 = (bytes: Uint8Array, at: number) => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0
const u16 = (bytes: Uint8Array, at: number) => (bytes[at] << 8) | bytes[at + 1]

/** A b-tree page's header: its type flag and cell count. */
function pageHeader(bytes: Uint8Array, page: number) {
  const at = (page - 1) * 4096 + (page === 1 ? 100 : 0)
  return {flag: bytes[at], cells: u16(bytes, at + 3), right: u32(bytes, at + 8)}
}

/** Levels from the root down to the leaves, following right-most pointers. */
function depth(bytes: Uint8Array, root: number): number {
  let levels = 1
  for (let header = pageHeader(bytes, root); header.flag === 0x05 || header.flag === 0x02; header = pageHeader(bytes, header.right)) levels++
  return levels
}

function rootPage(bytes: Uint8Array, name: string): number {
  return withDatabase(bytes, (db) => Number(query(db, 'SELECT rootpage FROM sqlite_master WHERE name = ?', [name])[0][0]))
}

/** A deterministic pseudo-random sequence (tests must not vary from run to run). */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    return state / 2 ** 32
  }
}

const table = (name: string, sql: string, rows: SqlValue[][]): SqliteTable => ({name, sql, rows})
const index = (name: string, on: string, sql: string): SqliteIndex => ({name, table: on, sql})

describe('writeSqlite: a database SQLite reads', () => {
  it('writes the database header as SQLite does', () => {
    const bytes = writeSqlite([table('t', 'CREATE TABLE t (id integer primary key, a text)', [[1, 'x']])], [index('ix', 't', 'CREATE INDEX ix on t (a)')])
    expect(new TextDecoder().decode(bytes.subarray(0, 16))).toBe('SQLite format 3\u0000')
    expect(u16(bytes, 16)).toBe(4096)
    expect([...bytes.subarray(18, 24)]).toEqual([1, 1, 0, 64, 32, 32])
    expect(u32(bytes, 28)).toBe(bytes.length / 4096) // page count
    expect(u32(bytes, 92)).toBe(u32(bytes, 24)) // version-valid-for = change counter: the page count holds
    expect([u32(bytes, 32), u32(bytes, 36)]).toEqual([0, 0]) // no freelist
    expect(u32(bytes, 40)).toBeGreaterThanOrEqual(1) // schema cookie
    expect(u32(bytes, 44)).toBe(4) // schema format
    expect(u32(bytes, 56)).toBe(1) // UTF-8
    expect([...bytes.subarray(72, 92)].every((byte) => byte === 0)).toBe(true)
    expect(u32(bytes, 96)).toBeGreaterThanOrEqual(3045000)
    withDatabase(bytes, (db) => {
      expect(integrity(db)).toEqual(['ok'])
      expect(query(db, 'PRAGMA page_size')).toEqual([[4096]])
      expect(query(db, 'PRAGMA encoding')).toEqual([['UTF-8']])
      expect(query(db, 'PRAGMA freelist_count')).toEqual([[0]])
      expect(query(db, 'PRAGMA page_count')).toEqual([[bytes.length / 4096]])
      expect(query(db, 'SELECT * FROM t')).toEqual([[1, 'x']])
    })
  })

  it('empty tables and indexes: an empty leaf root each', () => {
    const bytes = expectSameAsSqlJs(
      [table('t', 'CREATE TABLE t (id integer primary key, a text)', []), table('u', 'CREATE TABLE u (a, b)', [])],
      [index('ix', 't', 'CREATE INDEX ix on t (a)'), index('iu', 'u', 'CREATE INDEX iu on u (b, a)')]
    )
    expect(bytes.length).toBe(5 * 4096)
    for (const [name, flag] of [['t', 0x0d], ['u', 0x0d], ['ix', 0x0a], ['iu', 0x0a]] as const) expect(pageHeader(bytes, rootPage(bytes, name))).toMatchObject({flag, cells: 0})
  })

  it('one row', () => {
    expectSameAsSqlJs([table('t', 'CREATE TABLE t (id integer primary key, a text, b integer)', [[7, 'seven', -7]])], [index('ix', 't', 'CREATE INDEX ix on t (a, b)')])
  })

  it('20,000 rows given in any order: stored by rowid, tables and indexes several levels deep', () => {
    const next = random(1)
    const rows: SqlValue[][] = []
    for (let row = 0; row < 20000; row++) {
      const id = (row * 7919) % 20011 // a permutation: every rowid once, out of order
      rows.push([id, 'row ' + id + ' ' + 'abcdefghij'.repeat(Math.floor(next() * 40)), Math.floor(next() * 50) - 25, next() < 0.1 ? null : Math.floor(next() * 2 ** 40)])
    }
    const tables = [table('t', 'CREATE TABLE t (id integer primary key, a text not null, b integer, c integer)', rows)]
    const indexes = [index('ia', 't', 'CREATE INDEX ia on t (a)'), index('ibc', 't', 'CREATE INDEX ibc on t (b, c)')]
    const bytes = writeSqlite(tables, indexes)
    expect(depth(bytes, rootPage(bytes, 't'))).toBeGreaterThanOrEqual(3)
    expect(depth(bytes, rootPage(bytes, 'ia'))).toBeGreaterThanOrEqual(3)
    withDatabase(bytes, (db) => {
      expect(integrity(db)).toEqual(['ok'])
      const sorted = [...rows].sort((x, y) => Number(x[0]) - Number(y[0]))
      expect(query(db, 'SELECT id, a, b, c FROM t ORDER BY rowid')).toEqual(sorted)
      for (const id of [0, 1, 4242, 19999, 20010]) {
        const expected = rows.filter((row) => row[0] === id)
        const [row] = expected
        expect(query(db, 'SELECT id, a, b, c FROM t INDEXED BY ia WHERE a = ?', [row[1]])).toEqual(expected)
        expect(query(db, 'SELECT id FROM t INDEXED BY ibc WHERE b = ? AND c IS ? ORDER BY id', [row[2], row[3]])).toEqual(
          rows
            .filter((other) => other[2] === row[2] && other[3] === row[3])
            .map((other) => [other[0]])
            .sort((x, y) => Number(x[0]) - Number(y[0]))
        )
      }
      expect(query(db, 'SELECT count(*) FROM t INDEXED BY ibc WHERE b BETWEEN -3 AND 3')).toEqual([[rows.filter((row) => Math.abs(Number(row[2])) <= 3).length]])
    })
  })

  it('payloads around every overflow threshold, in table leaves and index cells', () => {
    // Payload sizes P: table leaves keep up to 4061 bytes (U−35), index cells up to 1002; beyond,
    // K = 489 + (P−489) mod 4092 when K fits, else 489 (M): K wraps at P = 4581, 8673, …
    const thresholds = [489, 490, 1002, 1003, 4061, 4062, 4065, 4581, 4582, 5094, 5095, 8153, 8154, 8673, 8674, 12765]
    const lengths = new Set<number>([0, 1, 2, 56, 57, 58, 200_000])
    // Text of n bytes makes a table record of n + 4 or 5 bytes and an index record of n + 5 to 8: around each threshold.
    for (const threshold of thresholds) for (let delta = -9; delta <= 3; delta++) lengths.add(threshold + delta)
    const text = (bytes: number) => (bytes % 2 === 1 && bytes > 2 ? 'é' + 'x'.repeat(bytes - 2) : 'x'.repeat(bytes))
    const rows = [...lengths].map((length, row): SqlValue[] => [row + 2, text(length), length])
    const tables = [table('t', 'CREATE TABLE t (id integer primary key, v text, n integer)', rows)]
    const indexes = [index('iv', 't', 'CREATE INDEX iv on t (v)'), index('inv', 't', 'CREATE INDEX inv on t (n, v)')]
    const bytes = expectSameAsSqlJs(tables, indexes)
    withDatabase(bytes, (db) => {
      expect(query(db, 'SELECT id, v, n FROM t ORDER BY id')).toEqual(rows)
      for (const row of rows) expect(query(db, 'SELECT id FROM t INDEXED BY iv WHERE v = ?', [row[1]])).toEqual([[row[0]]])
    })
  })

  it('tables larger than the largest arena chunk, and a record larger than a chunk: every row read back', () => {
    // Records are encoded into chunks of up to 16 MB, each record whole in one: 24 MB of rows, and one of 18 MB at most.
    const rows: SqlValue[][] = []
    for (let row = 1; row <= 6000; row++) rows.push([row, String.fromCharCode(0x61 + (row % 26)).repeat(4000) + row])
    rows.splice(3000, 0, [99999, 'é'.repeat(6_000_000)])
    const bytes = writeSqlite([table('b', 'CREATE TABLE b (id integer primary key, v text)', rows)], [index('ib', 'b', 'CREATE INDEX ib on b (v)')])
    // Records past a limit go to a temporary file and are copied onto the pages from there: the same bytes.
    const spilled = writeSqlite([table('b', 'CREATE TABLE b (id integer primary key, v text)', rows)], [index('ib', 'b', 'CREATE INDEX ib on b (v)')], {recordsInMemoryUpTo: 1 << 20})
    expect(Buffer.from(spilled).equals(Buffer.from(bytes))).toBe(true)
    withDatabase(bytes, (db) => {
      expect(integrity(db)).toEqual(['ok'])
      expect(query(db, 'SELECT count(*), sum(length(v)) FROM b')).toEqual([[rows.length, rows.reduce((sum, row) => sum + String(row[1]).length, 0)]])
      for (const row of [rows[0], rows[2999], rows[3000], rows[3001], rows[rows.length - 1]]) {
        expect(query(db, 'SELECT id FROM b INDEXED BY ib WHERE v = ?', [row[1]])).toEqual([[row[0]]])
        expect(query(db, 'SELECT v = ? FROM b WHERE id = ?', [row[1], row[0]])).toEqual([[1]])
      }
    })
  })

  it('written to a file a run of pages at a time: the same bytes as in memory, and their CRC-32', () => {
    const rows: SqlValue[][] = []
    for (let row = 1; row <= 1500; row++) rows.push([row, String.fromCharCode(0x61 + (row % 26)).repeat(3000) + row])
    rows.splice(700, 0, [99999, 'é'.repeat(2_000_000)])
    const tables = () => [table('b', 'CREATE TABLE b (id integer primary key, v text)', rows)]
    const indexes = [index('ib', 'b', 'CREATE INDEX ib on b (v)')]
    const bytes = writeSqlite(tables(), indexes)
    const target = path.join(temporaryFolder('studydeck-sqlite-'), 'c.db')
    const onDisk = writeSqliteSpilling(tables(), indexes, bytes.length - 1, target, {recordsInMemoryUpTo: 0})
    expect(onDisk).toEqual({path: target, size: bytes.length, crc: crc32(bytes)})
    expect(Buffer.from(readFileSync(target)).equals(Buffer.from(bytes))).toBe(true)
    // Up to the limit, in memory: nothing is written.
    const inMemory = writeSqliteSpilling(tables(), indexes, bytes.length, path.join(path.dirname(target), 'never.db'))
    expect(inMemory).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(inMemory as Uint8Array).equals(Buffer.from(bytes))).toBe(true)
    expect(readdirSync(path.dirname(target))).toEqual(['c.db'])
  })

  it('large index keys: entries overflow, interior index pages hold them too', () => {
    const next = random(2)
    const rows: SqlValue[][] = []
    for (let row = 1; row <= 600; row++) rows.push([row, String.fromCharCode(0x61 + Math.floor(next() * 26)).repeat(1000 + Math.floor(next() * 2000)) + row, row % 3 === 0 ? null : 'short ' + row])
    const tables = [table('k', 'CREATE TABLE k (id integer primary key, big text, small text)', rows)]
    const indexes = [index('ik', 'k', 'CREATE INDEX ik on k (big)'), index('iks', 'k', 'CREATE INDEX iks on k (small, big)')]
    const bytes = expectSameAsSqlJs(tables, indexes)
    expect(depth(bytes, rootPage(bytes, 'ik'))).toBeGreaterThanOrEqual(3)
    expect(pageHeader(bytes, rootPage(bytes, 'ik')).flag).toBe(0x02)
    withDatabase(bytes, (db) => {
      for (const row of rows.filter((_, position) => position % 37 === 0)) {
        expect(query(db, 'SELECT id FROM k INDEXED BY ik WHERE big = ?', [row[1]])).toEqual([[row[0]]])
        expect(query(db, 'SELECT count(*) FROM k INDEXED BY ik WHERE big < ?', [row[1]])).toEqual([[rows.filter((other) => String(other[1]) < String(row[1])).length]])
      }
    })
  })

  it('values: Unicode, negative numbers, 0 and 1, 2^52, safe-integer limits, empty strings, NULLs', () => {
    const values: SqlValue[] = [0, 1, -1, 2, 127, 128, -128, -129, 32767, 32768, -32769, 8388607, 8388608, 2147483647, 2147483648, -2147483649, 2 ** 47 - 1, 2 ** 47, -(2 ** 47) - 1, 2 ** 52, -(2 ** 52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]
    const texts: SqlValue[] = ['', ' ', 'a', 'A', 'é', 'ß', '日本語', '🙂', '𝄞 music', '\u{10FFFF}', '\uE000', '\uFFFF', '\uFFFD', 'a\u0301', "it's", 'line\nbreak', 'tab\t', 'z'.repeat(300)]
    const mixed = [...values, ...texts, null, null]
    const rows = mixed.map((value, row): SqlValue[] => [row - 10, value, value, value, value, value === null ? null : String(value)])
    expectSameAsSqlJs(
      [table('v', 'CREATE TABLE v (id integer primary key, any, n integer, t text, r real, s text)', rows)],
      [index('iany', 'v', 'CREATE INDEX iany on v (any)'), index('it', 'v', 'CREATE INDEX it on v (t, n)'), index('ir', 'v', 'CREATE INDEX ir on v (r)'), index('is', 'v', 'CREATE INDEX "is" on v (s)')]
    )
  })

  it('text with NUL and lone surrogates: stored as UTF-8 (U+FFFD for a lone surrogate), indexes in byte order', () => {
    const rows: SqlValue[][] = [
      [1, 'a\u0000b'],
      [2, '\uD800'],
      [3, '\uDC00x'],
      [4, '\uE000'],
      [5, '\u{10000}'],
      [6, '\uFFFD'],
      [7, 'x\uD83D']
    ]
    const bytes = writeSqlite([table('s', 'CREATE TABLE s (id integer primary key, v text)', rows)], [index('iv', 's', 'CREATE INDEX iv on s (v)')])
    withDatabase(bytes, (db) => {
      expect(integrity(db)).toEqual(['ok'])
      expect(query(db, 'SELECT id, hex(v) FROM s ORDER BY id')).toEqual([
        [1, '610062'],
        [2, 'EFBFBD'],
        [3, 'EFBFBD78'],
        [4, 'EE8080'],
        [5, 'F0908080'],
        [6, 'EFBFBD'],
        [7, '78EFBFBD']
      ])
      expect(query(db, 'SELECT id FROM s INDEXED BY iv ORDER BY v, id').flat()).toEqual([1, 7, 4, 2, 6, 3, 5])
    })
  })

  it('rowids: any order, NULL takes the next one as SQLite picks it, text that is an integer, tables without an INTEGER PRIMARY KEY', () => {
    expectSameAsSqlJs(
      [
        table('r', 'CREATE TABLE r (id integer primary key, v text)', [[5, 'five'], [-3, 'minus three'], [null, 'six'], ['42', 'forty-two'], [null, '43'], [2 ** 50, 'big'], [null, 'after big']]),
        table('g', 'CREATE TABLE g (usn integer not null, oid integer not null, type integer not null)', [[-1, 9, 0], [-1, 3, 1], [0, 3, 2]])
      ],
      [index('rv', 'r', 'CREATE INDEX rv on r (v)'), index('rid', 'r', 'CREATE INDEX rid on r (id, v)'), index('gu', 'g', 'CREATE INDEX gu on g (usn)')]
    )
  })

  it('type affinity as SQLite applies it: numeric-looking text in INTEGER columns becomes a number, numbers in TEXT columns text', () => {
    const samples = ['42', '-7', '4.0', '1e3', ' 5', '007', 'abc', '4.5', '-0', '0.0', '+5', '.5', '5.', '1e', 'e5', '.', '', ' ', '\t3\n', '1 2', '0x10', '1e400', '-1e400', '1E+2', '2.5e-1', '9007199254740993', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '12345678901234567890', '1.0e18', '9.3e18', '00000000000000000000000042', '3.0000000000000001', 'Infinity', 'NaN', '١٢٣', '42abc']
    const rows = samples.map((sample, row): SqlValue[] => [row + 1, sample, sample, sample, sample, sample, sample, row - 20, row * 1000003])
    expectSameAsSqlJs(
      [table('a', 'CREATE TABLE a (id integer primary key, i integer, n numeric, r real, t text, b blob, d, c varchar(10), f double)', rows)],
      [index('ai', 'a', 'CREATE INDEX ai on a (i)'), index('an', 'a', 'CREATE INDEX an on a (n, r)'), index('at', 'a', 'CREATE INDEX at on a (t)'), index('ac', 'a', 'CREATE INDEX ac on a (c, f)')]
    )
  })

  it('lays a page out as SQLite does: one-page tables are byte-identical', () => {
    const boundaries = [0, 1, 2, 127, 128, -128, -129, 32767, 32768, -32768, -32769, 8388607, 8388608, 2147483647, 2147483648, -2147483648, -2147483649, 2 ** 47 - 1, 2 ** 47, -(2 ** 47), -(2 ** 47) - 1]
    const value = fc.oneof(
      fc.constant(null),
      fc.integer({min: -300, max: 300}),
      fc.maxSafeInteger(),
      fc.constantFrom(...boundaries),
      fc.string({maxLength: 30}),
      fc.constantFrom('42', '1e3', '4.0', ' 7 ', '4.5', '140737488355328', '-9.5e20', '')
    )
    const rows = fc.array(fc.tuple(value, value, value, value), {minLength: 1, maxLength: 6})
    fc.assert(
      fc.property(rows, (tuples) => {
        const tables = [table('t', 'CREATE TABLE t (id integer primary key, a integer, b text, c, d real)', tuples.map(([a, b, c, d], row) => [row + 1, a, b, c, d]))]
        const page = (bytes: Uint8Array) => Buffer.from(bytes.subarray(4096, 8192))
        expect(page(writeSqlite(tables, [])).equals(page(viaSqlJs(tables, [])))).toBe(true)
      }),
      {numRuns: 100, seed: 42}
    )
  })

  it('random tables and indexes: integrity and the same content as through SQLite', () => {
    const types = fc.constantFrom('integer', 'int', 'text', 'real', 'numeric', 'blob', '', 'varchar(5)', 'boolean')
    const value = fc.oneof(
      {weight: 2, arbitrary: fc.constant(null)},
      {weight: 3, arbitrary: fc.integer({min: -2000, max: 2000})},
      {weight: 2, arbitrary: fc.maxSafeInteger()},
      {weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 2 ** 47, -(2 ** 47) - 1, 2 ** 53 - 1)},
      {weight: 3, arbitrary: fc.string({maxLength: 12, unit: 'grapheme'}).map((text) => text.replace(/\u0000/g, ''))},
      {weight: 1, arbitrary: fc.string({maxLength: 1500}).map((text) => text.replace(/\u0000/g, ''))},
      {weight: 2, arbitrary: fc.constantFrom('42', '-7', '4.0', '1e3', ' 5', '007', 'abc', '4.5', '', '9223372036854775808', '0x10')}
    )
    const schema = fc.record({
      types: fc.array(types, {minLength: 1, maxLength: 5}),
      rowid: fc.boolean(),
      rows: fc.integer({min: 0, max: 60}),
      indexes: fc.array(fc.array(fc.nat(), {minLength: 1, maxLength: 3}), {maxLength: 3}),
      seed: fc.nat()
    })
    fc.assert(
      fc.property(schema, fc.infiniteStream(value), ({types, rowid, rows: count, indexes, seed}, values) => {
        const columns = types.map((type, position) => 'c' + position + (type ? ' ' + type : ''))
        const sql = 'CREATE TABLE t (' + (rowid ? 'id integer primary key, ' : '') + columns.join(', ') + ')'
        const next = random(seed)
        const ids = new Set<number>()
        const rows: SqlValue[][] = []
        for (let row = 0; row < count; row++) {
          const cells = types.map(() => values.next().value)
          if (rowid) {
            // Given rowids are multiples of 1000; a NULL one becomes the largest so far plus one, which meets none of them.
            let id: number | null = next() < 0.2 ? null : (Math.floor(next() * 600) - 300) * 1000
            if (id !== null && ids.has(id)) id = null
            if (id !== null) ids.add(id)
            cells.unshift(id)
          }
          rows.push(cells)
        }
        const indexSpecs = indexes.map((picks, position) => {
          const names = [...new Set(picks.map((pick) => (rowid && pick % (types.length + 1) === types.length ? 'id' : 'c' + (pick % types.length))))]
          return index('i' + position, 't', 'CREATE INDEX i' + position + ' on t (' + names.join(', ') + ')')
        })
        expectSameAsSqlJs([table('t', sql, rows)], indexSpecs)
      }),
      {numRuns: 80, seed: 7}
    )
  })

  it('a UNIQUE index: distinct values, or NULLs; equal values throw', () => {
    expectSameAsSqlJs([table('u', 'CREATE TABLE u (id integer primary key, a text, b integer)', [[1, 'x', 1], [2, 'y', 1], [3, null, 2], [4, null, 2]])], [index('ua', 'u', 'CREATE UNIQUE INDEX ua on u (a)'), index('uab', 'u', 'CREATE UNIQUE INDEX uab on u (a, b)')])
    expect(() => writeSqlite([table('u', 'CREATE TABLE u (id integer primary key, a text)', [[1, 'x'], [2, 'x']])], [index('ua', 'u', 'CREATE UNIQUE INDEX ua on u (a)')])).toThrow(/UNIQUE/)
  })

  it("stores CREATE statements as SQLite does (CREATE TABLE / CREATE INDEX spelled SQLite's way, from the name on as written)", () => {
    expectSameAsSqlJs(
      [table('Weird', '  create   table Weird ( "a b" TEXT, [c] integer /* comment */, `d`  ) ;', [['x', '5', 1]])],
      [index('iw', 'Weird', 'create  index iw ON Weird ("a b" ASC, c COLLATE BINARY)')]
    )
  })

  it('a schema larger than page 1: the schema table gets interior pages, its root stays on page 1', () => {
    const tables = Array.from({length: 60}, (_, position) =>
      table('table_' + position, 'CREATE TABLE table_' + position + ' (id integer primary key, ' + Array.from({length: 20}, (_, column) => 'column_number_' + column + ' text').join(', ') + ')', [[position, ...Array.from({length: 20}, (_, column) => 'v' + column)]])
    )
    const bytes = expectSameAsSqlJs(tables, [])
    expect(pageHeader(bytes, 1).flag).toBe(0x05)
  })

  it('one CREATE statement larger than page 1 can hold: a root with no cell, one child', () => {
    // Its schema record: 7 header bytes, 'table', 'wide', 'wide', root page 2, then the SQL: 8121 bytes of SQL make a
    // payload of 8142 bytes, 4050 of them local (489 + (8142 − 489) mod 4092): more than page 1 has room for.
    const sql = 'CREATE TABLE wide (' + 'c'.repeat(8096) + ' text)'
    expect(sql.length).toBe(8121)
    const bytes = expectSameAsSqlJs([table('wide', sql, [])], [])
    expect(pageHeader(bytes, 1)).toMatchObject({flag: 0x05, cells: 0})
  })

  it('same rows, same bytes, whatever order the rows come in', () => {
    const rows: SqlValue[][] = Array.from({length: 3000}, (_, row) => [row * 13, 'text ' + row, row % 7])
    const tables = (order: SqlValue[][]) => [table('t', 'CREATE TABLE t (id integer primary key, a text, b integer)', order)]
    const indexes = [index('ib', 't', 'CREATE INDEX ib on t (b)')]
    const first = writeSqlite(tables(rows), indexes)
    expect(Buffer.from(writeSqlite(tables(rows), indexes)).equals(Buffer.from(first))).toBe(true)
    expect(Buffer.from(writeSqlite(tables([...rows].reverse()), indexes)).equals(Buffer.from(first))).toBe(true)
  })

  it('refuses what it cannot write correctly', () => {
    const t = (sql: string, rows: SqlValue[][] = []) => [table('t', sql, rows)]
    expect(() => writeSqlite(t('CREATE TABLE t (a text unique)'), [])).toThrow(/UNIQUE/)
    expect(() => writeSqlite(t('CREATE TABLE t (a text primary key)'), [])).toThrow(/automatic index/)
    expect(() => writeSqlite(t('CREATE TABLE t (a int primary key)'), [])).toThrow(/automatic index/)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer primary key desc)'), [])).toThrow(/automatic index/)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer primary key autoincrement)'), [])).toThrow(/AUTOINCREMENT/)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer, b, primary key (a, b))'), [])).toThrow(/PRIMARY KEY/)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer primary key) without rowid'), [])).toThrow(/without rowid/i)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer) strict'), [])).toThrow(/strict/i)
    expect(() => writeSqlite(t('CREATE TABLE t (a check (a > 0))'), [])).toThrow(/CHECK/)
    expect(() => writeSqlite(t('CREATE TABLE t (a text collate nocase)'), [])).toThrow(/COLLATE/)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer)', [[1.5]]), [])).toThrow(/safe integer/)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer)', [[2 ** 53]]), [])).toThrow(/safe integer/)
    expect(() => writeSqlite(t('CREATE TABLE t (a integer not null)', [[null]]), [])).toThrow(/NOT NULL/)
    expect(() => writeSqlite(t('CREATE TABLE t (a, b)', [[1]]), [])).toThrow(/a row of 1 values for 2 columns/)
    expect(() => writeSqlite(t('CREATE TABLE t (id integer primary key)', [[1], [1]]), [])).toThrow(/two rows with rowid 1/)
    expect(() => writeSqlite(t('CREATE TABLE t (id integer primary key)', [['x']]), [])).toThrow(/rowid/)
    expect(() => writeSqlite(t('CREATE TABLE t (id integer primary key, a)', [[1, 2]]).map((x) => ({...x, rowid: 1})), [])).toThrow(/INTEGER PRIMARY KEY/)
    expect(() => writeSqlite(t('CREATE TABLE u (a)'), [])).toThrow(/creates u/)
    const withIndex = (sql: string) => () => writeSqlite(t('CREATE TABLE t (a, b)'), [index('i', 't', sql)])
    expect(withIndex('CREATE INDEX i on t (a desc)')).toThrow(/Unsupported/)
    expect(withIndex('CREATE INDEX i on t (a collate nocase)')).toThrow(/Unsupported/)
    expect(withIndex('CREATE INDEX i on t (a) where b > 0')).toThrow(/Unsupported/)
    expect(withIndex('CREATE INDEX i on t (a + b)')).toThrow(/Unsupported/)
    expect(withIndex('CREATE INDEX i on t (c)')).toThrow(/no column c/)
    expect(withIndex('CREATE INDEX j on t (a)')).toThrow(/creates j/)
    expect(() => writeSqlite(t('CREATE TABLE t (a, b)'), [{...index('i', 't', 'CREATE INDEX i on t (a)'), columns: [1]}])).toThrow(/columns 1 given/)
    expect(() => writeSqlite(t('CREATE TABLE t (a)'), [index('i', 'x', 'CREATE INDEX i on x (a)')])).toThrow(/not given/)
  })
})

/** Realistic cards: every fixture's notes, compiled. */
function fixtureDecks(): ApkgDeck[] {
  const fixtures = path.join(import.meta.dirname, 'fixtures')
  return readdirSync(fixtures)
    .filter((name) => {
      try {
        readFileSync(path.join(fixtures, name, 'input.md'))
        return true
      } catch {
        return false
      }
    })
    .map((name) => {
      const file = new VFile({path: 'notes/' + name + '.md', value: readFileSync(path.join(fixtures, name, 'input.md'), 'utf8')})
      return {name: 'Fixtures::' + name, cards: compileDeck(file, {now: () => 1764100000}).document.cards}
    })
}

describe('the Anki collection written with writeSqlite', () => {
  it('holds what the same rows hold when inserted through SQLite, table by table, index by index', () => {
    const decks = fixtureDecks()
    expect(decks.reduce((sum, deck) => sum + deck.cards.length, 0)).toBeGreaterThan(50)
    // Sort fields that look like numbers: SQLite stores them as integers (sfld is declared integer).
    const [first] = decks[0].cards
    const numeric = ['42', '-7', '4.0', '1e3', ' 5', '007', 'abc'].map((front, position) => ({...first, id: first.id + '-n' + position, front, frontHtml: front}))
    decks.push({name: 'Numbers', cards: numeric})
    // The rows come as generators, read once: both writers get them as lists.
    const tables = collectionTables(decks).map((table) => ({...table, rows: [...table.rows]}))
    expect(tables.map((table) => table.name)).toEqual(['col', 'notes', 'cards', 'revlog', 'graves'])
    expect(collectionIndexes.map((index) => index.name)).toEqual(['ix_notes_usn', 'ix_cards_usn', 'ix_revlog_usn', 'ix_cards_nid', 'ix_cards_sched', 'ix_revlog_cid', 'ix_notes_csum'])
    const bytes = expectSameAsSqlJs(tables, collectionIndexes)
    withDatabase(bytes, (db) => {
      expect(query(db, "SELECT typeof(sfld), sfld FROM notes WHERE guid LIKE '%-n%' ORDER BY guid")).toEqual([
        ['integer', 42],
        ['integer', -7],
        ['integer', 4],
        ['integer', 1000],
        ['integer', 5],
        ['integer', 7],
        ['text', 'abc']
      ])
    })
  })

  it('reads rows given as generators once, in turn, and writes the same bytes as for lists', () => {
    const listed = collectionTables(fixtureDecks()).map((table) => ({...table, rows: [...table.rows]}))
    let reads = 0
    const generated = listed.map((table) => ({
      ...table,
      rows: (function* () {
        reads++
        yield* table.rows
      })()
    }))
    expect(Buffer.from(writeSqlite(generated, collectionIndexes)).equals(Buffer.from(writeSqlite(listed, collectionIndexes)))).toBe(true)
    expect(reads).toBe(listed.length)
  })

  it('writeApkg: a package whose collection passes the integrity check', async () => {
    const decks = fixtureDecks()
    const contents = await readApkg(await writeApkg(decks))
    expect(contents.notes.length).toBe(decks.reduce((sum, deck) => sum + deck.cards.length, 0))
    withDatabase(contents.files['collection.anki2'], (db) => expect(integrity(db)).toEqual(['ok']))
  })

  it('writeApkgFile: the same package written to disk as it is made, for a small collection and for one too large to hold in memory', async () => {
    const dir = temporaryFolder('studydeck-apkg-file-')
    const media = [{name: 'b.png', data: new Uint8Array([1, 2, 3])}, {name: 'a.png', data: new Uint8Array([4, 5])}]
    const small = fixtureDecks()
    await writeApkgFile(path.join(dir, 'small.apkg'), small, media)
    expect(Buffer.from(readFileSync(path.join(dir, 'small.apkg'))).equals(Buffer.from(await writeApkg(small, media)))).toBe(true)

    // Long answers: a collection past the size kept in memory goes through a temporary file beside the package.
    const answer = (index: number) => '<p>' + ('answer ' + index + ' ').repeat(1500) + '</p>'
    const cards: Card[] = Array.from({length: 3500}, (_, index) => ({
      id: index.toString(16).padStart(16, '0'),
      kind: 'faq',
      front: 'Question ' + index,
      back: 'answer ' + index,
      frontHtml: '<p>Question ' + index + '</p>',
      backHtml: answer(index),
      context: ['Large'],
      tags: ['large'],
      source: {file: 'large.md', line: index + 1},
      modified: 1700000000
    }))
    const large = [{name: 'Large', cards}]
    const bytes = await writeApkg(large, media)
    expect(bytes.length).toBeGreaterThan(0)
    const contents = await readApkg(bytes)
    expect(contents.files['collection.anki2'].length).toBeGreaterThan(collectionInMemoryUpTo)
    await writeApkgFile(path.join(dir, 'large.apkg'), large, media)
    expect(Buffer.from(readFileSync(path.join(dir, 'large.apkg'))).equals(Buffer.from(bytes))).toBe(true)
    expect(contents.notes.length).toBe(cards.length)
    expect(contents.media).toEqual({0: 'a.png', 1: 'b.png'})
    expect(readdirSync(dir).sort()).toEqual(['large.apkg', 'small.apkg'])
  })
})
