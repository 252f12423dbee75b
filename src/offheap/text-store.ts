import {tmpdir} from 'node:os'
import {TempFile} from './temp-file.js'

/** Where a `TextStore` keeps its texts. */
export interface TextStoreOptions {
  /** Bytes kept in memory before full chunks go to a file (default 16 MB). */
  inMemoryUpTo?: number
  /** Folder of that file (default: the system's temporary folder). */
  folder?: string
}

/** A chunk written to the file: where it starts there. */
interface Spilled {
  offset: number
}

/**
 * Texts kept as UTF-8 bytes outside the JavaScript heap, to be read back
 * later. A large document's cards wait in it while the rest of the document
 * is parsed (`large/pending.ts`): bytes held here cost what they are, where
 * strings on the heap make the heap grow by several times their size.
 *
 * Past `inMemoryUpTo` bytes, full chunks go to a temporary file and are
 * read back from there a text at a time: the texts of a 50 MB document's
 * cards are hundreds of megabytes, which memory need not hold.
 */
export class TextStore {
  readonly #chunks: Array<Buffer | Spilled> = []
  #chunk: Buffer = Buffer.alloc(0)
  /** Where `#chunk` is in `#chunks`. */
  #current = -1
  #used = 0
  /** Bytes of the chunks in memory (but the current one). */
  #held = 0
  readonly #inMemoryUpTo: number
  readonly #folder: string
  #file: SpillFile | undefined
  /** The file could not be made: everything stays in memory. */
  #noFile = false

  constructor(options: TextStoreOptions = {}) {
    this.#inMemoryUpTo = options.inMemoryUpTo ?? 16 * 1024 * 1024
    this.#folder = options.folder ?? tmpdir()
  }

  /**
   * Keep some texts (undefined is kept as such); the number returned gives
   * them back (`get`). As in any UTF-8 file, a lone surrogate comes back as
   * U+FFFD: texts decoded from a file hold none.
   */
  put(values: ReadonlyArray<string | undefined>): number {
    let most = 8
    // A UTF-16 code unit takes at most three bytes in UTF-8.
    for (const value of values) most += 4 + (value?.length ?? 0) * 3
    if (most > chunkSize) {
      // A chunk of its own, at offset 0; the current chunk goes on.
      const own = Buffer.allocUnsafeSlow(most)
      const end = write(own, 0, values)
      this.#chunks.push(own.subarray(0, end))
      this.#held += end
      this.#spill()
      return (this.#chunks.length - 1) * offsetRange
    }
    if (this.#used + most > this.#chunk.length) {
      if (this.#current >= 0) {
        this.#chunks[this.#current] = this.#chunk.subarray(0, this.#used)
        this.#held += this.#used
        this.#spill()
      }
      // Small at first: most documents are small, and one store is made for each.
      this.#chunk = Buffer.allocUnsafeSlow(Math.min(chunkSize, Math.max(firstChunkSize, this.#chunk.length * 2, most)))
      this.#current = this.#chunks.push(this.#chunk) - 1
      this.#used = 0
    }
    const start = this.#used
    this.#used = write(this.#chunk, start, values)
    // Chunk and offset in one small integer.
    return this.#current * offsetRange + start
  }

  /** The texts put under `handle`. */
  get(handle: number): Array<string | undefined> {
    const [bytes, start] = this.#record(handle)
    return read(bytes, start)
  }

  /** The text at `index` of those put under `handle` (the others are not decoded). */
  getOne(handle: number, index: number): string | undefined {
    const [bytes, start] = this.#record(handle)
    return readOne(bytes, start, index)
  }

  /** The bytes that hold the record under `handle`, and where it starts in them. */
  #record(handle: number): [Buffer, number] {
    const chunk = this.#chunks[Math.floor(handle / offsetRange)]
    const at = handle % offsetRange
    if (Buffer.isBuffer(chunk)) return [chunk, at]
    return this.#file!.read(chunk.offset + at)
  }

  /** Bytes written to the file so far. */
  get bytesInFile(): number {
    return this.#file?.size ?? 0
  }

  /** Let go of the file now rather than when the store is collected. */
  close(): void {
    this.#file?.close()
  }

  /** Past the limit, the full chunks in memory go to the file. */
  #spill() {
    if (this.#held <= this.#inMemoryUpTo || this.#noFile) return
    try {
      this.#file ??= new SpillFile(this.#folder, this)
    } catch {
      this.#noFile = true
      return
    }
    for (const [index, chunk] of this.#chunks.entries()) {
      if (!Buffer.isBuffer(chunk) || index === this.#current) continue
      this.#chunks[index] = {offset: this.#file.append(chunk)}
      this.#held -= chunk.length
    }
  }
}

/** The store's temporary file, read a window at a time. */
class SpillFile {
  readonly #file: TempFile
  /** A window of the file, read at once, and where it is in the file. */
  readonly #window = Buffer.allocUnsafe(64 * 1024)
  #windowAt = 0
  #windowEnd = 0

  constructor(folder: string, owner: TextStore) {
    this.#file = TempFile.open(owner, folder)
  }

  get size(): number {
    return this.#file.size
  }

  append(bytes: Buffer): number {
    return this.#file.append(bytes)
  }

  /**
   * The bytes that hold the record that starts at `at` (its first four bytes
   * say its size), and where it starts in them. Read a window at a time:
   * records are mostly read in the order they were put.
   */
  read(at: number): [Buffer, number] {
    if (at >= this.#windowAt && at + 4 <= this.#windowEnd) {
      const start = at - this.#windowAt
      if (at + this.#window.readUInt32LE(start) <= this.#windowEnd) return [this.#window, start]
    }
    const got = this.#file.readInto(this.#window, 0, this.#window.length, at)
    this.#windowAt = at
    this.#windowEnd = at + got
    const size = this.#window.readUInt32LE(0)
    if (size <= got) return [this.#window, 0]
    const whole = Buffer.allocUnsafe(size)
    this.#file.readInto(whole, 0, size, at)
    return [whole, 0]
  }

  close() {
    this.#file.close()
  }
}


/** Write `values` at `start`: their size in bytes, their count, then each one's length and UTF-8 bytes; returns where they end. */
function write(chunk: Buffer, start: number, values: ReadonlyArray<string | undefined>): number {
  let at = chunk.writeUInt32LE(values.length, start + 4)
  for (const value of values) {
    if (value === undefined) {
      at = chunk.writeUInt32LE(absent, at)
    } else {
      const length = chunk.write(value, at + 4, 'utf8')
      chunk.writeUInt32LE(length, at)
      at += 4 + length
    }
  }
  chunk.writeUInt32LE(at - start, start)
  return at
}

/** The values of the record at `start`. */
function read(chunk: Buffer, start: number): Array<string | undefined> {
  const count = chunk.readUInt32LE(start + 4)
  let at = start + 8
  const values: Array<string | undefined> = []
  for (let index = 0; index < count; index++) {
    const length = chunk.readUInt32LE(at)
    at += 4
    if (length === absent) {
      values.push(undefined)
    } else {
      values.push(chunk.toString('utf8', at, at + length))
      at += length
    }
  }
  return values
}

/** Value `index` of the record at `start`. */
function readOne(chunk: Buffer, start: number, index: number): string | undefined {
  if (index >= chunk.readUInt32LE(start + 4)) return undefined
  let at = start + 8
  for (let skipped = 0; skipped < index; skipped++) {
    const length = chunk.readUInt32LE(at)
    at += 4 + (length === absent ? 0 : length)
  }
  const length = chunk.readUInt32LE(at)
  return length === absent ? undefined : chunk.toString('utf8', at + 4, at + 4 + length)
}

const chunkSize = 4 * 1024 * 1024
const firstChunkSize = 64 * 1024
/** The length written for an undefined value. */
const absent = 0xffffffff
/**
 * Offsets in a chunk are below its size, and a chunk larger than `chunkSize`
 * (for one large text) holds nothing else, at offset 0. Handles then stay
 * small integers (no boxed number per card) up to 2 GB of text.
 */
const offsetRange = chunkSize
