/** String similarity for matching lightly edited questions. */

/** 1 − Levenshtein distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function characterSimilarity(a: string, b: string): number {
  if (a === b) return 1
  const longer = Math.max(a.length, b.length)
  if (longer === 0) return 1
  // Strings far apart in length cannot reach any threshold worth computing.
  if (Math.abs(a.length - b.length) / longer > 0.5) return 1 - Math.abs(a.length - b.length) / longer
  let previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return 1 - previous[b.length] / longer
}

/** Dice coefficient of the word sets: word order does not matter. */
export function wordSimilarity(a: string, b: string): number {
  const left = new Set(a.split(/\W+/u).filter(Boolean))
  const right = new Set(b.split(/\W+/u).filter(Boolean))
  if (left.size + right.size === 0) return 1
  let shared = 0
  for (const word of left) if (right.has(word)) shared++
  return (2 * shared) / (left.size + right.size)
}
