import type {Paragraph, PhrasingContent, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {squash} from '../text.js'

/** Plain text of phrasing content, white space collapsed. */
export function phrasingText(nodes: PhrasingContent[]): string {
  return squash(nodes.map((node) => toString(node)).join(''))
}

/** Phrasing wrapped as a paragraph, to be an answer block. */
export function asParagraph(children: PhrasingContent[]): Paragraph {
  return {type: 'paragraph', children}
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
    if ((node.type === 'strong' || node.type === 'emphasis') && isOnlyLinksOrImages(node.children)) {
      found = true
      continue
    }
    return false
  }
  return found
}

/** Drop leading white space (and a leading separator when `separator` is given) from phrasing. */
export function trimStart(nodes: PhrasingContent[], separator?: RegExp): PhrasingContent[] {
  const result = [...nodes]
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
  const last = result[result.length - 1]
  if (last && last.type === 'text') {
    const value = last.value.replace(pattern, '').replace(/\s+$/, '')
    if (value) result[result.length - 1] = {...last, value}
    else result.pop()
  }
  return result
}

export function isBlank(nodes: RootContent[] | PhrasingContent[]): boolean {
  return nodes.every((node) => squash(toString(node)) === '' && node.type !== 'image' && node.type !== 'math')
}
