/**
 * Where the cards of a document's JSON are, as byte ranges, found without
 * decoding the whole file: a previous build of a large document is hundreds
 * of megabytes of JSON, and as one string it would take two bytes a
 * character (`›` in a front makes the whole string so), before its cards
 * are parsed. Each card is decoded and parsed on its own instead.
 */

const quote = 0x22
const backslash = 0x5c
const openBrace = 0x7b
const closeBrace = 0x7d
const openBracket = 0x5b
const closeBracket = 0x5d
const comma = 0x2c
const cardsKey = Buffer.from('cards')

export interface CardRanges {
  /** The `cards` array, brackets included. */
  start: number
  end: number
  /** Start and end of each card object, in turn. */
  items: number[]
}

/**
 * The `cards` array of the top-level object and each object in it; undefined
 * when the bytes are not laid out so (not JSON, no such array, an item that
 * is not an object): the caller then parses the whole text and says why.
 */
export function cardRanges(bytes: Buffer): CardRanges | undefined {
  let depth = 0
  /** The last string closed at depth 1 (a key, when a value follows it). */
  let lastKey = -1
  let lastKeyEnd = -1
  let start = -1
  let end = -1
  let itemStart = -1
  /** Between items: a comma must come before the next one (and none before the first or after the last). */
  let afterItem = false
  const items: number[] = []
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at]
    if (byte === quote) {
      const close = stringEnd(bytes, at)
      if (close === -1) return undefined
      if (depth === 1) {
        lastKey = at + 1
        lastKeyEnd = close
      }
      at = close
      continue
    }
    // Inside the array, between items: only white space and commas.
    const between = start !== -1 && end === -1 && depth === 2
    if (byte === openBrace || byte === openBracket) {
      if (between && (byte !== openBrace || afterItem)) return undefined
      depth++
      if (depth === 2 && byte === openBracket && isCardsKey(bytes, lastKey, lastKeyEnd)) {
        // Of two `cards` keys, JSON.parse keeps the last: leave such a file to it.
        if (start !== -1) return undefined
        start = at
      }
      else if (depth === 3 && between) itemStart = at
    } else if (byte === closeBrace || byte === closeBracket) {
      if (depth === 3 && itemStart !== -1) {
        items.push(itemStart, at + 1)
        itemStart = -1
        afterItem = true
      } else if (between) {
        if (byte !== closeBracket || (!afterItem && items.length > 0)) return undefined
        end = at + 1
      }
      depth--
      if (depth < 0) return undefined
    } else if (between && byte === comma) {
      if (!afterItem) return undefined
      afterItem = false
    } else if (between && !isSpace(byte)) {
      return undefined
    }
  }
  return start !== -1 && end !== -1 && depth === 0 ? {start, end, items} : undefined
}

/** The closing quote of the string opened at `open`; -1 if it never closes. */
function stringEnd(bytes: Buffer, open: number): number {
  let close = bytes.indexOf(quote, open + 1)
  while (close !== -1) {
    // A quote after an odd number of backslashes is escaped.
    let backslashes = 0
    while (bytes[close - 1 - backslashes] === backslash) backslashes++
    if (backslashes % 2 === 0) return close
    close = bytes.indexOf(quote, close + 1)
  }
  return -1
}

function isCardsKey(bytes: Buffer, start: number, end: number): boolean {
  return start !== -1 && end - start === cardsKey.length && bytes.compare(cardsKey, 0, cardsKey.length, start, end) === 0
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
}
