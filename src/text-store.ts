/**
 * Texts kept as UTF-8 bytes outside the JavaScript heap, to be read back
 * later. A large document's cards wait in it while the rest of the document
 * is parsed (`pending.ts`): bytes held here cost what they are, where
 * strings on the heap make the heap grow by several times their size.
 */
export class TextStore {
  readonly #chunks: Buffer[] = []
  #chunk: Buffer = Buffer.alloc(0)
  /** Where `#chunk` is in `#chunks`. */
  #current = -1
  #used = 0

  /**
   * Keep some texts (undefined is kept as such); the number returned gives
   * them back (`get`). As in any UTF-8 file, a lone surrogate comes back as
   * U+FFFD: texts decoded from a file hold none.
   */
  put(values: ReadonlyArray<string | undefined>): number {
    let most = 4
    // A UTF-16 code unit takes at most three bytes in UTF-8.
    for (const value of values) most += 4 + (value?.length ?? 0) * 3
    if (most > chunkSize) {
      // A chunk of its own, at offset 0; the current chunk goes on.
      const own = Buffer.allocUnsafeSlow(most)
      this.#chunks.push(own)
      write(own, 0, values)
      return (this.#chunks.length - 1) * offsetRange
    }
    if (this.#used + most > this.#chunk.length) {
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
    const chunk = this.#chunks[Math.floor(handle / offsetRange)]
    let at = handle % offsetRange
    const count = chunk.readUInt32LE(at)
    at += 4
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
}

/** Write `values` at `start`: their count, then each one's length and UTF-8 bytes; returns where they end. */
function write(chunk: Buffer, start: number, values: ReadonlyArray<string | undefined>): number {
  let at = chunk.writeUInt32LE(values.length, start)
  for (const value of values) {
    if (value === undefined) {
      at = chunk.writeUInt32LE(absent, at)
    } else {
      const length = chunk.write(value, at + 4, 'utf8')
      chunk.writeUInt32LE(length, at)
      at += 4 + length
    }
  }
  return at
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
