import {closeSync, openSync, readFileSync, readSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {DuplicateGuidError, packageDeck, prepareNote, readMedia, writeApkgAtomic, writeApkgFile, type ApkgDeck} from '../emit/apkg.js'
import {toJsonBytes} from '../emit/json.js'
import {isCollectionName, packageName} from '../emit/package-name.js'
import {errorText, stageFile, writeAllAtomic, type OutputFile} from '../emit/write.js'
import {createdIn, createdTimes} from '../identity/stamp.js'
import {defaultSettings, type ClozeMark, type Settings, type TableMode} from '../parse/settings.js'
import {findSources, readSource} from '../read/sources.js'
import type {Card, ChangeCounts, DeckDocument, MediaFile} from '../shared/types.js'
import {generator} from '../shared/version.js'
import {newIds, sharedDeckMessages, sharedIdMessages, sharedDecks, sharedIds, type CardAt, type Participant} from './across-files.js'
import {apkgKey, cacheFormat, fileStat, hash, imagesUnchanged, lazyDocument, PartHash, optionsKey, readEntry, resultKey, sameFile, sourceKey, writeEntry, type CacheEntry} from './cache.js'
import type {FileJob, FileOutcome, Format} from './job.js'
import {replayMessages} from './messages.js'
import {buildInOwnWorker, largeDocumentHeap, needsOwnWorker, ownWorkerFrom, runInThreads, threadsFor} from './threads.js'
import {buildTime, shownTime, type BuildTime} from './time.js'

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
  /** Marks that make cloze deletions in documents that do not say (default: none; Anki's `{{c1::…}}` always does). */
  cloze?: ClozeMark[]
  /** Read obsidian-spaced-repetition's card syntax in every document that does not say (default: only in notes tagged `#flashcards`). */
  osr?: boolean
  /**
   * Clock in seconds, read once: the build's time, which new cards are
   * created at and changed cards and note types stamped with (default:
   * `SOURCE_DATE_EPOCH` unless it is later than the system clock, else the
   * system clock). Never later than now: Anki refuses ids after tomorrow.
   */
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
  const settings: Settings = {...defaultSettings, tableMode: options.tableMode ?? defaultSettings.tableMode, cloze: options.cloze ?? defaultSettings.cloze}
  if (options.osr !== undefined) settings.osr = options.osr
  const {entries, problems} = findSources(paths, cwd)
  const results: FileResult[] = problems.map((file) => ({source: file.path, deck: '', outputs: [], counts: {...emptyCounts}, file}))
  const names = new Map<string, string>()
  const packages = new Map<string, string>()
  const cacheOptions = options.cache === false ? undefined : optionsKey(settings, options.combine)
  const built: Built[] = []
  const pending: Array<{result: FileResult; job: FileJob}> = []
  const stalePackages: Array<{result: FileResult; entry: CacheEntry; digest: string; apkgName: string}> = []
  let done = 0
  let cards = 0
  const progress = (file?: string) => options.onProgress?.({done, total: entries.length, cards, file})
  const time = buildTime(options.now)
  if (options.combine !== undefined && isCollectionName(options.combine + '.apkg')) {
    throw new RangeError(combinedNameProblem(options.combine))
  }
  const packaged = formats.includes('apkg') && options.combine === undefined
  /** Every document of the build as the check across files sees it, in path order. */
  const checked: Checked[] = []

  for (const [index, entry] of entries.entries()) {
    // Skipped files still claim their output name: a clash is the same whatever was saved.
    if (options.only && !options.only.includes(entry.path)) {
      if (!names.has(entry.name)) names.set(entry.name, entry.path)
      if (!packages.has(packageName(entry.name))) packages.set(packageName(entry.name), entry.path)
      // Its ids as its last build left them: a file rebuilt now must not take them.
      const last = readEntry(out, entry.name)
      if (last && last.ids) {
        const jsonPath = path.join(out, entry.name + '.json')
        checked.push({
          participant: {source: entry.path, deck: last.header.deck.name, deckLine: last.deckLine, deckChosen: last.deckChosen, ids: last.ids, changes: 'n'.repeat(last.ids.length), fixed: true},
          index,
          cards: () => lazyDocument(last.header, last.removed, () => readFileSync(jsonPath)).cards
        })
      }
      done++
      continue
    }
    const file = readSource(entry, cwd)
    const result: FileResult = {source: entry.path, name: entry.name, deck: '', outputs: [], counts: {...emptyCounts}, file}
    results.push(result)
    const clash = names.get(entry.name)
    const apkgName = packageName(entry.name)
    const packageClash = packaged ? packages.get(apkgName) : undefined
    if (clash) fatal(file, 'Output name `' + entry.name + '` is already used by `' + clash + '`; build them into different folders', 'output-name-clash')
    else if (packageClash) fatal(file, 'Package name `' + apkgName + '.apkg` is already used by `' + packageClash + '`; rename one of the files', 'output-name-clash')
    else {
      names.set(entry.name, entry.path)
      packages.set(apkgName, entry.path)
      if (packaged && apkgName !== entry.name) packageRenamed(file, entry.name, apkgName)
    }
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
      checked.push({participant: {source: entry.path, deck: result.deck, deckLine: last.deckLine, deckChosen: last.deckChosen, ids: last.ids, changes: 'n'.repeat(last.ids.length)}, index, result, apkgName})
      built.push({result, digest})
      cards += last.counts.cards
      done++
      if (write && formats.includes('json')) result.outputs.push(shown(cwd, path.join(out, entry.name + '.json')))
      if (write && formats.includes('apkg') && !options.combine) {
        const apkgPath = path.join(out, apkgName + '.apkg')
        if (last.apkg?.key === apkgKey(digest) && sameFile(apkgPath, last.apkg)) result.outputs.push(shown(cwd, apkgPath))
        else stalePackages.push({result, entry: last, digest, apkgName})
      }
      continue
    }
    pending.push({
      result,
      job: {
        entry,
        packageName: apkgName,
        text,
        cwd,
        out,
        formats,
        write,
        settings,
        time: time.ms,
        slot: {index, of: entries.length},
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
    const {result, job} = pending[index]
    replayMessages(result.file, outcome.messages)
    result.deck = outcome.deck
    result.counts = outcome.counts
    const {json, jsonPath} = outcome
    result.document = outcome.document ?? lazyDocument(outcome.header, outcome.removed, json ?? (() => readFileSync(jsonPath!)))
    result.media = outcome.media
    timeMessages(result.file, outcome.time, time)
    result.outputs.push(...outcome.outputs.map((output) => shown(cwd, output)))
    if (outcome.writeError) fatal(result.file, 'Cannot write outputs to `' + shown(cwd, out) + '`: ' + outcome.writeError, 'output-unwritable')
    else if (!hasErrors(result.file)) {
      const participant = {source: result.source, deck: outcome.deck, deckLine: outcome.deckLine, deckChosen: outcome.deckChosen, ids: outcome.ids, changes: outcome.changes}
      checked.push({participant, index: job.slot.index, result, apkgName: job.packageName})
    }
    if (!outcome.writeError && write && !hasErrors(result.file)) {
      built.push({result, digest: outcome.digest})
      // The main thread waits for the workers: the combined package's rows can be made now.
      if (combinedPackage) for (const card of result.document.cards) prepareNote(card)
    }
    cards += outcome.counts.cards
    done++
  }
  const threaded = options.workers !== 0
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
      finish(others[index], await buildFile(job))
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

  // Ids two files would share: reassigned before any package holds them.
  checked.sort((a, b) => a.index - b.index)
  for (const reassigned of acrossFiles(checked, time, entries.length)) {
    const {result, apkgName} = reassigned
    if (!write || !result || apkgName === undefined) continue
    // A reused file's package that was to be written again is written here, with the new ids.
    const stale = stalePackages.findIndex((stale) => stale.result === result)
    if (stale !== -1) stalePackages.splice(stale, 1)
    try {
      const digest = await rewrite(out, result, apkgName, formats, packaged)
      const record = built.find((record) => record.result === result)
      if (record) record.digest = digest
      if (stale !== -1) result.outputs.push(shown(cwd, path.join(out, apkgName + '.apkg')))
    } catch (error) {
      fatal(result.file, 'Cannot write outputs to `' + shown(cwd, out) + '`: ' + errorText(error), 'output-unwritable')
    }
  }

  // Packages of reused files that are missing or changed on disk.
  for (const {result, entry, digest, apkgName} of stalePackages) {
    const apkgPath = path.join(out, apkgName + '.apkg')
    try {
      const document = result.document!
      await writeApkgAtomic(apkgPath, [packageDeck(document)], readMedia(entry.media))
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
        // The check across files gives every card its own id: a GUID twice is studydeck's mistake, never written.
        if (error instanceof DuplicateGuidError) fatal(built[0].result.file, 'Cannot write `' + shown(cwd, apkgPath) + '`: ' + error.message + ' (a bug in studydeck: please report it)', 'duplicate-guid')
        else fatal(built[0].result.file, 'Cannot write `' + shown(cwd, apkgPath) + '`: ' + errorText(error), 'output-unwritable')
      }
    }
  }
  return results
}

/** A document of the build, for the check across files: a file built or reused (`result`), or one `--watch` did not rebuild (`cards`). */
interface Checked {
  participant: Participant
  /** Its place in path order. */
  index: number
  result?: FileResult
  apkgName?: string
  /** Its cards, read when a message names one. */
  cards?: () => Card[]
}

/**
 * The check across files (`across-files.ts`): warnings at files that land
 * in one deck and at cards that would share an id; each card that gives its
 * id up gets its own, a new note for Anki created at the build's time, in
 * its document. Returns the documents changed.
 */
function acrossFiles(checked: Checked[], time: BuildTime, of: number): Checked[] {
  const participants = checked.map(({participant}) => participant)
  const files = checked.map(({result}) => result?.file ?? new VFile())
  for (const group of sharedDecks(participants)) sharedDeckMessages(group, participants, files)
  const shared = sharedIds(participants)
  if (shared.length === 0) return []
  const cardsOf = checked.map(({result, cards}) => (result ? () => result.document!.cards : cards!))
  const cardOf = ({file, card}: CardAt) => {
    const found = cardsOf[file]()[card]
    return {front: found.front, line: found.source.line}
  }
  for (const one of shared) sharedIdMessages(one, participants, files, cardOf)
  const changed: Checked[] = []
  for (const [file, ids] of newIds(participants, shared)) {
    const {result, index, participant} = checked[file]
    const document = result!.document!
    const counts = result!.counts
    const created = createdTimes(() => time.ms, createdIn(document), {index, of})
    document.cards = document.cards.map((card, at) => {
      const id = ids.get(at)
      if (id === undefined) return card
      const was = changeNames[participant.changes[at]]
      counts[was]--
      counts.added++
      participant.ids[at] = id
      return {...card, id, modified: Math.floor(time.ms / 1000), created: created()}
    })
    changed.push(checked[file])
  }
  return changed
}

const changeNames: Record<string, keyof ChangeCounts> = {a: 'added', u: 'updated', r: 'renamed', n: 'unchanged'}

/** Write a document's JSON and package again, after the check across files changed it; its cache entry then asks for a build. Returns the JSON's digest. */
async function rewrite(out: string, result: FileResult, apkgName: string, formats: Format[], packaged: boolean): Promise<string> {
  const document = result.document!
  const json = toJsonBytes(document)
  const digest = hash(json)
  const writes: OutputFile[] = []
  if (formats.includes('json')) writes.push({path: path.join(out, result.name + '.json'), data: json})
  const apkgPath = path.join(out, apkgName + '.apkg')
  if (packaged) writes.push(await stageFile(apkgPath, (temporary) => writeApkgFile(temporary, [packageDeck(document)], readMedia(result.media ?? []))))
  writeAllAtomic(writes)
  const entry = readEntry(out, result.name!)
  if (entry) {
    const ids = document.cards.map((card) => card.id)
    writeEntry(out, result.name!, {...entry, key: null, counts: {...result.counts}, ids, apkg: packaged ? {key: apkgKey(digest), ...fileStat(apkgPath)} : entry.apkg})
  }
  return digest
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
    decks.map(({result}): ApkgDeck => packageDeck(result.document!)),
    readMedia(decks.flatMap(({result}) => result.media ?? []))
  )
  if (!useCache) return
  writeEntry(out, recordName, {
    format: cacheFormat,
    key: null,
    header: {version: 1, generator, deck: {name, id: ''}, source: ''},
    removed: [],
    counts: {...emptyCounts},
    messages: [],
    media: [],
    images: [],
    ids: [],
    deckLine: 1,
    deckChosen: false,
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

/**
 * What a document that took the build's time is told about it: that
 * `SOURCE_DATE_EPOCH` lay in the future and gave way to the system clock,
 * or that it is not later than the time changed cards had already.
 */
function timeMessages(file: VFile, used: FileOutcome['time'], time: BuildTime) {
  if (!used.read) return
  if (time.future !== undefined) {
    file.message(
      '`SOURCE_DATE_EPOCH` (' + shownTime(time.future) + ') is later than now: this build’s changes are stamped with the system clock (' + shownTime(time.ms / 1000) + ') ' +
        'instead, as Anki refuses or renumbers ids later than tomorrow, and a future time would win every “if newer” comparison',
      {place: {line: 1, column: 1}, ruleId: 'time-future', source: 'studydeck'}
    )
  }
  if (time.from === 'SOURCE_DATE_EPOCH' && used.behind > 0) {
    file.message(
      '`SOURCE_DATE_EPOCH` (' + shownTime(time.ms / 1000) + ') is not later than the last change of ' + plural(used.behind, 'changed card') + ': ' +
        (used.behind === 1 ? 'it gets' : 'they get') + ' one second more than ' + (used.behind === 1 ? 'it' : 'they') + ' had. Anki 2.1.55–24.11 stamps a note it updates ' +
        'with the time of the import and skips a later update that is not newer, so a student who imported after that time does not get this change: ' +
        'set `SOURCE_DATE_EPOCH` to the time of your last change, or leave it unset (README, “Importing into Anki”)',
      {place: {line: used.behindLine ?? 1, column: 1}, ruleId: 'time-not-later', source: 'studydeck'}
    )
  }
}

function plural(count: number, word: string): string {
  return count + ' ' + word + (count === 1 ? '' : 's')
}

/** Why `--combine NAME` cannot be: Anki would take `NAME.apkg` for a whole collection. */
export function combinedNameProblem(name: string): string {
  return (
    '`--combine ' + name + '` would write `' + name + '.apkg`, a name Anki takes for a whole collection: it would offer to replace the ' +
    'collection it is imported into (names `collection.apkg`, `backup-….apkg` and `….colpkg`, in any case); choose another name'
  )
}

/** A package named as Anki names a collection is renamed, and the file says so. */
function packageRenamed(file: VFile, name: string, apkgName: string) {
  const base = (name: string) => name.slice(name.lastIndexOf('/') + 1) + '.apkg'
  file.message(
    'The package is `' + base(apkgName) + '`, not `' + base(name) + '`: Anki takes a file named `collection.apkg`, `backup-….apkg` or `….colpkg` ' +
      'for a whole collection and offers to replace the student’s collection with it (rename this file to choose the name)',
    {place: {line: 1, column: 1}, ruleId: 'package-renamed', source: 'studydeck'}
  )
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

