import {closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import path from 'node:path'
import {isFolder} from '../read/sources.js'

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

/** One file to write: its bytes, or a file already written to its temporary name (`stageFile`). */
export type OutputFile = {path: string; data: string | Uint8Array} | StagedFile

/** A file written in full to its temporary name, waiting to be renamed into place. */
export interface StagedFile {
  path: string
  staged: string
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
    // Staged files are written already: theirs are to be removed too if anything fails.
    for (const file of files) if ('staged' in file) written.push(file.staged)
    for (const file of files) {
      if ('staged' in file) continue
      const target = path.resolve(file.path)
      current = target
      const temporary = readyFor(target)
      written.push(temporary)
      writeFully(temporary, file.data, durable)
    }
    const temporaries = files.map((file) => ('staged' in file ? file.staged : temporaryName(path.resolve(file.path))))
    for (const [index, file] of files.entries()) {
      current = path.resolve(file.path)
      renameSync(temporaries[index], current)
    }
  } catch (error) {
    for (const temporary of written) rmSync(temporary, {force: true})
    throw explain(error, current)
  }
}

/**
 * Write a file too large to hold in memory to its temporary name (`write`
 * is given it), flushed to disk, for `writeAllAtomic` to rename into place
 * with the files that belong with it. A failed write leaves nothing.
 */
export async function stageFile(target: string, write: (temporary: string) => Promise<void>): Promise<StagedFile> {
  const resolved = path.resolve(target)
  let temporary: string | undefined
  try {
    temporary = readyFor(resolved)
    await write(temporary)
    const fd = openSync(temporary, 'r+')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return {path: target, staged: temporary}
  } catch (error) {
    if (temporary) rmSync(temporary, {force: true})
    throw explain(error, resolved)
  }
}

/** Whether two files hold the same bytes (false when either cannot be read), read a piece at a time. */
export function sameFileContents(a: string, b: string): boolean {
  let left: number | undefined
  let right: number | undefined
  try {
    left = openSync(a, 'r')
    right = openSync(b, 'r')
    if (fstatSync(left).size !== fstatSync(right).size) return false
    const one = Buffer.allocUnsafe(1 << 20)
    const two = Buffer.allocUnsafe(1 << 20)
    for (;;) {
      const count = readSync(left, one, 0, one.length, null)
      if (count === 0) return true
      let got = 0
      while (got < count) {
        const more = readSync(right, two, got, count - got, null)
        if (more === 0) return false
        got += more
      }
      if (!one.subarray(0, count).equals(two.subarray(0, count))) return false
    }
  } catch {
    return false
  } finally {
    if (left !== undefined) closeSync(left)
    if (right !== undefined) closeSync(right)
  }
}

/** The target's folder made, the target checked, stale temporary files gone: its temporary name. */
function readyFor(target: string): string {
  folderFor(target)
  if (isFolder(target)) throw new OutputError('`' + shown(target) + '` is a folder, not a file', target)
  removeStale(target)
  return temporaryName(target)
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

/** Write a file from pieces, one after the other (no flush: `stageFile` flushes what it stages). */
export function writePieces(target: string, pieces: Iterable<Uint8Array>): void {
  const fd = openSync(target, 'w')
  try {
    for (const piece of pieces) writeAll(fd, piece)
  } finally {
    closeSync(fd)
  }
}

function writeAll(fd: number, bytes: Uint8Array) {
  let offset = 0
  while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset)
}

/** Write, and flush to disk when durable, so that a crash after the rename cannot leave an empty file. */
function writeFully(file: string, data: string | Uint8Array, durable: boolean) {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const fd = openSync(file, 'w')
  try {
    writeAll(fd, bytes)
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
