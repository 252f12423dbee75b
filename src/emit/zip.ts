import {closeSync, createReadStream, openSync, writeSync} from 'node:fs'
import {crc32, createDeflateRaw, deflateRawSync} from 'node:zlib'

/** Files of a zip by name, in order: bytes, and options (`level: 0` stores a file as it is). */
export type ZipFiles = Record<string, [Uint8Array, {level?: number; mtime?: Date}?]>

/** A file on disk to pack, too large to hold in memory: its path, size and CRC-32 (known to whoever wrote it). */
export interface FileOnDisk {
  path: string
  size: number
  crc: number
}

/** Files of a zip written to disk: bytes in memory or files on disk. */
export type ZipSources = Record<string, [Uint8Array | FileOnDisk, {level?: number; mtime?: Date}?]>

/**
 * A zip (PKZIP 2.0: deflate or stored entries, sizes in the headers, no
 * data descriptor), the same bytes for the same files and times. Deflate is
 * zlib's, native: fflate's, in JavaScript, took three times as long, and
 * was a third of the time spent writing a package.
 */
export function zip(files: ZipFiles, options: {level?: number; mtime: Date}): Uint8Array {
  const parts: Uint8Array[] = []
  const directory = new Directory()
  for (const [name, [data, own = {}]] of Object.entries(files)) {
    const level = own.level ?? options.level ?? 6
    const body = level === 0 ? data : deflateRawSync(data, {level})
    const header = directory.add(name, {level, mtime: own.mtime ?? options.mtime, crc: crc32(data), size: data.length}, body.length)
    parts.push(header, body)
  }
  parts.push(directory.end())
  return new Uint8Array(Buffer.concat(parts))
}

/**
 * The same zip as `zip`, written to `target` as it is made: a file on disk
 * is read and deflated a piece at a time, so no entry is ever whole in
 * memory, nor the zip.
 */
export async function zipToFile(target: string, files: ZipSources, options: {level?: number; mtime: Date}): Promise<void> {
  const directory = new Directory()
  const fd = openSync(target, 'w')
  let at = 0
  const put = (bytes: Uint8Array) => {
    for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset, at + offset)
    at += bytes.byteLength
  }
  try {
    for (const [name, [data, own = {}]] of Object.entries(files)) {
      const level = own.level ?? options.level ?? 6
      const mtime = own.mtime ?? options.mtime
      if (data instanceof Uint8Array) {
        const body = level === 0 ? data : deflateRawSync(data, {level})
        put(directory.add(name, {level, mtime, crc: crc32(data), size: data.length}, body.length))
        put(body)
        continue
      }
      // The compressed size is known once deflated: the header is written again then, in place.
      const headerAt = at
      const fields = {level, mtime, crc: data.crc, size: data.size}
      put(directory.add(name, fields, 0))
      const bodyAt = at
      const source = createReadStream(data.path, {highWaterMark: 1 << 20})
      for await (const piece of level === 0 ? source : source.pipe(createDeflateRaw({level}))) put(piece as Buffer)
      const header = directory.replaceLast(name, fields, at - bodyAt)
      writeSync(fd, header, 0, header.byteLength, headerAt)
    }
    put(directory.end())
  } finally {
    closeSync(fd)
  }
}

/** The central directory, record by record, and the offset of the next entry. */
class Directory {
  readonly #records: Uint8Array[] = []
  #offset = 0
  #lastOffset = 0

  /** The local header of the next entry (its body of `compressed` bytes follows it). */
  add(name: string, fields: {level: number; mtime: Date; crc: number; size: number}, compressed: number): Uint8Array {
    const nameBytes = Buffer.from(name, 'utf8')
    const entry: EntryFields = {
      flags: nameBytes.length === name.length ? 0 : 0x800,
      method: fields.level === 0 ? 0 : 8,
      time: dosTime(fields.mtime),
      crc: fields.crc,
      compressed,
      size: fields.size,
      nameLength: nameBytes.length
    }
    const local = Buffer.alloc(30 + nameBytes.length)
    local.writeUInt32LE(0x04034b50, 0)
    writeEntryFields(local, 4, entry)
    nameBytes.copy(local, 30)

    const central = Buffer.alloc(46 + nameBytes.length)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4) // version made by
    writeEntryFields(central, 6, entry)
    central.writeUInt32LE(this.#offset, 42)
    nameBytes.copy(central, 46)

    this.#records.push(central)
    this.#lastOffset = this.#offset
    this.#offset += local.length + compressed
    return local
  }

  /** The last entry again, with its compressed size now known. */
  replaceLast(name: string, fields: {level: number; mtime: Date; crc: number; size: number}, compressed: number): Uint8Array {
    this.#records.pop()
    this.#offset = this.#lastOffset
    return this.add(name, fields, compressed)
  }

  /** The central directory and its end record. */
  end(): Uint8Array {
    const directory = Buffer.concat(this.#records)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.#records.length, 8)
    end.writeUInt16LE(this.#records.length, 10)
    end.writeUInt32LE(directory.length, 12)
    end.writeUInt32LE(this.#offset, 16)
    return Buffer.concat([directory, end])
  }
}

interface EntryFields {
  flags: number
  method: number
  time: number
  crc: number
  compressed: number
  size: number
  nameLength: number
}

/**
 * The run of fields a local header and its central directory record share,
 * from "version needed" to the name's length (26 bytes, at `at`).
 */
function writeEntryFields(header: Buffer, at: number, entry: EntryFields) {
  header.writeUInt16LE(20, at) // version needed: 2.0
  header.writeUInt16LE(entry.flags, at + 2)
  header.writeUInt16LE(entry.method, at + 4)
  header.writeUInt32LE(entry.time, at + 6)
  header.writeUInt32LE(entry.crc, at + 10)
  header.writeUInt32LE(entry.compressed, at + 14)
  header.writeUInt32LE(entry.size, at + 18)
  header.writeUInt16LE(entry.nameLength, at + 22)
}

/** MS-DOS time and date (local time, 2-second steps), as zip headers hold them. */
function dosTime(date: Date): number {
  return (
    (((date.getFullYear() - 1980) << 25) | ((date.getMonth() + 1) << 21) | (date.getDate() << 16) | (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)) >>> 0
  )
}
