import {hasErrors, type BuildProgress, type FileResult} from '../build/pipeline.js'

/** Where progress goes and what the terminal is like. Every field but `write` is optional. */
export interface ProgressOptions {
  /** Write to stderr: progress never mixes with the report (or `--json`) on stdout. */
  write: (text: string) => void
  /** The stream is a terminal (default: `false`: nothing is drawn). */
  isTTY?: boolean
  /** Environment, for `CI` and `TERM` (default: `process.env`). */
  env?: Record<string, string | undefined>
  /** Terminal width; the line is cut to fit so `\r` can redraw it (default: `80`). */
  columns?: number
  /** Clock in milliseconds (default: `performance.now`). */
  clock?: () => number
  /** What the run does, as `-ing` and past (default: `['Building', 'Built']`). */
  verbs?: [string, string]
}

export interface Progress {
  /** Pass as `BuildOptions.onProgress`. */
  update: (progress: BuildProgress) => void
  /** Wipe the progress line: call before the report is printed. */
  clear: () => void
  /** One short line once the run is over (on a terminal only). */
  summary: (results: FileResult[]) => void
}

/**
 * `animated`: a line redrawn in place (a terminal, not CI); `static`: only the
 * summary (a terminal in CI, or `TERM=dumb`); `off`: nothing (a pipe or a file).
 */
export type ProgressMode = 'animated' | 'static' | 'off'

/** A quick run draws nothing: progress shows once a run has taken this long (ms). */
export const progressDelay = 250
/** Redraw at most this often (ms), so a fast loop does not spend its time on the terminal. */
export const progressInterval = 100

const clearLine = '\r\u001B[2K'

export function progressMode(options: Pick<ProgressOptions, 'isTTY' | 'env'>): ProgressMode {
  if (!options.isTTY) return 'off'
  const env = options.env ?? process.env
  return env.CI || env.TERM === 'dumb' ? 'static' : 'animated'
}

/** Progress of a build on stderr: `Building 12/240 files · 1,534 cards · notes/cells.md`. */
export function createProgress(options: ProgressOptions): Progress {
  const mode = progressMode(options)
  const clock = options.clock ?? (() => performance.now())
  const [doing, done] = options.verbs ?? ['Building', 'Built']
  // A pseudo-terminal may report 0 columns: take the default then.
  const width = Math.max(20, (options.columns || 80) - 1)
  const started = clock()
  let lastDraw = -Infinity
  let drawn = false

  return {
    update(progress) {
      if (mode !== 'animated') return
      const now = clock()
      if (now - started < progressDelay || now - lastDraw < progressInterval) return
      lastDraw = now
      drawn = true
      options.write(clearLine + fit(progressLine(doing, progress), width))
    },
    clear() {
      if (drawn) options.write(clearLine)
      drawn = false
    },
    summary(results) {
      if (mode === 'off') return
      options.write(summaryLine(done, results, clock() - started) + '\n')
    }
  }
}

export function progressLine(verb: string, progress: BuildProgress): string {
  return (
    verb + ' ' + progress.done + '/' + plural(progress.total, 'file') + ' · ' + plural(progress.cards, 'card') + (progress.file ? ' · ' + progress.file : '')
  )
}

export function summaryLine(verb: string, results: FileResult[], milliseconds: number): string {
  const files = results.filter((result) => result.name !== undefined).length
  const cards = results.reduce((sum, result) => sum + result.counts.cards, 0)
  const failed = results.filter((result) => hasErrors(result.file)).length
  return verb + ' ' + plural(files, 'file') + ', ' + plural(cards, 'card') + ' in ' + duration(milliseconds) + (failed > 0 ? ' (' + failed + ' with errors)' : '')
}

function duration(milliseconds: number): string {
  return milliseconds < 1000 ? Math.round(milliseconds) + ' ms' : (milliseconds / 1000).toFixed(1) + ' s'
}

/** Cut a line to the width: a line that wraps cannot be redrawn with `\r`. */
function fit(line: string, width: number): string {
  const characters = [...line]
  return characters.length <= width ? line : characters.slice(0, width - 1).join('') + '…'
}

function plural(count: number, word: string): string {
  return count.toLocaleString('en-US') + ' ' + word + (count === 1 ? '' : 's')
}
