/**
 * The time of a build, read once: what its new cards are created at and its
 * changed cards and note types are stamped with (each document reads it only
 * for what changed, so unchanged input still gives the same bytes).
 */
export interface BuildTime {
  /** Milliseconds since the epoch. */
  ms: number
  /** `SOURCE_DATE_EPOCH` (reproducible builds), a clock given in the options, or the system clock. */
  from: 'SOURCE_DATE_EPOCH' | 'option' | 'system'
  /** A `SOURCE_DATE_EPOCH` later than the system clock, in seconds: the system clock was taken instead. */
  future?: number
}

/**
 * The build's time: `now` (seconds) when given, else `SOURCE_DATE_EPOCH`
 * when set, else the system clock. A `SOURCE_DATE_EPOCH` later than the
 * system clock gives way to it: an id or a `mod` from the future would make
 * Anki 2.1.55–2.1.61 refuse the package (ids after tomorrow) and would win
 * every “if newer” comparison for as long as it lies ahead.
 */
export function buildTime(now?: () => number, env: Record<string, string | undefined> = process.env, systemMs = Date.now()): BuildTime {
  if (now) return {ms: now() * 1000, from: 'option'}
  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) {
    const seconds = Number(epoch)
    if (seconds * 1000 > systemMs) return {ms: systemMs, from: 'system', future: seconds}
    return {ms: seconds * 1000, from: 'SOURCE_DATE_EPOCH'}
  }
  return {ms: systemMs, from: 'system'}
}

/** A time in seconds as a student reads it, in UTC: `2025-11-24 16:00 UTC`. */
export function shownTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
