import type {Blockquote, Heading, Nodes, Paragraph, Parents, PhrasingContent, Root, RootContent, Table} from 'mdast'
import type {Node} from 'unist'
import type {VFile} from 'vfile'
import {parseMarkdown} from './markdown.js'
import {squash} from '../shared/text.js'

/**
 * The syntax tree as the notes' own renderer shows it, for the constructs
 * CommonMark does not know (`source.ts` made them parseable): container
 * fences, Obsidian links, embeds, tags and callouts, headings that are not
 * headings, and table rows broken by a blank line. Runs once per parsed
 * tree (a section of a large document), before the outline is made.
 */

/**
 * A container fence line (`:::details Title`, `::: tip`, `::: {.solution}`,
 * a closing `:::`), in place of the thematic break `source.ts` made of it.
 * The outline gives a titled container's title as context to what it holds.
 */
export interface ContainerFence extends Node {
  type: 'containerFence'
  /** The container's kind (`details`, `tip`, `solution`, `column`); empty on a closing fence. */
  name: string
  /** The title written on the fence (`:::details **Title**`, `:::tip[Title]`, `title="…"`). */
  title: PhrasingContent[]
  /** Whether the fence opens a container (it has a name or a title). */
  opens: boolean
}

/** An Obsidian callout (`> [!note] Title`, `[!definition]+`): its type and title. */
export interface Callout {
  /** The type, in lower case (`note`, `definition`, `warning`). */
  type: string
  /** The title as written, or the type's name when none is written (`Note`). */
  title: PhrasingContent[]
  /** Whether the title was written (`> [!note] Cell walls`), not the type's name. */
  titled: boolean
}

declare module 'mdast' {
  interface RootContentMap {
    containerFence: ContainerFence
  }
  interface BlockquoteData {
    callout?: Callout
  }
  interface RootData {
    /** The lines of tags taken out of the tree (`structure`): obsidian-spaced-repetition's deck tags are read from where they stood. */
    tagLines?: Array<{line: number; tags: string[]}>
  }
  interface ImageData {
    /** An Obsidian embed (`![[file.png]]`): left out with an info message when it is not found. */
    embed?: boolean
  }
}

/** What the pass found that belongs to the whole document. */
export interface StructureResult {
  /** Obsidian tags written on lines of their own (`#biology/cells`), as Anki tags (`biology::cells`). */
  tags: string[]
}

export interface StructureInput {
  file: VFile
  /** The document as written. */
  source: string
  /** The document as parsed (`parseableSource`): the same length. */
  parsed?: string
}

/**
 * Whether a document is an Obsidian note: it holds wikilinks or embeds
 * (`[[Note]]`), callouts (`> [!note]`), comments (`%%…%%`) or a line of tags
 * (`#biology/cells`). (An Obsidian note's file name is its title.)
 */
export function isObsidianNote(source: string): boolean {
  return /!?\[\[[^[\]\n|]+(?:\|[^[\]\n]*)?\]\]|^ {0,3}>[ \t]*\[![\p{L}\p{N}_-]+\]|%%[\s\S]*?%%|^#[\p{L}_/-][\p{L}\p{N}_/-]*(?:[ \t]+#[\p{L}\p{N}_/-]+)*[ \t]*$/mu.test(source)
}

/** Apply every rule of the pass to `tree` (in place). */
export function structure(tree: Root, input: StructureInput): StructureResult {
  const {file, source} = input
  const tags: string[] = []
  joinBrokenTables(tree, input.parsed ?? source, source)
  const children: RootContent[] = []
  for (const node of tree.children) {
    if (node.type === 'thematicBreak' && isFenceAt(source, node)) {
      children.push(containerFence(source, node))
      continue
    }
    if (node.type === 'heading') {
      children.push(plainHeading(node))
      continue
    }
    if (node.type === 'paragraph') {
      const found = tagLine(node)
      if (found) {
        for (const tag of found) if (!tags.includes(tag)) tags.push(tag)
        ;((tree.data ??= {}).tagLines ??= []).push({line: node.position?.start.line ?? 0, tags: found})
        continue
      }
    }
    children.push(node)
  }
  tree.children = children
  for (const node of tree.children) inner(node, source, file)
  return {tags}
}

/** Fences, links, embeds and callouts below the top level. */
function inner(node: Nodes, source: string, file: VFile) {
  if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html' || node.type === 'math' || node.type === 'inlineMath') return
  if (node.type === 'blockquote') callout(node)
  if (!('children' in node)) return
  const parent = node as Parents
  // Fences inside a list item or quote only end what they hold: left out.
  if (parent.type !== 'root') parent.children = (parent.children as RootContent[]).filter((child) => !(child.type === 'thematicBreak' && isFenceAt(source, child))) as never
  if (parent.children.some((child) => child.type === 'text' && wikiLink.test(child.value))) parent.children = wikiLinks(parent.children as PhrasingContent[], file) as never
  for (const child of parent.children) inner(child as Nodes, source, file)
}

/** The container fence a thematic break of the parsed tree stands for, if it does. */
export function fenceAt(source: string, node: RootContent): ContainerFence | undefined {
  return node.type === 'thematicBreak' && isFenceAt(source, node) ? containerFence(source, node) : undefined
}

function isFenceAt(source: string, node: RootContent): boolean {
  const offset = node.position?.start.offset
  return offset !== undefined && source.charAt(offset) === ':' && source.startsWith(':::', offset)
}

/** `:::details **Title**`, `::: tip Title`, `:::tip[Title]`, `::: {.callout-note title="Title"}`, `:::: solution`, `:::`. */
const fenceLine = /^:{3,}[ \t]*(?:\{([^}]*)\}|([\p{L}\p{N}_-]+))?[ \t]*(?:\[([^\]]*)\])?[ \t]*(.*?)[ \t]*:*[ \t]*$/u

function containerFence(source: string, node: RootContent): ContainerFence {
  const offset = node.position!.start.offset!
  const lineEnd = source.slice(offset).search(/\r|\n|$/)
  const line = source.slice(offset, offset + lineEnd)
  const match = fenceLine.exec(line)
  const attributes = match?.[1] ?? ''
  const name = (match?.[2] ?? /(?:^|\s)\.([\w-]+)/.exec(attributes)?.[1] ?? '').toLowerCase()
  const written = match?.[3] || /\btitle\s*=\s*(["'])(.*?)\1/.exec(attributes)?.[2] || (match ? match[4] : '')
  const title = written ? phrasingOf(written) : []
  return {type: 'containerFence', name, title, opens: Boolean(name || written), position: node.position}
}

/** Markdown of one line as phrasing (`**Title**` is bold). */
function phrasingOf(value: string): PhrasingContent[] {
  const first = parseMarkdown(value).children[0]
  const phrasing = first?.type === 'paragraph' || first?.type === 'heading' ? first.children : [{type: 'text' as const, value}]
  return stripPositions(phrasing)
}

function stripPositions<T extends Nodes>(nodes: T[]): T[] {
  for (const node of nodes) {
    delete node.position
    if ('children' in node) stripPositions(node.children as Nodes[])
  }
  return nodes
}

/**
 * A heading shows its words: images in it (`## <img src=icon.png> Hooks`,
 * a badge) are left out, an image alone gives its `alt`; a heading with
 * nothing to show (`#` alone, a separator) is a thematic break.
 */
/** Whether a heading shows nothing, so that this pass makes a rule of it (`#` alone, an image without `alt`). */
export function isEmptyHeading(node: Heading): boolean {
  return plainHeading(node).type !== 'heading'
}

function plainHeading(node: Heading): RootContent {
  const isImage = (child: PhrasingContent) => child.type === 'image' || child.type === 'imageReference' || (child.type === 'html' && /^<img\b[^>]*>$/i.test(child.value.trim()))
  if (!node.children.some(isImage) && node.children.length > 0) return node
  const words = node.children.filter((child) => !isImage(child))
  const text = squash(words.map((child) => ('value' in child ? child.value : 'children' in child ? 'x' : '')).join(''))
  if (text) return {...node, children: trimPhrasing(words)}
  const alt = node.children.map((child) => ('alt' in child && child.alt ? child.alt : child.type === 'html' ? (/\balt\s*=\s*(["'])(.*?)\1/i.exec(child.value)?.[2] ?? '') : '')).find(Boolean)
  if (alt) return {...node, children: [{type: 'text', value: alt, position: node.position}]}
  return {type: 'thematicBreak', position: node.position}
}

function trimPhrasing(nodes: PhrasingContent[]): PhrasingContent[] {
  const result = [...nodes]
  const first = result[0]
  if (first?.type === 'text') result[0] = {...first, value: first.value.replace(/^\s+/, '')}
  const last = result[result.length - 1]
  if (last?.type === 'text') result[result.length - 1] = {...last, value: last.value.replace(/\s+$/, '')}
  return result.filter((child) => child.type !== 'text' || child.value !== '')
}

/**
 * An Obsidian tag (`#biology`, `#course/aws`): letters, digits, `_`, `-`
 * and `/`, not digits alone (`#1984` is no tag).
 */
const tagToken = /^#([\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)$/u

/** A paragraph of only tags (`#flashcards #biology/cells`): its tags as Anki tags, else undefined. */
function tagLine(paragraph: Paragraph): string[] | undefined {
  if (!paragraph.children.every((child) => child.type === 'text' || child.type === 'break')) return undefined
  const words = paragraph.children.map((child) => (child.type === 'text' ? child.value : ' ')).join(' ').split(/\s+/).filter(Boolean)
  if (words.length === 0 || !words.every((word) => tagToken.test(word))) return undefined
  return words.map((word) => word.slice(1).split('/').filter(Boolean).join('::'))
}

/** `[[Note#Heading|alias]]` and `![[file.png|300]]` in text. */
const everyWikiLink = /(!?)\[\[([^[\]\n|]+?)(?:\|([^[\]\n]*))?\]\]/g
const wikiLink = /!?\[\[[^[\]\n|]+?(?:\|[^[\]\n]*)?\]\]/
const imageFile = /\.(?:png|jpe?g|gif|webp|svg|bmp|avif)$/i

/**
 * Obsidian links show as their alias, else the note (and heading) they
 * point to; an embedded image is an image (packed when it is in the notes'
 * folder); other embeds (a note, a PDF) are left out with an info message.
 */
function wikiLinks(children: PhrasingContent[], file: VFile): PhrasingContent[] {
  const result: PhrasingContent[] = []
  for (const child of children) {
    if (child.type !== 'text' || !wikiLink.test(child.value)) {
      result.push(child)
      continue
    }
    let last = 0
    for (const match of child.value.matchAll(everyWikiLink)) {
      const [whole, bang, target, alias] = match
      if (match.index > last) result.push({type: 'text', value: child.value.slice(last, match.index), position: child.position})
      last = match.index + whole.length
      const [note, ...anchors] = target.trim().split('#')
      const heading = anchors.filter((anchor) => anchor && !anchor.startsWith('^'))
      if (bang) {
        if (imageFile.test(note)) {
          // `|300` or `|300x200` sizes the image; other text is its description.
          const alt = alias !== undefined && !/^\s*\d+(?:x\d+)?\s*$/.test(alias) ? alias.trim() : ''
          result.push({type: 'image', url: encodeURI(note.trim()), alt, data: {embed: true}, position: child.position})
        } else {
          file.info('Embedded note `' + target.trim() + '` is not shown on cards (Obsidian shows that note’s text here; studydeck does not copy it)', {place: child.position, ruleId: 'obsidian-embed', source: 'studydeck'})
        }
        continue
      }
      const shown = alias?.trim() || [note.trim().replace(/\.md$/i, '').split('/').pop(), ...heading].filter(Boolean).join(' > ')
      result.push({type: 'text', value: shown, position: child.position})
    }
    if (last < child.value.length) result.push({type: 'text', value: child.value.slice(last), position: child.position})
  }
  // Neighbouring texts as one (mdast never has two texts in a row).
  const merged: PhrasingContent[] = []
  for (const node of result) {
    const previous = merged[merged.length - 1]
    if (previous?.type === 'text' && node.type === 'text') merged[merged.length - 1] = {...previous, value: previous.value + node.value}
    else merged.push(node)
  }
  return merged
}

/** `[!type]`, `[!type|metadata]`, then `+`/`-` (foldable), then the title. */
const calloutMark = /^\[!([\p{L}\p{N}_-]+)(?:\|[^\]]*)?\]([+-]?)[ \t]*/u

/**
 * An Obsidian callout (`> [!note] Title`, also GitHub's `> [!NOTE]`): the
 * quote is marked as one, its first line becomes a title paragraph (the
 * type's name when none is written) and the rest its body.
 */
function callout(quote: Blockquote) {
  const first = quote.children[0]
  if (first?.type !== 'paragraph') return
  const lead = first.children[0]
  if (lead?.type !== 'text') return
  const mark = calloutMark.exec(lead.value)
  if (!mark) return
  const type = mark[1].toLowerCase()
  // The title runs to the end of the first line.
  const rest: PhrasingContent[] = [{...lead, value: lead.value.slice(mark[0].length)}, ...first.children.slice(1)]
  const title: PhrasingContent[] = []
  let body: PhrasingContent[] | undefined
  for (const node of rest) {
    if (body) body.push(node)
    else if (node.type === 'break') body = []
    else if (node.type === 'text' && node.value.includes('\n')) {
      const at = node.value.indexOf('\n')
      title.push({...node, value: node.value.slice(0, at)})
      body = [{...node, value: node.value.slice(at + 1)}]
    } else title.push(node)
  }
  const written = trimPhrasing(title)
  const titled = written.length > 0
  const shown: PhrasingContent[] = titled ? written : [{type: 'text', value: type.charAt(0).toUpperCase() + type.slice(1)}]
  const bodyPhrasing = trimPhrasing(body ?? [])
  quote.data = {...quote.data, callout: {type, title: shown, titled}, hProperties: {className: ['sd-callout', 'sd-callout-' + type.replace(/[^a-z0-9-]/g, '')]}}
  const titleParagraph: Paragraph = {type: 'paragraph', children: [{type: 'strong', children: shown}], data: {hProperties: {className: ['sd-callout-title']}}, position: first.position}
  quote.children = [titleParagraph, ...(bodyPhrasing.length > 0 ? [{...first, children: bodyPhrasing}] : []), ...quote.children.slice(1)]
}

/**
 * A table row broken by a blank line inside a cell (pasted text): the
 * table ends at the broken row, and its remaining rows are a paragraph of
 * `|` lines. When the row's line lacks its closing `|` (the table's other
 * lines have one) and the next paragraph is the rest of that row followed by
 * rows, the blank line is read as a space and the table goes on.
 */
function joinBrokenTables(tree: Root, parsed: string, source: string) {
  const lines = lineStarts(source)
  for (let index = 0; index < tree.children.length - 1; index++) {
    const table = tree.children[index]
    const next = tree.children[index + 1]
    if (table.type !== 'table' || next.type !== 'paragraph') continue
    const start = table.position?.start.offset
    const end = table.position?.end.offset
    const from = next.position?.start.offset
    const to = next.position?.end.offset
    if (start === undefined || end === undefined || from === undefined || to === undefined) continue
    const tableLines = parsed.slice(start, end).split(/\r\n|\r|\n/)
    const rest = parsed.slice(from, to).split(/\r\n|\r|\n/)
    const closed = (line: string) => /\|\s*$/.test(line)
    if (tableLines.length < 3 || closed(tableLines[tableLines.length - 1]) || !closed(tableLines[0])) continue
    if (!closed(rest[0]) || !rest.slice(1).every((line) => /^\s*\|/.test(line) && closed(line))) continue
    const joined = parsed.slice(start, end) + parsed.slice(end, from).replace(/[^\r\n]/g, ' ').replace(/\r|\n/g, ' ') + parsed.slice(from, to)
    const [whole, ...others] = parseMarkdown(joined).children
    if (whole?.type !== 'table' || others.length > 0 || whole.children.length <= table.children.length) continue
    moveTo(whole, start, lines)
    tree.children.splice(index, 2, whole as Table)
    index--
  }
}

/** Offsets of each line's start in `text`. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length)
  return starts
}

/** Positions of a tree parsed from `text.slice(offset)`, moved to where they are in `text`. */
function moveTo(node: Nodes, offset: number, lines: number[]) {
  const point = (at: {line: number; column: number; offset?: number}) => {
    const absolute = (at.offset ?? 0) + offset
    let low = 0
    let high = lines.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (lines[middle] <= absolute) low = middle
      else high = middle - 1
    }
    at.offset = absolute
    at.line = low + 1
    at.column = absolute - lines[low] + 1
  }
  if (node.position) {
    point(node.position.start)
    point(node.position.end)
  }
  if ('children' in node) for (const child of node.children as Nodes[]) moveTo(child, offset, lines)
}

