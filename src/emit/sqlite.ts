/**
 * A writer of SQLite 3 database files for tables written once, whole: the
 * rows go straight into b-tree pages, laid out bottom-up, with no SQL engine
 * in between. Same tables and rows in, same bytes out.
 *
 * Section names below are those of the file format document,
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
 */

/** A value to store: numbers must be safe integers. */
export type SqlValue = number | string | null

export interface SqliteTable {
  name: string
  /** The CREATE TABLE statement, as SQLite stores it in `sqlite_schema.sql`. */
  sql: string
  /** Position of the `INTEGER PRIMARY KEY` column (the rowid; optional: it is read from `sql`, and checked if given). */
  rowid?: number
  rows: SqlValue[][]
}

export interface SqliteIndex {
  name: string
  table: string
  /** The CREATE INDEX statement. */
  sql: string
  /** Positions of the indexed columns in the table (optional: read from `sql`, and checked if given). */
  columns?: number[]
}

const pageSize = 4096
/** No bytes reserved at the end of pages, so the usable size U is the page size. */
const usable = pageSize
const sqliteVersion = 3045000

/** A value as SQLite stores it after type affinity: 64-bit integers beyond 2^53 as bigint, reals boxed. */
type Stored = null | number | bigint | string | Real

class Real {
  constructor(readonly value: number) {}
}

/** Write the tables and indexes as a database file. */
export function writeSqlite(tables: SqliteTable[], indexes: SqliteIndex[] = []): Uint8Array {
  const file = new PageFile()
  file.allocate() // page 1: the schema table's root, written last
  const arena = sharedArena
  arena.reset()
  const schemaRows: SqlValue[][] = []
  const prepared = new Map<string, PreparedTable>()
  const names = new Set<string>()
  const claim = (name: string) => {
    if (/^sqlite_/i.test(name)) throw new Error('Names that start with sqlite_ are SQLite\'s own: ' + name)
    if (names.has(name.toLowerCase())) throw new Error('Two schema objects named ' + name)
    names.add(name.toLowerCase())
  }

  for (const table of tables) {
    claim(table.name)
    const data = prepareTable(table)
    prepared.set(table.name.toLowerCase(), data)
    const root = writeTableTree(file, arena, tableCells(arena, data))
    schemaRows.push(['table', table.name, table.name, root, data.sql])
  }

  for (const index of indexes) {
    claim(index.name)
    const data = prepared.get(index.table.toLowerCase())
    if (!data) throw new Error('Index ' + index.name + ' is on a table not given: ' + index.table)
    const {sql, columns, unique} = remember([index.sql, index.name, index.columns?.join(), data.sql].join('\u0000'), () => parseIndex(index, data))
    const root = writeIndexTree(file, arena, indexCells(arena, data, columns, unique, index.name))
    schemaRows.push(['index', index.name, data.name, root, sql])
  }

  // §2.6 "Storage Of The SQL Database Schema": sqlite_schema is a table b-tree rooted at page 1.
  const schema = prepareTable({name: 'sqlite_schema', sql: 'CREATE TABLE sqlite_schema(type text, name text, tbl_name text, rootpage integer, sql text)', rows: schemaRows})
  writeTableTree(file, arena, tableCells(arena, schema), 1)
  const bytes = file.write()
  writeHeader(bytes, file.count)
  if (arena.bytes.length > 1 << 26) sharedArena = new Arena() // keep a big one no longer than needed
  return bytes
}

// ---------------------------------------------------------------------------
// Pages

/**
 * The file being laid out: pages are numbered first (from 1, in order, none
 * freed), written once all are known, into a buffer of the exact size.
 */
class PageFile {
  count = 0
  private readonly writes: Array<[number, (page: Uint8Array) => void]> = []

  /** Allocate `n` consecutive pages and return the first one's number. */
  allocate(n = 1): number {
    const first = this.count + 1
    this.count += n
    return first
  }

  /** Write page `number` when the file is written. */
  later(number: number, write: (page: Uint8Array) => void) {
    this.writes.push([number, write])
  }

  write(): Uint8Array {
    const bytes = new Uint8Array(this.count * pageSize)
    for (const [number, write] of this.writes) write(bytes.subarray((number - 1) * pageSize, number * pageSize))
    return bytes
  }
}

/** §1.3 "The Database Header": the first 100 bytes of page 1. */
function writeHeader(page: Uint8Array, pageCount: number) {
  page.set(encoder.encode('SQLite format 3\u0000'), 0)
  put2(page, 16, pageSize)
  page[18] = 1 // file format write version: legacy (rollback journal)
  page[19] = 1 // file format read version
  page[20] = 0 // reserved bytes at the end of each page
  page[21] = 64 // maximum embedded payload fraction (must be 64)
  page[22] = 32 // minimum embedded payload fraction (must be 32)
  page[23] = 32 // leaf payload fraction (must be 32)
  put4(page, 24, 1) // file change counter
  put4(page, 28, pageCount) // database size in pages: valid because 92 equals 24
  put4(page, 32, 0) // first freelist trunk page: none
  put4(page, 36, 0) // freelist pages
  put4(page, 40, 1) // schema cookie
  put4(page, 44, 4) // schema format 4 (serial types 8 and 9 for 0 and 1)
  put4(page, 48, 0) // default page cache size: unset, as a new database has it
  put4(page, 52, 0) // no auto-vacuum
  put4(page, 56, 1) // text encoding: UTF-8
  put4(page, 60, 0) // user version
  put4(page, 64, 0) // not incremental-vacuum
  put4(page, 68, 0) // application id
  put4(page, 92, 1) // version-valid-for: the change counter above
  put4(page, 96, sqliteVersion)
}

/** A cell whose payload (a record) sits in the arena, preceded by the cell's own header bytes. */
interface PayloadCell {
  /** Start of the cell in the arena: the payload size varint (and rowid varint, for table leaves). */
  head: number
  /** Start and end of the payload (the record). */
  payload: number
  end: number
  /** Payload bytes kept on the page; the rest goes to overflow pages. */
  local: number
  /** The rowid (table cells only). */
  key: number
}

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

/** Bytes a cell takes on its page, without its 2-byte pointer. */
function cellSize(cell: PayloadCell): number {
  return cell.payload - cell.head + cell.local + (cell.local < cell.end - cell.payload ? 4 : 0)
}

/** §1.7 "Cell Payload Overflow Pages": a chain of pages, each a 4-byte next-page number then U−4 payload bytes. */
function writeOverflow(file: PageFile, arena: Arena, start: number, end: number): number {
  const room = usable - 4
  const count = Math.ceil((end - start) / room)
  const first = file.allocate(count)
  for (let index = 0; index < count; index++) {
    file.later(first + index, (page) => {
      put4(page, 0, index + 1 < count ? first + index + 1 : 0)
      copy(page, 4, arena.bytes, start + index * room, Math.min(end, start + (index + 1) * room))
    })
  }
  return first
}

/**
 * A page of payload cells: a table leaf (0x0D), an index leaf (0x0A), or an
 * index interior page (0x02), whose cells start with a left child. Overflow
 * pages are numbered now, written with the page. Cells are laid from the end
 * of the page down, in key order, as SQLite's own page rebuild does; the
 * header and cell pointers grow from the top.
 */
function writePayloadPage(file: PageFile, arena: Arena, number: number, flag: number, cells: PayloadCell[], children?: number[], right = 0) {
  const overflow = cells.map((cell) => (cell.local < cell.end - cell.payload ? writeOverflow(file, arena, cell.payload + cell.local, cell.end) : 0))
  file.later(number, (page) => writeCells(page, number === 1 ? 100 : 0, arena.bytes, flag, cells, overflow, children, right))
}

/** The cells, from the end of the page down; their pointers, in key order, after the page header. */
function writeCells(page: Uint8Array, header: number, source: Uint8Array, flag: number, cells: PayloadCell[], overflow: number[], children: number[] | undefined, right: number) {
  const pointers = header + (children ? 12 : 8)
  let top = pageSize
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]
    top -= cellSize(cell) + (children ? 4 : 0)
    let at = top
    if (children) at = put4(page, at, children[index])
    at = copy(page, at, source, cell.head, cell.payload + cell.local)
    if (overflow[index]) put4(page, at, overflow[index])
    put2(page, pointers + 2 * index, top)
  }
  writePageHeader(page, header, flag, cells.length, top, right)
}

/** A table interior page (0x05): cells of a left child and the largest rowid under it. */
function writeTableInterior(file: PageFile, number: number, children: ChildPage[], right: number) {
  file.later(number, (page) => writeChildCells(page, number === 1 ? 100 : 0, children, right))
}

/** Table interior cells: left child's page number, then the largest rowid under it. */
function writeChildCells(page: Uint8Array, header: number, children: ChildPage[], right: number) {
  let top = pageSize
  for (const [index, child] of children.entries()) {
    top -= 4 + varintLength(child.key)
    writeVarint(page, put4(page, top, child.page), child.key)
    put2(page, header + 12 + 2 * index, top)
  }
  writePageHeader(page, header, 0x05, children.length, top, right)
}

/** §1.6 "B-tree Pages": the 8-byte (leaf) or 12-byte (interior) page header. No freeblocks, no fragments. */
function writePageHeader(page: Uint8Array, at: number, flag: number, cells: number, contentStart: number, right: number) {
  page[at] = flag
  put2(page, at + 1, 0) // first freeblock: none
  put2(page, at + 3, cells)
  put2(page, at + 5, contentStart)
  page[at + 7] = 0 // fragmented free bytes
  if (flag === 0x05 || flag === 0x02) put4(page, at + 8, right)
}

/** Bytes free for cells and their pointers on a page. */
function pageRoom(first: boolean, interior: boolean): number {
  return pageSize - (first ? 100 : 0) - (interior ? 12 : 8)
}

interface ChildPage {
  page: number
  /** Largest rowid in the subtree. */
  key: number
}

/**
 * A table b-tree (a B+tree: all rows in the leaves), built bottom-up: leaves
 * filled in rowid order, then levels of interior pages whose cells hold each
 * child's largest rowid, until one page holds them all: the root.
 */
function writeTableTree(file: PageFile, arena: Arena, cells: PayloadCell[], root?: number): number {
  const first = root === 1
  if (totalCost(cells, cells.length, leafCost) <= pageRoom(first, false)) {
    const number = root ?? file.allocate()
    writePayloadPage(file, arena, number, 0x0d, cells)
    return number
  }
  let level: ChildPage[] = []
  for (const [start, end] of packLeaves(cells, pageRoom(false, false))) {
    const number = file.allocate()
    writePayloadPage(file, arena, number, 0x0d, cells.slice(start, end))
    level.push({page: number, key: cells[end - 1].key})
  }
  for (;;) {
    // Every child but the last is a cell; the last is the right-most pointer.
    const cellCount = level.length - 1
    if (totalCost(level, cellCount, childCost) <= pageRoom(first, true)) {
      // A root on page 1 may have one child and no cell, if that child does not fit page 1: SQLite's balance-deeper does the same.
      const number = root ?? file.allocate()
      writeTableInterior(file, number, level.slice(0, cellCount), level[cellCount].page)
      return number
    }
    const upper: ChildPage[] = []
    const children = level
    for (const [start, end] of splitRuns(cellCount, (index) => childCost(children[index]), pageRoom(false, true))) {
      const number = file.allocate()
      writeTableInterior(file, number, level.slice(start, end), level[end].page)
      upper.push({page: number, key: level[end].key})
    }
    level = upper
  }
}

/**
 * An index b-tree (a true B-tree: interior cells are entries too), built
 * bottom-up: leaves of consecutive entries, with one entry between each two
 * leaves moving up into their parent, and so on up to the root.
 */
function writeIndexTree(file: PageFile, arena: Arena, entries: PayloadCell[]): number {
  const room = pageRoom(false, false)
  if (totalCost(entries, entries.length, leafCost) <= room) {
    const number = file.allocate()
    writePayloadPage(file, arena, number, 0x0a, entries)
    return number
  }
  let nodes: number[] = []
  let separators: PayloadCell[] = []
  const leaves = splitRuns(entries.length, (index) => leafCost(entries[index]), room)
  for (const [start, end] of leaves) {
    const number = file.allocate()
    writePayloadPage(file, arena, number, 0x0a, entries.slice(start, end))
    nodes.push(number)
    if (end < entries.length) separators.push(entries[end])
  }
  const interiorRoom = pageRoom(false, true)
  for (;;) {
    // Cell i is (nodes[i], separators[i]); the last node is the right-most pointer.
    if (totalCost(separators, separators.length, interiorCost) <= interiorRoom) {
      const number = file.allocate()
      writePayloadPage(file, arena, number, 0x02, separators, nodes.slice(0, -1), nodes[nodes.length - 1])
      return number
    }
    const upperNodes: number[] = []
    const upperSeparators: PayloadCell[] = []
    for (const [start, end] of splitRuns(separators.length, (index) => interiorCost(separators[index]), interiorRoom)) {
      const number = file.allocate()
      writePayloadPage(file, arena, number, 0x02, separators.slice(start, end), nodes.slice(start, end), nodes[end])
      upperNodes.push(number)
      if (end < separators.length) upperSeparators.push(separators[end])
    }
    nodes = upperNodes
    separators = upperSeparators
  }
}

function leafCost(cell: PayloadCell): number {
  return cellSize(cell) + 2
}

function interiorCost(cell: PayloadCell): number {
  return cellSize(cell) + 6
}

/** A table interior cell: child page number, rowid varint; and its pointer. */
function childCost(child: ChildPage): number {
  return 6 + varintLength(child.key)
}

/** What the first `count` items take on a page. */
function totalCost<T>(items: T[], count: number, cost: (item: T) => number): number {
  let total = 0
  for (let index = 0; index < count; index++) total += cost(items[index])
  return total
}

/** Table leaves: as many consecutive cells as fit, page after page. */
function packLeaves(cells: PayloadCell[], room: number): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  let start = 0
  let used = 0
  for (let index = 0; index < cells.length; index++) {
    const cost = leafCost(cells[index])
    if (used + cost > room) {
      runs.push([start, index])
      start = index
      used = 0
    }
    used += cost
  }
  runs.push([start, cells.length])
  return runs
}

/**
 * Split `count` cells into runs of consecutive cells that fit a page, with
 * one cell between each two runs left out: it goes up a level (an index
 * entry), or becomes the page's right-most pointer (a table interior child).
 * Every run keeps at least one cell: a page needs one, and the last run must
 * not end up empty.
 */
function splitRuns(count: number, cost: (index: number) => number, room: number): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  let start = 0
  for (;;) {
    let end = start
    let used = 0
    while (end < count && used + cost(end) <= room) used += cost(end++)
    if (end === count) {
      runs.push([start, end])
      return runs
    }
    if (end - start < 2) throw new Error('Internal error: fewer than two cells fit a page')
    if (end + 1 === count) {
      // Leaving cell `end` out would leave nothing for the last run: leave out the one before.
      runs.push([start, end - 1], [end, count])
      return runs
    }
    runs.push([start, end])
    start = end + 1
  }
}

// ---------------------------------------------------------------------------
// Records

/**
 * Bytes that records are encoded into, before their cells are copied onto
 * pages. One is kept between calls: growing a fresh one each time, page by
 * fresh page, cost more than the encoding.
 */
class Arena {
  bytes = new Uint8Array(1 << 16)
  view = new DataView(this.bytes.buffer)
  length = 0

  /** Make room up to `end`. */
  ensure(end: number) {
    if (end <= this.bytes.length) return
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, end))
    grown.set(this.bytes)
    this.bytes = grown
    this.view = new DataView(grown.buffer)
  }

  reset() {
    this.length = 0
  }
}

let sharedArena = new Arena()

const encoder = new TextEncoder()
/** Serial types of the record being written (one record at a time). */
const serialTypes: number[] = []

/**
 * §2.1 "Record Format": a header (its own size, then one serial type per
 * value), then the values. A table record holds the row's values, the rowid
 * column as NULL (§2.3). Written at the end of the arena with `prefix` bytes
 * left free before it for the cell's own header; returns the record's start.
 */
function encodeTableRecord(arena: Arena, row: Stored[], rowidColumn: number, prefix: number): number {
  const count = row.length
  // Room for all but text, which makes its own.
  arena.ensure(arena.length + prefix + 18 * (count + 1))
  const bodyStart = arena.length + prefix + 9 * (count + 1)
  let at = bodyStart
  for (let column = 0; column < count; column++) at = writeValue(arena, at, column === rowidColumn ? null : row[column], column)
  arena.length = at
  return writeRecordHeader(arena.bytes, bodyStart, count)
}

/** §2.5 "Representation Of SQL Indices": an index record holds the indexed values, then the rowid. */
function encodeIndexRecord(arena: Arena, keys: Stored[][], row: number, rowid: number, prefix: number): number {
  const count = keys.length + 1
  arena.ensure(arena.length + prefix + 18 * (count + 1))
  const bodyStart = arena.length + prefix + 9 * (count + 1)
  let at = bodyStart
  for (let slot = 0; slot < keys.length; slot++) at = writeValue(arena, at, keys[slot][row], slot)
  at = writeValue(arena, at, rowid, keys.length)
  arena.length = at
  return writeRecordHeader(arena.bytes, bodyStart, count)
}

/** Write one value at `at`, its serial type into `serialTypes[slot]`; returns where the next value goes. */
function writeValue(arena: Arena, at: number, value: Stored, slot: number): number {
  if (value === null) {
    serialTypes[slot] = 0
    return at
  }
  if (typeof value === 'number') {
    const type = integerType(value)
    serialTypes[slot] = type
    return writeInteger(arena.bytes, at, value, type)
  }
  if (typeof value === 'string') {
    arena.ensure(at + 3 * value.length) // UTF-8 takes at most 3 bytes per UTF-16 unit
    const length = writeText(arena.bytes, at, value)
    serialTypes[slot] = 2 * length + 13
    return at + length
  }
  if (typeof value === 'bigint') {
    serialTypes[slot] = 6
    arena.view.setBigInt64(at, value)
  } else {
    serialTypes[slot] = 7
    arena.view.setFloat64(at, value.value)
  }
  return at + 8
}

/** The record header, ending where the values begin: its size varint (which counts itself), then the serial types. */
function writeRecordHeader(bytes: Uint8Array, bodyStart: number, count: number): number {
  let typesLength = 0
  for (let slot = 0; slot < count; slot++) typesLength += varintLength(serialTypes[slot])
  let headerSize = typesLength + 1
  while (varintLength(headerSize) !== headerSize - typesLength) headerSize++
  const start = bodyStart - headerSize
  let at = writeVarint(bytes, start, headerSize)
  for (let slot = 0; slot < count; slot++) at = writeVarint(bytes, at, serialTypes[slot])
  return start
}

/** Serial types 1–6 by size, 8 and 9 for 0 and 1 (schema format 4). */
function integerType(value: number): number {
  if (value === 0) return 8
  if (value === 1) return 9
  const magnitude = value < 0 ? -1 - value : value
  if (magnitude <= 0x7f) return 1
  if (magnitude <= 0x7fff) return 2
  if (magnitude <= 0x7fffff) return 3
  if (magnitude <= 0x7fffffff) return 4
  if (magnitude <= 0x7fffffffffff) return 5
  return 6
}

/** Big-endian two's complement, in the size the serial type says. */
function writeInteger(bytes: Uint8Array, at: number, value: number, type: number): number {
  switch (type) {
    case 8:
    case 9:
      return at
    case 5: {
      const high = Math.floor(value / 0x100000000)
      bytes[at] = high >> 8
      bytes[at + 1] = high
      put4(bytes, at + 2, value >>> 0)
      return at + 6
    }
    case 6:
      new DataView(bytes.buffer, bytes.byteOffset).setBigInt64(at, BigInt(value))
      return at + 8
    default: {
      const size = type
      for (let index = size - 1; index >= 0; index--) {
        bytes[at + index] = value
        value >>= 8
      }
      return at + size
    }
  }
}

/** UTF-8 text; short ASCII copied by hand, which beats a call into the encoder. */
function writeText(bytes: Uint8Array, at: number, text: string): number {
  const length = text.length
  if (length < 64) {
    let index = 0
    for (; index < length; index++) {
      const code = text.charCodeAt(index)
      if (code >= 0x80) break
      bytes[at + index] = code
    }
    if (index === length) return length
  }
  return encoder.encodeInto(text, bytes.subarray(at)).written
}

/**
 * Table leaf cells, in rowid order: payload size varint, rowid varint, record
 * (§1.6, "Table B-Tree Leaf Cell"). Records are encoded in the order the rows
 * came in, which reads them from memory in order, and placed by rowid.
 */
function tableCells(arena: Arena, table: PreparedTable): PayloadCell[] {
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
function indexCells(arena: Arena, table: PreparedTable, columns: number[], unique: boolean, name: string): PayloadCell[] {
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

/**
 * Rows in index order: by the indexed values as SQLite compares them (§2.2
 * "Record Sort Order", BINARY collation), then by rowid. The rows start in
 * rowid order and are sorted stably by each column, the last first, so that
 * ties keep the order of the columns after them, then of the rowid.
 */
function indexOrder(order: number[], keys: Stored[][]): number[] {
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
function sortByNumber(order: number[], key: (row: number) => number): number[] {
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
function checkUnique(keys: Stored[][], order: number[], name: string) {
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

// ---------------------------------------------------------------------------
// Tables: schema, affinity, rowids

const enum Affinity {
  Blob,
  Text,
  Numeric,
  Real
}

interface Column {
  name: string
  affinity: Affinity
  notNull: boolean
}

interface PreparedTable {
  name: string
  sql: string
  columns: Column[]
  /** The `INTEGER PRIMARY KEY` column, or −1. */
  rowidColumn: number
  /** Values after affinity, per input row (the rowid column's value is the rowid or NULL: read `rowids`). */
  values: Stored[][]
  rowids: number[]
  /** Input row positions in rowid order. */
  order: number[]
}

function prepareTable(table: SqliteTable): PreparedTable {
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

/** The row's values after affinity: the row itself when none changes, as for most rows. */
function withAffinities(row: SqlValue[], columns: Column[], rowidColumn: number, table: string): Stored[] {
  let stored: Stored[] = row
  for (let column = 0; column < row.length; column++) {
    const value = row[column]
    const converted = withAffinity(value, columns[column], column !== rowidColumn, table)
    if (converted !== value) {
      if (stored === row) stored = row.slice()
      stored[column] = converted
    }
  }
  return stored
}

/**
 * A value converted as SQLite's column affinity would on INSERT (datatype3,
 * "Type Affinity"): TEXT columns store numbers as text; INTEGER, NUMERIC and
 * REAL columns store text that is a well-formed number as that number
 * (an integer if it has an exact one), other text as is.
 */
function withAffinity(value: SqlValue, column: Column, checkNull: boolean, table: string): Stored {
  if (value === null) {
    if (column.notNull && checkNull) throw new Error('Table ' + table + ': NULL in NOT NULL column ' + column.name)
    return null
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('Table ' + table + ', column ' + column.name + ': not a safe integer: ' + value)
    if (column.affinity === Affinity.Text) return String(value)
    return column.affinity === Affinity.Real ? realColumnInteger(value) : value
  }
  if (typeof value !== 'string') throw new TypeError('Table ' + table + ', column ' + column.name + ': not a number, string or null')
  if (column.affinity === Affinity.Numeric || column.affinity === Affinity.Real) {
    const number = numericText(value)
    if (number !== undefined) return column.affinity === Affinity.Real && typeof number !== 'object' ? realColumnInteger(number) : number
  }
  return value
}

/**
 * A REAL column stores an integral value as an integer while it fits six
 * bytes, as a real beyond (SQLite's OP_MakeRecord, "IntReal").
 */
function realColumnInteger(value: number | bigint): Stored {
  const magnitude = value < 0 ? -value : value
  return magnitude > 0x7fffffffffff ? new Real(Number(value)) : value
}

/**
 * SQLite's text-to-number conversion (sqlite3AtoF, then applyNumericAffinity):
 * optional spaces, sign, digits with an optional decimal point, optional
 * exponent, spaces; at least one digit. An integer if the value is one
 * (pure integers exactly, if they fit 64 bits), else a real. Hexadecimal is not a number here.
 */
const numberPattern = /^[\t\n\v\f\r ]*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?[\t\n\v\f\r ]*$/
const int64Min = -(2n ** 63n)
const int64Max = 2n ** 63n - 1n
const safeMin = BigInt(Number.MIN_SAFE_INTEGER)
const safeMax = BigInt(Number.MAX_SAFE_INTEGER)

function numericText(text: string): number | bigint | Real | undefined {
  const first = text.charCodeAt(0)
  // Most text is not a number: rule it out on its first character.
  if (!(first <= 0x20 || (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e)) return undefined
  const match = numberPattern.exec(text)
  if (!match || match[2].length + (match[3]?.length ?? 0) === 0) return undefined
  const [, sign, digits, fraction, exponent] = match
  if (fraction === undefined && exponent === undefined) {
    if (digits.length <= 15) return Number(sign + digits) || 0
    const exact = BigInt(sign + digits)
    if (exact >= int64Min && exact <= int64Max) return exact >= safeMin && exact <= safeMax ? Number(exact) : exact
    return new Real(Number(sign + digits))
  }
  const real = Number(sign + (digits || '0') + '.' + (fraction ?? '') + (exponent === undefined ? '' : 'e' + exponent))
  // sqlite3VdbeIntegerAffinity: integral reals strictly inside the 64-bit range become integers.
  if (Number.isInteger(real) && real > -(2 ** 63) && real < 2 ** 63) return Number.isSafeInteger(real) ? real || 0 : BigInt(real)
  return new Real(real)
}

/** Parsed schema statements, kept: a writer of many packages meets the same few statements again and again. */
const parsed = new Map<string, unknown>()

function remember<T>(key: string, parse: () => T): T {
  let value = parsed.get(key) as T | undefined
  if (value === undefined) {
    value = parse()
    if (parsed.size >= 256) parsed.clear()
    parsed.set(key, value)
  }
  return value
}

/**
 * SQLite stores a CREATE statement from its name on, after "CREATE TABLE " or
 * "CREATE [UNIQUE] INDEX " spelled that way, up to its last token.
 */
function normalizeCreate(sql: string, start: RegExp, canonical: string): string {
  const match = start.exec(sql.trimStart())
  if (!match) throw new Error('Not a ' + canonical.trim() + ' statement: ' + sql)
  return (canonical + sql.trimStart().slice(match[0].length)).replace(/[\s;]+$/, '')
}

interface Token {
  text: string
  /** A word: a keyword or bare identifier. */
  word: boolean
}

const tokenPattern = /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"]|"")*"|`(?:[^`]|``)*`|'(?:[^']|'')*'|\[[^\]]*\]|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*|\d[\w.]*|[\s\S]/gy

function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  for (const [text] of sql.matchAll(tokenPattern)) {
    const first = text[0]
    if (/\s/.test(first) || text.startsWith('--') || text.startsWith('/*')) continue
    if (first === '"' || first === '`') tokens.push({text: text.slice(1, -1).replaceAll(first + first, first), word: false})
    else if (first === '[') tokens.push({text: text.slice(1, -1), word: false})
    else tokens.push({text, word: /^[A-Za-z_\u0080-\uffff]/.test(text)})
  }
  return tokens
}

const is = (token: Token | undefined, keyword: string) => token !== undefined && token.word && token.text.toUpperCase() === keyword

/** Split the tokens between the parentheses opening at `open` at their top-level commas; returns the parts and the index after `)`. */
function parenthesized(tokens: Token[], open: number): {parts: Token[][]; after: number} {
  const parts: Token[][] = [[]]
  let depth = 0
  for (let index = open; index < tokens.length; index++) {
    const text = tokens[index].word ? '' : tokens[index].text
    if (text === '(' && depth++ === 0) continue
    if (text === ')' && --depth === 0) return {parts, after: index + 1}
    if (text === ',' && depth === 1) parts.push([])
    else parts[parts.length - 1].push(tokens[index])
  }
  throw new Error('Unbalanced parentheses')
}

const constraintStarts = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS'])

/** The columns of a CREATE TABLE: names, affinities, NOT NULL, and which one (if any) is the rowid. */
function parseTable(sql: string): {sql: string; name: string; columns: Column[]; rowidColumn: number} {
  const tokens = tokenize(sql)
  const unsupported = (what: string) => new Error('Unsupported in ' + sql + ': ' + what)
  if (is(tokens[2], 'IF') || is(tokens[2], 'TEMP') || is(tokens[2], 'TEMPORARY')) throw unsupported(tokens[2].text)
  const open = tokens.findIndex((token) => !token.word && token.text === '(')
  if (open !== 3) throw unsupported('a table name then its columns in parentheses')
  const {parts, after} = parenthesized(tokens, open)
  if (after < tokens.length) throw unsupported(tokens.slice(after).map((token) => token.text).join(' '))
  const columns: Column[] = []
  const declared: string[] = []
  let primaryKey: {column: string; descending: boolean} | undefined
  for (const part of parts) {
    if (part.length === 0) throw unsupported('an empty column definition')
    const head = part[0].word ? part[0].text.toUpperCase() : ''
    if (['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'].includes(head)) {
      // A table constraint.
      const at = is(part[0], 'CONSTRAINT') ? 2 : 0
      if (is(part[at], 'FOREIGN')) continue // no effect on what is stored
      if (!is(part[at], 'PRIMARY')) throw unsupported(part[at]?.text ?? 'CONSTRAINT')
      const keyColumns = parenthesized(part, at + 2).parts
      if (primaryKey || keyColumns.length !== 1) throw unsupported('a PRIMARY KEY of several columns')
      primaryKey = {column: keyColumns[0][0].text, descending: false} // PRIMARY KEY(x DESC) is still the rowid
      continue
    }
    const name = part[0].text
    let index = 1
    const type: string[] = []
    while (index < part.length && part[index].word && !constraintStarts.has(part[index].text.toUpperCase())) type.push(part[index++].text.toUpperCase())
    if (part[index]?.text === '(') {
      index = parenthesized(part, index).after
      type.push('(')
    }
    let notNull = false
    for (; index < part.length; index++) {
      const word = part[index].word ? part[index].text.toUpperCase() : ''
      if (part[index].text === '(') index = parenthesized(part, index).after - 1
      else if (word === 'PRIMARY') {
        if (primaryKey) throw unsupported('two PRIMARY KEYs')
        primaryKey = {column: name, descending: is(part[index + 2], 'DESC')}
      } else if (word === 'NOT' && is(part[index + 1], 'NULL')) notNull = true
      else if (word === 'COLLATE' && !is(part[index + 1], 'BINARY')) throw unsupported('COLLATE ' + part[index + 1]?.text)
      else if (['UNIQUE', 'CHECK', 'GENERATED', 'AS', 'AUTOINCREMENT'].includes(word)) throw unsupported(word)
      else if (word === 'DEFAULT') {
        // The default value may be a bare word (NULL, TRUE, CURRENT_TIME) or an expression in parentheses.
        index++
        if (part[index]?.text === '(') index = parenthesized(part, index).after - 1
      }
    }
    columns.push({name, affinity: affinityOf(type.join(' ')), notNull})
    declared.push(type.join(' '))
  }
  let rowidColumn = -1
  if (primaryKey) {
    const key = primaryKey
    rowidColumn = columns.findIndex((column) => column.name.toLowerCase() === key.column.toLowerCase())
    // Only a column declared exactly INTEGER is the rowid (and, as a column constraint, not DESC).
    if (rowidColumn < 0 || declared[rowidColumn] !== 'INTEGER' || key.descending) throw unsupported('a PRIMARY KEY that is not an INTEGER PRIMARY KEY (it needs an automatic index)')
  }
  return {sql, name: tokens[2].text, columns, rowidColumn}
}

/** datatype3 §3.1 "Determination Of Column Affinity", its five rules in order. */
function affinityOf(type: string): Affinity {
  if (type.includes('INT')) return Affinity.Numeric
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return Affinity.Text
  if (type.includes('BLOB') || type === '') return Affinity.Blob
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return Affinity.Real
  return Affinity.Numeric
}

/** CREATE [UNIQUE] INDEX name ON table (column [COLLATE BINARY] [ASC], ...). */
function parseIndex(index: SqliteIndex, table: PreparedTable): {sql: string; columns: number[]; unique: boolean} {
  const sql = normalizeCreate(index.sql, /^create\s+(unique\s+)?index\s+/i, /^\s*create\s+unique/i.test(index.sql) ? 'CREATE UNIQUE INDEX ' : 'CREATE INDEX ')
  const tokens = tokenize(sql)
  const unique = is(tokens[1], 'UNIQUE')
  const at = unique ? 3 : 2
  const unsupported = (what: string) => new Error('Unsupported in ' + sql + ': ' + what)
  if (is(tokens[at], 'IF')) throw unsupported('IF NOT EXISTS')
  if (tokens[at].text.toLowerCase() !== index.name.toLowerCase()) throw new Error('Index ' + index.name + ': its SQL creates ' + tokens[at].text)
  if (!is(tokens[at + 1], 'ON') || tokens[at + 2]?.text.toLowerCase() !== table.name.toLowerCase()) throw new Error('Index ' + index.name + ': its SQL is not on table ' + table.name)
  const {parts, after} = parenthesized(tokens, at + 3)
  if (after < tokens.length) throw unsupported(tokens.slice(after).map((token) => token.text).join(' '))
  const columns = parts.map((part) => {
    const rest = part.slice(1).map((token) => token.text.toUpperCase()).join(' ')
    if (!['', 'ASC', 'COLLATE BINARY', 'COLLATE BINARY ASC'].includes(rest)) throw unsupported(part.map((token) => token.text).join(' '))
    const column = table.columns.findIndex((column) => column.name.toLowerCase() === part[0].text.toLowerCase())
    if (column < 0) throw new Error('Index ' + index.name + ': no column ' + part[0].text + ' in ' + table.name)
    return column
  })
  if (index.columns && index.columns.join() !== columns.join()) throw new Error('Index ' + index.name + ': columns ' + index.columns.join() + ' given, ' + columns.join() + ' in its SQL')
  return {sql, columns, unique}
}

// ---------------------------------------------------------------------------
// Bytes

/**
 * §1.6, "varint": 1–9 bytes, big-endian, 7 bits a byte with the high bit
 * saying "more", except a 9th byte which holds 8 bits; negative numbers take 9.
 */
function varintLength(value: number): number {
  if (value < 0) return 9
  if (value < 0x80) return 1
  if (value < 0x4000) return 2
  if (value < 0x200000) return 3
  if (value < 0x10000000) return 4
  if (value < 2 ** 35) return 5
  if (value < 2 ** 42) return 6
  if (value < 2 ** 49) return 7
  if (value < 2 ** 56) return 8
  return 9
}

function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  if (value >= 0 && value < 0x80) {
    bytes[at] = value
    return at + 1
  }
  const length = varintLength(value)
  if (length < 9) {
    for (let index = length - 1; index >= 0; index--) {
      bytes[at + index] = (value % 0x80) | (index === length - 1 ? 0 : 0x80)
      value = Math.floor(value / 0x80)
    }
    return at + length
  }
  let bits = BigInt.asUintN(64, BigInt(value))
  bytes[at + 8] = Number(bits & 0xffn)
  bits >>= 8n
  for (let index = 7; index >= 0; index--) {
    bytes[at + index] = Number(bits & 0x7fn) | 0x80
    bits >>= 7n
  }
  return at + 9
}

/** Copy bytes; short runs by hand, cheaper than making a subarray to `set` from. */
function copy(target: Uint8Array, at: number, source: Uint8Array, start: number, end: number): number {
  const length = end - start
  if (length > 32) target.set(source.subarray(start, end), at)
  else for (let index = 0; index < length; index++) target[at + index] = source[start + index]
  return at + length
}

function put2(bytes: Uint8Array, at: number, value: number) {
  bytes[at] = value >>> 8
  bytes[at + 1] = value
}

function put4(bytes: Uint8Array, at: number, value: number): number {
  bytes[at] = value >>> 24
  bytes[at + 1] = value >>> 16
  bytes[at + 2] = value >>> 8
  bytes[at + 3] = value
  return at + 4
}
