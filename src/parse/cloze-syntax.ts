import type {Paragraph, Parent, PhrasingContent, Root, RootContent, Text} from 'mdast'
import type {VFile} from 'vfile'
import type {ClozeMark} from './settings.js'

/** Where a deletion came from: Anki's `{{c1::…}}`, or a mark the settings turned into one. */
export type ClozeSource = 'anki' | ClozeMark

/** A cloze deletion in the syntax tree: its text (`children`), its number and its hint. */
export interface Cloze extends Parent {
  type: 'cloze'
  /** Its card's number (`c1` → 1); 0 is Anki's `c0`, which makes no card. */
  number: number
  hint?: PhrasingContent[]
  source: ClozeSource
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    cloze: Cloze
  }
  interface RootContentMap {
    cloze: Cloze
  }
}

/**
 * The highest deletion number: Anki gives card ordinals up to 499
 * (`rslib/src/notetype/cardgen.rs`), so `c500` is the last card of a note.
 */
export const maxClozeNumber = 500

/** What a report of a problem needs: where, why, which rule, how bad. */
type Report = (place: Place | undefined, reason: string, ruleId: string, warn: boolean) => void
type Place = {line: number; column: number}

/**
 * Anki's cloze syntax, found on the syntax tree (never on raw lines): in
 * every run of phrasing (a paragraph, a heading, a table cell, the text of
 * an emphasis or a link), `{{cN::` opens a deletion, `::` starts its hint
 * and `}}` closes the innermost one open, as Anki 2.1.56+ reads them
 * (`rslib/src/cloze.rs`). A deletion may span formatting
 * (`{{c1::**bold** word}}`) but not cross it (`**{{c1::bold** word}}`
 * stays text, with a warning). Code, math, HTML comments and link URLs
 * hold no text nodes, so no deletion. Replaced by `cloze` nodes, which
 * read as their text on every other card.
 */
export function markAnkiClozes(tree: Root, file: VFile): void {
  const source = String(file.value ?? '')
  // Most documents have none: one look at the text spares the walk. A tree is read once (its problems told once).
  if ((source && !source.includes('{{c')) || marked.has(tree)) return
  marked.add(tree)
  const report = reporter(file)
  walk(tree, (parent) => {
    parent.children = ankiClozes(parent.children as PhrasingContent[], report)
  })
}

const marked = new WeakSet<Root>()

/** Visit every node holding phrasing, innermost first (a deletion's own text is done before the run around it). */
function walk(node: Root | RootContent, visit: (parent: Parent & {children: PhrasingContent[]}) => void): void {
  if (!('children' in node)) return
  if (node.type === 'cloze') return
  for (const child of node.children as RootContent[]) walk(child, visit)
  if (holdsPhrasing(node)) visit(node as Parent & {children: PhrasingContent[]})
}

const phrasingParents = new Set(['paragraph', 'heading', 'tableCell', 'strong', 'emphasis', 'delete', 'link', 'linkReference'])

function holdsPhrasing(node: Root | RootContent): boolean {
  return phrasingParents.has(node.type)
}

interface Token {
  child: number
  start: number
  end: number
  type: 'open' | 'hint' | 'close'
  number: number
}

const ankiToken = /\{\{c(\d+)::|\}\}|::/g

/** The deletions of one run of phrasing, as `cloze` nodes; everything else as it was. */
function ankiClozes(children: PhrasingContent[], report: Report): PhrasingContent[] {
  const tokens: Token[] = []
  for (const [child, node] of children.entries()) {
    if (node.type !== 'text' || !/\{\{c\d|\}\}|::/.test(node.value)) continue
    for (const match of node.value.matchAll(ankiToken)) {
      const type = match[1] !== undefined ? 'open' : match[0] === '}}' ? 'close' : 'hint'
      tokens.push({child, start: match.index, end: match.index + match[0].length, type, number: match[1] === undefined ? 0 : Number(match[1])})
    }
  }
  if (!tokens.some((token) => token.type === 'open')) return children

  // Which tokens are deletions (cloze.rs: `}}` closes the innermost open one; the first `::` in its own text starts its hint).
  const used = new Set<Token>()
  const stack: Array<{open: Token; hint?: Token}> = []
  const pairs: Array<{open: Token; hint?: Token; close: Token}> = []
  for (const token of tokens) {
    if (token.type === 'open') stack.push({open: token})
    else if (token.type === 'hint') {
      const top = stack[stack.length - 1]
      if (top && !top.hint) top.hint = token
    } else if (stack.length > 0) {
      const {open, hint} = stack.pop()!
      pairs.push({open, hint, close: token})
    }
  }
  for (const {open} of stack) {
    report(placeIn(children[open.child], open.start), 'Cloze `{{c' + open.number + '::` is never closed with `}}`: left as text', 'cloze-unclosed', true)
  }
  for (const pair of pairs) {
    const at = placeIn(children[pair.open.child], pair.open.start)
    if (deletesNothing(children, pair.open, pair.hint ?? pair.close)) {
      report(at, 'Cloze `{{c' + pair.open.number + '::}}` deletes nothing: left as text', 'cloze-empty', true)
    } else if (pair.open.number > maxClozeNumber) {
      report(at, 'Cloze number ' + pair.open.number + ' is over ' + maxClozeNumber + ', the last card Anki makes for a note: left as text', 'cloze-number', true)
    } else {
      // Pairs nest (the stack paired them so): whichever are kept, the rest is text inside or around them.
      used.add(pair.open).add(pair.close)
      if (pair.hint) used.add(pair.hint)
    }
  }
  if (used.size === 0) return children
  return assemble(children, tokens.filter((token) => used.has(token)), 'anki')
}

/** Only white space between an opener and what ends its text. */
function deletesNothing(children: PhrasingContent[], open: Token, end: Token): boolean {
  if (open.child !== end.child) return false
  return (children[open.child] as Text).value.slice(open.end, end.start).trim() === ''
}

/** Rebuild `children` with the deletions `tokens` mark as `cloze` nodes (tokens in document order, properly nested). */
function assemble(children: PhrasingContent[], tokens: Token[], source: ClozeSource): PhrasingContent[] {
  interface Frame {
    number: number
    content: PhrasingContent[]
    hint?: PhrasingContent[]
  }
  const root: Frame = {number: -1, content: []}
  const stack: Frame[] = [root]
  const out = () => {
    const top = stack[stack.length - 1]
    return top.hint ?? top.content
  }
  let next = 0
  for (const [child, node] of children.entries()) {
    if (next >= tokens.length || tokens[next].child !== child) {
      out().push(node)
      continue
    }
    const text = node as Text
    let at = 0
    const piece = (end: number) => {
      if (end > at) out().push(at === 0 && end === text.value.length ? text : {type: 'text', value: text.value.slice(at, end)})
    }
    while (next < tokens.length && tokens[next].child === child) {
      const token = tokens[next++]
      piece(token.start)
      at = token.end
      if (token.type === 'open') stack.push({number: token.number, content: []})
      else if (token.type === 'hint') stack[stack.length - 1].hint = []
      else {
        const frame = stack.pop()!
        const cloze: Cloze = {type: 'cloze', number: frame.number, source, children: frame.content}
        if (frame.hint) cloze.hint = frame.hint
        out().push(cloze)
      }
    }
    piece(text.value.length)
  }
  return root.content
}

/**
 * Cloze marks in a paragraph that the settings turn on: `==highlight==`
 * (obsidian-spaced-repetition's; `==2;;text;;hint==` numbers it and gives a
 * hint), `~~strike~~` (yanki's; a leading `2 ` numbers it, a trailing
 * `_emphasis_` is its hint), `**bold**` (a label such as `**Note:**` is no
 * deletion). Deletions without a number are numbered in order, each its own
 * card. A paragraph that already holds Anki's `{{c1::…}}` is left alone (it
 * says what it deletes), and so is one with nothing outside its marks: it
 * would ask nothing (a bold question, a line all highlighted). Returns
 * whether the paragraph now holds deletions.
 */
export function markClozeMarks(paragraph: Paragraph, marks: ReadonlySet<ClozeMark>, source: string): boolean {
  if (marks.size === 0 || holdsCloze(paragraph.children)) return false
  const transform = (children: PhrasingContent[]): PhrasingContent[] =>
    (marks.has('highlight') ? highlights(children) : children).map((node) => {
      if (node.type === 'cloze') return node
      if (node.type === 'delete' && marks.has('strike') && writtenWith(node, source, '~~')) return strikeCloze(node.children)
      if (node.type === 'strong' && marks.has('bold') && !/:\s*$/.test(plainOf(node.children))) return numbered(node.children, 'bold')
      return 'children' in node ? ({...node, children: transform(node.children as PhrasingContent[])} as PhrasingContent) : node
    })
  const children = transform(paragraph.children)
  const found = clozesIn(children)
  if (found.length === 0 || !/[\p{L}\p{N}]/u.test(outsideText(children))) return false
  // Numbers: those written keep theirs; the others count up in order, past them.
  const taken = new Set(found.map((cloze) => cloze.number).filter((number) => number > 0))
  let counter = 1
  for (const cloze of found) {
    if (cloze.number > 0) continue
    while (taken.has(counter)) counter++
    cloze.number = counter++
  }
  paragraph.children = children
  return true
}

/** `==text==` pairs in one run of phrasing: both on one line, the opener not before a space, the closer not after one. */
function highlights(children: PhrasingContent[]): PhrasingContent[] {
  if (!children.some((node) => node.type === 'text' && node.value.includes('=='))) return children
  interface Run {
    child: number
    start: number
    opens: boolean
    closes: boolean
  }
  const runs: Run[] = []
  for (const [child, node] of children.entries()) {
    if (node.type !== 'text') continue
    for (const match of node.value.matchAll(/=+/g)) {
      if (match[0].length !== 2) continue
      const before = node.value.charAt(match.index - 1)
      const after = node.value.charAt(match.index + 2)
      // At a node's edge, the neighbour is formatting (`==**x**==`): it neither opens nor closes over a space.
      const opens = after === '' ? child + 1 < children.length : !/\s/.test(after)
      const closes = match.index === 0 ? child > 0 : !/\s/.test(before)
      runs.push({child, start: match.index, opens, closes})
    }
  }
  const tokens: Token[] = []
  for (let index = 0; index < runs.length; index++) {
    const open = runs[index]
    if (!open.opens) continue
    const end = runs.findIndex((run, at) => at > index && run.closes)
    if (end === -1) break
    const close = runs[end]
    const between = spanText(children, open, close)
    if (between.includes('\n') || !between.trim()) continue
    tokens.push({child: open.child, start: open.start, end: open.start + 2, type: 'open', number: 0}, {child: close.child, start: close.start, end: close.start + 2, type: 'close', number: 0})
    index = end
  }
  if (tokens.length === 0) return children
  return assemble(children, tokens, 'highlight').map((node) => (node.type === 'cloze' ? numbered(node.children, 'highlight') : node))
}

/** The text between two runs of `=` (another node reads as one character). */
function spanText(children: PhrasingContent[], open: {child: number; start: number}, close: {child: number; start: number}): string {
  let text = ''
  for (let child = open.child; child <= close.child; child++) {
    const node = children[child]
    if (node.type !== 'text') {
      text += 'x'
      continue
    }
    text += node.value.slice(child === open.child ? open.start + 2 : 0, child === close.child ? close.start : node.value.length)
  }
  return text
}

/** obsidian-spaced-repetition's `2;;text;;hint` inside a mark: its number and hint. */
function numbered(children: PhrasingContent[], source: ClozeSource): Cloze {
  let content = [...children]
  let number = 0
  let hint: PhrasingContent[] | undefined
  const first = content[0]
  if (first?.type === 'text') {
    const match = /^(\d{1,3});;/.exec(first.value)
    if (match && Number(match[1]) >= 1 && Number(match[1]) <= maxClozeNumber) {
      number = Number(match[1])
      content = replaceText(content, 0, first.value.slice(match[0].length))
    }
  }
  const last = content[content.length - 1]
  if (last?.type === 'text') {
    const at = last.value.lastIndexOf(';;')
    if (at !== -1 && last.value.slice(at + 2).trim() && (at > 0 || content.length > 1)) {
      hint = [{type: 'text', value: last.value.slice(at + 2).trim()}]
      content = replaceText(content, content.length - 1, last.value.slice(0, at))
    }
  }
  return withHint({type: 'cloze', number, source, children: content}, hint)
}

/**
 * yanki's `~~text~~`: a leading number (`2 `, `(2)`, `2|`, `2.`) numbers it,
 * a trailing emphasis is its hint (`~~Meiosis _division type_~~`).
 */
function strikeCloze(children: PhrasingContent[]): Cloze {
  let content = [...children]
  let number = 0
  let hint: PhrasingContent[] | undefined
  const first = content[0]
  if (first?.type === 'text') {
    const match = /^(?:\((\d{1,2})\)|(\d{1,2})[|.]?)\s+(?=\S)/.exec(first.value) ?? /^(?:\((\d{1,2})\)|(\d{1,2})[|.])(?=\S)/.exec(first.value)
    const value = match ? Number(match[1] ?? match[2]) : 0
    if (match && (value >= 1 || match[0].includes('('))) {
      number = value
      content = replaceText(content, 0, first.value.slice(match[0].length))
    }
  }
  const last = content[content.length - 1]
  const before = content[content.length - 2]
  if (last?.type === 'emphasis' && content.length > 1 && before?.type === 'text' && /\s$/.test(before.value)) {
    hint = last.children
    content = replaceText(content.slice(0, -1), content.length - 2, before.value.trimEnd())
  }
  return withHint({type: 'cloze', number, source: 'strike', children: content}, hint)
}

function withHint(cloze: Cloze, hint: PhrasingContent[] | undefined): Cloze {
  if (hint && plainOf(hint).trim()) cloze.hint = hint
  return cloze
}

function replaceText(content: PhrasingContent[], index: number, value: string): PhrasingContent[] {
  const copy = [...content]
  if (value) copy[index] = {type: 'text', value}
  else copy.splice(index, 1)
  return copy
}

/** Whether the node was written with `marker` (`~~`, not GFM's single `~`). */
function writtenWith(node: PhrasingContent, source: string, marker: string): boolean {
  const start = node.position?.start.offset
  return start === undefined || source.startsWith(marker, start)
}

/** Whether phrasing holds a deletion. */
export function holdsCloze(nodes: PhrasingContent[]): boolean {
  return nodes.some((node) => node.type === 'cloze' || ('children' in node && holdsCloze(node.children as PhrasingContent[])))
}

/** Plain text outside the deletions. */
function outsideText(nodes: PhrasingContent[]): string {
  return nodes.map((node) => (node.type === 'cloze' ? ' ' : 'value' in node && node.type !== 'html' ? node.value : 'children' in node ? outsideText(node.children as PhrasingContent[]) : '')).join('')
}

/** Plain text of phrasing for the checks above (inline code and math read as text, HTML as nothing). */
function plainOf(nodes: PhrasingContent[]): string {
  return nodes.map((node) => ('value' in node && node.type !== 'html' ? node.value : 'children' in node ? plainOf(node.children as PhrasingContent[]) : '')).join('')
}

/** The deletions of phrasing, in document order (a nested one after the one around it). */
export function clozesIn(nodes: PhrasingContent[]): Cloze[] {
  const found: Cloze[] = []
  for (const node of nodes) {
    if (node.type === 'cloze') found.push(node, ...clozesIn(node.children), ...clozesIn(node.hint ?? []))
    else if ('children' in node) found.push(...clozesIn(node.children as PhrasingContent[]))
  }
  return found
}

function reporter(file: VFile): Report {
  return (place, reason, ruleId, warn) => {
    if (warn) file.message(reason, {place, ruleId, source: 'studydeck'})
    else file.info(reason, {place, ruleId, source: 'studydeck'})
  }
}

/** The place of `offset` in a text node: exact on the node's first line, the line alone after it. */
function placeIn(node: PhrasingContent, offset: number): Place | undefined {
  const start = node.position?.start
  if (!start || node.type !== 'text') return start ? {line: start.line, column: start.column} : undefined
  const before = node.value.slice(0, offset)
  const lines = before.split('\n')
  return lines.length === 1 ? {line: start.line, column: start.column + offset} : {line: start.line + lines.length - 1, column: 1}
}
