import type {Nodes, Paragraph, PhrasingContent, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {squash} from '../shared/text.js'
import {texText} from '../shared/tex-text.js'

/**
 * Plain text of phrasing content, white space collapsed. Inline HTML tags
 * are left out (`<kbd>Ctrl</kbd>` reads `Ctrl`, a comment reads nothing);
 * math reads as text where it can (`$\text{S}_\text{N}2$` → `SN2`,
 * `tex-text.ts`).
 */
export function phrasingText(nodes: PhrasingContent[]): string {
  return squash(nodes.map((node) => plainOf(node)).join(''))
}

/** `toString` of mdast-util-to-string (image `alt` in, HTML out), math as text. */
function plainOf(node: Nodes): string {
  if (node.type === 'inlineMath') return mathText(node.value)
  if (node.type === 'html') return ''
  if ('value' in node) return node.value
  if ('alt' in node) return node.alt ?? ''
  return 'children' in node ? (node.children as Nodes[]).map((child) => plainOf(child)).join('') : ''
}

/** Inline math as text: a `$` pair with a space inside either dollar is a price, not math (`$5 and $`). */
export function mathText(value: string): string {
  if (/^\s|\s$/.test(value)) return '$' + value + '$'
  return texText(value) ?? value
}

/** Phrasing wrapped as a paragraph, to be an answer block. */
export function asParagraph(children: PhrasingContent[]): Paragraph {
  return {type: 'paragraph', children}
}

export function text(value: string): PhrasingContent {
  return {type: 'text', value}
}

/** A `<br>` or a comment: inline HTML that carries no content. */
function isSpacerHtml(node: PhrasingContent): boolean {
  return node.type === 'html' && /^(?:\s|<br\s*\/?>|<!--[\s\S]*?-->)*$/i.test(node.value)
}

/** Whether content is only links or images (navigation, badges), ignoring white space and separators. */
export function isOnlyLinksOrImages(nodes: PhrasingContent[]): boolean {
  let found = false
  for (const node of nodes) {
    if (node.type === 'link' || node.type === 'linkReference') {
      found = true
      continue
    }
    if (node.type === 'image' || node.type === 'imageReference') {
      found = true
      continue
    }
    if (node.type === 'text' && /^[\s|·•,;:()\-–—/]*$/.test(node.value)) continue
    if (node.type === 'break' || isSpacerHtml(node)) continue
    if ((node.type === 'strong' || node.type === 'emphasis') && isOnlyLinksOrImages(node.children)) {
      found = true
      continue
    }
    return false
  }
  return found
}

/** Whether content is only links into the same page (`[⬆ Back to top](#contents)`): navigation. */
export function isOnlyAnchorLinks(nodes: PhrasingContent[]): boolean {
  if (!isOnlyLinksOrImages(nodes)) return false
  const urls: string[] = []
  const collect = (children: PhrasingContent[]) => {
    for (const node of children) {
      if (node.type === 'link') urls.push(node.url)
      else if (node.type === 'image') urls.push('image')
      else if (node.type === 'strong' || node.type === 'emphasis') collect(node.children)
    }
  }
  collect(nodes)
  return urls.length > 0 && urls.every((url) => url.startsWith('#'))
}

/** Drop leading white space (and a leading separator when `separator` is given) from phrasing. */
export function trimStart(nodes: PhrasingContent[], separator?: RegExp): PhrasingContent[] {
  const result = [...nodes]
  while (result[0] && (result[0].type === 'break' || isSpacerHtml(result[0]))) result.shift()
  const first = result[0]
  if (first && first.type === 'text') {
    let value = first.value
    if (separator) value = value.replace(separator, '')
    value = value.replace(/^\s+/, '')
    if (value) result[0] = {...first, value}
    else result.shift()
  }
  return result
}

/** Drop trailing white space (and a trailing pattern) from phrasing. */
export function trimEnd(nodes: PhrasingContent[], pattern: RegExp = /\s+$/): PhrasingContent[] {
  const result = [...nodes]
  while (result.length > 0 && (result[result.length - 1].type === 'break' || isSpacerHtml(result[result.length - 1]))) result.pop()
  const last = result[result.length - 1]
  if (last && last.type === 'text') {
    const value = last.value.replace(pattern, '').replace(/\s+$/, '')
    if (value) result[result.length - 1] = {...last, value}
    else result.pop()
  }
  return result
}

/**
 * Split phrasing into its source lines: at line endings inside text and at
 * hard breaks. `Q: …⏎A: …` in one paragraph is two lines.
 */
export function splitLines(nodes: PhrasingContent[]): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]]
  for (const node of nodes) {
    if (node.type === 'break') {
      lines.push([])
      continue
    }
    if (node.type !== 'text' || !node.value.includes('\n')) {
      lines[lines.length - 1].push(node)
      continue
    }
    const pieces = node.value.split('\n')
    for (const [index, piece] of pieces.entries()) {
      if (index > 0) lines.push([])
      if (piece) lines[lines.length - 1].push({...node, value: piece})
    }
  }
  return lines.map((line) => trimEnd(trimStart(line))).filter((line) => line.length > 0)
}

/** Lines joined back into phrasing, with soft line endings between them. */
export function joinLines(lines: PhrasingContent[][]): PhrasingContent[] {
  return lines.flatMap((line, index) => (index === 0 ? line : [text('\n'), ...line]))
}

/**
 * Strip a leading label (`Q:`, `**Q:**`, `**Q: What…?**`) from a line.
 * Returns the rest of the line, or `undefined` when the line has no such label.
 */
export function stripLabel(line: PhrasingContent[], label: RegExp): PhrasingContent[] | undefined {
  const [first, ...rest] = line
  if (!first) return undefined
  if (first.type === 'text') {
    const match = label.exec(first.value)
    if (!match) return undefined
    return trimStart([...(first.value.slice(match[0].length) ? [text(first.value.slice(match[0].length))] : []), ...rest])
  }
  if (first.type === 'strong' || first.type === 'emphasis') {
    const inner = stripLabel(first.children, label)
    if (!inner) return undefined
    // `**Q:** What…` (the label alone is bold) or `**Q: What…?**` (all of it is).
    return inner.length === 0 ? trimStart(rest, /^[:.)]/) : [...inner, ...rest]
  }
  return undefined
}

export function isBlank(nodes: RootContent[] | PhrasingContent[]): boolean {
  return nodes.every((node) => squash(toString(node, {includeHtml: false})) === '' && node.type !== 'image' && node.type !== 'math')
}
