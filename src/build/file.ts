import {readFileSync, rmSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {packageDeck, readMedia, writeApkgFile} from '../emit/apkg.js'
import {fromJsonBytes, jsonPieces, toJsonBytes} from '../emit/json.js'
import {errorText, sameFileContents, stageFile, writeAllAtomic, writePieces, type OutputFile} from '../emit/write.js'
import {matchesItself} from '../identity/match.js'
import type {ChangeCounts, DeckDocument} from '../shared/types.js'
import {apkgKey, cacheFormat, fileStat, hash, PartHash, resultKey, sameFile, signature, writeEntry, type CacheEntry} from './cache.js'
import {finishDeck, prepareDeck, type PreparedDeck} from './compile.js'
import type {FileJob, FileOutcome} from './job.js'
import {storeMessages} from './messages.js'
import {noteTypeCounts} from '../shared/note-kinds.js'

/**
 * One source file's way through a build: the text the build read → compile
 * (`compile.ts`: parse, extract, render, identify against the previous
 * JSON) → emit the outputs whose bytes changed → keep a checked result in
 * the cache.
 */
export async function buildFile(job: FileJob): Promise<FileOutcome> {
  const file = new VFile({path: job.entry.path, cwd: job.cwd, value: job.text})
  const probes = new Set<string>()
  const {compiled, again, time} = compile(job, file, probes)
  const {cards, removed, ...header} = compiled.document
  const outcome: FileOutcome = {
    deck: header.deck.name,
    counts: compiled.counts,
    messages: [],
    digest: '',
    document: compiled.document,
    header,
    removed,
    media: compiled.media,
    ids: cards.map((card) => card.id),
    changes: compiled.changes,
    deckLine: compiled.deckLine,
    deckChosen: compiled.deckChosen,
    time: {read: time.read, ...behind(cards, compiled.changes, job.time)},
    outputs: []
  }
  const failed = file.messages.some((message) => message.fatal === true)
  let apkg = job.lastEntry?.apkg
  // Emit.
  if (!failed && job.write) {
    try {
      apkg = (await writeOutputs(job, outcome)) ?? apkg
    } catch (error) {
      outcome.writeError = errorText(error)
    }
  }
  if (outcome.jsonPath === undefined || outcome.writeError) {
    // Not written: the JSON stays in memory, for the report and the document (`check`, or only a package).
    outcome.jsonPath = undefined
    outcome.json = toJsonBytes(compiled.document)
    outcome.digest = hash(outcome.json)
  }
  const digest = outcome.digest
  outcome.messages = storeMessages(file)
  if (failed || !job.write || outcome.writeError || job.sourceKey === undefined) return outcome

  // The cache. The JSON the next build is given: this one when it was written, else the one that was there.
  const nextIsThis = job.formats.includes('json') || digest === job.previousDigest
  const counts = nextIsThis ? again(compiled.document) : undefined
  writeEntry(job.out, job.entry.name, {
    format: cacheFormat,
    key: counts ? resultKey(job.sourceKey, digest) : null,
    header,
    removed,
    counts: counts ?? compiled.counts,
    messages: outcome.messages,
    media: compiled.media,
    images: [...probes].sort().map((target) => ({path: target, signature: signature(target)})),
    ids: outcome.ids,
    deckLine: outcome.deckLine,
    deckChosen: outcome.deckChosen,
    apkg
  })
  return outcome
}

/**
 * Prepare and finish the document; `again` checks what the cache may keep
 * (`countsAgain`). The syntax-free cards of the preparation are kept for it
 * only when the check needs them, and the source text is let go once
 * parsed: for a large document, each is a hundred megabytes and more.
 */
function compile(job: FileJob, file: VFile, probes: Set<string>) {
  const prepared = prepareDeck(file, {settings: job.settings, root: job.entry.root, parentDeck: job.parentDeck}, (target) => probes.add(target))
  file.value = ''
  job.text = ''
  const time = {read: false}
  const compiled = finishAgainstPrevious(prepared, job, file, () => {
    time.read = true
    return job.time
  })
  const count = prepared.cards.length
  // Most documents need not be built again to know (only a build that keeps a cache entry asks).
  const again: (document: DeckDocument) => ChangeCounts | undefined =
    job.write && job.sourceKey !== undefined && matchesItself(prepared.cards)
      ? () => withNoteTypes({cards: count, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: count}, noteTypeCounts(prepared.cards))
      : (document) => countsAgain(prepared, document, job.slot)
  return {compiled, again, time}
}

/** The changed cards whose time is later than the build's (they had that time or later already): how many, and the first one's line. */
function behind(cards: DeckDocument['cards'], changes: string, time: number): {behind: number; behindLine?: number} {
  let count = 0
  let line: number | undefined
  for (const [index, card] of cards.entries()) {
    if ((changes[index] === 'u' || changes[index] === 'r') && card.modified * 1000 > time) {
      count++
      line ??= card.source.line
    }
  }
  return line === undefined ? {behind: 0} : {behind: count, behindLine: line}
}

function withNoteTypes(counts: ChangeCounts, noteTypes: ChangeCounts['noteTypes']): ChangeCounts {
  if (noteTypes) counts.noteTypes = noteTypes
  return counts
}

/**
 * Give ids against the previous build, read only now that the document is
 * prepared and let go on return: for a large document it is as large as
 * the new cards, and parsing makes garbage in proportion to what is held.
 * Its bytes go too (`FileJob.previous`): the new JSON is compared with
 * their digest.
 */
function finishAgainstPrevious(prepared: PreparedDeck, job: FileJob, file: VFile, nowMs: () => number) {
  return finishDeck(prepared, {previous: previousDocument(job, file), nowMs, slot: job.slot})
}

/** The previous build, read (a function of its own: its bytes are let go on return, before ids are given). */
function previousDocument(job: FileJob, file: VFile): DeckDocument | undefined {
  const bytes = job.previous ?? (job.previousPath ? readLate(job.previousPath, file) : undefined)
  job.previous = undefined
  return bytes ? readPrevious(bytes, file, job.entry.name) : undefined
}

/**
 * Build the cards again against the JSON just made: when that gives the
 * same JSON without reading the clock, the next build of this source may
 * reuse it, with these counts. Anything else (an ambiguous match that would
 * turn out otherwise) is not kept.
 *
 * The same JSON, without writing it again: the clock is read for every
 * card that is new or changed, so without it every card kept its previous
 * self (fields and time), and with the same ids in the same order nothing
 * is gone, so the removed list is the previous one too.
 */
function countsAgain(prepared: PreparedDeck, document: DeckDocument, slot: FileJob['slot']): ChangeCounts | undefined {
  let clockRead = false
  const again = finishDeck(prepared, {
    previous: document,
    slot,
    nowMs() {
      clockRead = true
      return 0
    }
  })
  const cards = again.document.cards
  const same = !clockRead && cards.length === document.cards.length && cards.every((card, index) => card.id === document.cards[index].id)
  return same ? again.counts : undefined
}

/** Write the outputs whose bytes changed; returns the package's record. */
async function writeOutputs(job: FileJob, outcome: FileOutcome): Promise<CacheEntry['apkg']> {
  const document = outcome.document!
  // Both outputs are made before either is written: an interrupted build leaves the previous pair.
  const writes: OutputFile[] = []
  const jsonPath = path.join(job.out, job.entry.name + '.json')
  if (job.formats.includes('json')) {
    // To its temporary file as it is made, hashed on the way: a large deck's JSON is hundreds of megabytes.
    const digest = new PartHash()
    const staged = await stageFile(jsonPath, async (temporary) => writePieces(temporary, tapped(jsonPieces(document), (piece) => digest.update(piece))))
    outcome.digest = digest.digest()
    outcome.jsonPath = jsonPath
    // Same bytes: the file (and its time) is left alone.
    if (outcome.digest === job.previousDigest) rmSync(staged.staged, {force: true})
    else writes.push(staged)
  } else {
    outcome.json = toJsonBytes(document)
    outcome.digest = hash(outcome.json)
  }
  const packaged = job.formats.includes('apkg') && !job.combine
  const apkgPath = path.join(job.out, job.packageName + '.apkg')
  const key = apkgKey(outcome.digest)
  const last = job.lastEntry?.apkg
  // The package on disk was made from this very JSON by this code: nothing to do.
  if (packaged && !(last && last.key === key && sameFile(apkgPath, last))) {
    // Written to its temporary name as it is made: a large deck's package is never whole in memory.
    const staged = await stageFile(apkgPath, (temporary) => writeApkgFile(temporary, [packageDeck(document)], readMedia(outcome.media)))
    if (sameFileContents(apkgPath, staged.staged)) rmSync(staged.staged, {force: true})
    else writes.push(staged)
  }
  writeAllAtomic(writes)
  if (outcome.jsonPath) outcome.outputs.push(jsonPath)
  if (!packaged) return undefined
  outcome.outputs.push(apkgPath)
  return {key, ...fileStat(apkgPath)}
}

/** The items of `items`, each shown to `look` on its way. */
function* tapped<T>(items: Iterable<T>, look: (item: T) => void): Generator<T> {
  for (const item of items) {
    look(item)
    yield item
  }
}

/** A large previous JSON, read now; gone or unreadable since it was hashed: a message and a fresh start. */
function readLate(target: string, file: VFile): Uint8Array | undefined {
  try {
    return readFileSync(target)
  } catch (error) {
    file.message('Cannot read the previous build `' + path.basename(target) + '` (' + errorText(error) + '); ids of reworded questions cannot be kept', {
      ruleId: 'previous-unreadable',
      source: 'studydeck'
    })
    return undefined
  }
}

/** The previous build, identity's memory; a damaged one is a message and a fresh start. */
function readPrevious(bytes: Uint8Array, file: VFile, name: string): DeckDocument | undefined {
  const {document, problem} = fromJsonBytes(bytes)
  if (!document) {
    file.message('The previous build `' + path.basename(name) + '.json` ' + problem + '; starting afresh (ids of reworded questions cannot be kept)', {
      ruleId: 'previous-unreadable',
      source: 'studydeck'
    })
  }
  return document
}
