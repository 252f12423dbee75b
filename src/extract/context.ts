import type {Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import type {Settings} from '../settings.js'
import type {CardDraft} from '../types.js'
import type {Outline} from './outline.js'

/** What every extractor gets: the tree, its outline, and shared bookkeeping. */
export interface ExtractContext {
  file: VFile
  tree: Root
  settings: Settings
  outline: Outline
  /** Blocks that are the answer of a question: their lists are not enumerations. */
  answers: Set<RootContent>
  /** Paragraphs used up as captions or lead-ins. */
  consumed: Set<RootContent>
}

/** A card as an extractor returns it; identity and tags come later. */
export type Draft = Omit<CardDraft, 'key' | 'tags' | 'qualifier'>

/** Context (title, then headings) of the top-level block at `index`. */
export function contextAt(ctx: ExtractContext, index: number): string[] {
  return [ctx.outline.title, ...ctx.outline.paths[index].map((heading) => heading.text)]
}

/** Report a block that was skipped on purpose (seen with `check --verbose`). */
export function skipped(ctx: ExtractContext, node: {position?: RootContent['position']}, ruleId: string, reason: string) {
  ctx.file.info(reason, {place: node.position, ruleId, source: 'studydeck'})
}

export function placeOf(node: {position?: RootContent['position']}) {
  return {line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1}
}
