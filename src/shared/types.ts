import type {PhrasingContent, RootContent} from 'mdast'

/**
 * What kind of note a card was found in: a question (`faq`), a table, a
 * list; a `cloze` deletion (Anki's `{{c1::…}}`, or a cloze mark); a
 * `flashcard` written in a card syntax (`Q::A`, `?`, Obsidian_to_Anki blocks).
 */
export type CardKind = 'faq' | 'table' | 'list' | 'cloze' | 'flashcard'

/**
 * The Anki note type of a card beyond the basic one (`undefined`: basic,
 * one card). `reversed`: a second card asks the back and answers the front.
 * `cloze`: one card per deletion number (`cloze-note-type.ts`).
 */
export type NoteKind = 'reversed' | 'cloze'

/** A cloze note's own texts: what Anki's cloze note type holds. */
export interface ClozeFields {
  /** The Anki `Text` field: sanitized HTML with `{{cN::…}}` (and `::hint`) deletions. */
  text: string
  /** The deletion numbers, distinct and ascending: a card each (card ordinal = number − 1). */
  numbers: number[]
  /** The `Back Extra` field, sanitized HTML, when there is one. */
  extra?: string
}

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
  /** Its note type beyond the basic one (default: basic). */
  note?: NoteKind
  /** The deck it goes in when not its document's (an obsidian-spaced-repetition deck tag: `bio::cells`). */
  deck?: string
  /**
   * For a question heading: whether its answer hides in a reveal `<details>`
   * (`View answer`). A document that hides its answers so drops a question
   * heading that has none (`extract/reveals.ts`), which needs every section.
   */
  reveal?: boolean
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
  /** Unset for a basic note (one card). */
  note?: NoteKind
  front: string
  back: string
  frontHtml: string
  backHtml: string
  /** A cloze note's fields (`note: 'cloze'`). */
  cloze?: ClozeFields
  context: string[]
  tags: string[]
  /** The full deck name, when not the document's. */
  deck?: string
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
  /** Cards Anki keeps, empty, because a cloze note lost a deletion number since the previous build (set when any). */
  emptied?: number
  /** Notes and their Anki cards by note type, when not every note is basic (`cards` above counts notes). */
  noteTypes?: Partial<Record<NoteKind | 'basic', {notes: number; cards: number}>>
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
