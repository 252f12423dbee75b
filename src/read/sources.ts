import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'

/** A Markdown file to build, and where its outputs go. */
export interface SourceEntry {
  /** Path as given or found, relative to the working directory where possible. */
  path: string
  /** Output name without extension: `source/bio/cells.md` → `bio/cells`. */
  name: string
  /** Folder whose tree the file's images may come from. */
  root: string
}

/**
 * Expand the paths given on the command line: a file is itself, a folder is
 * every `*.md` below it (dot folders and node_modules left out), in a stable
 * order. A file named twice (itself and in its folder, or by a shell glob
 * and a folder) is built once, as first named. Paths that give nothing come
 * back as problems.
 */
export function findSources(paths: string[], cwd = process.cwd()): {entries: SourceEntry[]; problems: VFile[]} {
  const entries: SourceEntry[] = []
  const problems: VFile[] = []
  const seen = new Set<string>()
  const add = (absolute: string, entry: SourceEntry) => {
    if (seen.has(absolute)) return
    seen.add(absolute)
    entries.push(entry)
  }
  for (const given of paths) {
    const absolute = path.resolve(cwd, given)
    const shown = relative(cwd, absolute)
    let stats
    try {
      stats = statSync(absolute)
    } catch {
      problems.push(problem(shown, 'No such file or folder', 'missing-input'))
      continue
    }
    if (stats.isDirectory()) {
      let found: string[]
      try {
        found = markdownBelow(absolute)
      } catch (error) {
        problems.push(problem(shown, 'Cannot read folder: ' + ((error as NodeJS.ErrnoException).code ?? String(error)), 'unreadable-input'))
        continue
      }
      if (found.length === 0) problems.push(problem(shown, 'No Markdown files (`*.md`) in this folder', 'no-markdown'))
      for (const file of found) {
        add(file, {path: relative(cwd, file), name: withoutExtension(path.relative(absolute, file)), root: absolute})
      }
    } else if (!stats.isFile()) {
      // A device or a pipe: reading it could block or never end.
      problems.push(problem(shown, 'Not a file or a folder', 'unreadable-input'))
    } else {
      add(absolute, {path: shown, name: withoutExtension(path.basename(absolute)), root: path.dirname(absolute)})
    }
  }
  return {entries, problems}
}

function markdownBelow(folder: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(folder, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const full = path.join(folder, entry.name)
    if (entry.isDirectory()) found.push(...markdownBelow(full))
    else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) found.push(full)
  }
  return found
}

/** Largest source read (64 MiB): a bigger file is not notes, and would only fill memory. */
export const maxFileSize = 64 * 1024 * 1024

/**
 * Read a source as a vfile. Files that are not text (a NUL byte, invalid
 * UTF-8) are fatal messages on the file rather than thrown errors.
 */
export function readSource(entry: SourceEntry, cwd = process.cwd()): VFile {
  const file = new VFile({path: entry.path, cwd})
  let bytes: Buffer
  try {
    const size = statSync(path.resolve(cwd, entry.path)).size
    if (size > maxFileSize) {
      fail(file, 'File is ' + megabytes(size) + ', more than ' + megabytes(maxFileSize) + ': not notes', 'input-too-large')
      return file
    }
    bytes = readFileSync(path.resolve(cwd, entry.path))
  } catch (error) {
    fail(file, 'Cannot read file: ' + ((error as NodeJS.ErrnoException).code ?? String(error)), 'unreadable-input')
    return file
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail(file, 'Saved as UTF-16, not UTF-8: save it as UTF-8', 'invalid-utf8', {line: 1, column: 1})
    return file
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    fail(file, 'Not a text file (it holds NUL bytes)', 'binary-input', placeOf(bytes, nul))
    return file
  }
  try {
    file.value = new TextDecoder('utf-8', {fatal: true, ignoreBOM: false}).decode(bytes)
  } catch {
    const bad = firstInvalidUtf8(bytes)
    fail(file, 'Not valid UTF-8 text (byte 0x' + bytes[bad].toString(16).padStart(2, '0') + '); save it as UTF-8', 'invalid-utf8', placeOf(bytes, bad))
  }
  return file
}

function megabytes(size: number): string {
  return (size / 1024 / 1024).toFixed(size < 10 * 1024 * 1024 ? 1 : 0) + ' MiB'
}

function fail(file: VFile, reason: string, ruleId: string, place?: {line: number; column: number}) {
  file.value = ''
  file.message(reason, {place, ruleId, source: 'studydeck'}).fatal = true
}

/** Line and column (in characters of the valid text before it) of the byte at `offset`. */
function placeOf(bytes: Buffer, offset: number): {line: number; column: number} {
  const start = bytes.lastIndexOf(10, offset - 1) + 1
  let line = 1
  for (let index = bytes.indexOf(10); index !== -1 && index < offset; index = bytes.indexOf(10, index + 1)) line++
  return {line, column: bytes.subarray(start, offset).toString('utf8').length + 1}
}

/** Offset of the first byte of the first invalid UTF-8 sequence (as the WHATWG decoder judges). */
function firstInvalidUtf8(bytes: Buffer): number {
  let index = 0
  while (index < bytes.length) {
    const byte = bytes[index]
    if (byte < 0x80) {
      index++
      continue
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0
    if (length === 0) return index
    // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
    const low = byte === 0xe0 ? 0xa0 : byte === 0xf0 ? 0x90 : 0x80
    const high = byte === 0xed ? 0x9f : byte === 0xf4 ? 0x8f : 0xbf
    for (let next = 1; next < length; next++) {
      const continuation = bytes[index + next]
      if (continuation === undefined || continuation < (next === 1 ? low : 0x80) || continuation > (next === 1 ? high : 0xbf)) return index
    }
    index += length
  }
  return Math.max(0, bytes.length - 1)
}

function problem(shown: string, reason: string, ruleId: string): VFile {
  const file = new VFile({path: shown})
  fail(file, reason, ruleId)
  return file
}

function relative(cwd: string, absolute: string): string {
  const result = path.relative(cwd, absolute)
  return (result && !result.startsWith('..') && !path.isAbsolute(result) ? result : absolute).split(path.sep).join('/')
}

function withoutExtension(name: string): string {
  return name.replace(/\.(md|markdown)$/i, '').split(path.sep).join('/')
}

/** Whether `target` is an existing folder (false when it is missing or unreadable). */
export function isFolder(target: string): boolean {
  try {
    return statSync(target).isDirectory()
  } catch {
    return false
  }
}
