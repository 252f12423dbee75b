/**
 * Records: a row's (or an index entry's) values, each with its serial type,
 * encoded into an arena of bytes that cells are later copied from.
 * https://www.sqlite.org/fileformat2.html#record_format
 */
import {TempFile} from '../../offheap/temp-file.js'
import {copy, encoder, put4, varintLength, writeVarint} from './bytes.js'

/** A value as SQLite stores it after type affinity: 64-bit integers beyond 2^53 as bigint, reals boxed. */
export type Stored = null | number | bigint | string | Real

/** A REAL value, boxed so that an integral one is not taken for an integer. */
export class Real {
  constructor(readonly value: number) {}
}

/**
 * Bytes that records are encoded into, before their cells are copied onto
 * pages: chunks, each record whole in one (cells say which). A record goes
 * into a new chunk when the current one has no room left, twice as large as
 * the last up to `maxChunk`: a large table never copies what it encoded, nor
 * holds twice its size while growing. The last chunk is kept between calls
 * (`reset`): growing a fresh arena each time cost more than the encoding.
 */
export class Arena {
  /** The chunks, in order; a chunk written to the file is undefined here. */
  chunks: Array<Uint8Array | undefined>
  /** The chunk being written: the last one. */
  bytes: Uint8Array
  view: DataView
  /** Bytes used in `bytes`. */
  length = 0
  readonly #inMemoryUpTo: number
  /** Bytes of the full chunks in memory. */
  #held = 0
  #file: TempFile | undefined
  /** Where each chunk written to the file starts there. */
  #offsets: number[] = []

  /**
   * Past `inMemoryUpTo` bytes, full chunks go to a temporary file: a large
   * deck's records are hundreds of megabytes. Pages copy them from there.
   */
  constructor({inMemoryUpTo = 32 * 1024 * 1024} = {}) {
    this.bytes = new Uint8Array(1 << 16)
    this.view = new DataView(this.bytes.buffer)
    this.chunks = [this.bytes]
    this.#inMemoryUpTo = inMemoryUpTo
  }

  /** Which chunk is being written (`chunks[current]`). */
  get current(): number {
    return this.chunks.length - 1
  }

  /** Room for `size` more bytes in the current chunk, or a new chunk. */
  reserve(size: number) {
    if (this.length + size <= this.bytes.length) return
    // The full chunk ends where its records end.
    this.chunks[this.current] = this.bytes.subarray(0, this.length)
    this.#held += this.length
    if (this.#held > this.#inMemoryUpTo) this.#spill()
    this.bytes = new Uint8Array(Math.max(Math.min(this.bytes.length * 2, maxChunk), size))
    this.view = new DataView(this.bytes.buffer)
    this.chunks.push(this.bytes)
    this.length = 0
  }

  /** Copy bytes `start` to `end` of chunk `chunk` into `target` at `at`; returns where they end there. */
  copyOut(target: Uint8Array, at: number, chunk: number, start: number, end: number): number {
    const bytes = this.chunks[chunk]
    if (bytes) return copy(target, at, bytes, start, end)
    this.#file!.readInto(target, at, end - start, this.#offsets[chunk] + start)
    return at + end - start
  }

  /** Start again, keeping only the last chunk (the largest). */
  reset() {
    this.chunks = [this.bytes]
    this.length = 0
    this.#held = 0
    this.#offsets = []
    this.#file?.close()
    this.#file = undefined
  }

  /** Bytes written to the temporary file by this layout. */
  get bytesInFile(): number {
    return this.#file?.size ?? 0
  }

  /** Every full chunk in memory (all but the current) to the file. */
  #spill() {
    try {
      this.#file ??= TempFile.open(this)
    } catch {
      // No temporary file: the records stay in memory.
      return
    }
    for (const [index, chunk] of this.chunks.entries()) {
      if (!chunk) continue
      this.#offsets[index] = this.#file.append(chunk)
      this.chunks[index] = undefined
      this.#held -= chunk.byteLength
    }
  }
}

const maxChunk = 1 << 24

/** Bytes a record may take at most, with `prefix` bytes before it: 9 of header and 9 of value for each, UTF-8 at most 3 bytes per UTF-16 unit of its text. */
function mostBytes(count: number, prefix: number, textLength: number): number {
  return prefix + 18 * (count + 1) + 3 * textLength
}

function textLength(value: Stored): number {
  return typeof value === 'string' ? value.length : 0
}

/** Serial types of the record being written (one record at a time). */
const serialTypes: number[] = []

/**
 * §2.1 "Record Format": a header (its own size, then one serial type per
 * value), then the values. A table record holds the row's values, the rowid
 * column as NULL (§2.3). Written at the end of the arena with `prefix` bytes
 * left free before it for the cell's own header; returns the record's start.
 */
export function encodeTableRecord(arena: Arena, row: Stored[], rowidColumn: number, prefix: number): number {
  const count = row.length
  let text = 0
  for (let column = 0; column < count; column++) text += textLength(row[column])
  arena.reserve(mostBytes(count, prefix, text))
  const bodyStart = arena.length + prefix + 9 * (count + 1)
  let at = bodyStart
  for (let column = 0; column < count; column++) at = writeValue(arena, at, column === rowidColumn ? null : row[column], column)
  arena.length = at
  return writeRecordHeader(arena.bytes, bodyStart, count)
}

/** §2.5 "Representation Of SQL Indices": an index record holds the indexed values, then the rowid. */
export function encodeIndexRecord(arena: Arena, keys: Stored[][], row: number, rowid: number, prefix: number): number {
  const count = keys.length + 1
  let text = 0
  for (let slot = 0; slot < keys.length; slot++) text += textLength(keys[slot][row])
  arena.reserve(mostBytes(count, prefix, text))
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
