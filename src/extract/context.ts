import type {Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import type {Settings} from '../parse/settings.js'
import type {CardDraft} from '../shared/types.js'
import type {Outline} from './outline.js'

/** What every extractor gets: the tree, its outline, and shared bookkeeping. */
export interface ExtractContext {
  file: VFile
  tree: Root
  settings: Settings
  outline: Outline
  /** Contexts made so far, by the heading path they are made from (`contextAt`). */
  contexts: Map<Outline['paths'][number], string[]>
  /** Blocks that are the answer of a question: their lists are not enumerations. */
  answers: Set<RootContent>
  /** Paragraphs used up as captions or lead-ins. */
  consumed: Set<RootContent>
  /**
   * Blocks that belong to a question found in the blocks themselves (F3–F5:
   * a bold question, `Q:`/`A:`, `<details>`): no other rule reads them.
   */
  claimed: Set<RootContent>
  /** obsidian-spaced-repetition's card syntax is read here (`osr.ts`): a note tagged `#flashcards`, or the settings say so. */
  osr: boolean
}

/** A card as an extractor returns it; identity and tags come later. */
export type Draft = Omit<CardDraft, 'key' | 'tags' | 'qualifier'>

/** Whether the top-level block at `index` is opted out or belongs to a question already. */
export function isTaken(ctx: ExtractContext, index: number): boolean {
  return ctx.outline.ignored.has(index) || ctx.claimed.has(ctx.tree.children[index])
}

/** Context (title, then headings) of the top-level block at `index`: one array for all cards under the same headings, never written to. */
export function contextAt(ctx: ExtractContext, index: number): string[] {
  const path = ctx.outline.paths[index]
  let context = ctx.contexts.get(path)
  if (!context) {
    // A heading with no words (an image, a separator) names nothing: no empty segment, no dangling `›`.
    context = [ctx.outline.title, ...path.map((heading) => heading.text).filter((heading) => heading !== '')]
    ctx.contexts.set(path, context)
  }
  return context
}

/** Report a block that was skipped on purpose (seen with `check --verbose`). */
export function skipped(ctx: ExtractContext, node: {position?: RootContent['position']}, ruleId: string, reason: string) {
  ctx.file.info(reason, {place: node.position, ruleId, source: 'studydeck'})
}

export function placeOf(node: {position?: RootContent['position']}) {
  return {line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1}
}

/**
 * Add `items` to the end of `list`. Not `list.push(...items)`: a spread
 * passes each item as an argument, and a call takes about 120,000 (a table
 * of 40,000 rows gives 160,000 cards).
 */
export function append<T>(list: T[], ...groups: T[][]): T[] {
  for (const items of groups) for (const item of items) list.push(item)
  return list
}
