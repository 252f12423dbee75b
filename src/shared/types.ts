import type {PhrasingContent, RootContent} from 'mdast'

/** What kind of note a card was found in. */
export type CardKind = 'faq' | 'table' | 'list'

/** Where a card came from in its source file (1-indexed). */
export interface Place {
  line: number
  column: number
}

/**
 * A card as extraction finds it: mdast pieces, no id yet.
 *
 * The front is a path of parts (`lead › … › prompt`): a table cell is
 * `caption › row key › column`, a term is `lead-in › term`, a question is
 * just the question.
 */
export interface CardDraft {
  kind: CardKind
  /** The rule that made the card (a ruleId, as in messages). */
  rule: string
  /** Front parts; the last is the prompt, the others lead up to it. */
  parts: PhrasingContent[][]
  /** Shown after the prompt but not part of the question key (e.g. `(6 items)`). */
  hint?: string
  /** Blocks that belong to the question (the code a quiz asks about), shown under the prompt; part of the question key. */
  body?: RootContent[]
  /** The answer, as blocks. */
  answer: RootContent[]
  /** Document title, then the headings above the card. */
  context: string[]
  /** Extra context parts put in front of `parts` to tell apart equal fronts. */
  qualifier?: string[]
  place: Place
  /** Tags from the document settings and the heading path. */
  tags: string[]
  /** Normalized question key: what the card asks, never its answer. */
  key: string
}

/** A card with its stable id. */
export interface IdentifiedCard extends CardDraft {
  id: string
  /** How identification found the card (`MatchKind` in `identity/match.ts`). */
  match: 'same' | 'moved' | 'relabelled' | 'reworded' | 'new'
}

/** A rendered card: what the JSON and the Anki note hold. */
export interface RenderedCard {
  id: string
  kind: CardKind
  front: string
  back: string
  frontHtml: string
  backHtml: string
  context: string[]
  tags: string[]
  source: {file: string; line: number}
}

/** A card as written out, with its modification time. */
export interface Card extends RenderedCard {
  /** Seconds since the epoch when this card's content last changed. */
  modified: number
  /**
   * Milliseconds since the epoch of the build that first made the card,
   * made unique in its build: its Anki note id and card id (what Anki's
   * browser shows as created, what `added:` searches). Unset for a card of
   * a build that did not remember it: it keeps the ids it had.
   */
  created?: number
}

export interface RemovedCard {
  id: string
  front: string
  /** The card's `created`, when it had one: its Anki note id. */
  created?: number
}

/** A media file referenced by cards (an image packed into the `.apkg`). */
export interface MediaFile {
  /** Content-hashed name used in the card HTML. */
  name: string
  /** Absolute path of the file on disk. */
  path: string
}

/** What changed since the previous build of one deck. */
export interface ChangeCounts {
  cards: number
  added: number
  updated: number
  renamed: number
  removed: number
  unchanged: number
}

/** The document of a deck: the JSON output, also the memory of the next build. */
export interface DeckDocument {
  version: 1
  generator: string
  deck: {name: string; id: string}
  source: string
  /**
   * The note types of its package, by name: the digest of each as the
   * package holds it and when that last changed (the package's note type
   * `mod`). Unset in a build that did not remember them.
   */
  noteTypes?: Record<string, {digest: string; modified: number}>
  cards: Card[]
  removed: RemovedCard[]
}
