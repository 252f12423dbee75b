import {closeSync, openSync, readSync, rmSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

/**
 * A temporary file that bytes too many to hold in memory go to, and are
 * read back from: removed as soon as it is open where the system allows
 * (the open file lives on), else when closed; closed when its owner is
 * collected, at the latest.
 */
export class TempFile {
  #fd: number | undefined
  #size = 0
  readonly #path: string
  readonly #removed: boolean

  /** A new file in `folder` (default: the system's temporary folder), closed when `owner` is collected. */
  static open(owner: object, folder = tmpdir()): TempFile {
    const file = new TempFile(path.join(folder, '.studydeck-spill.' + process.pid + '.' + Math.random().toString(36).slice(2) + '.tmp'))
    closeWhenCollected.register(owner, file, file)
    return file
  }

  private constructor(target: string) {
    this.#path = target
    this.#fd = openSync(target, 'wx+')
    let removed = true
    try {
      rmSync(target)
    } catch {
      removed = false
    }
    this.#removed = removed
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#size
  }

  /** Write bytes at the end; returns where they start. */
  append(bytes: Uint8Array): number {
    const at = this.#size
    for (let done = 0; done < bytes.byteLength; ) done += writeSync(this.#fd!, bytes, done, bytes.byteLength - done, at + done)
    this.#size += bytes.byteLength
    return at
  }

  /** Read into `target` from `at`: `length` bytes, or to the end of the file; returns how many. */
  readInto(target: Uint8Array, targetAt: number, length: number, at: number): number {
    const wanted = Math.min(length, this.#size - at)
    let got = 0
    while (got < wanted) {
      const count = readSync(this.#fd!, target, targetAt + got, wanted - got, at + got)
      if (count === 0) throw new Error('Internal error: a temporary file ended early')
      got += count
    }
    return got
  }

  close(): void {
    if (this.#fd === undefined) return
    closeWhenCollected.unregister(this)
    closeSync(this.#fd)
    this.#fd = undefined
    if (!this.#removed) rmSync(this.#path, {force: true})
  }
}

const closeWhenCollected = new FinalizationRegistry<TempFile>((file) => file.close())
