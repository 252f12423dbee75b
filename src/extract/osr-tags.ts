import type {Paragraph, PhrasingContent, Root, RootContent} from 'mdast'
import type {Settings} from '../parse/settings.js'
import {placeOf, type ExtractContext} from './context.js'
import {trimStart} from './phrasing.js'

/**
 * obsidian-spaced-repetition's tags: which notes it reads (a flashcard tag,
 * `#flashcards` or a sub-tag, in the text or the front matter's `tags`) and
 * the deck a card takes from them (`rules/osr.ts`, and the cloze notes of
 * such a note, `rules/cloze.ts`).
 */

/** A flashcard tag at the start of a card: that card's deck (and not part of its text). */
export function leadingTag(line: PhrasingContent[]): {tag?: string; line: PhrasingContent[]} {
  const first = line[0]
  if (first?.type !== 'text') return {line}
  const match = /^#flashcards((?:\/[^\s#]*)?)(?=\s|$)/u.exec(first.value)
  if (!match) return {line}
  return {tag: deckOf(match[1]) ?? '', line: trimStart([{...first, value: first.value.slice(match[0].length)}, ...line.slice(1)])}
}

/**
 * A flashcard tag in text: `#flashcards` or `#flashcards/a/b`, at the
 * start or after white space, and not the start of a longer tag
 * (`#flashcards-old`). Obsidian tags hold letters, digits, `_`, `-`, `/`.
 */
export const flashcardTagIn = /(^|\s)#flashcards((?:\/[\p{L}\p{N}_/-]*)?)(?![\p{L}\p{N}_-])/gu

/** The deck a sub-tag names (`/bio/cells` → `bio::cells`); none for `#flashcards` itself. */
function deckOf(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean)
  return segments.length > 0 ? segments.join('::') : undefined
}

const decksOf = new WeakMap<ExtractContext, DeckTags>()

/** The note's deck tags, found once. */
export function osrDecks(ctx: ExtractContext): DeckTags {
  let decks = decksOf.get(ctx)
  if (!decks) {
    decks = deckTags(ctx.tree, ctx.settings)
    decksOf.set(ctx, decks)
  }
  return decks
}

/**
 * The deck of a note in a note obsidian-spaced-repetition reads (a cloze
 * paragraph): a flashcard tag that starts it (taken out of its text), else
 * the tags above it.
 */
export function osrDeckOf(ctx: ExtractContext, paragraph: Paragraph): string | undefined {
  const {tag, line} = leadingTag(paragraph.children)
  if (tag !== undefined) {
    paragraph.children = line
    return tag || undefined
  }
  return osrDecks(ctx).at(placeOf(paragraph).line)
}

/** Where the note's flashcard tags are, and the deck each card takes from them. */
export interface DeckTags {
  /** The deck of a card on `line` without a tag of its own (`undefined`: the document's). */
  at(line: number): string | undefined
}

/** Flashcard tags in the note's text (not in code, which holds no text nodes), by line, and in its front matter. */
function deckTags(tree: Root, settings: Settings): DeckTags {
  const inText: Array<{line: number; deck: string | undefined}> = []
  const visit = (node: Root | RootContent) => {
    if (node.type === 'text') {
      for (const match of node.value.matchAll(flashcardTagIn)) {
        // A tag on a card's line is that card's (`leadingTag`; one at its end only marks the note), not one for the cards below.
        const start = match.index + match[1].length
        const lineStart = node.value.lastIndexOf('\n', start - 1) + 1
        if (node.value.slice(lineStart).split('\n')[0].includes('::')) continue
        const line = (node.position?.start.line ?? 0) + (node.value.slice(0, start).match(/\n/g)?.length ?? 0)
        inText.push({line, deck: deckOf(match[2])})
      }
      return
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child)
  }
  visit(tree)
  // Lines of tags alone are taken out of the tree (`parse/structure.ts`, Anki tags `flashcards::bio`): where they stood still counts.
  for (const {line, tags} of tree.data?.tagLines ?? []) {
    const tag = tags.find((name) => flashcardAnkiTag.test(name))
    if (tag !== undefined) inText.push({line, deck: deckOf(tag.slice('flashcards'.length).replace(/::/g, '/'))})
  }
  inText.sort((a, b) => a.line - b.line)
  const inFrontMatter = settings.tags.map((tag) => /^#?flashcards(\/.*)?$/.exec(tag.trim())).filter((match) => match !== null)
  const fromFrontMatter = inFrontMatter.length > 0 ? {deck: deckOf(inFrontMatter[0]![1] ?? '')} : undefined
  return {
    at(line) {
      let last: {deck: string | undefined} | undefined
      for (const tag of inText) if (tag.line < line) last = tag
      return (last ?? fromFrontMatter ?? inText[0])?.deck
    }
  }
}

/** obsidian-spaced-repetition's schedule of a card, as it writes it after the card. */
const scheduled = /<!--SR:(?:!\d{4}-\d{2}-\d{2},\d+,\d+)+-->/

/** A flashcard tag as a line of tags gives it to every card (`flashcards`, `flashcards::bio::cells`). */
const flashcardAnkiTag = /^flashcards(?:::.*)?$/

/**
 * Whether obsidian-spaced-repetition would read this note: `osr` set, a
 * flashcard tag in its text or front matter, or the plugin's own schedule
 * in it (`<!--SR:!2024-07-21,37,250-->` after a card: the plugin has read
 * this note, whatever tag its settings name).
 */
export function readsOsr(tree: Root, settings: Settings, source: string): boolean {
  if (settings.osr !== undefined) return settings.osr
  if (scheduled.test(source)) return true
  if (settings.tags.some((tag) => /^#?flashcards(?:(?:\/|::).*)?$/.test(tag.trim()))) return true
  if (tree.data?.tagLines?.some(({tags}) => tags.some((name) => flashcardAnkiTag.test(name)))) return true
  // Most notes have no such tag: one look at the text spares the walk.
  if (source && !source.includes('#flashcards')) return false
  const visit = (node: Root | RootContent): boolean => {
    if (node.type === 'text') return new RegExp(flashcardTagIn.source, 'u').test(node.value)
    return 'children' in node && (node.children as RootContent[]).some((child) => visit(child))
  }
  return visit(tree)
}
