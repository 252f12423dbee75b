import {createHash} from 'node:crypto'
import {readdirSync, readFileSync, watch as watchFolder, type FSWatcher} from 'node:fs'
import path from 'node:path'
import {build, type BuildOptions} from '../build/pipeline.js'
import {findSources, isFolder} from '../read/sources.js'
import type {CliIo} from './io.js'
import {textReport} from './report.js'

/**
 * Quiet time after the last event on a file before it is rebuilt, in
 * milliseconds: editors save in several steps (write a temporary file,
 * rename it over the old one, set its mode), and each step is an event.
 */
export const settleTime = 150

const markdown = /\.(md|markdown)$/i

/**
 * `build --watch`: build once, then rebuild each file shortly after it is
 * saved, and build Markdown files added to watched folders. A save that
 * leaves a file unusable prints its errors and writes nothing, so the last
 * good outputs stay; watching goes on. Resolves with 0 once `io.signal` is
 * aborted (by default: on SIGINT, Ctrl-C, or SIGTERM).
 */
export async function watch(paths: string[], options: BuildOptions, io: CliIo, verbose = false): Promise<number> {
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const stop = io.signal ? {signal: io.signal, release() {}} : stopOnInterrupt()
  const {signal} = stop
  /** Content of each source as last built: a save that changed nothing rebuilds nothing. */
  const built = new Map<string, string>()
  const watchers = new Map<string, FSWatcher>()
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let queue = Promise.resolve()

  const absolute = (file: string) => path.resolve(cwd, file)
  const shown = (file: string) => path.relative(cwd, file).split(path.sep).join('/')

  async function run(only: string[] | undefined) {
    // Fingerprints taken before the build: a save during it is rebuilt after.
    const sources = only ?? findSources(paths, cwd).entries.map((entry) => entry.path)
    const contents = sources.map((source) => [absolute(source), fingerprint(absolute(source))] as const)
    const results = await build(paths, {...options, cwd, only})
    for (const [file, content] of contents) if (content !== undefined) built.set(file, content)
    const reported = only ? results.filter((result) => only.includes(result.source)) : results
    io.stdout(textReport(reported, {verbose, color: io.color, write: options.write}))
  }

  async function rebuildPending() {
    if (signal.aborted || pending.size === 0) return
    const saved = [...pending]
    pending.clear()
    const sources = new Map(findSources(paths, cwd).entries.map((entry) => [absolute(entry.path), entry.path]))
    const only: string[] = []
    for (const file of saved) {
      const source = sources.get(file)
      if (source === undefined) {
        if (built.delete(file)) io.stderr(shown(file) + ' was deleted; its outputs are left as they are\n')
        continue
      }
      const content = fingerprint(file)
      if (content === undefined || content !== built.get(file)) only.push(source)
    }
    if (only.length === 0) return
    io.stderr('\n' + clockTime() + ' ' + only.join(', ') + ' changed\n')
    // A combined package holds every deck: it is rebuilt whole.
    await run(options.combine ? undefined : only)
  }

  function saved(file: string) {
    if (signal.aborted) return
    pending.add(file)
    clearTimeout(timer)
    timer = setTimeout(() => {
      queue = queue.then(rebuildPending).catch((error: unknown) => {
        io.stderr('studydeck: rebuild failed: ' + String((error as Error)?.message ?? error) + '\n')
      })
    }, settleTime)
  }

  function follow(folder: string) {
    if (watchers.has(folder) || signal.aborted) return
    let watcher: FSWatcher
    try {
      watcher = watchFolder(folder, (_event, name) => {
        if (name) changed(path.join(folder, name.toString()))
        else for (const file of markdownBelow(folder, false)) saved(file)
      })
    } catch {
      return
    }
    // A folder deleted while watched: stop following it, keep the rest.
    watcher.on('error', () => {
      watcher.close()
      watchers.delete(folder)
    })
    watchers.set(folder, watcher)
  }

  function changed(file: string) {
    if (markdown.test(file)) return saved(file)
    if (isFolder(file) && watchedFolders().includes(file)) {
      // A new folder: follow it, and build what was copied into it before that.
      for (const folder of foldersBelow(file)) follow(folder)
      for (const found of markdownBelow(file, true)) saved(found)
    }
  }

  function watchedFolders(): string[] {
    const folders = new Set<string>()
    for (const given of paths) {
      const target = absolute(given)
      if (isFolder(target)) for (const folder of foldersBelow(target)) folders.add(folder)
      else if (isFolder(path.dirname(target))) folders.add(path.dirname(target))
    }
    return [...folders]
  }

  await run(undefined)
  for (const folder of watchedFolders()) follow(folder)
  const count = built.size
  io.stderr('Watching ' + count + ' file' + (count === 1 ? '' : 's') + ' for changes (Ctrl-C stops)\n')

  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), {once: true})
  })
  clearTimeout(timer)
  for (const watcher of watchers.values()) watcher.close()
  await queue
  stop.release()
  io.stderr('Stopped watching\n')
  return 0
}

/** SIGINT (Ctrl-C) and SIGTERM end watching normally, not as a crash. */
function stopOnInterrupt() {
  const controller = new AbortController()
  const abort = () => controller.abort()
  process.once('SIGINT', abort)
  process.once('SIGTERM', abort)
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', abort)
      process.off('SIGTERM', abort)
    }
  }
}

function fingerprint(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex')
  } catch {
    return undefined
  }
}

/** A folder and every folder below it, leaving out what `findSources` leaves out. */
function foldersBelow(folder: string): string[] {
  const found = [folder]
  for (const entry of safeList(folder)) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') found.push(...foldersBelow(path.join(folder, entry.name)))
  }
  return found
}

function markdownBelow(folder: string, deep: boolean): string[] {
  const found: string[] = []
  for (const entry of safeList(folder)) {
    const full = path.join(folder, entry.name)
    if (entry.isFile() && markdown.test(entry.name)) found.push(full)
    else if (deep && entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') found.push(...markdownBelow(full, true))
  }
  return found
}

function safeList(folder: string) {
  try {
    return readdirSync(folder, {withFileTypes: true})
  } catch {
    return []
  }
}

function clockTime(): string {
  return new Date().toTimeString().slice(0, 8)
}
