import type {Heading, Root, RootContent} from 'mdast'
import {isAnswerLabel} from '../extract/answer.js'
import {detailsRanges, opensDetails} from '../extract/html.js'
import {ignoreRangeMarker, isFrontMatter, type HeadingPlan} from '../extract/outline.js'
import {phrasingText} from '../extract/phrasing.js'
import {parseMarkdown} from '../parse/markdown.js'
import {pieceSize, pieceTrees} from '../parse/pieces.js'
import {fenceAt, isEmptyHeading} from '../parse/structure.js'

/**
 * A large document is compiled a section at a time, so that memory holds
 * the syntax tree of one section, not of the document (a 50 MB file makes a
 * tree of about a gigabyte). Extraction reads a section as it would read
 * the whole document only when nothing of what it looks at spans the cut,
 * so a section ends only before a heading:
 *
 * - that every heading above it in the section outranks or equals: every
 *   section those open (a question and its answer, a glossary, a section
 *   opted out with `<!-- studydeck-ignore -->`) ends there;
 * - not inside a `<details>`, a container (`:::details` … `:::`) or a
 *   `<!-- studydeck-ignore-start -->` range;
 * - not right after an HTML block (an ignore marker before the heading);
 * - not one that labels an answer (`### Solution`): the questions above it
 *   are paired with what it holds (`faq-paired`).
 *
 * The document's first heading (maybe its title) starts no section, and a
 * leading `#` title does not count as a heading above. What does span
 * sections (the title, definitions, duplicate questions) is carried by the
 * caller (`build/compile.ts`, with `waiting-cards.ts`).
 */

/**
 * The sections of a document, parsed a piece at a time (`parse/pieces.ts`):
 * memory holds one section's tree at a time. A document of one piece is one
 * section. Returns whether the pieces were parsed with the definitions the
 * document has (`pieceTrees`); when not, it must be parsed whole.
 */
export function documentSections(text: string, size = pieceSize, source?: string, plan?: HeadingPlan): Generator<Root, boolean> {
  return sections(pieceTrees(text, parseMarkdown, size), source, plan)
}

/** Group the top-level blocks of `pieces` into sections; returns the pieces' verdict (`pieceTrees`). */
export function* sections(pieces: Generator<Root, boolean>, source?: string, plan?: HeadingPlan): Generator<Root, boolean> {
  let buffer: RootContent[] = []
  const scan = new Scan(source, plan)
  let next = pieces.next()
  while (!next.done) {
    const from = buffer.length
    // One by one: a spread of a piece's blocks could pass more arguments than a call takes.
    for (const child of next.value.children) buffer.push(child)
    // A document of one piece is one section; a cut needs more to come.
    const after = pieces.next()
    const cut = after.done ? 0 : scan.lastCut(buffer, from)
    if (cut > 0) {
      yield section(buffer.slice(0, cut))
      buffer = buffer.slice(cut)
      scan.restart(buffer)
    }
    next = after
  }
  if (buffer.length > 0) yield section(buffer)
  return next.value
}

function section(children: RootContent[]): Root {
  const first = children[0].position
  const last = children[children.length - 1].position
  return {type: 'root', children, ...(first && last ? {position: {start: {...first.start}, end: {...last.end}}} : {})}
}

/** What is open at each block of the current section, as far as cutting goes. */
class Scan {
  /** The document, to tell a container fence from a rule (`structure.fenceAt`). */
  private readonly source: string | undefined
  /** The document's headings (`outline.headingPlan`): which `#` headings title it or are stray. */
  private readonly plan: HeadingPlan | undefined
  /** Before the document's first heading, only front matter, HTML and definitions came. */
  private leading = true
  private seenHeading = false
  /** Lowest rank (`#` = 1) of the headings in the section so far, the title left out. */
  private depth = Infinity
  private ignoring = false
  private details = false
  /** Containers (`:::details`) open: their title is context for what they hold, up to the closing fence. */
  private containers = 0

  constructor(source?: string, plan?: HeadingPlan) {
    this.source = source
    this.plan = plan
  }

  /** The index of the last block of `buffer[from…]` a section may end before (0: none). */
  lastCut(buffer: RootContent[], from: number): number {
    let cut = 0
    for (let index = from; index < buffer.length; index++) {
      const node = buffer[index]
      // Not before a stray `#`: it is read under the headings above it.
      if (node.type === 'heading' && !isEmptyHeading(node) && this.seenHeading && !this.ignoring && this.containers === 0 && node.depth <= this.depth && buffer[index - 1].type !== 'html' && !this.isStray(node) && !isAnswerLabel(phrasingText(node.children))) cut = index
      this.see(node)
    }
    // `<details>` ranges are found as extraction finds them; only for the cut chosen, so each piece costs one look.
    if (cut > 0 && this.details && detailsRanges(buffer.slice(0, cut + 1)).some((range) => range.start < cut && range.end >= cut)) return 0
    return cut
  }

  /** The section now starts with `buffer`. */
  restart(buffer: RootContent[]) {
    this.depth = Infinity
    this.ignoring = false
    this.details = false
    this.containers = 0
    for (const node of buffer) this.see(node)
  }

  private isStray(node: Heading): boolean {
    return node.depth === 1 && this.plan?.strays.has(node.position?.start.line ?? 0) === true
  }

  private see(node: RootContent) {
    if (node.type === 'heading' && !isEmptyHeading(node)) {
      // A leading `#` heading is the title (`extract/outline.ts`), unless the plan says it is not: it opens no section that could span a cut.
      const line = node.position?.start.line ?? 0
      const title = !this.seenHeading && this.leading && (this.plan ? this.plan.titleLine === line : node.depth === 1)
      this.seenHeading = true
      // A stray `#` is read below the heading it stands in: it holds nothing past the next heading of that rank.
      if (!title && !this.isStray(node)) this.depth = Math.min(this.depth, node.depth)
    }
    if (!(isFrontMatter(node) || node.type === 'html' || node.type === 'definition') || opensDetails(node)) this.leading = false
    if (opensDetails(node)) this.details = true
    const fence = node.type === 'thematicBreak' && this.source !== undefined ? fenceAt(this.source, node) : undefined
    if (fence) this.containers = fence.opens ? this.containers + 1 : Math.max(0, this.containers - 1)
    const marker = ignoreRangeMarker(node)
    if (marker === 'start') this.ignoring = true
    else if (marker === 'end') this.ignoring = false
  }
}
