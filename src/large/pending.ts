import type {TextedDraft} from '../extract/extract.js'
import type {TextStore} from '../offheap/text-store.js'
import type {RenderedParts} from '../render/html.js'
import type {MediaFile} from '../shared/types.js'

/**
 * A card found in a large document, waiting for the rest of the document
 * to be parsed (question keys and equal fronts need every card). The
 * sections still to parse make garbage, and V8 lets its heap grow to about
 * four times what is alive before it collects: every byte a waiting card
 * holds on the heap costs four. So once rendered, a card's texts wait in a
 * `TextStore` (off the heap) and its syntax tree is let go.
 */
export type Pending = TextedDraft & {
  /** Its rendered texts in the store (`store`); -1 while it waits for a definition further down. */
  stored: number
  /** Its plain texts in the store meanwhile (`texts` is `unread` then); -1 when they are in `texts`. */
  storedTexts: number
  /** Its syntax tree in the store while it waits for a definition (`park`); -1 when it is in the draft. */
  storedTree: number
  media: MediaFile[]
  /** Images left out, told once the card is kept. */
  problems: Array<() => void> | undefined
}

/** Shared by the cards without images (most), never written to. */
export const noMedia: MediaFile[] = []
const none: never[] = []
/** What a stored card's `texts` reads until they are restored. */
const unread = {parts: none, answer: ''}

/** Let go of the draft's syntax tree once its card is rendered. */
export function letTreeGo(candidate: Pending): void {
  candidate.parts = none
  candidate.answer = none
  candidate.body = undefined
}

/**
 * A card that refers to a definition further down waits for it, its syntax
 * tree in the store as JSON: link definitions usually close the document,
 * so in a large one, every card with a reference would keep its tree on the
 * heap until the last section is parsed.
 */
export function park(candidate: Pending, texts: TextStore): void {
  candidate.storedTree = texts.put([JSON.stringify([candidate.parts, candidate.body ?? null, candidate.answer])])
  letTreeGo(candidate)
}

/** A parked card's syntax tree back, to render it. */
export function unpark(candidate: Pending, texts: TextStore): void {
  if (candidate.storedTree === -1) return
  const [parts, body, answer] = JSON.parse(texts.get(candidate.storedTree)[0]!) as [Pending['parts'], Pending['body'] | null, Pending['answer']]
  candidate.parts = parts
  candidate.body = body ?? undefined
  candidate.answer = answer
  candidate.storedTree = -1
}

/** Put a rendered card's texts in the store. */
export function store(candidate: Pending, rendered: RenderedParts, texts: TextStore): void {
  const {parts, body, backHtml, back, media, cloze} = rendered
  candidate.stored = texts.put([back, backHtml, body, cloze ? JSON.stringify(cloze) : undefined, ...parts])
  candidate.storedTexts = texts.put([candidate.texts.answer, candidate.texts.body, ...candidate.texts.parts])
  candidate.texts = unread
  candidate.media = media.length > 0 ? media : noMedia
}

/** A stored card's plain texts back, once every section is parsed: `settle` reads them. */
export function restoreTexts(candidate: Pending, texts: TextStore): void {
  if (candidate.storedTexts === -1) return
  const [answer, body, ...parts] = texts.get(candidate.storedTexts)
  // Copies from the store: strings of their own, not views of a section's text.
  candidate.texts = body === undefined ? {parts: parts as string[], answer: answer!} : {parts: parts as string[], body, answer: answer!}
  candidate.storedTexts = -1
}

/** A stored card's rendered texts back. */
export function restoreRendered(candidate: Pending, texts: TextStore): RenderedParts {
  const [back, backHtml, body, cloze, ...parts] = texts.get(candidate.stored)
  const rendered: RenderedParts = {parts: parts as string[], body, backHtml: backHtml!, back: back!, media: candidate.media}
  if (cloze !== undefined) rendered.cloze = JSON.parse(cloze) as RenderedParts['cloze']
  return rendered
}

/** What a rendered card waiting in a large document keeps (`candidates.ts`): the rest is in the store or let go. */
export type RenderedFields = Pick<Pending, 'kind' | 'rule' | 'note' | 'deck' | 'hint' | 'reveal' | 'context' | 'place' | 'stored' | 'storedTexts'>

/** Whether `candidate` is rendered and holds nothing but `RenderedFields` (no images, nothing to tell, no syntax tree). */
export function isPlainRendered(candidate: Pending): boolean {
  return candidate.stored !== -1 && candidate.storedTexts !== -1 && candidate.storedTree === -1 && candidate.media === noMedia && candidate.problems === undefined && candidate.parts === none
}

/** A rendered card again, from what it kept. */
export function renderedPending(fields: RenderedFields): Pending {
  const {kind, rule, note, deck, hint, reveal, context, place, stored, storedTexts} = fields
  const pending: Pending = {kind, rule, parts: none, hint, body: undefined, answer: none, context, place, texts: unread, stored, storedTexts, storedTree: -1, media: noMedia, problems: undefined}
  if (note) pending.note = note
  if (deck) pending.deck = deck
  if (reveal !== undefined) pending.reveal = reveal
  return pending
}
