import type {Paragraph, PhrasingContent, RootContent} from 'mdast'
import {holdsCloze} from '../../parse/cloze-syntax.js'
import type {NoteKind} from '../../shared/types.js'
import {clozeNote} from '../cloze-notes.js'
import {contextAt, isTaken, placeOf, skipped, type Draft, type ExtractContext} from '../context.js'
import {asParagraph, joinLines, phrasingText, splitLines, trimEnd, trimStart} from '../phrasing.js'

/**
 * Obsidian_to_Anki's default syntax (ObsidianToAnki/Obsidian_to_Anki):
 *
 *     START
 *     Basic
 *     Front: The question
 *     Back: The answer
 *     END
 *
 * (`o2a-block`; blank lines may stand inside; the first field's `Front:` may
 * be left out; a line without a field name goes on with the field above),
 * and `STARTI [Basic] The question Back: The answer ENDI` inside a line
 * (`o2a-inline`). The note types are Anki's own: `Basic`, `Basic (and
 * reversed card)` (two cards, a reversed note) and `Cloze` (`Text:` with
 * `{{c1::…}}`, `Back Extra:`). `TARGET DECK` (and the line after it) puts
 * the file's blocks in that deck. The `<!--ID: …-->` Obsidian_to_Anki
 * writes back and `Tags:` lines are not part of a card. Read from the
 * syntax tree: a block in a code example is not a card.
 */
export function extractO2a(ctx: ExtractContext): Draft[] {
  const children = ctx.tree.children
  const source = String(ctx.file.value ?? '')
  // Most notes have none of its markers: one look at the text spares reading every paragraph's lines.
  if (source && !/^(?:START|TARGET DECK)\b|STARTI/m.test(source)) return []
  const drafts: Draft[] = []
  // The first `TARGET DECK` holds for every block of the file, those above it too.
  const deck = targetDeck(children)
  const withDeck = (draft: Draft) => {
    if (deck) draft.deck = deck
    return draft
  }
  for (let index = 0; index < children.length; index++) {
    if (isTaken(ctx, index)) continue
    const block = children[index]
    if (block.type !== 'paragraph') {
      inlineIn(ctx, block, index, (draft) => drafts.push(withDeck(draft)))
      continue
    }
    const lines = splitLines(block.children)
    const first = lineText(lines[0])
    if (targetDeckIn(lines) !== undefined) {
      ctx.claimed.add(block)
      skipped(ctx, block, 'o2a-target-deck', 'Obsidian_to_Anki `TARGET DECK`: the deck of this file’s blocks, not a card')
      continue
    }
    if (first === 'START' && startsLine(block, source)) {
      const end = blockEnd(children, index, lines)
      if (!end) {
        ctx.file.message('Obsidian_to_Anki `START` without an `END` line: no card', {place: block.position, ruleId: 'o2a-unclosed', source: 'studydeck'})
        continue
      }
      const draft = blockNote(ctx, children, index, end)
      for (let at = index; at <= end.index; at++) ctx.claimed.add(children[at])
      if (draft) drafts.push(withDeck(draft))
      index = end.index
      continue
    }
    inlineIn(ctx, block, index, (draft) => drafts.push(withDeck(draft)))
  }
  return drafts
}

/** The deck the first `TARGET DECK` line (and the line after it) names, if any. */
function targetDeck(children: RootContent[]): string | undefined {
  for (const block of children) {
    if (block.type !== 'paragraph') continue
    const named = targetDeckIn(splitLines(block.children))
    if (named) return named.replace(/\s*::\s*/g, '::')
  }
  return undefined
}

/** `TARGET DECK⏎Name` or `TARGET DECK: Name` at the start of a paragraph: the name (`''` when none follows). */
function targetDeckIn(lines: PhrasingContent[][]): string | undefined {
  const first = lineText(lines[0])
  if (first === 'TARGET DECK') return lineText(lines[1])
  return /^TARGET DECK:/.test(first) ? first.replace(/^TARGET DECK:\s*/, '') : undefined
}

/** One line of a paragraph as text (HTML such as `<!--ID: …-->` left out). */
function lineText(line: PhrasingContent[] | undefined): string {
  return line ? phrasingText(line).trim() : ''
}

/** Obsidian_to_Anki wants `START` alone on its line, with nothing before or after it. */
function startsLine(paragraph: Paragraph, source: string): boolean {
  const start = paragraph.position?.start
  if (!start || start.offset === undefined) return true
  if (start.column !== 1) return false
  const end = source.indexOf('\n', start.offset)
  return source.slice(start.offset, end === -1 ? undefined : end).replace(/\r$/, '') === 'START'
}

interface BlockEnd {
  /** The top-level block holding the `END` line. */
  index: number
  /** That line's index in the block's lines. */
  line: number
}

/** The first `END` line after `START`, in the same paragraph or a later one. */
function blockEnd(children: RootContent[], index: number, lines: PhrasingContent[][]): BlockEnd | undefined {
  const inFirst = lines.findIndex((line, at) => at > 0 && lineText(line) === 'END')
  if (inFirst !== -1) return {index, line: inFirst}
  for (let at = index + 1; at < children.length; at++) {
    const node = children[at]
    if (node.type === 'heading') return undefined
    if (node.type !== 'paragraph') continue
    const found = splitLines(node.children).findIndex((line) => lineText(line) === 'END')
    if (found !== -1) return {index: at, line: found}
    if (lineText(splitLines(node.children)[0]) === 'START') return undefined
  }
  return undefined
}

/** Field names by note type (Anki's stock types, as Obsidian_to_Anki names their fields). */
const noteTypes: Record<string, {note?: NoteKind; fields: string[]}> = {
  Basic: {fields: ['Front', 'Back']},
  'Basic (and reversed card)': {note: 'reversed', fields: ['Front', 'Back']},
  Cloze: {note: 'cloze', fields: ['Text', 'Back Extra', 'Extra']}
}

/** What a block holds between `START` and `END`: lines (with the paragraph they stand in) and other blocks. */
type Item = {line: PhrasingContent[]; paragraph: number} | {block: RootContent}

function blockNote(ctx: ExtractContext, children: RootContent[], index: number, end: BlockEnd): Draft | undefined {
  const items: Item[] = []
  for (let at = index; at <= end.index; at++) {
    const node = children[at]
    if (node.type !== 'paragraph') {
      if (node.type !== 'html') items.push({block: node})
      continue
    }
    const lines = splitLines(node.children)
    const from = at === index ? 1 : 0
    const to = at === end.index ? end.line : lines.length
    for (const line of lines.slice(from, to)) items.push({line, paragraph: at})
  }
  const typeItem = items.shift()
  const typeName = typeItem && 'line' in typeItem ? lineText(typeItem.line) : ''
  const type = noteTypes[typeName]
  const block = children[index]
  if (!type) {
    ctx.file.message('Obsidian_to_Anki note type `' + typeName + '` is not one studydeck makes (Basic, Basic (and reversed card), Cloze): no card', {
      place: block.position,
      ruleId: 'o2a-note-type',
      source: 'studydeck'
    })
    return undefined
  }
  const fields = splitFields(items, type.fields)
  return fieldsNote(ctx, fields, type, index, block, 'o2a-block')
}

/** Content of each field, in blocks: lines of one paragraph joined again, other blocks as they are. */
function splitFields(items: Item[], names: string[]): Map<string, RootContent[]> {
  const fields = new Map<string, RootContent[]>()
  let current = names[0]
  let paragraph: {at: number; lines: PhrasingContent[][]} | undefined
  const flush = () => {
    if (paragraph && paragraph.lines.length > 0) fields.get(current)!.push(asParagraph(joinLines(paragraph.lines)))
    paragraph = undefined
  }
  fields.set(current, [])
  for (const item of items) {
    if ('block' in item) {
      flush()
      fields.get(current)!.push(item.block)
      continue
    }
    const line = item.line.filter((node) => !(node.type === 'html' && /^<!--\s*ID:/.test(node.value)))
    const text = lineText(line)
    if (!text) continue
    // `Tags: a b` belongs to Obsidian_to_Anki, not to the card.
    if (/^Tags:\s/.test(text)) continue
    const named = names.find((name) => text === name + ':' || text.startsWith(name + ': ') || text.startsWith(name + ':\u00A0'))
    let content = line
    if (named) {
      flush()
      current = named === 'Extra' ? 'Back Extra' : named
      if (!fields.has(current)) fields.set(current, [])
      content = stripPrefix(line, named + ':')
      if (content.length === 0) continue
    }
    if (paragraph && paragraph.at !== item.paragraph) flush()
    paragraph ??= {at: item.paragraph, lines: []}
    paragraph.lines.push(content)
  }
  flush()
  return fields
}

/** A line without its field name (`Front: …` → `…`). */
function stripPrefix(line: PhrasingContent[], prefix: string): PhrasingContent[] {
  const [first, ...rest] = line
  if (first?.type !== 'text' || !first.value.startsWith(prefix)) return line
  return trimStart([...(first.value.length > prefix.length ? [{...first, value: first.value.slice(prefix.length)}] : []), ...rest])
}

/** A note from its fields: basic or reversed (the first paragraph of Front asks, the rest shows under it), or cloze. */
function fieldsNote(ctx: ExtractContext, fields: Map<string, RootContent[]>, type: {note?: NoteKind; fields: string[]}, index: number, at: RootContent, rule: string): Draft | undefined {
  if (type.note === 'cloze') {
    if (!ctx.settings.kinds.cloze) return undefined
    const text = fields.get('Text') ?? []
    const paragraphs = text.filter((node): node is Paragraph => node.type === 'paragraph')
    const joined: Paragraph = asParagraph(paragraphs.flatMap((paragraph, position) => (position === 0 ? paragraph.children : [{type: 'break'} as PhrasingContent, ...paragraph.children])))
    joined.position = paragraphs[0]?.position ?? at.position
    if (!holdsCloze(joined.children)) {
      ctx.file.message('Obsidian_to_Anki Cloze note without a `{{c1::…}}` deletion: no card', {place: at.position, ruleId: 'o2a-no-cloze', source: 'studydeck'})
      return undefined
    }
    const draft = clozeNote(ctx, joined, index, fields.get('Back Extra') ?? [], rule)
    if (draft) draft.place = placeOf(at)
    return draft
  }
  if (!ctx.settings.kinds.flashcard) return undefined
  const [prompt, ...body] = fields.get('Front') ?? []
  const answer = fields.get('Back') ?? []
  if (prompt?.type !== 'paragraph' || answer.length === 0) {
    skipped(ctx, at, 'o2a-empty-side', 'Obsidian_to_Anki note without a Front or a Back: no card')
    return undefined
  }
  const draft: Draft = {kind: 'flashcard', rule, parts: [prompt.children], answer, context: contextAt(ctx, index), place: placeOf(at)}
  if (body.length > 0) draft.body = body
  if (type.note) draft.note = type.note
  return draft
}

/** `STARTI [Type] … ENDI` notes in the paragraphs of a block (itself, list items, quotes). */
function inlineIn(ctx: ExtractContext, block: RootContent, index: number, add: (draft: Draft) => void): void {
  const paragraphs: Array<{paragraph: Paragraph; owner: RootContent}> = []
  const collect = (node: RootContent, owner: RootContent) => {
    if (node.type === 'paragraph') paragraphs.push({paragraph: node, owner})
    else if (node.type === 'list') for (const item of node.children) for (const child of item.children) collect(child, item)
    else if (node.type === 'blockquote') for (const child of node.children) collect(child, child)
  }
  collect(block, block)
  for (const {paragraph, owner} of paragraphs) {
    if (!paragraph.children.some((node) => node.type === 'text' && node.value.includes('STARTI'))) continue
    let found = false
    for (const content of inlineNotes(paragraph.children)) {
      found = true
      const typeMatch = /^\[([^\]]+)\]\s*/.exec(content[0]?.type === 'text' ? content[0].value : '')
      const type = typeMatch ? noteTypes[typeMatch[1].trim()] : undefined
      if (!type) {
        ctx.file.message('Obsidian_to_Anki inline note without a known `[Type]` (Basic, Basic (and reversed card), Cloze): no card', {
          place: paragraph.position,
          ruleId: 'o2a-note-type',
          source: 'studydeck'
        })
        continue
      }
      const fields = inlineFields(stripPrefix(content, typeMatch![0]), type.fields)
      const draft = fieldsNote(ctx, fields, type, index, paragraph, 'o2a-inline')
      if (draft) add(draft)
    }
    if (found) {
      ctx.claimed.add(owner)
      // A quote (a callout) holding notes is their container, no card of its own.
      if (owner === block || block.type === 'blockquote') ctx.claimed.add(block)
    }
  }
  if (block.type === 'list' && block.children.every((item) => ctx.claimed.has(item))) ctx.claimed.add(block)
}

/** The phrasing between each `STARTI` and the next `ENDI` (words of their own, in text). */
function inlineNotes(nodes: PhrasingContent[]): PhrasingContent[][] {
  const notes: PhrasingContent[][] = []
  let current: PhrasingContent[] | undefined
  for (const node of nodes) {
    if (node.type !== 'text') {
      current?.push(node)
      continue
    }
    let rest = node.value
    while (rest) {
      const marker = current ? /(^|\s)ENDI(?=\s|$)/.exec(rest) : /(^|\s)STARTI(?=\s|$)/.exec(rest)
      if (!marker) {
        current?.push({type: 'text', value: rest})
        break
      }
      const before = rest.slice(0, marker.index + marker[1].length)
      if (current) {
        if (before) current.push({type: 'text', value: before})
        notes.push(trimEnd(trimStart(current)))
        current = undefined
      } else current = []
      rest = rest.slice(marker.index + marker[0].length)
    }
  }
  return notes
}

/** Inline fields: a word `Back:` (or the type's other field names) starts the next field. */
function inlineFields(content: PhrasingContent[], names: string[]): Map<string, RootContent[]> {
  const fields = new Map<string, PhrasingContent[]>([[names[0], []]])
  let current = names[0]
  const pattern = new RegExp('(^|\\s)(' + names.map((name) => name.replace(/[()]/g, '\\$&')).join('|') + '):(?=\\s|$)')
  for (const node of content) {
    if (node.type !== 'text') {
      fields.get(current)!.push(node)
      continue
    }
    let rest = node.value
    for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
      const before = rest.slice(0, match.index + match[1].length)
      if (before) fields.get(current)!.push({type: 'text', value: before})
      current = match[2] === 'Extra' ? 'Back Extra' : match[2]
      if (!fields.has(current)) fields.set(current, [])
      rest = rest.slice(match.index + match[0].length)
    }
    if (rest) fields.get(current)!.push({type: 'text', value: rest})
  }
  return new Map([...fields].map(([name, nodes]) => {
    const trimmed = trimEnd(trimStart(nodes))
    return [name, trimmed.length > 0 ? [asParagraph(trimmed)] : []]
  }))
}
