import {cardTexts, isHeld, withTextsOf} from '../offheap/held-texts.js'
import type {Card, ChangeCounts, DeckDocument, RemovedCard, RenderedCard} from '../shared/types.js'
import type {MatchKind} from './match.js'

/**
 * What changed since the previous build: modification times (kept for
 * unchanged cards, so unchanged notes give the same bytes), the counts a
 * build reports, and the removed cards, listed until they come back.
 */

export interface Stamped {
  cards: Card[]
  /** Cards of the previous build that are gone now. */
  removed: RemovedCard[]
  counts: ChangeCounts
}

/**
 * Compare with the previous build: unchanged cards keep their modification
 * time; changed and new ones get `now`, always later than what they had, so
 * Anki's “update if newer” import takes them.
 */
export function stamp(
  cards: Array<RenderedCard & {match: MatchKind}>,
  previous: DeckDocument | undefined,
  clock: () => number
): Stamped {
  // The clock is read only when a card changed: unchanged input, same bytes.
  let time: number | undefined
  const now = () => (time ??= clock())
  const previousById = new Map((previous?.cards ?? []).map((card) => [card.id, card]))
  const counts: ChangeCounts = {cards: cards.length, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0}
  const result: Card[] = cards.map((card) => {
    const old = previousById.get(card.id)
    if (!old) {
      counts.added++
      return stamped(card, now())
    }
    if (sameContent(card, old)) {
      counts.unchanged++
      return stamped(card, old.modified)
    }
    // Renamed: the card kept its id though its question changed (its key did).
    if (card.match === 'same') counts.updated++
    else counts.renamed++
    return stamped(card, Math.max(now(), old.modified + 1))
  })

  const present = new Set(result.map((card) => card.id))
  const goneNow = (previous?.cards ?? []).filter((card) => !present.has(card.id)).map(({id, front}) => ({id, front}))
  counts.removed = goneNow.length
  // Removed cards stay listed until they come back: Anki never deletes on
  // import, so the student needs the list until they act on it. The newly
  // removed come last (`newlyRemoved`).
  const gone = new Set(goneNow.map((card) => card.id))
  const earlier = (previous?.removed ?? []).filter((card) => !present.has(card.id) && !gone.has(card.id))
  const removed = [...earlier, ...goneNow]
  return {cards: result, removed, counts}
}

/** The card as written out: its fields named one by one, so every card shares one hidden class. */
function stamped(card: RenderedCard, modified: number): Card {
  const {id, kind, context, tags, source} = card
  if (isHeld(card)) return withTextsOf({id, kind, context, tags, source, modified}, card, cardTexts) as Card
  const {front, back, frontHtml, backHtml} = card
  return {id, kind, front, back, frontHtml, backHtml, context, tags, source, modified}
}

/** What Anki shows: a change here must reach the student's collection. */
function sameContent(card: RenderedCard, old: Card): boolean {
  return (
    card.kind === old.kind &&
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
