import type {PhrasingContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {isBlank, phrasingText} from './phrasing.js'

/** Abbreviations whose full stop ends no sentence (`e.g. Ion channels`). */
const abbreviation = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx|ca|dr|mr|mrs|ms|st|no|nr|fig|figs|eq|al|resp|incl|esp)\.$/i

/**
 * Split phrasing into its sentences: after `.`, `!` or `?` followed by white
 * space and something that does not go on in lower case, and at hard breaks.
 * Only text is cut (never code, math or a link); what a sentence holds stays
 * as it was (bold, code).
 */
export function sentences(nodes: PhrasingContent[]): PhrasingContent[][] {
  const result: PhrasingContent[][] = [[]]
  const push = (node: PhrasingContent) => result[result.length - 1].push(node)
  const cut = () => {
    if (result[result.length - 1].length > 0) result.push([])
  }
  for (const [index, node] of nodes.entries()) {
    if (node.type === 'break') {
      cut()
      continue
    }
    if (node.type !== 'text') {
      push(node)
      continue
    }
    const value = node.value
    const end = /[.!?]["'\u201D\u2019)\]*_]*(\s+)/g
    let from = 0
    for (let match = end.exec(value); match; match = end.exec(value)) {
      const after = match.index + match[0].length
      const next = after < value.length ? value[after] : firstCharacter(nodes[index + 1])
      // The end of the paragraph ends the sentence anyway; lower case goes on (`e.g. ion channels`), unless in bold (`. **glycerophospholipids** are…`).
      if (next === undefined || (/\p{Ll}/u.test(next) && !(after === value.length && isMarked(nodes[index + 1])))) continue
      if (abbreviation.test(value.slice(0, match.index + 1))) continue
      push(slice(node, from, after - match[1].length))
      cut()
      from = after
    }
    if (from < value.length) push(from === 0 ? node : slice(node, from, value.length))
  }
  return result.filter((sentence) => sentence.length > 0 && !isBlank(sentence))
}

/** Part of a text node, its start moved to where the part starts in the source. */
function slice(node: Extract<PhrasingContent, {type: 'text'}>, from: number, to: number): PhrasingContent {
  const value = node.value.slice(from, to)
  const start = node.position?.start
  if (!start || from === 0) return {...node, value}
  const before = node.value.slice(0, from)
  const lines = before.split('\n')
  const line = start.line + lines.length - 1
  const column = lines.length > 1 ? lines[lines.length - 1].length + 1 : start.column + from
  return {type: 'text', value, position: {start: {line, column}, end: node.position!.end}}
}

function isMarked(node: PhrasingContent | undefined): boolean {
  return node?.type === 'strong' || node?.type === 'emphasis'
}

function firstCharacter(node: PhrasingContent | undefined): string | undefined {
  if (!node) return undefined
  if (node.type === 'inlineCode' || node.type === 'inlineMath') return '`'
  const value = toString(node, {includeHtml: false})
  return value ? value[0] : undefined
}

/** The words of a sentence, lower case, without markup: what patterns over sentences read. */
export function plainWords(nodes: PhrasingContent[]): string[] {
  return phrasingText(nodes)
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’+#-]+/u)
    .filter(Boolean)
}
