import path from 'node:path'
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {extractDrafts} from '../extract/extract.js'
import {headingPlan, outline, type HeadingPlan, type OutlineOptions} from '../extract/outline.js'
import {settle} from '../extract/settle.js'
import {noteTypesOf, stampNoteTypes} from '../emit/note-type.js'
import {deckId} from '../identity/ids.js'
import {identify} from '../identity/match.js'
import {createdIn, createdTimes, stamp} from '../identity/stamp.js'
import type {Pending} from '../large/pending.js'
import {documentSections} from '../large/sections.js'
import {WaitingCards} from '../large/waiting-cards.js'
import {holdTextsFrom} from '../offheap/held-texts.js'
import {TextStore} from '../offheap/text-store.js'
import {markAnkiClozes} from '../parse/cloze-syntax.js'
import {limitSource, limitTree, withinStack} from '../parse/limits.js'
import {parseMarkdown} from '../parse/markdown.js'
import {parseInPieces} from '../parse/pieces.js'
import {headingLines, parseableSource} from '../parse/source.js'
import {isObsidianNote, structure} from '../parse/structure.js'
import {defaultSettings, readSettings, type Settings} from '../parse/settings.js'
import {preparedCard, type PreparedCard} from '../render/card.js'
import {collectDefinitions, type Definitions} from '../render/definitions.js'
import {renderParts, type RenderedParts} from '../render/html.js'
import {imageResolver} from '../render/images.js'
import type {ChangeCounts, DeckDocument, MediaFile} from '../shared/types.js'
import {generator} from '../shared/version.js'
import {buildTime} from './time.js'

/**
 * One document's way through every stage, no files written, top to bottom:
 *
 *     limit the source → parse, a section at a time (one section unless the
 *     document is large) → extract each section's cards → render them →
 *     settle what needs every card → identify against the previous build → stamp
 *
 * What `build` runs for each file (`file.ts`, which then writes the outputs),
 * and what the tests and the API call. A large document's cards wait for
 * the rest of it off the heap: `large/` is the strategy this way calls
 * (`documentSections`, `WaitingCards`), not a second way.
 */

/** What `prepareDeck` needs besides the document. */
export interface PrepareInput {
  settings?: Settings
  /** Folder that images may come from (default: the file's folder). */
  root?: string
  /** Deck name prefix for combined packages (`NAME::`). */
  parentDeck?: string
  /** Characters per parsed piece (default: `parse/pieces.ts` `pieceSize`); tests make it small to compile small documents in sections. */
  pieceSize?: number
  /** Cards from which a document's cards hold their texts in a store (default: `holdTextsFrom`); tests make it small. */
  holdTextsFrom?: number
}

export interface CompileInput extends PrepareInput {
  previous?: DeckDocument
  /** Clock for changed cards and note types, in seconds (default: `defaultClock`). */
  now?: () => number
  /** Clock for new cards' `created`, in milliseconds (default: `now` × 1000); a build gives both from its one time. */
  nowMs?: () => number
  /** The document's place among the documents of its build: their new cards' `created` times never meet (default: 0 of 1). */
  slot?: {index: number; of: number}
}

export interface CompiledDeck {
  document: DeckDocument
  /** The line that names the deck (`PreparedDeck.deckLine`). */
  deckLine: number
  /** Whether the front matter's `deck:` names the deck. */
  deckChosen: boolean
  counts: ChangeCounts
  /** What happened to each card (`Stamped.changes`). */
  changes: string
  media: MediaFile[]
}

/** A document's cards as rendered, before they are compared with the previous build (no ids yet). */
export interface PreparedDeck {
  deckKey: string
  deckName: string
  /** The line that names the deck: the front matter's `deck:`, else the title heading, else 1. */
  deckLine: number
  /** Whether the front matter's `deck:` names it. */
  deckChosen: boolean
  source: string
  cards: PreparedCard[]
}

/** The system clock, or `SOURCE_DATE_EPOCH` (reproducible builds) when set and not in the future, in seconds. */
export function defaultClock(): number {
  return Math.floor(buildTime().ms / 1000)
}

/**
 * One document, all stages: parse → extract → render → identify → stamp.
 * Reads nothing but the images its cards show.
 */
export function compileDeck(file: VFile, input: CompileInput = {}): CompiledDeck {
  return finishDeck(prepareDeck(file, input), input)
}

/**
 * The stages that need only the document: parse → extract → render.
 * `probe` is told every image path looked at (the build cache checks them).
 */
export function prepareDeck(file: VFile, input: PrepareInput = {}, probe?: (target: string) => void): PreparedDeck {
  // What the limits did not catch and runs out of stack is an error for this file, not a crash of the build.
  return withinStack(file, () => prepare(file, input, probe), () => {
    const stem = path.basename(file.path || 'notes', path.extname(file.path || ''))
    return {deckKey: stem, deckName: deckName(input, stem), deckLine: 1, deckChosen: false, source: file.path, cards: []}
  })
}

function prepare(file: VFile, input: PrepareInput, probe?: (target: string) => void): PreparedDeck {
  // Lines too long or nested too deep are left out before the parser sees them.
  // Parsed as its own renderer reads it (container fences, comments): the same length, so positions hold.
  const text = parseableSource(String(limitSource(file).value ?? ''))
  // What every section's outline must know of the whole document's headings.
  const plan = headingPlan(headingLines(text), isObsidianNote(String(file.value ?? '')))
  const before = file.messages.length
  // Card syntax that reaches across the whole note is read from one tree: a
  // `#flashcards` tag anywhere turns obsidian-spaced-repetition's syntax on
  // (and its first tag is the deck of the cards above it), an
  // Obsidian_to_Anki `TARGET DECK` holds for the blocks before it, a
  // `START` … `END` block may hold headings.
  if (!acrossTheNote.test(text)) {
    const inSections = prepareSections(file, input, documentSections(text, input.pieceSize, String(file.value ?? ''), plan), text, plan, probe)
    if (inSections) return inSections
  }
  // The pieces were parsed with stand-ins for definitions the document does not have: again, from one tree.
  file.messages.length = before
  return prepareSections(file, input, oneSection(parseInPieces(text, parseMarkdown)), text, plan, probe)!
}

/** Text that card syntax reading the whole note may hold (`prepare`). */
const acrossTheNote = /#flashcards|<!--SR:|^(?:TARGET DECK|START)\s*$|^TARGET DECK:/m

/**
 * Parse, extract and render each section in turn; then settle, over every
 * card, what needs them all (question keys, duplicates, equal fronts).
 * Undefined when `sections` says its pieces were parsed with other
 * definitions than the document has.
 */
function prepareSections(file: VFile, input: PrepareInput, sections: Generator<Root, boolean>, parsed: string, plan: HeadingPlan, probe?: (target: string) => void): PreparedDeck | undefined {
  const stem = path.basename(file.path || 'notes', path.extname(file.path || ''))
  const source = String(file.value)
  const definitions: Definitions = {links: new Map(), footnotes: new Map()}
  const resolveImage = imageResolver(file, input.root ?? file.dirname ?? '.', probe)
  // Images left out are told once the card is kept (below).
  const render = (card: Pending): RenderedParts =>
    renderParts(card, {
      definitions,
      resolveImage,
      source,
      onImageProblem: (node, reason, ruleId) =>
        (card.problems ??= []).push(() =>
          // An Obsidian embed names a file of the vault, which may well not be in the notes' folder: left out, and said so.
          node.data?.embed
            ? file.info('Embedded image `' + node.url + '` is not in the notes’ folder: left out', {place: node.position, ruleId: 'obsidian-embed-missing', source: 'studydeck'})
            : file.message(reason, {place: node.position, ruleId, source: 'studydeck'})
        )
    })
  const waiting = new WaitingCards(definitions, render)
  let settings = input.settings ?? defaultSettings
  let title: string | undefined
  let titleLine: number | undefined

  let next = sections.next()
  for (let index = 0; !next.done; index++) {
    const tree = limitTree(next.value, file)
    const {tags} = structure(tree, {file, source, parsed})
    // Before anything reads its text: a title or a definition holding `{{c1::…}}` reads as its text too.
    markAnkiClozes(tree, file)
    // The plan knows the whole document's headings: each section's outline is that of the whole.
    const around: OutlineOptions = index === 0 ? {plan} : {title, plan}
    if (index === 0) {
      settings = readSettings(tree, file, settings)
      const found = outline(tree, stem, around)
      title = found.title
      titleLine = found.titleIndex === undefined ? undefined : tree.children[found.titleIndex]?.position?.start.line
      if (settings.deck !== undefined) titleLine = deckSettingLine(tree) ?? titleLine
    }
    // Obsidian tags on lines of their own tag every card, as front matter `tags` do.
    if (tags.length > 0) settings = {...settings, tags: [...new Set([...settings.tags, ...tags])]}
    waiting.defined(collectDefinitions(tree))
    // Each card is rendered as soon as the definitions it cites are known.
    for (const draft of extractDrafts(tree, file, settings, stem, around)) waiting.add(draft)
    waiting.sectionDone()
    next = sections.next()
  }
  if (!next.value) return undefined

  const settled = settle(waiting.takeAll(), file, settings)
  const cards: PreparedCard[] = []
  // Cards of a large document hold their texts in a store of their own (the waiting cards' store goes once they are made).
  const cardStore = settled.length >= (input.holdTextsFrom ?? holdTextsFrom) ? new TextStore() : undefined
  for (const card of settled) {
    const rendered = waiting.rendered(card)
    for (const problem of card.problems ?? []) problem()
    const prepared = preparedCard(card, rendered, file, cardStore, input.parentDeck)
    if (prepared) cards.push(prepared)
  }
  waiting.close()
  // A student who builds a file and gets nothing is told, unless a warning or an error already says why.
  if (cards.length === 0 && file.messages.every((message) => message.fatal === undefined)) {
    file.message(noCardsReason(file), {place: {line: 1, column: 1}, ruleId: 'no-cards', source: 'studydeck'})
  }
  const deckKey = settings.deck ?? title ?? stem
  return {deckKey, deckName: deckName(input, deckKey), deckLine: titleLine ?? 1, deckChosen: settings.deck !== undefined, source: file.path, cards}
}

/** Why a document gave no card, as precisely as its messages tell. */
function noCardsReason(file: VFile): string {
  const unanswered = file.messages.filter((message) => message.ruleId === 'faq-unanswered').length
  if (unanswered > 0) {
    return (
      'No cards in this document: its ' +
      unanswered +
      (unanswered === 1 ? ' question has' : ' questions have') +
      ' no answer to recall (a list of questions to practise); a question becomes a card when its answer follows it (README, “What becomes a card”)'
    )
  }
  return 'No cards in this document: cards come from questions, tables, `term: definition` lists, enumerations, cloze deletions and card syntax (README, “What becomes a card”; `check --verbose` says what was skipped)'
}

/** The line of the front matter's `deck:` key (top level or under `studydeck:`). */
function deckSettingLine(tree: Root): number | undefined {
  const node = tree.children[0]
  if (node?.type !== 'yaml' || !node.position) return undefined
  const at = node.value.split('\n').findIndex((line) => /^\s*deck\s*:/.test(line))
  return at === -1 ? undefined : node.position.start.line + 1 + at
}

/** The stages that compare with the previous build: identify → stamp (cards, then note types). */
export function finishDeck(prepared: PreparedDeck, input: Pick<CompileInput, 'previous' | 'now' | 'nowMs' | 'slot'> = {}): CompiledDeck {
  const {deckKey, deckName} = prepared
  const {previous, nowMs} = input
  const now = input.now ?? (nowMs ? () => Math.floor(nowMs() / 1000) : defaultClock)
  const identified = identify(prepared.cards, deckKey, previous)
  const created = createdTimes(nowMs ?? (() => now() * 1000), createdIn(previous), input.slot)
  // Stamping names the fields it writes: the key and media stay behind.
  const {cards, removed, counts, changes} = stamp(identified, previous, now, created)
  const noteTypes = stampNoteTypes(noteTypesOf(cards), previous?.noteTypes, now)
  const media = new Map(prepared.cards.flatMap((card) => card.media).map((file) => [file.name, file]))
  return {
    document: {version: 1, generator, deck: {name: deckName, id: String(deckId(deckName))}, source: prepared.source, noteTypes, cards, removed},
    deckLine: prepared.deckLine,
    deckChosen: prepared.deckChosen,
    counts,
    changes,
    media: [...media.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
  }
}

function deckName(input: PrepareInput, key: string): string {
  return (input.parentDeck ? input.parentDeck + '::' : '') + key.replace(/::/g, ':')
}

/** A document parsed whole, as its one section. */
function* oneSection(tree: Root): Generator<Root, boolean> {
  yield tree
  return true
}
