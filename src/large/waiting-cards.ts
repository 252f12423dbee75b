import type {TextedDraft} from '../extract/extract.js'
import {TextStore} from '../offheap/text-store.js'
import {definitionKeys, firstUndefined, mergeDefinitions, type Definitions} from '../render/definitions.js'
import type {RenderedParts} from '../render/html.js'
import {detached} from '../shared/text.js'
import {Candidates} from './candidates.js'
import {letTreeGo, noMedia, park, restoreRendered, restoreTexts, store, unpark, type Pending} from './pending.js'

/**
 * The cards of a document found so far, waiting for the rest of it: what
 * needs every card (question keys, equal fronts) runs once the last
 * section is parsed. A card is rendered as soon as the link and footnote
 * definitions it cites are known, and then waits as texts in a store and a
 * row of numbers (`pending.ts`, `candidates.ts`), its syntax tree let go: a
 * large document's sections still to parse make garbage, and the heap grows
 * with what is held. A card that cites a definition further down waits
 * parked, its tree in the store, until the section that defines it comes.
 */
export class WaitingCards {
  readonly #definitions: Definitions
  readonly #render: (card: Pending) => RenderedParts
  readonly #candidates = new Candidates()
  readonly #texts = new TextStore()
  /** Cards that cite a definition not yet parsed (usually at the end of the document), by what they wait for. */
  readonly #waiting = new Map<string, Pending[]>()

  /**
   * `definitions`: the document's link and footnote definitions so far,
   * which `render` renders with (`defined` adds to them).
   */
  constructor(definitions: Definitions, render: (card: Pending) => RenderedParts) {
    this.#definitions = definitions
    this.#render = render
  }

  /** A section's definitions: the cards that waited for them are rendered now. */
  defined(found: Definitions): void {
    mergeDefinitions(this.#definitions, found)
    for (const key of definitionKeys(found)) {
      const ready = this.#waiting.get(key)
      this.#waiting.delete(key)
      for (const candidate of ready ?? []) this.#renderOrWait(candidate)
    }
  }

  /** A card found: rendered now, or parked until the definition it cites comes. */
  add(draft: TextedDraft): void {
    const candidate: Pending = Object.assign({}, draft, {stored: -1, storedTexts: -1, storedTree: -1, media: noMedia, problems: undefined})
    this.#candidates.push(candidate)
    this.#renderOrWait(candidate)
  }

  /** A section is done: its rendered cards wait as rows. */
  sectionDone(): void {
    this.#candidates.keepRendered()
  }

  /** Every card found, in document order, with its plain texts back (what `settle` reads); none waits after. */
  takeAll(): Pending[] {
    const all = this.#candidates.takeAll()
    for (const candidate of all) restoreTexts(candidate, this.#texts)
    return all
  }

  /** A card's rendered parts: from the store, or rendered now when it still waits (it cites a definition the document does not have). */
  rendered(candidate: Pending): RenderedParts {
    if (candidate.stored !== -1) return restoreRendered(candidate, this.#texts)
    unpark(candidate, this.#texts)
    return ownTexts(this.#renderNow(candidate))
  }

  /** Let go of the store. */
  close(): void {
    this.#texts.close()
  }

  #renderOrWait(candidate: Pending) {
    unpark(candidate, this.#texts)
    const missing = firstUndefined([...candidate.parts.flat(), ...(candidate.body ?? []), ...candidate.answer], this.#definitions)
    if (missing === undefined) {
      store(candidate, this.#renderNow(candidate), this.#texts)
    } else {
      park(candidate, this.#texts)
      const list = this.#waiting.get(missing)
      if (list) list.push(candidate)
      else this.#waiting.set(missing, [candidate])
    }
  }

  #renderNow(candidate: Pending): RenderedParts {
    const rendered = this.#render(candidate)
    // The syntax tree is let go: only texts and HTML stay.
    letTreeGo(candidate)
    return rendered
  }
}

/** The back's texts as strings of their own, not views of the document's text: the cards outlive it. */
function ownTexts(rendered: RenderedParts): RenderedParts {
  rendered.back = detached(rendered.back)
  rendered.backHtml = detached(rendered.backHtml)
  return rendered
}
