/** Where the CLI reads and writes; injectable so tests need no child process. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd?: string
  /** Colors in the report (default: off). */
  color?: boolean
  /** Stops `build --watch` when aborted (default: SIGINT or SIGTERM stops it). */
  signal?: AbortSignal
  /** stderr is a terminal, so progress may be drawn there (default: `false`). */
  isTTY?: boolean
  /** Terminal width, for the progress line (default: `80`). */
  columns?: number
  /** Environment, for `CI` (default: `process.env`). */
  env?: Record<string, string | undefined>
  /** Clock in milliseconds, for progress (default: `performance.now`). */
  clock?: () => number
}
