import type {Paragraph, PhrasingContent, RootContent} from 'mdast'
import type {Position} from 'unist'
import {VFile} from 'vfile'
import {parse} from '../parse/markdown.js'

/**
 * Raw HTML in Markdown, as GitHub renders it: `<details>` blocks, `<h1>`
 * titles, captions in `<span>`. Markdown inside HTML is parsed as Markdown
 * (authors mean it so, even where CommonMark keeps it raw).
 */

/** A `<details>` element spread over top-level blocks. */
export interface DetailsRange {
  /** Index of the block that opens it. */
  start: number
  /** Index of the block that closes it (inclusive). */
  end: number
  /** The `<summary>` as raw HTML (its inner HTML), if any. */
  summary: string | undefined
  /** Markdown between `</summary>` and `</details>`, parsed, with the blocks in between (parsed when first read). */
  readonly body: RootContent[]
  /** Whether `</details>` was found. */
  closed: boolean
}

const opening = /^\s*(?:<!--[\s\S]*?-->\s*)*<details[\s>]/i

/** A block that opens a `<details>` element. */
export function opensDetails(node: RootContent | undefined): boolean {
  return node?.type === 'html' && opening.test(node.value)
}

/** Every `<details>` in a run of blocks, outermost only, in order. Unclosed ones run to the end. */
export function detailsRanges(children: RootContent[]): DetailsRange[] {
  const ranges: DetailsRange[] = []
  for (let index = 0; index < children.length; index++) {
    const node = children[index]
    if (!opensDetails(node)) continue
    const range = detailsAt(children, index)
    ranges.push(range)
    index = range.end
  }
  return ranges
}

function detailsAt(children: RootContent[], start: number): DetailsRange {
  let depth = 0
  let head = ''
  let tail = ''
  let end = children.length - 1
  let closed = false
  const between: RootContent[] = []
  for (let index = start; index < children.length; index++) {
    const node = children[index]
    if (node.type === 'html') {
      const scan = scanTags(node.value, depth)
      depth = scan.depth
      if (index === start) head = scan.before
      else if (scan.closed) tail = scan.before
      else between.push(node)
      if (scan.closed) {
        end = index
        closed = true
        break
      }
      continue
    }
    // `answer text</details>` closes inside a paragraph, or at the end of a list's last item (`- point</b></details>`).
    const closing = depth === 1 ? withoutClosingTag(node) : undefined
    if (closing) {
      between.push(closing)
      end = index
      closed = true
      break
    }
    between.push(node)
  }

  head = head.replace(/^\s*(?:<!--[\s\S]*?-->\s*)*<details[^>]*>/i, '')
  let summary: string | undefined
  const match = /<summary[^>]*>([\s\S]*?)<\/summary\s*>/i.exec(head)
  if (match) {
    summary = match[1]
    head = head.slice(match.index + match[0].length)
  } else {
    // `<summary>` in a block of its own, just after `<details>`.
    const first = between[0]
    const inner = first?.type === 'html' ? /^\s*<summary[^>]*>([\s\S]*?)<\/summary\s*>/i.exec(first.value) : null
    if (inner && first?.type === 'html') {
      summary = inner[1]
      between[0] = {...first, value: first.value.slice(inner[0].length)}
    }
  }
  let body: RootContent[] | undefined
  return {
    start,
    end,
    summary,
    closed,
    // Parsing Markdown out of HTML costs: only for the ranges that are read.
    get body() {
      body ??= [
        ...fragment(head, children[start].position),
        ...between.flatMap((node) => (node.type === 'html' ? fragment(node.value, node.position, true) : [node])),
        ...fragment(tail, children[end].position)
      ]
      return body
    }
  }
}

/**
 * The block without the `</details>` that ends it (with closing tags around
 * it: `</b></details>`), when its last line ends so: a paragraph, or the
 * last item of a list, however deep. Undefined when it does not.
 */
function withoutClosingTag(node: RootContent): RootContent | undefined {
  if (node.type === 'paragraph') {
    let cut = node.children.length
    let found = false
    while (cut > 0) {
      const last = node.children[cut - 1]
      if (last.type === 'html' && /^(?:<\/[a-z]+\s*>\s*)+$/i.test(last.value.trim())) {
        if (/<\/details\s*>/i.test(last.value)) found = true
        cut--
      } else if ((last.type === 'text' && !last.value.trim()) || last.type === 'break') cut--
      else break
    }
    return found ? {...node, children: node.children.slice(0, cut)} : undefined
  }
  if (node.type !== 'list' || node.children.length === 0) return undefined
  const item = node.children[node.children.length - 1]
  const last = item.children[item.children.length - 1]
  const inner = last ? withoutClosingTag(last) : undefined
  if (!inner) return undefined
  return {...node, children: [...node.children.slice(0, -1), {...item, children: [...item.children.slice(0, -1), inner] as typeof item.children}]}
}

/** Follow `<details>` tags through raw HTML from `depth`; `before` is the HTML before the tag that closes the outermost one. */
function scanTags(value: string, depth: number): {depth: number; closed: boolean; before: string} {
  let level = depth
  for (const match of value.matchAll(/<(\/?)details\b[^>]*>/gi)) {
    level += match[1] ? -1 : 1
    if (level === 0) return {depth: 0, closed: true, before: value.slice(0, match.index)}
  }
  return {depth: level, closed: false, before: value}
}

/**
 * Markdown inside raw HTML, parsed as Markdown. Lines of only `<br>` are
 * spacing and tags that only wrap (`<p>`, `<div>`) on their own line are
 * dropped; what is left of real HTML stays HTML. Every node gets the position
 * of the HTML block it came from, so messages point at it.
 */
export function fragment(value: string, position: Position | undefined, keepHtml = false): RootContent[] {
  const cleaned = dedent(
    value
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/^[ \t]*(?:<br\s*\/?>[ \t]*)+$/gim, '')
      .replace(/^[ \t]*<\/?(?:p|div)\b[^>]*>[ \t]*$/gim, '')
  )
  if (!cleaned.trim()) return []
  if (keepHtml && !/\n\s*\n/.test(cleaned.trim()) && /^\s*</.test(cleaned)) {
    // An HTML block between Markdown blocks (`<img …>`, `<table>…`): keep it as it is.
    return [{type: 'html', value: cleaned.trim(), position}]
  }
  const tree = parse(new VFile(cleaned))
  const nodes = tree.children.filter((node) => node.type !== 'yaml')
  for (const node of nodes) place(node, position)
  return nodes
}

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' '}

/** Plain text of inline HTML (a `<summary>`), without parsing: tags dropped, common entities decoded. */
export function htmlText(value: string): string {
  return value
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<img\b[^>]*\balt\s*=\s*(["'])(.*?)\1[^>]*>/gi, ' $2 ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#(\d+)|#x([\da-f]+)|(\w+));/gi, (whole, decimal?: string, hex?: string, name?: string) =>
      decimal ? String.fromCodePoint(Number(decimal)) : hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : (entities[name!.toLowerCase()] ?? whole)
    )
    .replace(/\s+/g, ' ')
    .trim()
}

/** Inline HTML of a `<summary>` or `<h1>` as phrasing: `<code>` kept as code, images as their `alt`, other tags dropped, entities decoded. */
export function htmlPhrasing(value: string, position?: Position): PhrasingContent[] {
  // Most summaries are plain words: no need to parse them.
  if (!/[`*_[\]\\$~!&]|<(?!\/?(?:b|strong|i|em|span|p|br)\b)/i.test(value)) {
    const plain = htmlText(value)
    return plain ? [{type: 'text', value: plain, position}] : []
  }
  const markdown = value
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<code[^>]*>([\s\S]*?)<\/code\s*>/gi, (_, code: string) => {
      const inner = code.replace(/<[^>]*>/g, '')
      const fence = '`'.repeat(Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length)) + 1)
      return fence + (inner.startsWith('`') || inner.endsWith('`') ? ' ' + inner + ' ' : inner) + fence
    })
    .replace(/<img\b[^>]*\balt\s*=\s*(["'])(.*?)\1[^>]*>/gi, ' $2 ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (!markdown) return []
  const tree = parse(new VFile(markdown))
  const first = tree.children[0]
  if (tree.children.length !== 1 || first.type !== 'paragraph') return [{type: 'text', value: markdown, position}]
  place(first, position)
  return (first as Paragraph).children
}

function place(node: RootContent | PhrasingContent, position: Position | undefined) {
  if (position) node.position = position
  else delete node.position
  if ('children' in node) for (const child of node.children as Array<RootContent | PhrasingContent>) place(child, position)
}

function dedent(value: string): string {
  const lines = value.replace(/^\s*\n/, '').split('\n')
  const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0].length)
  const cut = indents.length > 0 ? indents.reduce((lowest, indent) => Math.min(lowest, indent), Infinity) : 0
  return lines.map((line) => line.slice(Math.min(cut, /^[ \t]*/.exec(line)![0].length))).join('\n')
}
