/**
 * The database file: its pages, numbered as they are allocated and written
 * once all are known, and the 100-byte header at the start of page 1.
 * https://www.sqlite.org/fileformat2.html#the_database_header
 */
import {closeSync, openSync, writeSync} from 'node:fs'
import {crc32} from 'node:zlib'
import {encoder, put2, put4} from './bytes.js'

export const pageSize = 4096
/** No bytes reserved at the end of pages, so the usable size U is the page size. */
export const usable = pageSize
const sqliteVersion = 3045000

/**
 * The file being laid out: pages are numbered first (from 1, in order, none
 * freed), written once all are known, into a buffer of the exact size.
 */
export class PageFile {
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

  /** Bytes the file takes. */
  get size(): number {
    return this.count * pageSize
  }

  /** The whole file in memory. */
  write(): Uint8Array {
    const bytes = new Uint8Array(this.size)
    for (const [number, write] of this.writes) write(bytes.subarray((number - 1) * pageSize, number * pageSize))
    writeHeader(bytes, this.count)
    return bytes
  }

  /**
   * The file written to `target` a run of pages at a time, never whole in
   * memory (a large deck's database is hundreds of megabytes); returns its
   * CRC-32, which the zip that packs it needs.
   */
  writeTo(target: string): number {
    const byNumber: Array<((page: Uint8Array) => void) | undefined> = []
    for (const [number, write] of this.writes) byNumber[number] = write
    const run = new Uint8Array(pagesPerRun * pageSize)
    const fd = openSync(target, 'w')
    let crc = 0
    try {
      for (let first = 1; first <= this.count; first += pagesPerRun) {
        const count = Math.min(pagesPerRun, this.count - first + 1)
        run.fill(0)
        for (let index = 0; index < count; index++) byNumber[first + index]?.(run.subarray(index * pageSize, (index + 1) * pageSize))
        if (first === 1) writeHeader(run, this.count)
        const bytes = run.subarray(0, count * pageSize)
        crc = crc32(bytes, crc)
        for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset)
      }
    } finally {
      closeSync(fd)
    }
    return crc
  }
}

/** Pages written at once by `writeTo` (1 MB). */
const pagesPerRun = 256

/** §1.3 "The Database Header": the first 100 bytes of page 1. */
export function writeHeader(page: Uint8Array, pageCount: number) {
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
