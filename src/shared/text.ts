/** Text helpers shared by extraction and identity. */

/**
 * Collapse runs of white space and trim. Only what is not already a single
 * space is replaced (`/\s+/g` replaces every space with itself: four times
 * slower, and this runs on every side of every card).
 */
export function squash(value: string): string {
  return value.replace(/\s{2,}|[^\S ]/g, ' ').trim()
}

/**
 * The text as a string of its own. V8 keeps a substring as a view of the
 * string it was cut from, so a card's text would keep alive the whole piece
 * of the document it was parsed from (tens of kilobytes) as long as the card
 * lives. Joined to a space, the text is copied once it is sliced again.
 */
export function detached(value: string): string {
  return (' ' + value).slice(1)
}

/**
 * Normalize a question for its key: case, Unicode forms, quotes, dashes and
 * white space do not change what a card asks, nor trailing punctuation.
 */
export function normalizeQuestion(value: string): string {
  // Headings and short fronts come back for every card below them (keys, identity): remembered.
  if (value.length > 200) return normalizeUncached(value)
  let normal = normalized.get(value)
  if (normal === undefined) {
    if (normalized.size >= 20_000) normalized.clear()
    // Detached: the memory must not keep alive the pieces of documents its texts were cut from.
    const own = detached(value)
    normal = normalizeUncached(own)
    normalized.set(own, normal)
  }
  return normal
}

const normalized = new Map<string, string>()

function normalizeUncached(value: string): string {
  const normal = squash(
    value
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019\u201A\u201B`\u00B4]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
  )
  // A key that is only punctuation (`?.`, `!`, `...`) is what it asks: keep it.
  return normal.replace(/[\s?.:!;,]+$/u, '') || normal
}

/** A tag Anki accepts: no spaces, only letters, digits, `_` and `-`. */
export function toTag(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/::/g, ' ')
    .replace(/[^\p{L}\p{N}\s_-]+/gu, '')
    .trim()
    .replace(/\s+/g, '_')
}
