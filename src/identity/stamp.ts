import {cardTexts, isHeld, withTextsOf} from '../offheap/held-texts.js'
import {noteTypeCounts} from '../shared/note-kinds.js'
import type {Card, ChangeCounts, DeckDocument, RemovedCard, RenderedCard} from '../shared/types.js'
import type {MatchKind} from './match.js'

/**
 * What changed since the previous build: modification times (kept for
 * unchanged cards, so unchanged notes give the same bytes), creation times
 * of new cards (their Anki ids), the counts a build reports, and the
 * removed cards, listed until they come back.
 */

export interface Stamped {
  cards: Card[]
  /** Cards of the previous build that are gone now. */
  removed: RemovedCard[]
  counts: ChangeCounts
  /** What happened to each card, in order: `a`dded, `u`pdated, `r`enamed, `n`ot changed. */
  changes: string
}

/** A day in milliseconds: Anki 2.1.55–2.1.61 refuses a package with an id later than tomorrow, 2.1.62+ renumbers it. */
const day = 86_400_000

/**
 * The `created` times of a build's new cards, one after the other: its time
 * in milliseconds (`time`, read at the first), the `index`-th of every `of`
 * from there (so that the documents of one build, each its own slot, never
 * give two cards one time), skipping those `taken` (a clock that stands still
 * between builds). Past a day of them, they go back from the build's time
 * instead: never later than tomorrow.
 */
export function createdTimes(time: () => number, taken: ReadonlySet<number>, slot: {index: number; of: number} = {index: 0, of: 1}): () => number {
  let start: number | undefined
  let up = 0
  let down = 0
  return () => {
    start ??= time()
    for (;;) {
      let id = start + slot.index + up * slot.of
      if (id - start < day) up++
      else id = start - 1 - slot.index - down++ * slot.of
      if (!taken.has(id)) return id
    }
  }
}

/** The `created` times a build holds, its removed cards' too (their notes are still in Anki): a new card takes none of them. */
export function createdIn(document: Pick<DeckDocument, 'cards' | 'removed'> | undefined): Set<number> {
  const taken = new Set<number>()
  for (const card of document?.cards ?? []) if (card.created !== undefined) taken.add(card.created)
  for (const card of document?.removed ?? []) if (card.created !== undefined) taken.add(card.created)
  return taken
}

/**
 * Compare with the previous build: unchanged cards keep their modification
 * time; changed and new ones get `now`, always later than what they had, so
 * Anki's “update if newer” import takes them. New cards get their `created`
 * time from `created` (default: `now` in milliseconds, one apart); the
 * others keep theirs, or have none when their build did not give one.
 */
export function stamp(
  cards: Array<RenderedCard & {match: MatchKind}>,
  previous: DeckDocument | undefined,
  clock: () => number,
  created?: () => number
): Stamped {
  // The clock is read only when a card changed: unchanged input, same bytes.
  let time: number | undefined
  const now = () => (time ??= clock())
  const previousById = new Map((previous?.cards ?? []).map((card) => [card.id, card]))
  const newTime = created ?? createdTimes(() => now() * 1000, createdIn(previous))
  const counts: ChangeCounts = {cards: cards.length, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0}
  let changes = ''
  let emptied = 0
  const result: Card[] = cards.map((card) => {
    const old = previousById.get(card.id)
    if (!old) {
      counts.added++
      changes += 'a'
      return stamped(card, now(), newTime())
    }
    // A deletion number gone: Anki's import deletes no card, so that card stays, empty.
    if (old.cloze && card.cloze) emptied += old.cloze.numbers.filter((number) => !card.cloze!.numbers.includes(number)).length
    if (sameContent(card, old)) {
      counts.unchanged++
      changes += 'n'
      return stamped(card, old.modified, old.created)
    }
    // Renamed: the card kept its id though its question changed (its key did).
    if (card.match === 'same') counts.updated++
    else counts.renamed++
    changes += card.match === 'same' ? 'u' : 'r'
    return stamped(card, Math.max(now(), old.modified + 1), old.created)
  })

  const present = new Set(result.map((card) => card.id))
  const goneNow = (previous?.cards ?? []).filter((card) => !present.has(card.id)).map(({id, front, created}) => ({id, front, created}))
  counts.removed = goneNow.length
  if (emptied > 0) counts.emptied = emptied
  const noteTypes = noteTypeCounts(cards)
  if (noteTypes) counts.noteTypes = noteTypes
  // Removed cards stay listed until they come back: Anki never deletes on
  // import, so the student needs the list until they act on it. The newly
  // removed come last (`newlyRemoved`).
  const gone = new Set(goneNow.map((card) => card.id))
  const earlier = (previous?.removed ?? []).filter((card) => !present.has(card.id) && !gone.has(card.id))
  const removed = [...earlier, ...goneNow]
  return {cards: result, removed, counts, changes}
}

/** The card as written out: its fields named one by one, so every card shares one hidden class. */
function stamped(card: RenderedCard, modified: number, created: number | undefined): Card {
  const {id, kind, context, tags, source} = card
  const written = isHeld(card)
    ? (withTextsOf({id, kind, context, tags, source, modified, created}, card, cardTexts) as Card)
    : {id, kind, front: card.front, back: card.back, frontHtml: card.frontHtml, backHtml: card.backHtml, context, tags, source, modified, created}
  // Only notes beyond the basic one carry these: most cards keep one shape.
  if (card.note) written.note = card.note
  if (card.cloze) written.cloze = card.cloze
  if (card.deck) written.deck = card.deck
  return written
}

/** What Anki shows: a change here must reach the student's collection. */
function sameContent(card: RenderedCard, old: Card): boolean {
  return (
    card.kind === old.kind &&
    card.note === old.note &&
    card.deck === old.deck &&
    JSON.stringify(card.cloze) === JSON.stringify(old.cloze) &&
    card.front === old.front &&
    card.back === old.back &&
    card.frontHtml === old.frontHtml &&
    card.backHtml === old.backHtml &&
    card.context.join('\u0000') === old.context.join('\u0000') &&
    card.tags.join(' ') === old.tags.join(' ') &&
    card.source.file === old.source.file
  )
}

/** The cards this build removed: the last `counts.removed` of the document's `removed` list. */
export function newlyRemoved(document: Pick<DeckDocument, 'removed'>, counts: Pick<ChangeCounts, 'removed'>): RemovedCard[] {
  return counts.removed > 0 ? document.removed.slice(-counts.removed) : []
}
