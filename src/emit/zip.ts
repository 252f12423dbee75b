import {crc32, deflateRawSync} from 'node:zlib'

/** Files of a zip by name, in order: bytes, and options (`level: 0` stores a file as it is). */
export type ZipFiles = Record<string, [Uint8Array, {level?: number; mtime?: Date}?]>

/**
 * A zip (PKZIP 2.0: deflate or stored entries, sizes in the headers, no
 * data descriptor), the same bytes for the same files and times. Deflate is
 * zlib's, native: fflate's, in JavaScript, took three times as long, and
 * was a third of the time spent writing a package.
 */
export function zip(files: ZipFiles, options: {level?: number; mtime: Date}): Uint8Array {
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const [name, [data, own = {}]] of Object.entries(files)) {
    const level = own.level ?? options.level ?? 6
    const stored = level === 0
    const body = stored ? data : deflateRawSync(data, {level})
    const nameBytes = Buffer.from(name, 'utf8')
    const flags = nameBytes.length === name.length ? 0 : 0x800
    const time = dosTime(own.mtime ?? options.mtime)
    const crc = crc32(data)

    const local = Buffer.alloc(30 + nameBytes.length)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(stored ? 0 : 8, 8)
    local.writeUInt32LE(time, 10)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    nameBytes.copy(local, 30)

    const central = Buffer.alloc(46 + nameBytes.length)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(stored ? 0 : 8, 10)
    central.writeUInt32LE(time, 12)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    nameBytes.copy(central, 46)

    locals.push(local, body)
    centrals.push(central)
    offset += local.length + body.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(centrals.length, 8)
  end.writeUInt16LE(centrals.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

/** MS-DOS time and date (local time, 2-second steps), as zip headers hold them. */
function dosTime(date: Date): number {
  return (
    (((date.getFullYear() - 1980) << 25) | ((date.getMonth() + 1) << 21) | (date.getDate() << 16) | (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)) >>> 0
  )
}
