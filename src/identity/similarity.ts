/** String similarity for matching lightly edited questions. */

/**
 * Whether two spellings are one word with a typo fixed: one letter added,
 * dropped or changed, or two neighbours swapped (`ketamnie` → `ketamine`,
 * `dose` → `doses`). Only words of `minLength`+ letters whose first letter
 * stays: `IV`/`IM`, `typical`/`atypical` are different words.
 */
export function isTypo(a: string, b: string, minLength = 4): boolean {
  if (a === b) return true
  if (a.length < minLength || b.length < minLength || a[0] !== b[0] || Math.abs(a.length - b.length) > 1) return false
  if (/\p{N}/u.test(a) || /\p{N}/u.test(b)) return false
  let start = 0
  while (a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) endA--, endB--
  const left = a.slice(start, endA)
  const right = b.slice(start, endB)
  // What differs, once the shared start and end are cut: one letter, or a swapped pair.
  return left.length + right.length <= 1 || (left.length === 1 && right.length === 1) || (left.length === 2 && left[0] === right[1] && left[1] === right[0])
}

/** The words of a text: runs of letters and digits in any script. */
export function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean)
}

/** The numbers in a text, in order: `Type 2`, `5 mg`, `1990`. */
export function numbersOf(text: string): string[] {
  return text.match(/\p{N}+(?:[.,]\p{N}+)*/gu) ?? []
}

/**
 * Word-level edit distance: how many words were inserted, deleted or replaced
 * to turn `a` into `b`. A word replaced by one that `same` accepts (a typo
 * fixed) costs nothing.
 */
export function wordEdits(a: string[], b: string[], same: (x: string, y: string) => boolean): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const replace = previous[j - 1] + (a[i - 1] === b[j - 1] || same(a[i - 1], b[j - 1]) ? 0 : 1)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, replace)
    }
    previous = current
  }
  return previous[b.length]
}
