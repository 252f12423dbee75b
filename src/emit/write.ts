import {closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import path from 'node:path'
import {isFolder} from '../read.js'

/** An output that cannot be written, said in words (no `code`: the message is the whole story). */
export class OutputError extends Error {
  override name = 'OutputError'
  constructor(
    message: string,
    /** The path at fault. */
    readonly path: string,
    options?: {cause?: unknown}
  ) {
    super(message, options)
  }

  override toString(): string {
    return this.message
  }
}

/** One file to write. */
export interface OutputFile {
  path: string
  data: string | Uint8Array
}

/**
 * Write a file atomically: to a temporary file beside it, flushed to disk,
 * then renamed over the target. A failed or interrupted run leaves the
 * previous file as it was. `durable: false` skips the flush (a cache entry:
 * the next build copes with one lost in a crash, and a flush costs about
 * a millisecond a file).
 */
export function writeAtomic(target: string, data: string | Uint8Array, {durable = true} = {}): void {
  writeAllAtomic([{path: target, data}], {durable})
}

/**
 * Write files that belong together (a deck's `.json` and `.apkg`): every one
 * is written in full to its temporary file before the first is renamed into
 * place, so an interrupted run leaves the previous set (or, between two
 * renames a few microseconds apart, the previous of the last). Temporary
 * files are `.NAME.PID.tmp` beside their target; those left by a run that
 * was killed are removed by the next run that writes into the same folder.
 */
export function writeAllAtomic(files: OutputFile[], {durable = true} = {}): void {
  const written: string[] = []
  let current = ''
  try {
    for (const file of files) {
      const target = path.resolve(file.path)
      current = target
      folderFor(target)
      if (isFolder(target)) throw new OutputError('`' + shown(target) + '` is a folder, not a file', target)
      removeStale(target)
      const temporary = temporaryName(target)
      written.push(temporary)
      writeFully(temporary, file.data, durable)
    }
    for (const [index, file] of files.entries()) {
      current = path.resolve(file.path)
      renameSync(written[index], current)
    }
  } catch (error) {
    for (const temporary of written) rmSync(temporary, {force: true})
    throw explain(error, current)
  }
}

/** `.NAME.PID.tmp`: hidden, beside the target (a rename never crosses file systems), and owned by this process. */
export function temporaryName(target: string): string {
  return path.join(path.dirname(target), '.' + path.basename(target) + '.' + process.pid + '.tmp')
}

/** Make the target's folder, or say which part of its path is in the way. */
function folderFor(target: string) {
  const folder = path.dirname(target)
  try {
    mkdirSync(folder, {recursive: true})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const blocking = firstNonFolder(folder)
      throw new OutputError('`' + shown(blocking) + '` is a file, not a folder', blocking, {cause: error})
    }
    throw error
  }
}

/** The first ancestor of `folder` (or itself) that exists and is not a folder. */
function firstNonFolder(folder: string): string {
  const parts: string[] = []
  for (let current = folder; ; current = path.dirname(current)) {
    parts.unshift(current)
    if (path.dirname(current) === current) break
  }
  for (const part of parts) {
    try {
      if (!statSync(part).isDirectory()) return part
    } catch {
      break
    }
  }
  return folder
}

/** Folders already rid of stale temporary files by this process. */
const swept = new Set<string>()

/**
 * Remove temporary files left in the target's folder by processes that no
 * longer run (a build that was killed): once per folder and process, so a
 * build of many files reads each folder once. Those of a live process are
 * its own business and are left alone.
 */
function removeStale(target: string) {
  const folder = path.dirname(target)
  if (swept.has(folder)) return
  swept.add(folder)
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return
  }
  for (const name of names) {
    const pid = /^\..+\.(\d+)\.tmp$/.exec(name)?.[1]
    if (!pid || Number(pid) === process.pid || isRunning(Number(pid))) continue
    rmSync(path.join(folder, name), {force: true})
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Write, and flush to disk when durable, so that a crash after the rename cannot leave an empty file. */
function writeFully(file: string, data: string | Uint8Array, durable: boolean) {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const fd = openSync(file, 'w')
  try {
    let offset = 0
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset)
    if (durable) fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function explain(error: unknown, target: string): unknown {
  if (error instanceof OutputError) return error
  const code = (error as NodeJS.ErrnoException)?.code
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EISDIR: 'it is a folder, not a file',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENAMETOOLONG: 'the name is too long'
  }
  // The temporary file is ours to know about: the message names the target.
  if (code && reasons[code]) return new OutputError('Cannot write `' + shown(target) + '`: ' + reasons[code] + ' (' + code + ')', target, {cause: error})
  return error
}

/** A path as the person running the build would type it. */
function shown(target: string): string {
  const relative = path.relative(process.cwd(), target)
  return (relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target).split(path.sep).join('/')
}

/** An I/O error in a few words: its code and path, else its message. */
export function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  return code ? code + ' ' + ((error as NodeJS.ErrnoException).path ?? '') : String(error)
}
