import type {VFile} from 'vfile'
import {asksAttribute, frontOf} from '../extract/plain-text.js'
import type {Candidate} from '../extract/settle.js'
import {holdTexts, preparedTexts} from '../offheap/held-texts.js'
import type {TextStore} from '../offheap/text-store.js'
import {detached} from '../shared/text.js'
import type {MediaFile, RenderedCard} from '../shared/types.js'
import {frontHtml, showsNothing, type RenderedParts} from './html.js'

/** A rendered card with its question key, before it is given an id: what identity matches. */
export interface Identifiable extends Omit<RenderedCard, 'id'> {
  key: string
}

/** A card as rendering leaves it: what identity gets, with the images it shows. */
export type PreparedCard = Identifiable & {media: MediaFile[]}

/**
 * A settled card with its parts rendered, as identity gets it; undefined
 * (and an info message) when a side shows nothing once its HTML is made
 * safe (an answer that was only a `<script>`). With a `store`, its texts
 * are held there (`offheap/held-texts.ts`), off the heap.
 */
export function preparedCard(card: Candidate & {key: string; tags: string[]; deck?: string}, rendered: RenderedParts, file: VFile, store?: TextStore, parentDeck?: string): PreparedCard | undefined {
  const front = frontOf(card)
  // A cloze note's front is its text, deletions hidden: nothing goes around it.
  const shownFront = card.note === 'cloze' ? rendered.parts[0] : frontHtml(rendered, card.qualifier, card.hint, asksAttribute(card.rule))
  if (showsNothing(shownFront) || showsNothing(rendered.backHtml)) {
    file.info('Card `' + front + '` would show an empty side once its HTML is made safe: left out', {place: card.place, ruleId: 'card-empty', source: 'studydeck'})
    return undefined
  }
  // Every field named: an object spread and then extended gets a hidden class of its own in V8 (memory and slow reads).
  // Detached (the back's texts were when rendered): the cards outlive the pieces of the document their texts were cut from.
  const source = {file: file.path, line: card.place.line}
  const prepared: PreparedCard = store
    ? (holdTexts({media: rendered.media, kind: card.kind, context: card.context, tags: card.tags, source}, store, {front, back: rendered.back, frontHtml: shownFront, backHtml: rendered.backHtml, key: card.key}, preparedTexts) as PreparedCard)
    : {front: detached(front), back: rendered.back, frontHtml: detached(shownFront), backHtml: rendered.backHtml, media: rendered.media, kind: card.kind, key: card.key, context: card.context, tags: card.tags, source}
  // Only notes beyond the basic one carry these: the basic cards, most of them, keep one shape.
  if (card.note) prepared.note = card.note
  if (rendered.cloze) prepared.cloze = rendered.cloze
  // A deck of its own (an obsidian-spaced-repetition deck tag) sits where the document's would: under a combined package's deck.
  if (card.deck) prepared.deck = (parentDeck ? parentDeck + '::' : '') + card.deck
  return prepared
}
