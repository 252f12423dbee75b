/**
 * Bytes as the file format writes them: varints, big-endian integers, UTF-8.
 * https://www.sqlite.org/fileformat2.html#varint
 */

/** The one UTF-8 encoder: the header's magic string, text values, and text compared by its bytes. */
export const encoder = new TextEncoder()

/**
 * §1.6, "varint": 1–9 bytes, big-endian, 7 bits a byte with the high bit
 * saying "more", except a 9th byte which holds 8 bits; negative numbers take 9.
 */
export function varintLength(value: number): number {
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

export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
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
export function copy(target: Uint8Array, at: number, source: Uint8Array, start: number, end: number): number {
  const length = end - start
  if (length > 32) target.set(source.subarray(start, end), at)
  else for (let index = 0; index < length; index++) target[at + index] = source[start + index]
  return at + length
}

export function put2(bytes: Uint8Array, at: number, value: number) {
  bytes[at] = value >>> 8
  bytes[at + 1] = value
}

export function put4(bytes: Uint8Array, at: number, value: number): number {
  bytes[at] = value >>> 24
  bytes[at + 1] = value >>> 16
  bytes[at + 2] = value >>> 8
  bytes[at + 3] = value
  return at + 4
}
