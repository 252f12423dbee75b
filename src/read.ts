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
 * order. Paths that give nothing come back as problems.
 */
export function findSources(paths: string[], cwd = process.cwd()): {entries: SourceEntry[]; problems: VFile[]} {
  const entries: SourceEntry[] = []
  const problems: VFile[] = []
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
      const found = markdownBelow(absolute)
      if (found.length === 0) problems.push(problem(shown, 'No Markdown files (`*.md`) in this folder', 'no-markdown'))
      for (const file of found) {
        entries.push({path: relative(cwd, file), name: withoutExtension(path.relative(absolute, file)), root: absolute})
      }
    } else {
      entries.push({path: shown, name: withoutExtension(path.basename(absolute)), root: path.dirname(absolute)})
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

/**
 * Read a source as a vfile. Files that are not text (a NUL byte, invalid
 * UTF-8) are fatal messages on the file rather than thrown errors.
 */
export function readSource(entry: SourceEntry, cwd = process.cwd()): VFile {
  const file = new VFile({path: entry.path, cwd})
  let bytes: Buffer
  try {
    bytes = readFileSync(path.resolve(cwd, entry.path))
  } catch (error) {
    fail(file, 'Cannot read file: ' + ((error as NodeJS.ErrnoException).code ?? String(error)), 'unreadable-input')
    return file
  }
  if (bytes.includes(0)) {
    fail(file, 'Not a text file (it holds NUL bytes)', 'binary-input')
    return file
  }
  try {
    file.value = new TextDecoder('utf-8', {fatal: true, ignoreBOM: false}).decode(bytes)
  } catch {
    fail(file, 'Not valid UTF-8 text', 'invalid-utf8')
  }
  return file
}

function fail(file: VFile, reason: string, ruleId: string) {
  file.value = ''
  file.message(reason, {ruleId, source: 'studydeck'}).fatal = true
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
