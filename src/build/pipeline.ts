import {closeSync, openSync, readFileSync, readSync} from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import {prepareNote, readMedia, writeApkgAtomic, type ApkgDeck} from '../emit/apkg.js'
import {errorText} from '../emit/write.js'
import {defaultSettings, type Settings, type TableMode} from '../parse/settings.js'
import {findSources, readSource} from '../read/sources.js'
import type {ChangeCounts, DeckDocument, MediaFile} from '../shared/types.js'
import {generator} from '../shared/version.js'
import {apkgKey, fileStat, hash, imagesUnchanged, lazyDocument, PartHash, optionsKey, readEntry, resultKey, sameFile, sourceKey, writeEntry, type CacheEntry} from './cache.js'
import type {FileJob, FileOutcome, Format} from './job.js'
import {replayMessages} from './messages.js'
import {buildInOwnWorker, largeDocumentHeap, needsOwnWorker, ownWorkerFrom, runInThreads, threadsFor} from './threads.js'

/** Options of a build. Every field is optional. */
export interface BuildOptions {
  /** Output folder (default: `'output'`). */
  out?: string
  /** Outputs to write (default: `['apkg', 'json']`). */
  formats?: Format[]
  /** Put every deck in one package `OUT/NAME.apkg`, as subdecks `NAME::<deck>` (default: one package per file). */
  combine?: string
  /** Table mode for documents that do not set one (default: `'cell'`). */
  tableMode?: TableMode
  /** Clock for changed cards, in seconds (default: `SOURCE_DATE_EPOCH`, else the system clock). */
  now?: () => number
  /** Working directory that paths are relative to (default: `process.cwd()`). */
  cwd?: string
  /** Write outputs (default: `true`; `check` sets `false`). */
  write?: boolean
  /** Build only these of the files the paths name, as `FileResult.source` shows them (default: all; `--watch` rebuilds what changed). */
  only?: string[]
  /**
   * Worker threads for the files to compile (default: one per core when
   * there are enough files to pay for starting them; `0`: none).
   */
  workers?: number
  /**
   * Characters from which a document is built in a worker thread of its
   * own with a capped heap, after the others (default: `ownWorkerFrom`, 8 Mi).
   */
  ownWorkerFrom?: number
  /** That worker's heap, in MB (default: `largeDocumentHeap`, 2047); a document that needs more is an error. */
  ownWorkerHeap?: number
  /** Reuse the results of earlier builds from `OUT/.studydeck-cache/` (default: `true`). */
  cache?: boolean
  /** Told before each file and once at the end, for a progress display (default: none). */
  onProgress?: (progress: BuildProgress) => void
}

/** How far a build is: files done of all found, cards compiled so far, the file now being compiled. */
export interface BuildProgress {
  done: number
  total: number
  cards: number
  file?: string
}

/** The outcome for one source file. */
export interface FileResult {
  source: string
  /** Output name without extension (`source/bio/cells.md` → `bio/cells`); unset for paths that gave no file. */
  name?: string
  deck: string
  outputs: string[]
  counts: ChangeCounts
  /** The file with its messages. */
  file: VFile
  document?: DeckDocument
  /** Images the cards show (set once compiled). */
  media?: MediaFile[]
}

/** No cards, nothing changed. */
export const emptyCounts: ChangeCounts = {cards: 0, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0}

/**
 * Build (or, with `write: false`, check) every Markdown file the paths name.
 *
 * A file whose bytes, options and previous JSON are those of a build that
 * checked out is not compiled again (`cache.ts`); the others are compiled
 * one per task, on worker threads when there are enough of them
 * (`threads.ts`). Outputs whose bytes did not change are not rewritten.
 */
export async function build(paths: string[], options: BuildOptions = {}): Promise<FileResult[]> {
  const cwd = options.cwd ?? process.cwd()
  const out = path.resolve(cwd, options.out ?? 'output')
  const formats = options.formats ?? ['apkg', 'json']
  const write = options.write ?? true
  const settings: Settings = {...defaultSettings, tableMode: options.tableMode ?? defaultSettings.tableMode}
  const {entries, problems} = findSources(paths, cwd)
  const results: FileResult[] = problems.map((file) => ({source: file.path, deck: '', outputs: [], counts: {...emptyCounts}, file}))
  const names = new Map<string, string>()
  const cacheOptions = options.cache === false ? undefined : optionsKey(settings, options.combine)
  const built: Built[] = []
  const pending: Array<{result: FileResult; job: FileJob}> = []
  const stalePackages: Array<{result: FileResult; entry: CacheEntry; digest: string}> = []
  let done = 0
  let cards = 0
  const progress = (file?: string) => options.onProgress?.({done, total: entries.length, cards, file})

  for (const entry of entries) {
    // Skipped files still claim their output name: a clash is the same whatever was saved.
    if (options.only && !options.only.includes(entry.path)) {
      if (!names.has(entry.name)) names.set(entry.name, entry.path)
      done++
      continue
    }
    const file = readSource(entry, cwd)
    const result: FileResult = {source: entry.path, name: entry.name, deck: '', outputs: [], counts: {...emptyCounts}, file}
    results.push(result)
    const clash = names.get(entry.name)
    if (clash) fatal(file, 'Output name `' + entry.name + '` is already used by `' + clash + '`; build them into different folders', 'output-name-clash')
    else names.set(entry.name, entry.path)
    if (hasErrors(file)) {
      done++
      continue
    }

    const text = String(file.value)
    // A large document's previous build is hundreds of megabytes: hashed here, read by its build when it gives ids.
    const previous = readPrevious(path.join(out, entry.name + '.json'), file, text.length >= (options.ownWorkerFrom ?? ownWorkerFrom))
    const key = cacheOptions === undefined ? undefined : sourceKey(cacheOptions, file, entry.root, text)
    const last = key === undefined ? undefined : readEntry(out, entry.name)
    const digest = previous?.digest
    if (key !== undefined && last && previous && digest && last.key === resultKey(key, digest) && imagesUnchanged(last.images)) {
      // The previous JSON is what this build would make: reuse it.
      progress(entry.path)
      replayMessages(file, last.messages)
      result.deck = last.header.deck.name
      result.counts = {...last.counts}
      result.document = lazyDocument(last.header, last.removed, previous.bytes ?? (() => readFileSync(previous.path!)))
      result.media = last.media
      built.push({result, digest})
      cards += last.counts.cards
      done++
      if (write && formats.includes('json')) result.outputs.push(shown(cwd, path.join(out, entry.name + '.json')))
      if (write && formats.includes('apkg') && !options.combine) {
        const apkgPath = path.join(out, entry.name + '.apkg')
        if (last.apkg?.key === apkgKey(digest) && sameFile(apkgPath, last.apkg)) result.outputs.push(shown(cwd, apkgPath))
        else stalePackages.push({result, entry: last, digest})
      }
      continue
    }
    pending.push({
      result,
      job: {
        entry,
        text,
        cwd,
        out,
        formats,
        write,
        settings,
        parentDeck: options.combine,
        combine: Boolean(options.combine),
        previous: previous?.bytes,
        previousPath: previous?.path,
        previousDigest: digest,
        sourceKey: key,
        lastEntry: last
      }
    })
  }

  const combinedPackage = write && options.combine !== undefined && formats.includes('apkg')
  const finish = (index: number, outcome: FileOutcome) => {
    const {result} = pending[index]
    replayMessages(result.file, outcome.messages)
    result.deck = outcome.deck
    result.counts = outcome.counts
    const {json, jsonPath} = outcome
    result.document = outcome.document ?? lazyDocument(outcome.header, outcome.removed, json ?? (() => readFileSync(jsonPath!)))
    result.media = outcome.media
    result.outputs.push(...outcome.outputs.map((output) => shown(cwd, output)))
    if (outcome.writeError) fatal(result.file, 'Cannot write outputs to `' + shown(cwd, out) + '`: ' + outcome.writeError, 'output-unwritable')
    else if (write && !hasErrors(result.file)) {
      built.push({result, digest: outcome.digest})
      // The main thread waits for the workers: the combined package's rows can be made now.
      if (combinedPackage) for (const card of result.document.cards) prepareNote(card)
    }
    cards += outcome.counts.cards
    done++
  }
  // A clock given in the options is a function: it cannot go to another thread.
  const threaded = !options.now && options.workers !== 0
  // Large documents each in a worker of their own, one at a time, after the others.
  const large = new Set(threaded ? pending.flatMap(({job}, index) => (needsOwnWorker(job, options.ownWorkerFrom) ? [index] : [])) : [])
  const others = pending.flatMap((_, index) => (large.has(index) ? [] : [index]))
  const jobs = others.map((index) => pending[index].job)
  const threads = threaded ? threadsFor(jobs, options.workers) : 0
  if (threads > 0) {
    progress(jobs[0]?.entry.path)
    await runInThreads(jobs, threads, (index, outcome) => {
      finish(others[index], outcome)
      progress()
    })
  } else {
    // Loaded here: with workers, the main thread never compiles, and starts them sooner without it.
    const {buildFile} = await import('./file.js')
    for (const [index, job] of jobs.entries()) {
      progress(job.entry.path)
      finish(others[index], await buildFile(job, options.now))
    }
  }
  for (const index of large) {
    const {job, result} = pending[index]
    progress(job.entry.path)
    const heap = options.ownWorkerHeap ?? largeDocumentHeap
    const outcome = await buildInOwnWorker(job, heap)
    if (outcome) {
      finish(index, outcome)
    } else {
      fatal(result.file, 'Too large to build within ' + heap + ' MB of memory: split it into smaller files', 'document-too-large')
      done++
    }
  }

  // Packages of reused files that are missing or changed on disk.
  for (const {result, entry, digest} of stalePackages) {
    const apkgPath = path.join(out, result.name + '.apkg')
    try {
      const document = result.document!
      await writeApkgAtomic(apkgPath, [{name: document.deck.name, cards: document.cards}], readMedia(entry.media))
      result.outputs.push(shown(cwd, apkgPath))
      writeEntry(out, result.name!, {...entry, apkg: {key: apkgKey(digest), ...fileStat(apkgPath)}})
    } catch (error) {
      fatal(result.file, 'Cannot write outputs to `' + shown(cwd, out) + '`: ' + errorText(error), 'output-unwritable')
    }
  }

  progress()

  if (write && options.combine && formats.includes('apkg')) {
    const apkgPath = path.join(out, options.combine + '.apkg')
    // A package missing one deck is worse than the previous package: all or nothing.
    if (results.every((result) => !hasErrors(result.file)) && built.length > 0) {
      // Workers finish in any order: the package lists its decks in the files' order, so equal notes give equal bytes.
      const order = new Map(results.map((result, index) => [result, index]))
      built.sort((a, b) => order.get(a.result)! - order.get(b.result)!)
      try {
        await writeCombined(apkgPath, options.combine, out, built, cacheOptions !== undefined)
        for (const {result} of built) result.outputs.push(shown(cwd, apkgPath))
      } catch (error) {
        fatal(built[0].result.file, 'Cannot write `' + shown(cwd, apkgPath) + '`: ' + errorText(error), 'output-unwritable')
      }
    }
  }
  return results
}

/** A file built (or reused) with its outputs written, and the digest of its JSON. */
interface Built {
  result: FileResult
  digest: string
}

/** One package of every deck; left alone when this code made it from these very JSONs. */
async function writeCombined(apkgPath: string, name: string, out: string, decks: Built[], useCache: boolean) {
  const recordName = '\u0000combined/' + name
  const key = apkgKey(hash(...decks.map(({result, digest}) => result.name + '\u0000' + digest)))
  const last = useCache ? readEntry(out, recordName)?.apkg : undefined
  if (last && last.key === key && sameFile(apkgPath, last)) return
  await writeApkgAtomic(
    apkgPath,
    decks.map(({result}): ApkgDeck => ({name: result.document!.deck.name, cards: result.document!.cards})),
    readMedia(decks.flatMap(({result}) => result.media ?? []))
  )
  if (!useCache) return
  writeEntry(out, recordName, {
    format: 1,
    key: null,
    header: {version: 1, generator, deck: {name, id: ''}, source: ''},
    removed: [],
    counts: {...emptyCounts},
    messages: [],
    media: [],
    images: [],
    apkg: {key, ...fileStat(apkgPath)}
  })
}

/** The previous build's JSON as bytes: identity's memory, and part of the cache key. */
/**
 * The previous JSON and its digest (`cache.hash`); `late`, only hashed, a
 * piece at a time, for its build to read when it gives ids.
 */
function readPrevious(jsonPath: string, file: VFile, late: boolean): {bytes?: Uint8Array; path?: string; digest: string} | undefined {
  try {
    if (late) return {path: jsonPath, digest: hashFile(jsonPath)}
    const bytes = readFileSync(jsonPath)
    return {bytes, digest: hash(bytes)}
  } catch (error) {
    // Nothing there, or something that is no build: writing says what is in the way.
    if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined
    file.message('Cannot read the previous build `' + jsonPath + '` (' + errorText(error) + '); ids of reworded questions cannot be kept', {
      ruleId: 'previous-unreadable',
      source: 'studydeck'
    })
    return undefined
  }
}

function hashFile(target: string): string {
  const digest = new PartHash()
  const piece = Buffer.allocUnsafe(1 << 20)
  const fd = openSync(target, 'r')
  try {
    for (let count; (count = readSync(fd, piece, 0, piece.length, null)) > 0; ) digest.update(piece.subarray(0, count))
  } finally {
    closeSync(fd)
  }
  return digest.digest()
}

export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true)
}

function fatal(file: VFile, reason: string, ruleId: string) {
  file.message(reason, {ruleId, source: 'studydeck'}).fatal = true
}

function shown(cwd: string, target: string): string {
  const relative = path.relative(cwd, target)
  return (relative.startsWith('..') ? target : relative).split(path.sep).join('/')
}

